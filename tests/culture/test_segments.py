"""workbench.culture.segments: survey groups listed in the order people read them."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from workbench.culture.anonymity import NOT_GIVEN
from workbench.culture.segments import segment_order

TENURE = ["<1 year", "1-3 years", "3-5 years", "5+ years"]


def test_tenure_bands_read_from_newest_to_longest_serving():
    assert sorted(TENURE) == ["1-3 years", "3-5 years", "5+ years", "<1 year"]  # the bug
    assert segment_order(["5+ years", "3-5 years", "<1 year", "1-3 years"]) == TENURE
    shuffled = TENURE * 3
    random.Random(7).shuffle(shuffled)
    assert segment_order(shuffled) == TENURE  # repeats dropped, order independent of input


def test_bands_go_by_lower_bound_numerically_not_as_text():
    assert segment_order(["10-20", "2-5", "5-10", "20+"]) == ["2-5", "5-10", "10-20", "20+"]
    assert segment_order(["1 to 3", "under 1", "over 3"]) == ["under 1", "1 to 3", "over 3"]


def test_other_labels_follow_from_a_to_z_and_not_given_comes_last():
    labels = ["Rotterdam", NOT_GIVEN, "glasgow", "Leeds", "Manchester"]
    assert segment_order(labels) == ["glasgow", "Leeds", "Manchester", "Rotterdam", NOT_GIVEN]
    assert segment_order(["team lead", "2-5", NOT_GIVEN, "<2"]) == [
        "<2",
        "2-5",
        "team lead",
        NOT_GIVEN,
    ]


@pytest.mark.parametrize("values", [[], pd.Series([], dtype=object)])
def test_nothing_to_order(values):
    assert segment_order(values) == []


def test_accepts_any_iterable_of_labels():
    column = pd.Series(["5+ years", "<1 year", "5+ years"])
    assert segment_order(column) == ["<1 year", "5+ years"]
    assert segment_order(iter(["b", "a"])) == ["a", "b"]
