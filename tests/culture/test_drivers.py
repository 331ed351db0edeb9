"""Tests for workbench.culture.drivers: correlations, standardised betas, ranks, too-few-cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from workbench.culture.drivers import COLUMNS, drivers


def survey(n: int = 200, seed: int = 1) -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(seed)
    index = pd.Index([f"r{i}" for i in range(n)], name="respondent")
    scores = pd.DataFrame(
        {
            "safety": rng.normal(3.5, 0.7, n),
            "communication": rng.normal(3.2, 0.6, n),
            "contempt": rng.normal(3.8, 0.5, n),
        },
        index=index,
    )
    outcome = 2.0 * scores["safety"] - 1.0 * scores["contempt"] + rng.normal(0, 0.5, n)
    return scores, outcome.rename("enps")


def test_columns_ranks_and_order():
    scores, outcome = survey()
    out = drivers(scores, outcome)
    assert list(out.columns) == COLUMNS
    assert out["dimension"].tolist()[:2] == ["safety", "contempt"]
    assert out["rank"].tolist() == [1, 2, 3]
    assert (out["n"] == 200).all()
    assert out["beta"].abs().is_monotonic_decreasing
    assert out.attrs["reason"] == "" and out.attrs["n"] == 200
    assert 0 < out.attrs["r_squared"] <= 1


def test_r_and_p_match_scipy_and_betas_match_a_standardised_regression():
    scores, outcome = survey()
    out = drivers(scores, outcome).set_index("dimension")
    r, p = stats.pearsonr(scores["safety"], outcome)
    assert out.loc["safety", "r"] == round(r, 3) and out.loc["safety", "p_value"] == round(p, 3)
    z = (scores - scores.mean()) / scores.std()
    zy = (outcome - outcome.mean()) / outcome.std()
    design = np.column_stack([np.ones(len(z)), z.to_numpy()])
    coef = np.linalg.lstsq(design, zy.to_numpy(), rcond=None)[0][1:]
    expected = dict(zip(scores.columns, np.round(coef, 3), strict=True))
    assert out["beta"].to_dict() == pytest.approx(expected, abs=1e-3)
    assert out.loc["contempt", "beta"] < 0 < out.loc["safety", "beta"]


def test_only_complete_cases_are_used():
    scores, outcome = survey()
    scores.iloc[:10, 0] = np.nan
    outcome.iloc[10:15] = np.nan
    out = drivers(scores, outcome)
    assert (out["n"] == 185).all()


def test_rows_are_matched_by_respondent_not_position():
    scores, outcome = survey()
    shuffled = outcome.sample(frac=1, random_state=4)
    pd.testing.assert_frame_equal(drivers(scores, outcome), drivers(scores, shuffled))


def test_too_few_complete_cases_gives_an_empty_frame_with_a_reason():
    scores, outcome = survey(n=40)
    scores.iloc[:15, 1] = np.nan
    out = drivers(scores, outcome, min_n=30)
    assert out.empty and list(out.columns) == COLUMNS
    assert "25" in out.attrs["reason"] and "30" in out.attrs["reason"]
    assert drivers(scores, outcome, min_n=20).shape[0] == 3


def test_no_rows_at_all():
    out = drivers(pd.DataFrame({"a": pd.Series(dtype=float)}), pd.Series(dtype=float))
    assert out.empty and "Only 0 respondents" in out.attrs["reason"]


def test_a_dimension_without_spread_is_left_out_of_the_regression_and_said_so():
    scores, outcome = survey()
    scores["flat"] = 4.0
    out = drivers(scores, outcome).set_index("dimension")
    assert np.isnan(out.loc["flat", "beta"]) and np.isnan(out.loc["flat", "r"])
    assert pd.isna(out.loc["flat", "rank"])
    assert out["rank"].dropna().tolist() == [1, 2, 3]
    assert "flat" in out.attrs["note"]
    # The others are unchanged by the flat column.
    pd.testing.assert_series_equal(
        out["beta"].drop("flat"), drivers(*survey()).set_index("dimension")["beta"]
    )


def test_an_outcome_without_spread_gives_a_reason():
    scores, _ = survey()
    out = drivers(scores, pd.Series(7.0, index=scores.index))
    assert out.empty and "same outcome" in out.attrs["reason"]


def test_more_dimensions_than_cases_gives_a_reason():
    rng = np.random.default_rng(3)
    scores = pd.DataFrame(rng.normal(size=(6, 8)), columns=[f"d{i}" for i in range(8)])
    out = drivers(scores, pd.Series(rng.normal(size=6)), min_n=3)
    assert out.empty and "more answers" in out.attrs["reason"]


def test_bad_inputs_raise_clear_errors():
    scores, outcome = survey()
    with pytest.raises(ValueError, match="'team' are not numeric"):
        drivers(scores.assign(team="x"), outcome)
    with pytest.raises(TypeError, match="Series"):
        drivers(scores, outcome.to_frame())
    with pytest.raises(ValueError, match="repeat"):
        drivers(pd.concat([scores, scores]), outcome)
    with pytest.raises(ValueError, match="min_n"):
        drivers(scores, outcome, min_n=1)


def test_inputs_are_not_modified():
    scores, outcome = survey()
    copy = scores.copy()
    drivers(scores, outcome)
    pd.testing.assert_frame_equal(scores, copy)
