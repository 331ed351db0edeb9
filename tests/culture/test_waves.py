"""Tests for workbench.culture.waves: Welch t-test, Hedges' g, suppression per wave."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from workbench.culture.waves import COLUMNS, compare_waves, hedges_g, welch_p


def scores(values: dict[str, list[float]], prefix: str) -> pd.DataFrame:
    n = len(next(iter(values.values())))
    index = pd.Index([f"{prefix}{i}" for i in range(n)], name="respondent")
    return pd.DataFrame(values, index=index, dtype=float)


def two_waves(seed: int = 0):
    rng = np.random.default_rng(seed)
    before = scores({"safety": rng.normal(3.0, 0.6, 60), "contempt": rng.normal(3.5, 0.5, 60)}, "b")
    after = scores({"safety": rng.normal(3.6, 0.6, 70), "contempt": rng.normal(3.5, 0.5, 70)}, "a")
    seg_b = pd.Series(["Ops"] * 30 + ["IT"] * 27 + ["HR"] * 3, index=before.index)
    seg_a = pd.Series(["Ops"] * 35 + ["IT"] * 31 + ["HR"] * 4, index=after.index)
    return before, after, seg_b, seg_a


def test_columns_and_row_order():
    before, after, seg_b, seg_a = two_waves()
    out = compare_waves(before, after, seg_b, seg_a, k=5)
    assert list(out.columns) == COLUMNS
    assert list(zip(out["segment"], out["dimension"], strict=True)) == [
        ("All", "safety"), ("All", "contempt"), ("HR", "safety"), ("HR", "contempt"),
        ("IT", "safety"), ("IT", "contempt"), ("Ops", "safety"), ("Ops", "contempt"),
    ]  # fmt: skip
    assert out["significant"].dtype == bool and out["suppressed"].dtype == bool


def test_numbers_match_scipy_and_the_hedges_formula():
    before, after, _, _ = two_waves()
    row = compare_waves(before, after, None, None, k=5).iloc[0]
    b, a = before["safety"].to_numpy(), after["safety"].to_numpy()
    assert row["n_before"] == 60 and row["n_after"] == 70
    assert row["mean_before"] == round(b.mean(), 2) and row["mean_after"] == round(a.mean(), 2)
    assert row["change"] == round(a.mean() - b.mean(), 2)
    assert row["p_value"] == round(stats.ttest_ind(a, b, equal_var=False).pvalue, 3)
    pooled = np.sqrt((59 * b.var(ddof=1) + 69 * a.var(ddof=1)) / 128)
    g = (a.mean() - b.mean()) / pooled * (1 - 3 / (4 * 130 - 9))
    assert row["effect_size"] == round(g, 2)
    assert row["change"] > 0 and row["p_value"] < 0.05 and row["significant"]


def test_no_real_change_is_not_significant():
    before, after, _, _ = two_waves()
    row = compare_waves(before, after, None, None, k=5).iloc[1]
    assert row["dimension"] == "contempt" and not row["significant"] and row["p_value"] >= 0.05


def test_hedges_g_known_value_and_edge_cases():
    assert hedges_g(np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 4.0])) == pytest.approx(0.8)
    assert np.isnan(hedges_g(np.array([1.0]), np.array([2.0, 3.0])))
    assert np.isnan(hedges_g(np.array([2.0, 2.0]), np.array([2.0, 2.0])))
    assert np.isnan(welch_p(np.array([1.0]), np.array([2.0, 3.0])))
    assert np.isnan(welch_p(np.array([2.0, 2.0]), np.array([3.0, 3.0])))


def test_a_side_with_fewer_than_two_scores_gives_nan_p_and_g():
    before = scores({"d": [3.0]}, "b")
    after = scores({"d": [4.0, 5.0, 4.0]}, "a")
    row = compare_waves(before, after, None, None, k=1).iloc[0]
    assert row["change"] == 1.33 and np.isnan(row["p_value"]) and np.isnan(row["effect_size"])
    assert not row["significant"] and not row["suppressed"]


def test_a_group_too_small_in_either_wave_is_suppressed_with_all_numbers_blank():
    before, after, seg_b, seg_a = two_waves()
    out = compare_waves(before, after, seg_b, seg_a, k=5)
    numbers = COLUMNS[2:9]
    hidden = out[out["suppressed"]]
    # HR is below 5 in both waves, and IT is hidden with it (3 + 27 / 4 + 31 leave no gap).
    assert set(hidden["segment"]) == {"HR", "IT"}
    assert hidden[numbers].isna().all().all() and not hidden["significant"].any()
    shown = out[~out["suppressed"]]
    assert shown[["n_before", "n_after"]].ge(5).all().all()


def test_suppressed_when_only_one_wave_is_small():
    before = scores({"d": list(np.linspace(1, 5, 20))}, "b")
    after = scores({"d": list(np.linspace(2, 5, 20))}, "a")
    seg_b = pd.Series(["x"] * 10 + ["y"] * 10, index=before.index)
    seg_a = pd.Series(["x"] * 17 + ["y"] * 3, index=after.index)
    out = compare_waves(before, after, seg_b, seg_a, k=5).set_index("segment")
    # After: y (3) is hidden and x with it (nothing else to hide), so both rows are hidden.
    assert out.loc["y", "suppressed"] and out.loc["x", "suppressed"]
    assert not out.loc["All", "suppressed"]


def test_a_segment_found_in_one_wave_only_is_suppressed():
    before = scores({"d": list(np.linspace(1, 5, 20))}, "b")
    after = scores({"d": list(np.linspace(2, 5, 20))}, "a")
    seg_b = pd.Series(["x"] * 10 + ["y"] * 10, index=before.index)
    seg_a = pd.Series(["x"] * 10 + ["z"] * 10, index=after.index)
    out = compare_waves(before, after, seg_b, seg_a, k=5).set_index("segment")
    assert out.loc["y", "suppressed"] and out.loc["z", "suppressed"]
    assert not out.loc["x", "suppressed"] and out.loc["x", "n_after"] == 10


def test_mask_follows_each_dimensions_own_answers():
    # IT has 6 people but only 3 answered contempt in the after wave.
    before = scores({"safety": [3.0] * 16, "contempt": [3.0] * 16}, "b")
    after_values = {"safety": [4.0] * 16, "contempt": [4.0] * 13 + [np.nan] * 3}
    after = scores(after_values, "a")
    seg_b = pd.Series(["IT"] * 6 + ["Ops"] * 5 + ["HR"] * 5, index=before.index)
    seg_a = pd.Series(["Ops"] * 5 + ["HR"] * 5 + ["IT"] * 6, index=after.index)
    out = compare_waves(before, after, seg_b, seg_a, k=5).set_index(["segment", "dimension"])
    assert not out.loc[("IT", "safety"), "suppressed"]
    assert out.loc[("IT", "contempt"), "suppressed"]


def test_all_is_suppressed_when_a_wave_is_below_k():
    before = scores({"d": [3.0, 4.0, 2.0]}, "b")
    after = scores({"d": [4.0, 5.0, 4.0, 3.0, 5.0, 4.0]}, "a")
    row = compare_waves(before, after, None, None, k=5).iloc[0]
    assert row["suppressed"] and np.isnan(row["mean_before"]) and np.isnan(row["n_after"])


def test_blank_segments_form_their_own_group():
    before = scores({"d": list(np.linspace(1, 5, 20))}, "b")
    after = scores({"d": list(np.linspace(2, 5, 20))}, "a")
    seg_b = pd.Series(["x"] * 10 + [""] * 10, index=before.index)
    seg_a = pd.Series(["x"] * 10 + [None] * 10, index=after.index)
    out = compare_waves(before, after, seg_b, seg_a, k=5)
    assert "(not given)" in set(out["segment"])


def test_only_dimensions_measured_in_both_waves():
    before = scores({"a": [1.0, 2.0, 3.0], "b": [1.0, 2.0, 3.0]}, "b")
    after = scores({"b": [2.0, 3.0, 4.0], "c": [2.0, 3.0, 4.0]}, "a")
    assert compare_waves(before, after, None, None, k=1)["dimension"].tolist() == ["b"]


def test_rounding():
    before = scores({"d": [1.0, 2.0, 2.0, 4.0]}, "b")
    after = scores({"d": [2.0, 3.0, 5.0, 5.0]}, "a")
    row = compare_waves(before, after, None, None, k=1).iloc[0]
    for column, places in [("mean_before", 2), ("mean_after", 2), ("change", 2),
                           ("p_value", 3), ("effect_size", 2)]:  # fmt: skip
        assert row[column] == round(row[column], places)


def test_inputs_are_not_modified():
    before, after, seg_b, seg_a = two_waves()
    copies = [before.copy(), after.copy(), seg_b.copy(), seg_a.copy()]
    compare_waves(before, after, seg_b, seg_a, k=5)
    pd.testing.assert_frame_equal(before, copies[0])
    pd.testing.assert_series_equal(seg_a, copies[3])


def test_bad_inputs_raise_clear_errors():
    before, after, seg_b, seg_a = two_waves()
    with pytest.raises(ValueError, match="only one of the two waves"):
        compare_waves(before, after, seg_b, None, k=5)
    with pytest.raises(ValueError, match="no segment value"):
        compare_waves(before, after, seg_b.iloc[:10], seg_a, k=5)
    with pytest.raises(ValueError, match="not numeric"):
        compare_waves(before.assign(team="x"), after, None, None, k=5)
    with pytest.raises(ValueError, match="at least 1"):
        compare_waves(before, after, seg_b, seg_a, k=0)


def test_k_is_checked_even_without_segments():
    before, after, _, _ = two_waves()
    with pytest.raises(ValueError, match="at least 1"):
        compare_waves(before, after, None, None, k=0)
