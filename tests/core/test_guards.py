"""Tests for workbench.core.guards: one set of input checks for the analysis functions."""

import numpy as np
import pandas as pd
import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.guards import (
    FrameError,
    require_columns,
    require_frame,
    require_numeric,
    require_whole_number,
)


def test_a_frame_with_its_columns_passes_and_is_returned():
    frame = pd.DataFrame({"a": [1], "b": [2.5]})
    assert require_frame(frame, "scores") is frame
    require_columns(frame, ["a", "b"], "scores")
    require_numeric(frame, None, "scores")


def test_missing_columns_are_named_together_with_what_the_frame_has():
    with pytest.raises(FrameError) as info:
        require_columns(pd.DataFrame({"n": [1]}), ["segment", "mean"], "summary")
    assert str(info.value) == "summary frame: missing column(s) 'segment', 'mean'; it has 'n'."


def test_programmer_mistakes_are_value_or_type_errors_without_a_users_fix():
    with pytest.raises(TypeError, match="summary frame: expected a pandas DataFrame, got dict"):
        require_columns({"segment": []}, ["segment"], "summary")
    with pytest.raises(FrameError) as info:
        require_numeric(pd.DataFrame({"a": ["x"], "b": [1], "c": [True]}), ["a", "b"], "scores")
    assert isinstance(info.value, ValueError) and not isinstance(info.value, WorkbenchError)
    assert "'a'" in str(info.value) and "'b'" not in str(info.value)
    assert "Fix:" not in str(info.value)


def test_numeric_check_first_requires_the_columns():
    with pytest.raises(FrameError, match="missing column\\(s\\) 'z'"):
        require_numeric(pd.DataFrame({"a": [1]}), ["z"], "scores")


@pytest.mark.parametrize("value", [0, -3, 2.5, True, "5", None])
def test_whole_numbers_below_the_minimum_or_of_another_type_are_refused(value):
    with pytest.raises(ValueError, match="k must be a whole number of at least 1"):
        require_whole_number(value, "k")


def test_whole_numbers_come_back_as_python_ints():
    assert require_whole_number(np.int64(7), "k") == 7
    assert type(require_whole_number(np.int64(7), "k")) is int
    assert require_whole_number(3, "min_n", minimum=3) == 3
