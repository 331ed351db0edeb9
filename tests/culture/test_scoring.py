"""Tests for workbench.culture.scoring.

Reversal, respondent scores, summaries, alpha, eNPS, OCAI.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbench.core.errors import InputError
from workbench.culture.instruments import item_table, load_instruments
from workbench.culture.scoring import (
    SUMMARY_COLUMNS,
    cronbach_alpha,
    enps,
    ipsative_profile,
    respondent_scores,
    scored_items,
    summarise,
)

ALPHA_DATA = Path(__file__).parents[1] / "data" / "alpha" / "cronbach_wide_missing.csv"
# Published in the docstring of pingouin.cronbach_alpha (pingouin/reliability.py),
# there checked against R psych::alpha; see tests/data/alpha/README.md.
PINGOUIN_PAIRWISE = 0.732660835214447
PINGOUIN_LISTWISE = 0.8016949152542373
PINGOUIN_MEDIAN_FILLED = 0.7380191693290734


def table_of(*ids: str) -> pd.DataFrame:
    return item_table(load_instruments(list(ids)))


def frame(data: dict, ids: list[str] | None = None) -> pd.DataFrame:
    df = pd.DataFrame(data, dtype=float)
    df.index = pd.Index(ids or [f"R{i}" for i in range(1, len(df) + 1)], name="respondent")
    return df


def tiny_table(reverse=(False, False), lo=1.0, hi=5.0, kind="likert") -> pd.DataFrame:
    return pd.DataFrame({
        "item": ["A", "B"], "instrument": "t", "kind": kind, "dimension": "d",
        "reverse": list(reverse), "scale_min": lo, "scale_max": hi, "type": "", "state": "",
    })  # fmt: skip


# --------------------------------------------------------------------------- reversal


def test_reverse_items_are_flipped_on_their_own_scale():
    table = table_of("psych_safety", "relationship_culture", "enps")
    items = frame({c: [np.nan] for c in table["item"]})
    items.loc["R1", ["PS1", "PS2", "RC_CRI1", "RC_COL3", "RC_COM1", "ENPS"]] = [2, 2, 1, 5, 1, 3]
    out = scored_items(items, table).loc["R1"]
    assert out["PS1"] == 6  # 1 + 7 - 2
    assert out["PS2"] == 2  # not reversed
    assert out["RC_CRI1"] == 5  # 1 + 5 - 1
    assert out["RC_COL3"] == 1
    assert out["RC_COM1"] == 1
    assert out["ENPS"] == 3  # nps is never reversed
    assert math.isnan(out["PS3"])
    assert items.loc["R1", "PS1"] == 2  # the input is not modified


def test_ipsative_items_are_not_reversed():
    table = table_of("ocai")
    items = frame({c: [25.0] for c in table["item"]})
    pd.testing.assert_frame_equal(scored_items(items, table), items)


def test_respondent_scores_average_scored_items_per_dimension():
    items = frame({"A": [5, 1, np.nan], "B": [1, np.nan, np.nan]})
    scores = respondent_scores(items, tiny_table(reverse=(False, True)))
    assert list(scores.columns) == ["d"]
    assert scores["d"].tolist()[:2] == [5.0, 1.0]  # (5 + (6 - 1)) / 2; one answer only
    assert math.isnan(scores["d"].iloc[2])
    assert scores.index.equals(items.index)


def test_respondent_scores_leave_out_ipsative_dimensions():
    table = table_of("westrum", "ocai", "enps")
    items = frame({c: [4.0] for c in table["item"]})
    items[[c for c in table["item"] if c.startswith("OCAI")]] = 25.0
    assert list(respondent_scores(items, table).columns) == ["westrum", "enps"]


# --------------------------------------------------------------------------- summarise


def test_score_0_100_and_mean_of_respondent_means():
    # Respondent means: 5, 3 and 2 (only B answered) -> mean 3.33
    items = frame({"A": [5, 2, np.nan], "B": [5, 4, 2]})
    row = summarise(items, tiny_table()).iloc[0]
    assert list(summarise(items, tiny_table()).columns) == SUMMARY_COLUMNS
    assert (row["segment"], row["dimension"], row["instrument"], row["n"]) == ("All", "d", "t", 3)
    assert row["mean"] == 3.33
    assert row["score_0_100"] == 58.3  # (10/3 - 1) / 4 * 100


def test_seven_point_midpoint_scores_fifty():
    table = table_of("westrum")
    items = frame({c: [4, 4] for c in table["item"]})
    row = summarise(items, table).iloc[0]
    assert (row["mean"], row["score_0_100"], row["pct_neutral"]) == (4.0, 50.0, 100.0)


def test_favourability_counts_item_answers_after_reversal():
    # Scored answers: A 5, 3, 1, 4 and B reversed: 6-2=4, 6-3=3, missing, 6-5=1
    items = frame({"A": [5, 3, 1, 4], "B": [2, 3, np.nan, 5]})
    row = summarise(items, tiny_table(reverse=(False, True))).iloc[0]
    # 7 answers: favourable 5, 4, 4 / neutral 3, 3 / unfavourable 1, 1
    assert row["pct_favourable"] == 42.9
    assert row["pct_neutral"] == 28.6
    assert row["pct_unfavourable"] == 28.6


def test_even_scale_has_no_neutral_band():
    items = frame({"A": [2, 3], "B": [1, 4]})
    row = summarise(items, tiny_table(lo=1.0, hi=4.0)).iloc[0]
    assert (row["pct_favourable"], row["pct_neutral"], row["pct_unfavourable"]) == (50, 0, 50)


def test_nps_buckets_and_mean_on_the_0_10_scale():
    table = table_of("enps")
    items = frame({"ENPS": [10, 9, 8, 7, 6, 0, np.nan]})
    row = summarise(items, table).iloc[0]
    assert row["n"] == 6
    assert row["mean"] == 6.67  # 40 / 6, still on 0-10
    assert row["score_0_100"] == 66.7
    assert (row["pct_favourable"], row["pct_neutral"], row["pct_unfavourable"]) == (
        33.3, 33.3, 33.3,
    )  # fmt: skip
    assert math.isnan(row["alpha"])  # one item


def test_enps_example_by_hand():
    # 9 answers: promoters 10, 9, 9, 10 (4); passives 8, 7 (2); detractors 6, 5, 0 (3)
    # eNPS = (4 - 3) / 9 * 100 = 11.1
    assert enps(pd.Series([10, 9, 9, 8, 7, 6, 5, 0, None, 10])) == 11.1
    assert enps(pd.Series([10, 10, 0, 0])) == 0.0
    assert enps(pd.Series([6, 5])) == -100.0
    assert math.isnan(enps(pd.Series([None, None], dtype=float)))
    with pytest.raises(ValueError, match="between 0 and 10"):
        enps(pd.Series([11]))


def test_summarise_leaves_out_ipsative_and_keeps_table_order():
    table = table_of("relationship_culture", "ocai", "enps")
    items = frame({c: [3.0, 4.0] for c in table["item"]})
    items[[c for c in table["item"] if c.startswith("OCAI")]] = 25.0
    out = summarise(items, table)
    assert out["dimension"].tolist() == [
        "communality", "collaboration", "communication", "safety", "criticism",
        "defensiveness", "contempt", "obstruction", "enps",
    ]  # fmt: skip
    assert "ocai" not in set(out["instrument"])


def test_summarise_by_segment_matches_each_subset():
    rng = np.random.default_rng(3)
    table = table_of("psych_safety", "enps")
    n = 300
    items = frame({
        c: rng.integers(0 if c == "ENPS" else 1, 11 if c == "ENPS" else 8, n).astype(float)
        for c in table["item"]
    }, [f"R{i}" for i in range(n)])  # fmt: skip
    items = items.mask(rng.random(items.shape) < 0.1)
    segment = pd.Series(rng.choice(["Ops", "Dev", "Sales"], n), index=items.index)
    segment.iloc[:5] = None  # no segment: left out
    out = summarise(items, table, by=segment)
    assert out[["dimension", "segment"]].values.tolist() == [
        ["psych_safety", "Dev"], ["psych_safety", "Ops"], ["psych_safety", "Sales"],
        ["enps", "Dev"], ["enps", "Ops"], ["enps", "Sales"],
    ]  # fmt: skip
    for _, row in out.iterrows():
        members = segment.index[segment == row["segment"]]
        alone = summarise(items.loc[members], table)
        expected = alone[alone["dimension"] == row["dimension"]].iloc[0]
        pd.testing.assert_series_equal(
            row.drop("segment"), expected.drop("segment"), check_names=False
        )
    assert out.groupby("dimension", sort=False)["n"].sum().max() <= n - 5


def test_summarise_agrees_with_a_plain_pandas_computation():
    rng = np.random.default_rng(11)
    table = table_of("relationship_culture")
    items = frame({c: rng.integers(1, 6, 200).astype(float) for c in table["item"]})
    items = items.mask(rng.random(items.shape) < 0.15)
    out = summarise(items, table).set_index("dimension")
    scored = scored_items(items, table)
    for dim, group in table.groupby("dimension", sort=False):
        sub = scored[group["item"].tolist()]
        means = sub.mean(axis=1).dropna()
        assert out.loc[dim, "n"] == len(means)
        assert out.loc[dim, "mean"] == round(means.mean(), 2)
        answers = sub.stack().dropna()
        assert out.loc[dim, "pct_favourable"] == round((answers > 3).mean() * 100, 1)
        cov = sub.cov()  # pandas: pairwise deletion
        k = len(group)
        alpha = k / (k - 1) * (1 - np.trace(cov) / cov.to_numpy().sum())
        assert out.loc[dim, "alpha"] == round(alpha, 3)


def test_segment_with_no_answers_in_a_dimension_gives_nan():
    items = frame({"A": [5, np.nan], "B": [4, np.nan]})
    out = summarise(items, tiny_table(), by=pd.Series(["x", "y"], index=items.index))
    empty = out[out["segment"] == "y"].iloc[0]
    assert empty["n"] == 0
    assert all(math.isnan(empty[c]) for c in SUMMARY_COLUMNS[4:])


# --------------------------------------------------------------------------- alpha


def test_alpha_matches_the_published_pingouin_reference_values():
    data = pd.read_csv(ALPHA_DATA)
    assert data.shape == (12, 11)
    assert int(data.isna().sum().sum()) == 4
    assert cronbach_alpha(data) == pytest.approx(PINGOUIN_PAIRWISE, abs=1e-12)
    assert cronbach_alpha(data, "pairwise") == pytest.approx(PINGOUIN_PAIRWISE, abs=1e-12)
    assert cronbach_alpha(data, "listwise") == pytest.approx(PINGOUIN_LISTWISE, abs=1e-12)
    filled = data.fillna(data.median())
    assert cronbach_alpha(filled) == pytest.approx(PINGOUIN_MEDIAN_FILLED, abs=1e-12)
    assert round(cronbach_alpha(data), 3) == 0.733
    assert round(cronbach_alpha(data, "listwise"), 3) == 0.802


def test_summarise_alpha_uses_pairwise_deletion_of_the_reference_data():
    data = pd.read_csv(ALPHA_DATA)
    table = pd.DataFrame({
        "item": data.columns, "instrument": "quiz", "kind": "likert", "dimension": "quiz",
        "reverse": False, "scale_min": 0.0, "scale_max": 1.0,
    })  # fmt: skip
    assert summarise(data, table)["alpha"].iloc[0] == 0.733


def test_alpha_is_nan_when_undefined():
    assert math.isnan(cronbach_alpha(pd.DataFrame({"a": [1, 2, 3]})))  # one item
    assert math.isnan(cronbach_alpha(pd.DataFrame({"a": [3, 3], "b": [3, 3]})))  # no variance
    assert math.isnan(cronbach_alpha(pd.DataFrame({"a": [1.0, None], "b": [None, 2.0]})))
    table = table_of("relationship_culture", "enps")
    items = frame({c: [1, 5, 3] for c in table["item"]})
    alphas = summarise(items, table).set_index("dimension")["alpha"]
    assert math.isnan(alphas["enps"])
    assert not math.isnan(alphas["communality"])


def test_reversed_items_raise_alpha():
    # B is worded negatively: raw answers run against A, scored answers with it.
    items = frame({"A": [1, 2, 4, 5, 3], "B": [5, 4, 2, 2, 3]})
    assert summarise(items, tiny_table(reverse=(False, True)))["alpha"].iloc[0] > 0.9
    assert summarise(items, tiny_table())["alpha"].iloc[0] < 0


def test_alpha_rejects_unknown_policies_and_text_columns():
    with pytest.raises(ValueError, match="nan_policy must be one of"):
        cronbach_alpha(pd.DataFrame({"a": [1, 2], "b": [2, 1]}), "everything")
    with pytest.raises(ValueError, match="alpha input frame: column\\(s\\) 'b' are not numeric"):
        cronbach_alpha(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}))


# --------------------------------------------------------------------------- OCAI


def ocai_answers(now: dict[str, float], preferred: dict[str, float], n: int) -> pd.DataFrame:
    table = table_of("ocai")
    values = {
        row.item: [now[row.type] if row.state == "now" else preferred[row.type]] * n
        for row in table.itertuples()
    }
    return frame(values)


def test_ipsative_profile_gap():
    table = table_of("ocai")
    items = ocai_answers(
        {"clan": 20, "adhocracy": 10, "market": 40, "hierarchy": 30},
        {"clan": 35, "adhocracy": 25, "market": 20, "hierarchy": 20},
        3,
    )
    # One respondent puts 40 on clan (and 0 on market) in D1 now: clan now averages
    # (40 + 5 * 20) / 6 = 23.33 for that respondent, over three respondents 21.11.
    items.loc["R1", ["OCAI_D1_CLAN_NOW", "OCAI_D1_MARKET_NOW"]] = [40, 20]
    out = ipsative_profile(items, table)
    assert out.columns.tolist() == ["segment", "type", "now", "preferred", "gap"]
    assert out["type"].tolist() == ["clan", "adhocracy", "market", "hierarchy"]
    assert out.set_index("type").loc["clan"].tolist() == ["All", 21.1, 35.0, 13.9]
    assert out.set_index("type").loc["market"].tolist() == ["All", 38.9, 20.0, -18.9]
    assert out.set_index("type").loc["hierarchy", "gap"] == -10.0
    now = out["now"].sum()
    assert now == pytest.approx(100, abs=0.2)


def test_ipsative_profile_by_segment():
    table = table_of("ocai")
    a = ocai_answers({"clan": 40, "adhocracy": 20, "market": 20, "hierarchy": 20},
                     {"clan": 40, "adhocracy": 20, "market": 20, "hierarchy": 20}, 2)  # fmt: skip
    b = ocai_answers({"clan": 10, "adhocracy": 10, "market": 40, "hierarchy": 40},
                     {"clan": 50, "adhocracy": 10, "market": 20, "hierarchy": 20}, 2)  # fmt: skip
    items = pd.concat([a, b.set_axis(["R3", "R4"])])
    by = pd.Series(["north", "north", "east", "east"], index=items.index)
    out = ipsative_profile(items, table, by=by)
    assert out["segment"].tolist() == ["east"] * 4 + ["north"] * 4
    east = out[out["segment"] == "east"].set_index("type")
    assert east.loc["clan", ["now", "preferred", "gap"]].tolist() == [10.0, 50.0, 40.0]
    assert out[out["segment"] == "north"]["gap"].tolist() == [0.0] * 4


def test_ipsative_profile_without_ipsative_items_is_empty():
    out = ipsative_profile(frame({"WES1": [4]}), table_of("westrum"))
    assert out.empty and out.columns.tolist() == ["segment", "type", "now", "preferred", "gap"]


# --------------------------------------------------------------------------- input checks


def test_missing_item_columns_are_named():
    table = table_of("psych_safety")
    items = frame({c: [4] for c in table["item"] if c not in ("PS4", "PS6")})
    for func in (scored_items, respondent_scores, summarise):
        with pytest.raises(InputError) as exc:
            func(items, table)
        assert [p.column for p in exc.value.problems] == ["PS4", "PS6"]
        assert "the item column 'PS4' is missing" in str(exc.value)


def test_text_item_columns_are_rejected():
    items = frame({"A": [1], "B": [2]}).astype({"B": object})
    items["B"] = ["agree"]
    with pytest.raises(InputError, match="the item column 'B' is not numeric"):
        summarise(items, tiny_table())


def test_values_off_the_scale_are_rejected_with_the_first_respondent():
    items = frame({"A": [1, 6, 9], "B": [1, 2, 3]})
    with pytest.raises(InputError) as exc:
        summarise(items, tiny_table())
    problem = exc.value.problems[0]
    assert problem.column == "A"
    assert "2 value(s) outside the scale 1-5, first for respondent 'R2'" in problem.message


def test_item_table_missing_columns_are_named():
    with pytest.raises(ValueError, match="item table frame: missing column\\(s\\) 'reverse'"):
        summarise(frame({"A": [1]}), tiny_table().drop(columns="reverse"))
    with pytest.raises(ValueError, match="item table frame: missing column\\(s\\) 'type'"):
        ipsative_profile(frame({"A": [1]}), tiny_table().drop(columns="type"))


def test_segments_must_cover_every_respondent():
    items = frame({"A": [1, 2], "B": [3, 4]})
    with pytest.raises(ValueError, match="1 respondent\\(s\\) have no segment value, e.g. 'R2'"):
        summarise(items, tiny_table(), by=pd.Series(["x"], index=["R1"]))


def test_summarise_handles_100k_respondents_by_40_items():
    """Scale check only; the timing is printed by benchmarks/culture_scale.py."""
    table = pd.concat([
        table_of("relationship_culture", "westrum", "psych_safety", "enps"),
        tiny_table().assign(item=["X1", "X2"]), tiny_table().assign(item=["X3", "X4"]),
        tiny_table().assign(item=["X5", "X6"]).iloc[:1],
    ], ignore_index=True)  # fmt: skip
    assert len(table) == 40
    rng = np.random.default_rng(5)
    n = 100_000
    items = pd.DataFrame({
        r.item: rng.integers(int(r.scale_min), int(r.scale_max) + 1, n).astype(float)
        for r in table.itertuples()
    })  # fmt: skip
    segment = pd.Series(rng.choice(list("ABCDEF"), n), index=items.index)
    overall = summarise(items, table)
    by_segment = summarise(items, table, by=segment)
    assert len(by_segment) == 6 * by_segment["dimension"].nunique()
    assert (overall["n"] == n).all()
    assert by_segment.groupby("dimension")["n"].sum().eq(n).all()
