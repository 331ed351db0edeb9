"""Tests for workbench.culture.anonymity: suppression, the heatmap, labels and comments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.core.errors import InputError
from workbench.culture.anonymity import (
    HEATMAP_STATS,
    NOT_GIVEN,
    comment_group_note,
    heatmap,
    is_protected,
    k_anonymous,
    segment_counts,
    segment_labels,
    suppression_mask,
    visible_comments,
)


def mask(counts: dict, k: int = 5) -> dict:
    return suppression_mask(pd.Series(counts, dtype="int64"), k).to_dict()


def summary_rows(ns: dict[str, dict[str, int]]) -> pd.DataFrame:
    """summarise()-shaped rows: {dimension: {segment: n}} with made-up statistics."""
    rows = []
    for dim, by in ns.items():
        for i, (seg, n) in enumerate(by.items()):
            rows.append({
                "segment": seg, "dimension": dim, "instrument": "relationship_culture",
                "n": n, "mean": 3.0 + i / 10, "score_0_100": 50.0 + i,
                "pct_favourable": 40.0, "pct_neutral": 30.0, "pct_unfavourable": 30.0,
                "alpha": 0.8,
            })  # fmt: skip
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- suppression_mask


def test_nothing_is_hidden_when_every_group_is_large_enough():
    assert mask({"a": 5, "b": 9, "c": 30}) == {"a": False, "b": False, "c": False}


def test_a_small_group_hides_the_next_smallest_too():
    assert mask({"a": 2, "b": 6, "c": 9, "d": 40}) == {"a": True, "b": True, "c": False, "d": False}


def test_small_groups_together_reaching_k_are_enough():
    assert mask({"a": 2, "b": 3, "c": 9, "d": 40}) == {"a": True, "b": True, "c": False, "d": False}


def test_secondary_suppression_keeps_going_until_the_remainder_reaches_k():
    # a, b, c (1 each) are hidden: 3 < 5, so d (7) goes too; then 10 >= 5 and e stays.
    counts = {"a": 1, "b": 1, "c": 1, "d": 7, "e": 50}
    assert mask(counts, 5) == {"a": True, "b": True, "c": True, "d": True, "e": False}
    counts = {"a": 1, "b": 6, "c": 7, "e": 50}
    assert mask(counts, 5) == {"a": True, "b": True, "c": False, "e": False}


def test_ties_are_broken_by_name_whatever_the_input_order():
    forward = mask({"x": 1, "b": 8, "a": 8, "z": 20})
    backward = mask({"z": 20, "a": 8, "b": 8, "x": 1})
    assert forward == backward == {"x": True, "a": True, "b": False, "z": False}


def test_one_shown_group_is_fine_only_if_the_hidden_total_reaches_k():
    assert mask({"a": 2, "b": 100}) == {"a": True, "b": True}
    assert mask({"a": 2, "b": 3, "c": 100}) == {"a": True, "b": True, "c": False}


def test_a_total_below_k_hides_everything():
    assert mask({"a": 2, "b": 2}) == {"a": True, "b": True}
    assert mask({"a": 4}) == {"a": True}
    assert mask({"a": 5}) == {"a": False}


def test_empty_groups_are_hidden_but_never_force_others_out():
    assert mask({"a": 0, "b": 5, "c": 6}) == {"a": True, "b": False, "c": False}
    assert mask({}) == {}


def test_missing_counts_count_as_zero():
    got = suppression_mask(pd.Series({"a": np.nan, "b": 7.0, "c": 8.0}), 5).to_dict()
    assert got == {"a": True, "b": False, "c": False}


@pytest.mark.parametrize(
    ("counts", "k"),
    [
        (pd.Series({"a": -1, "b": 9}), 5),
        (pd.Series({"a": 2.5, "b": 9}), 5),
        (pd.Series([3, 4], index=["a", "a"]), 5),
        (pd.Series({"a": 3}), 0),
        (pd.Series({"a": 3}), 2.5),
        ({"a": 3}, 5),
    ],
)
def test_bad_counts_or_k_raise_a_clear_error(counts, k):
    # A programmer's mistake: a plain ValueError naming what is wrong, never a user's "Fix:".
    with pytest.raises(ValueError, match="segment counts|whole number") as info:
        suppression_mask(counts, k)
    assert not isinstance(info.value, InputError) and "Fix:" not in str(info.value)


def test_random_segment_sizes_can_never_be_recovered_by_differencing():
    """Adversarial: many seeded random tables, checked from the outside."""
    rng = np.random.default_rng(20260511)
    for trial in range(2000):
        k = int(rng.integers(2, 12))
        size = int(rng.integers(1, 9))
        n = rng.integers(0, 3 * k, size=size)
        if trial % 3 == 0:  # many tiny groups
            n = rng.integers(0, k + 1, size=size)
        counts = pd.Series(n, index=[f"s{i}" for i in rng.permutation(size)])
        hidden = suppression_mask(counts, k)
        shown = counts[~hidden]
        assert (shown >= k).all(), (trial, counts.to_dict(), k)
        if counts.sum() < k:  # the total itself is below k: it is hidden, and so is every group
            assert hidden.all()
            continue
        remainder = counts.sum() - shown.sum()  # what an attacker can compute
        assert remainder == 0 or remainder >= k, (trial, counts.to_dict(), k)
        assert is_protected(counts, hidden, k)
        # Minimal: un-hiding any one hidden, non-empty group would break the guarantee.
        n, hide = counts.to_numpy(), hidden.to_numpy()
        for i in np.flatnonzero(hide & (n > 0)):
            rest = n[hide].sum() - n[i]
            assert n[i] < k or 0 < rest < k, (trial, counts.to_dict(), k, i)


def test_random_means_of_hidden_groups_cannot_be_recovered():
    """Total mean x n minus the shown groups' sums only ever gives a group of >= k people."""
    rng = np.random.default_rng(7)
    k = 5
    for _ in range(500):
        n = rng.integers(1, 12, size=int(rng.integers(2, 7)))
        counts = pd.Series(n, index=[f"g{i}" for i in range(len(n))])
        means = pd.Series(rng.uniform(1, 5, size=len(n)), index=counts.index)
        total_n, total_sum = counts.sum(), (counts * means).sum()
        hidden = suppression_mask(counts, k)
        if total_n < k:  # nothing, not even the total, may be shown
            assert hidden.all()
            continue
        shown = ~hidden
        rest_n = total_n - counts[shown].sum()
        rest_sum = total_sum - (counts[shown] * means[shown]).sum()
        if rest_n:  # the recovered mean belongs to at least k people, never fewer
            assert rest_n >= k
            assert rest_sum / rest_n == pytest.approx((counts * means)[hidden].sum() / rest_n)


def test_is_protected_spots_an_unsafe_mask():
    counts = pd.Series({"a": 2, "b": 6, "c": 9})
    assert not is_protected(counts, pd.Series({"a": True, "b": False, "c": False}), 5)
    assert not is_protected(counts, pd.Series({"a": False, "b": False, "c": False}), 5)
    assert is_protected(counts, pd.Series({"a": True, "b": True, "c": False}), 5)


# --------------------------------------------------------------------------- heatmap


def test_heatmap_blanks_every_statistic_of_a_suppressed_cell_and_keeps_the_cell():
    rows = summary_rows({"safety": {"Ops": 2, "IT": 6, "HR": 9, "Sales": 40}})
    out = heatmap(rows, 5)
    hidden = out[out["suppressed"]]
    assert set(hidden["segment"]) == {"Ops", "IT"}
    assert hidden[HEATMAP_STATS].isna().all().all()
    assert hidden["instrument"].eq("relationship_culture").all()
    shown = out[~out["suppressed"]]
    assert shown[HEATMAP_STATS].notna().all().all() and (shown["n"] >= 5).all()
    assert out["suppressed"].dtype == bool
    assert len(out) == len(rows)


def test_heatmap_masks_each_dimension_on_its_own_n():
    # Item non-response: IT has 6 answers on safety but only 3 on contempt.
    rows = summary_rows({
        "safety": {"IT": 6, "HR": 9, "Sales": 40},
        "contempt": {"IT": 3, "HR": 9, "Sales": 40},
    })  # fmt: skip
    out = heatmap(rows, 5).set_index(["dimension", "segment"])["suppressed"]
    assert not out[("safety", "IT")] and not out[("safety", "HR")]
    assert out[("contempt", "IT")] and out[("contempt", "HR")] and not out[("contempt", "Sales")]


def test_heatmap_is_sorted_by_dimension_then_segment():
    rows = summary_rows({"safety": {"b": 9, "a": 9}, "contempt": {"b": 9, "a": 9}})
    out = heatmap(rows.sample(frac=1, random_state=3), 5)
    assert list(zip(out["dimension"], out["segment"], strict=True)) == [
        ("contempt", "a"), ("contempt", "b"), ("safety", "a"), ("safety", "b"),
    ]  # fmt: skip


def test_heatmap_does_not_change_its_input():
    rows = summary_rows({"safety": {"a": 2, "b": 9, "c": 9}})
    before = rows.copy()
    heatmap(rows, 5)
    pd.testing.assert_frame_equal(rows, before)


def test_heatmap_random_tables_leave_nothing_to_difference():
    rng = np.random.default_rng(11)
    for _ in range(150):
        k = int(rng.integers(3, 10))
        dims = {
            d: {f"s{i}": int(rng.integers(0, 3 * k)) for i in range(int(rng.integers(1, 7)))}
            for d in ("safety", "contempt")
        }
        out = heatmap(summary_rows(dims), k)
        for dim, cells in out.groupby("dimension"):
            total = sum(dims[dim].values())
            assert (cells.loc[~cells["suppressed"], "n"] >= k).all()
            if total < k:
                assert cells["suppressed"].all()
                continue
            remainder = total - cells["n"].sum(skipna=True)
            assert remainder == 0 or remainder >= k


def test_heatmap_names_a_missing_column():
    rows = summary_rows({"safety": {"a": 9}}).drop(columns="pct_neutral")
    with pytest.raises(ValueError, match="pct_neutral"):
        heatmap(rows, 5)


def test_heatmap_rejects_a_repeated_row():
    rows = summary_rows({"safety": {"a": 9}})
    with pytest.raises(ValueError, match="appears twice"):
        heatmap(pd.concat([rows, rows]), 5)


def test_k_anonymous_treats_all_as_the_total_and_works_without_dimensions():
    frame = pd.DataFrame({"segment": ["All", "a", "b", "c"], "n": [17, 2, 6, 9],
                          "now": [1.0, 2.0, 3.0, 4.0]})  # fmt: skip
    out = k_anonymous(frame, 5, within=())
    assert out["suppressed"].tolist() == [False, True, True, False]
    assert out["now"].isna().tolist() == [False, True, True, False]
    small = k_anonymous(frame.assign(n=[3, 1, 1, 1]), 5, within=())
    assert small["suppressed"].all()


# --------------------------------------------------------------------------- labels


def test_blank_answers_form_their_own_group():
    column = pd.Series(["Sales", " ", "", None, "IT "], index=list("abcde"), name="team")
    labels = segment_labels(column)
    assert labels.tolist() == ["Sales", NOT_GIVEN, NOT_GIVEN, NOT_GIVEN, "IT"]
    assert labels.name == "team" and list(labels.index) == list("abcde")
    counts = segment_counts(column)
    assert counts.to_dict() == {NOT_GIVEN: 3, "IT": 1, "Sales": 1}


def test_blank_answers_cannot_be_used_for_differencing():
    # Two people left the team blank: without their own group, total minus the
    # shown teams would reveal those two. Here they are a group and get suppressed with
    # the next smallest team, so the remainder is >= k.
    column = pd.Series(["A"] * 6 + ["B"] * 20 + [""] * 2)
    hidden = suppression_mask(segment_counts(column), 5)
    assert hidden.to_dict() == {NOT_GIVEN: True, "A": True, "B": False}


def test_segment_labels_needs_a_series():
    with pytest.raises(ValueError, match="Series"):
        segment_labels(["a", "b"])


# --------------------------------------------------------------------------- comments


def comment_data():
    people = [f"r{i}" for i in range(20)]
    segment = pd.Series(["big"] * 12 + ["mid"] * 5 + ["tiny"] * 2 + [""], index=people[:20])
    silent = pd.Series(["big"] * 10 + ["quiet"] * 11, index=[f"q{i}" for i in range(21)])
    segment = pd.concat([segment, silent])  # 22 big, 11 quiet, 5 mid, 2 tiny, 1 blank
    comments = pd.DataFrame({
        "respondent": people + people[:12],
        "question": ["What works?"] * 20 + ["What should change?"] * 12,
        "text": [f"answer {i}" for i in range(32)],
    })  # fmt: skip
    return comments, segment


def test_comments_only_from_groups_with_enough_people_and_no_ids():
    comments, segment = comment_data()
    out = visible_comments(comments, segment, k_comments=10, seed=1)
    assert list(out.columns) == ["segment", "question", "text"]
    assert set(out["segment"]) == {"big"}
    assert len(out) == 24  # 12 people x 2 questions
    assert not out["text"].isin(["answer 12", "answer 17"]).any()  # from mid and tiny
    assert not out.astype(str).apply(lambda c: c.str.fullmatch(r"r\d+")).any().any()


def test_comment_group_size_counts_people_not_comments():
    # 4 people write 3 comments each: 12 comments, but only 4 people.
    people = ["a", "b", "c", "d"]
    segment = pd.Series(["small"] * 4 + ["large"] * 10, index=people + list("efghijklmn"))
    comments = pd.DataFrame({"respondent": people * 3, "question": "Q",
                             "text": [f"t{i}" for i in range(12)]})  # fmt: skip
    assert visible_comments(comments, segment, k_comments=5, seed=0).empty


def test_comments_never_come_from_a_group_the_heatmap_hides():
    # k_comments = 3 alone would show 'b' (4 people), but with k = 5 the heatmap hides it.
    segment = pd.Series(["a"] * 20 + ["b"] * 4 + ["c"] * 3, index=[f"r{i}" for i in range(27)])
    comments = pd.DataFrame({"respondent": segment.index, "question": "Q",
                             "text": [f"t{i}" for i in range(27)]})  # fmt: skip
    loose = visible_comments(comments, segment, k_comments=3, seed=0)
    assert set(loose["segment"]) == {"a", "b", "c"}
    strict = visible_comments(comments, segment, k_comments=3, seed=0, k=5)
    assert set(strict["segment"]) == {"a"}


def test_secondary_suppression_also_applies_to_comments():
    # 'c' is too small; together with it, the next smallest 'b' is withheld as well.
    segment = pd.Series(["a"] * 20 + ["b"] * 6 + ["c"] * 2, index=[f"r{i}" for i in range(28)])
    comments = pd.DataFrame({"respondent": segment.index, "question": "Q",
                             "text": [f"t{i}" for i in range(28)]})  # fmt: skip
    out = visible_comments(comments, segment, k_comments=5, seed=0)
    assert set(out["segment"]) == {"a"}


def test_comment_order_is_seeded_and_independent_of_input_order():
    comments, segment = comment_data()
    one = visible_comments(comments, segment, 10, seed=42)
    again = visible_comments(comments.iloc[::-1], segment, 10, seed=42)
    other = visible_comments(comments, segment, 10, seed=43)
    pd.testing.assert_frame_equal(one, again)
    assert one["text"].tolist() != other["text"].tolist()
    assert sorted(one["text"]) == sorted(other["text"])
    # Shuffled: not in respondent order within a question.
    first = one[one["question"] == "What works?"]["text"].tolist()
    assert first != sorted(first, key=lambda t: int(t.split()[1]))


def test_everyone_as_one_group():
    comments, segment = comment_data()
    everyone = pd.Series("All", index=segment.index)
    assert len(visible_comments(comments, everyone, 10, seed=1)) == 32
    assert visible_comments(comments, everyone, 42, seed=1).empty


def test_comments_of_unknown_respondents_are_left_out():
    comments, segment = comment_data()
    extra = pd.DataFrame({"respondent": ["ghost"], "question": ["Q"], "text": ["boo"]})
    out = visible_comments(pd.concat([comments, extra]), segment, 10, seed=1)
    assert "boo" not in set(out["text"])


def test_comment_note_says_how_many_are_withheld_without_naming_groups():
    comments, segment = comment_data()
    note = comment_group_note(comments, segment, k_comments=10)
    assert note.startswith("Showing 24 of 32 comments. 8 comments are withheld")
    assert "fewer than 10 people" in note
    assert "mid" not in note and "tiny" not in note
    everyone = pd.Series("All", index=segment.index)
    assert comment_group_note(comments, everyone, 10) == "All 32 comments are shown."
    assert comment_group_note(comments.iloc[:0], segment, 10) == "There are no comments."


def test_comments_name_a_missing_column():
    comments, segment = comment_data()
    with pytest.raises(ValueError, match="'text'"):
        visible_comments(comments.drop(columns="text"), segment, 10, seed=1)
    with pytest.raises(ValueError, match="k_comments"):
        visible_comments(comments, segment, 0, seed=1)
