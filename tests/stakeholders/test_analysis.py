"""Tests for workbench.stakeholders.analysis.

Grid, salience, attitude, consensus, adjustments, diff.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.guards import FrameError
from workbench.stakeholders import network, whatif
from workbench.stakeholders.analysis import (
    ATTITUDE_BANDS,
    QUADRANTS,
    SALIENCE_CLASSES,
    STRATEGY_BY_QUADRANT,
    apply_adjustments,
    at_risk,
    attitude_band,
    classify_grid,
    classify_salience,
    consensus,
    snapshot_diff,
    stakeholder_summary,
)


def register() -> pd.DataFrame:
    """Four stakeholders, one per quadrant at the default threshold."""
    return pd.DataFrame(
        {
            "id": ["S1", "S2", "S3", "S4"],
            "name": ["Chief Executive", "Regulator", "Service Desk", "Local Press"],
            "group": ["executives", "regulators", "internal teams", "media"],
            "kind": ["executive", "regulator", "internal team", "media"],
            "internal": [True, False, True, False],
            "influence": [5, 4, 2, 1],
            "interest": [5, 1, 4, 2],
            "attitude": [-2, 1, 0, 2],
            "power": [True, True, False, False],
            "legitimacy": [True, True, True, False],
            "urgency": [True, False, True, False],
            "owner": ["Ana", "Ben", "", "Cy"],
            "cadence": ["weekly", "quarterly", "monthly", "ad hoc"],
        }
    )


def relationships() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": ["S1", "S2", "S3"],
            "target": ["S2", "S3", "S4"],
            "kind": ["works with", "informs", "works with"],
            "strength": [4, 2, 3],
            "sentiment": [1, 0, 1],
        }
    )


def after_snapshot() -> tuple[pd.DataFrame, pd.DataFrame]:
    """S2 becomes a key player, S3 turns critical, S4 leaves, S5 joins; relationships move."""
    s = register()
    s = s[s["id"] != "S4"].copy()
    s.loc[s["id"] == "S2", "interest"] = 4
    s.loc[s["id"] == "S3", "attitude"] = -1
    new = register().iloc[[3]].assign(id="S5", name="New Partner", group="partners")
    s = pd.concat([s, new], ignore_index=True)
    r = pd.DataFrame(
        {
            # S2->S1 is the same relationship as S1->S2 (unordered pair), its sentiment fell.
            "source": ["S2", "S2", "S2", "S5"],
            "target": ["S1", "S3", "S3", "S1"],
            "kind": ["works with", "informs", "influences", "partners with"],
            "strength": [4, 2, 3, 2],
            "sentiment": [-1, 0, 1, 2],
        }
    )
    return s, r


def ratings() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rater": ["ana", "ben", "cy", "ana", "ben"],
            "stakeholder": ["S2", "S2", "S2", "S1", "S1"],
            "influence": [1, 3, 4, 5, 5],
            "interest": [2, 2, 3, 4, 5],
            "attitude": [-2, 0, 1, 1, 1],
        }
    )


# --- grid -------------------------------------------------------------------------------------


def test_constants_are_ordered_and_consistent():
    assert QUADRANTS == ["key players", "context setters", "subjects", "crowd"]
    assert [STRATEGY_BY_QUADRANT[q] for q in QUADRANTS] == [
        "manage closely",
        "keep satisfied",
        "keep informed",
        "monitor",
    ]
    assert ATTITUDE_BANDS == ["blocker", "critic", "neutral", "supporter", "champion"]
    assert len(SALIENCE_CLASSES) == 8


def test_classify_grid_one_stakeholder_per_quadrant():
    out = classify_grid(register())
    assert out["quadrant"].tolist() == QUADRANTS
    assert out["strategy"].tolist() == [
        "manage closely",
        "keep satisfied",
        "keep informed",
        "monitor",
    ]
    assert list(out.columns[-2:]) == ["quadrant", "strategy"]
    assert out["owner"].tolist() == register()["owner"].tolist()  # extra columns kept


@pytest.mark.parametrize(
    ("influence", "interest", "quadrant"),
    [
        (3.5, 3.5, "key players"),  # exactly the threshold counts as high
        (3.5, 3.499, "context setters"),
        (3.499, 3.5, "subjects"),
        (3.499, 3.499, "crowd"),
        (4, 3, "context setters"),
        (3, 4, "subjects"),
    ],
)
def test_classify_grid_boundaries(influence, interest, quadrant):
    df = pd.DataFrame({"id": ["x"], "influence": [influence], "interest": [interest]})
    out = classify_grid(df)
    assert out.loc[0, "quadrant"] == quadrant
    assert out.loc[0, "strategy"] == STRATEGY_BY_QUADRANT[quadrant]


def test_classify_grid_custom_thresholds():
    df = pd.DataFrame({"id": ["x"], "influence": [3], "interest": [2]})
    assert classify_grid(df, influence_threshold=3, interest_threshold=2).loc[0, "quadrant"] == (
        "key players"
    )


def test_classify_grid_missing_column_names_it_and_the_fix():
    with pytest.raises(FrameError) as err:
        classify_grid(register().drop(columns="interest"))
    message = str(err.value)
    assert "'interest'" in message
    assert "stakeholders frame: missing column(s)" in message
    assert "Fix:" not in message  # a programmer's mistake: validation catches the user's


# --- salience and attitude ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("power", "legitimacy", "urgency", "salience"),
    [
        (True, False, False, "dormant"),
        (False, True, False, "discretionary"),
        (False, False, True, "demanding"),
        (True, True, False, "dominant"),
        (True, False, True, "dangerous"),
        (False, True, True, "dependent"),
        (True, True, True, "definitive"),
        (False, False, False, "non-stakeholder"),
    ],
)
def test_classify_salience_every_class(power, legitimacy, urgency, salience):
    df = pd.DataFrame({"power": [power], "legitimacy": [legitimacy], "urgency": [urgency]})
    assert classify_salience(df)["salience"].tolist() == [salience]


def test_classify_salience_missing_column():
    with pytest.raises(FrameError, match="'urgency'"):
        classify_salience(register().drop(columns="urgency"))


@pytest.mark.parametrize(
    ("attitude", "band"),
    [
        (-2, "blocker"),
        (-1.5, "blocker"),
        (-1.49, "critic"),
        (-1, "critic"),
        (-0.51, "critic"),
        (-0.5, "neutral"),
        (0, "neutral"),
        (0.5, "neutral"),
        (0.51, "supporter"),
        (1.49, "supporter"),
        (1.5, "champion"),
        (2, "champion"),
    ],
)
def test_attitude_band_boundaries(attitude, band):
    assert attitude_band(pd.DataFrame({"attitude": [attitude]}))["attitude_band"].tolist() == [band]


def test_attitude_band_missing_value_stays_missing():
    out = attitude_band(pd.DataFrame({"attitude": [1.0, float("nan")]}))
    assert out.loc[0, "attitude_band"] == "supporter"
    assert pd.isna(out.loc[1, "attitude_band"])


# --- consensus ----------------------------------------------------------------------------------


def test_consensus_means_spreads_and_disputes():
    out = consensus(ratings())
    assert out["stakeholder"].tolist() == ["S1", "S2"]  # sorted by id
    s1, s2 = out.iloc[0], out.iloc[1]
    assert s2["n_raters"] == 3
    assert s2["influence_mean"] == pytest.approx(2.667)  # 8/3 rounded to 3 decimals
    assert s2["influence_spread"] == 3
    assert s2["attitude_spread"] == 3
    assert bool(s2["disputed"]) is True
    assert s2["disputed_on"] == "influence, attitude"
    assert s1["n_raters"] == 2
    assert s1["interest_mean"] == 4.5
    assert bool(s1["disputed"]) is False
    assert s1["disputed_on"] == ""


def test_consensus_threshold_is_inclusive_and_configurable():
    assert consensus(ratings(), spread_threshold=1).loc[0, "disputed_on"] == "interest"
    assert consensus(ratings(), spread_threshold=4).loc[1, "disputed_on"] == ""


def test_consensus_means_feed_the_grid():
    means = consensus(ratings()).rename(
        columns={"stakeholder": "id", "influence_mean": "influence", "interest_mean": "interest"}
    )
    assert classify_grid(means)["quadrant"].tolist() == ["key players", "crowd"]


def test_consensus_empty_ratings_keep_columns():
    out = consensus(ratings().iloc[0:0])
    assert out.empty
    assert list(out.columns) == [
        "stakeholder",
        "n_raters",
        "influence_mean",
        "influence_spread",
        "interest_mean",
        "interest_spread",
        "attitude_mean",
        "attitude_spread",
        "disputed",
        "disputed_on",
    ]


def test_consensus_rejects_a_repeated_rating():
    bad = pd.concat([ratings(), ratings().iloc[[1]]], ignore_index=True)
    with pytest.raises(WorkbenchError) as err:
        consensus(bad)
    message = str(err.value)
    assert "rater 'ben' rated stakeholder 'S2' more than once" in message
    assert "Fix: keep one row per rater and stakeholder" in message


def test_consensus_missing_column():
    with pytest.raises(FrameError, match="ratings frame.*'rater'"):
        consensus(ratings().drop(columns="rater"))


# --- adjustments --------------------------------------------------------------------------------


def adjustments(**overrides) -> pd.DataFrame:
    nan = float("nan")
    data = {"id": ["S3", "S4"], "influence": [4, nan], "interest": [nan, nan], "attitude": [nan, 1]}
    return pd.DataFrame(data | overrides)


def test_apply_adjustments_overrides_only_given_values():
    out = apply_adjustments(register(), adjustments())
    by_id = out.set_index("id")
    assert by_id.loc["S3", ["influence", "interest", "attitude"]].tolist() == [4, 4, 0]
    assert by_id.loc["S4", ["influence", "interest", "attitude"]].tolist() == [1, 2, 1]
    assert out["adjusted"].tolist() == [False, False, True, True]
    assert out["influence"].dtype == register()["influence"].dtype  # whole numbers stay ints
    assert classify_grid(out).set_index("id").loc["S3", "quadrant"] == "key players"


def test_apply_adjustments_same_value_is_not_an_adjustment_and_last_row_wins():
    adj = pd.DataFrame({"id": ["S1", "S2", "S2"], "influence": [5, 2, 3]})
    adj = adj.assign(interest=float("nan"), attitude=float("nan"))
    out = apply_adjustments(register(), adj).set_index("id")
    assert not out.loc["S1", "adjusted"]
    assert out.loc["S2", "influence"] == 3
    assert out.loc["S2", "adjusted"]


def test_apply_adjustments_unknown_ids_are_named():
    adj = adjustments(id=["S9", "X1"])
    with pytest.raises(WorkbenchError) as err:
        apply_adjustments(register(), adj)
    message = str(err.value)
    assert "unknown stakeholder id(s): S9, X1" in message
    assert "adjustments table" in message


def test_apply_adjustments_out_of_range_value():
    with pytest.raises(WorkbenchError, match="stakeholder 'S3' has influence 7, out of range"):
        apply_adjustments(register(), adjustments(influence=[7, float("nan")]))


def test_apply_adjustments_missing_column():
    with pytest.raises(FrameError, match="adjustments frame.*'attitude'"):
        apply_adjustments(register(), adjustments().drop(columns="attitude"))


# --- snapshot diff ------------------------------------------------------------------------------


def test_snapshot_diff_hand_made_example():
    after_s, after_r = after_snapshot()
    diff = snapshot_diff(register(), relationships(), after_s, after_r)
    assert diff["stakeholders_added"].to_dict("records") == [
        {"id": "S5", "name": "New Partner", "group": "partners"}
    ]
    assert diff["stakeholders_removed"]["id"].tolist() == ["S4"]
    assert diff["relationships_added"].to_dict("records") == [
        {"source": "S2", "target": "S3", "kind": "influences"},
        {"source": "S5", "target": "S1", "kind": "partners with"},
    ]
    assert diff["relationships_removed"].to_dict("records") == [
        {"source": "S3", "target": "S4", "kind": "works with"}
    ]
    assert diff["quadrant_moves"].to_dict("records") == [
        {
            "id": "S2",
            "name": "Regulator",
            "quadrant_before": "context setters",
            "quadrant_after": "key players",
            "strategy_after": "manage closely",
        }
    ]
    assert diff["attitude_changes"].to_dict("records") == [
        {
            "id": "S3",
            "name": "Service Desk",
            "attitude_before": 0,
            "attitude_after": -1,
            "change": -1,
        }
    ]
    assert diff["sentiment_changes"].to_dict("records") == [
        {
            "source": "S2",
            "target": "S1",
            "kind": "works with",
            "sentiment_before": 1,
            "sentiment_after": -1,
            "change": -2,
        }
    ]
    assert diff["centrality_shifts"].empty


def test_snapshot_diff_thresholds_change_the_moves():
    after_s, after_r = after_snapshot()
    diff = snapshot_diff(register(), relationships(), after_s, after_r, interest_threshold=5)
    # With interest high only at 5, S2 stays a context setter.
    assert diff["quadrant_moves"].empty


def test_snapshot_diff_of_identical_snapshots_is_empty_with_columns():
    diff = snapshot_diff(register(), relationships(), register(), relationships())
    expected = {
        "stakeholders_added": ["id", "name", "group"],
        "stakeholders_removed": ["id", "name", "group"],
        "relationships_added": ["source", "target", "kind"],
        "relationships_removed": ["source", "target", "kind"],
        "quadrant_moves": ["id", "name", "quadrant_before", "quadrant_after", "strategy_after"],
        "attitude_changes": ["id", "name", "attitude_before", "attitude_after", "change"],
        "sentiment_changes": [
            "source",
            "target",
            "kind",
            "sentiment_before",
            "sentiment_after",
            "change",
        ],
        "centrality_shifts": ["id", "name", "betweenness_before", "betweenness_after", "shift"],
    }
    assert set(diff) == set(expected)
    for key, columns in expected.items():
        assert list(diff[key].columns) == columns, key
        assert diff[key].empty, key


def test_snapshot_diff_centrality_shifts_top_by_absolute_shift():
    after_s, after_r = after_snapshot()
    before_c = pd.DataFrame({"id": ["S1", "S2", "S3"], "betweenness": [0.1, 0.5, 0.0]})
    after_c = pd.DataFrame({"id": ["S1", "S2", "S3", "S5"], "betweenness": [0.4, 0.1, 0.0, 0.2]})
    diff = snapshot_diff(
        register(), relationships(), after_s, after_r,
        before_centrality=before_c, after_centrality=after_c,
    )  # fmt: skip
    shifts = diff["centrality_shifts"]
    assert shifts["id"].tolist() == ["S2", "S1"]  # S3 did not move; S5 has no "before"
    assert shifts["shift"].tolist() == [-0.4, 0.3]
    assert shifts["name"].tolist() == ["Regulator", "Chief Executive"]
    top1 = snapshot_diff(
        register(), relationships(), after_s, after_r,
        before_centrality=before_c, after_centrality=after_c, top=1,
    )  # fmt: skip
    assert top1["centrality_shifts"]["id"].tolist() == ["S2"]


def test_snapshot_diff_missing_relationship_column():
    after_s, after_r = after_snapshot()
    with pytest.raises(FrameError, match="relationships frame.*'sentiment'"):
        snapshot_diff(register(), relationships(), after_s, after_r.drop(columns="sentiment"))


# --- at risk ------------------------------------------------------------------------------------


SPLIT_2 = "the network splits without them (2 pairs of others can no longer reach each other)"


def what_if(**lost: int) -> pd.DataFrame:
    """A what-if table (only the columns at_risk reads): reach lost per removed id."""
    return pd.DataFrame({"removed": list(lost), "reach_lost": list(lost.values())})


def test_at_risk_reasons_and_order():
    after_s, after_r = after_snapshot()
    changes = snapshot_diff(register(), relationships(), after_s, after_r)["sentiment_changes"]
    out = at_risk(after_s, what_if(S1=0, S2=2, S3=0), changes)
    assert out["id"].tolist() == ["S1", "S2"]
    assert out["reasons"].tolist() == [
        "high influence and negative attitude; falling sentiment",
        f"{SPLIT_2}; falling sentiment",
    ]
    assert out["n_reasons"].tolist() == [2, 2]
    assert list(out.columns) == [
        "id",
        "name",
        "group",
        "influence",
        "attitude",
        "reasons",
        "n_reasons",
    ]


def test_at_risk_split_reason_follows_the_what_if_not_betweenness():
    # S3 sits between others but its removal cuts nobody off: it is not at risk on that count.
    df = register().assign(attitude=0)
    out = at_risk(df, what_if(S2=1, S3=0, S4=0), None)
    assert out["id"].tolist() == ["S2"]
    assert out["reasons"].tolist() == [
        "the network splits without them (1 pair of others can no longer reach each other)"
    ]
    assert "broker" not in " ".join(out["reasons"])


def test_at_risk_splitters_are_exactly_those_whose_removal_loses_reach(bridged):
    people, links = bridged
    people = people.assign(influence=1, attitude=0)
    graph = network.build_graph(people, links)
    out = at_risk(people, whatif.cut_points(graph), None)
    everyone = whatif.what_if_table(graph, sorted(graph))
    assert set(out["id"]) == set(everyone.loc[everyone["reach_lost"] > 0, "removed"])
    for row in out.itertuples():
        lost = whatif.what_if_remove(graph, row.id)["reach_lost"]
        assert lost > 0 and f"({lost} pairs of others" in row.reasons


def test_at_risk_without_network_inputs_and_sorting():
    df = register().assign(attitude=[-2, -1, 0, 2], influence=[4, 5, 2, 1])
    out = at_risk(df, None, None)
    assert out["id"].tolist() == ["S2", "S1"]  # same n_reasons, higher influence first
    assert set(out["reasons"]) == {"high influence and negative attitude"}


def test_at_risk_empty_when_nobody_qualifies():
    out = at_risk(register().assign(attitude=0), what_if(S1=0), None)
    assert out.empty
    assert "reasons" in out.columns


def test_at_risk_checks_what_if_columns():
    with pytest.raises(FrameError, match="what-if frame.*'reach_lost'"):
        at_risk(register(), pd.DataFrame({"removed": ["S1"]}), None)


# --- summary ------------------------------------------------------------------------------------


def centrality() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["S3", "S2", "S1"],  # deliberately not in register order
            "degree": [0.5, 1.0, 0.5],
            "betweenness": [0.0, 0.667, 0.0],
            "eigenvector": [0.5, 0.7, 0.5],
            "broker": [False, True, False],
            "community": [1, 0, 0],
        }
    )


def test_stakeholder_summary_column_order_and_join():
    out = stakeholder_summary(register(), centrality())
    assert list(out.columns) == [
        "id",
        "name",
        "group",
        "kind",
        "internal",
        "influence",
        "interest",
        "quadrant",
        "strategy",
        "attitude",
        "attitude_band",
        "salience",
        "degree",
        "betweenness",
        "eigenvector",
        "broker",
        "community",
        "power",
        "legitimacy",
        "urgency",
        "owner",
        "cadence",
    ]
    assert out["id"].tolist() == ["S1", "S2", "S3", "S4"]  # register order kept
    assert out["betweenness"].tolist()[:3] == [0.0, 0.667, 0.0]
    assert math.isnan(out.loc[3, "betweenness"])  # S4 has no centrality row
    assert out["broker"].tolist() == [False, True, False, False]
    assert out["salience"].tolist() == ["definitive", "dominant", "dependent", "non-stakeholder"]
    assert out["attitude_band"].tolist() == ["blocker", "supporter", "neutral", "champion"]


def test_stakeholder_summary_without_centrality():
    out = stakeholder_summary(register(), influence_threshold=5)
    assert "betweenness" not in out.columns
    assert out["quadrant"].tolist() == ["key players", "crowd", "subjects", "crowd"]
    assert list(out.columns[-5:]) == ["power", "legitimacy", "urgency", "owner", "cadence"]


def test_stakeholder_summary_missing_centrality_column():
    with pytest.raises(FrameError, match="centrality frame.*'eigenvector'"):
        stakeholder_summary(register(), centrality().drop(columns="eigenvector"))


# --- purity -------------------------------------------------------------------------------------


def test_inputs_are_not_mutated():
    frames = {
        "s": register(),
        "r": relationships(),
        "rt": ratings(),
        "adj": adjustments(),
        "c": centrality(),
        "w": what_if(S1=0, S2=3),
    }
    after_s, after_r = after_snapshot()
    frames |= {"as": after_s, "ar": after_r}
    originals = {k: v.copy(deep=True) for k, v in frames.items()}

    classify_grid(frames["s"])
    classify_salience(frames["s"])
    attitude_band(frames["s"])
    consensus(frames["rt"])
    apply_adjustments(frames["s"], frames["adj"])
    diff = snapshot_diff(
        frames["s"], frames["r"], frames["as"], frames["ar"],
        before_centrality=frames["c"], after_centrality=frames["c"],
    )  # fmt: skip
    at_risk(frames["as"], frames["w"], diff["sentiment_changes"])
    stakeholder_summary(frames["s"], frames["c"])

    for key, frame in frames.items():
        pd.testing.assert_frame_equal(frame, originals[key], obj=key)
