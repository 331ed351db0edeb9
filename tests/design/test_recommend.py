"""Recommendation rules, their reasons, and what happens when evidence is missing."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from workbench.core.vocabularies import Vocabularies
from workbench.design import recommend


def summary(rows: list[tuple[str, str, int, int, int]]) -> pd.DataFrame:
    """A stakeholder-map summary: (group, kind, influence, interest, attitude) per person."""
    frame = pd.DataFrame(rows, columns=["group", "kind", "influence", "interest", "attitude"])
    high = (frame["influence"] >= 3.5) & (frame["interest"] >= 3.5)
    return frame.assign(quadrant=high.map({True: "key players", False: "crowd"}))


def placement(position: float) -> pd.DataFrame:
    return pd.DataFrame({"scale": ["exchange_communal"], "position_0_100": [position]})


def advise(**evidence) -> dict:
    row = {"group": "G", **evidence}
    return recommend.recommend(pd.DataFrame([row])).iloc[0].to_dict()


def test_service_profile_alone_decides_when_nothing_else_is_known():
    assert advise(service_profile="commodity")["recommended_type"] == "basic"
    assert advise(service_profile="configured")["recommended_type"] == "cooperative"
    bespoke = advise(service_profile="bespoke")
    assert bespoke["recommended_type"] == "partnership"
    assert bespoke["reasons"] == ["Bespoke services only work with shared goals and co-design."]


def test_missing_evidence_is_listed_with_what_to_do():
    result = advise()
    assert (result["recommended_type"], result["recommended_communality"]) == (
        "cooperative",
        "medium",
    )
    assert result["reasons"] == []
    missing = " ".join(result["missing"])
    assert "register" in missing and "inputs/surveys/" in missing
    assert (
        "commodity, configured or bespoke" in missing
        and "simple, complicated or complex" in missing
    )


def test_a_key_group_in_a_complex_setting_gets_a_close_relationship():
    frame = summary([("Execs", "executive", 5, 5, 1)] * 3 + [("Execs", "sponsor", 4, 2, 1)])
    evidence = recommend.group_evidence(
        frame, ["Execs"], {"Execs": ("bespoke", "complex")}, placement(70.0), pd.DataFrame()
    )
    row = evidence.iloc[0]
    assert row["strategy"] == "manage closely" and row["key_player_share"] == 0.75
    result = recommend.recommend(evidence).iloc[0]
    assert (result["recommended_type"], result["recommended_communality"]) == (
        "partnership",
        "high",
    )
    closely = "A key group to manage closely: 75% of its members are key players (half or more)."
    assert closely in result["reasons"]
    assert any("already leans communal (70/100)" in r for r in result["reasons"])
    assert result["missing"] == []


def test_a_group_managed_closely_by_its_means_says_so_not_that_half_are_key_players():
    # One in three members is a key player; the others are close, so the means are high.
    frame = summary([("Ops", "manager", 5, 5, 0), ("Ops", "manager", 4, 3, 0),
                     ("Ops", "manager", 3, 4, 0)])  # fmt: skip
    row = recommend.group_evidence(frame, ["Ops"]).iloc[0]
    assert row["key_player_share"] == 0.33 and row["strategy"] == "manage closely"
    assert (row["mean_influence"], row["mean_interest"]) == (4.0, 4.0)
    (reason,) = recommend.recommend(pd.DataFrame([row])).iloc[0]["reasons"]
    assert reason == (
        "A key group to manage closely: its means (mean influence 4.0, mean interest 4.0) both "
        "reach the key-player thresholds, though only 33% of its members are key players."
    )
    assert "half or more" not in reason and "(33% of it are key players)" not in reason


def test_the_strategy_reason_quotes_the_means_when_the_group_is_not_key():
    informed = summary([("Desk", "user", 2, 4, 0)] * 2 + [("Desk", "user", 4, 4, 0)])
    row = recommend.group_evidence(informed, ["Desk"]).iloc[0]
    assert row["strategy"] == "keep informed"
    reasons = recommend.recommend(pd.DataFrame([row])).iloc[0]["reasons"]
    assert reasons == [
        "A group to keep informed by its means (mean influence 2.7, mean interest 4.0); only "
        "33% of its members are key players."
    ]
    quiet = recommend.recommend(recommend.group_evidence(summary([("P", "user", 1, 2, 0)]), ["P"]))
    assert quiet.iloc[0]["reasons"] == [
        "A group to monitor: little influence and interest on average (mean influence 1.0, "
        "mean interest 2.0)."
    ]


def test_toxic_hotspots_cap_communality_at_medium_and_say_why():
    frame = summary([("Execs", "executive", 5, 5, 2)] * 2)
    hotspots = pd.DataFrame(
        {"demographic": ["team", "team", "role"], "segment": ["Ops", "Ops", "Agents"]}
    )
    evidence = recommend.group_evidence(
        frame, ["Execs"], {"Execs": ("bespoke", "complex")}, placement(70.0), hotspots
    )
    assert evidence.iloc[0]["toxic_hotspots"] == 2  # two segments, not three rows
    result = recommend.recommend(evidence).iloc[0]
    assert result["recommended_communality"] == "medium"
    assert "Toxic behaviour is common in 2 part(s)" in result["reasons"][-1]


def test_a_critical_group_is_held_back():
    frame = summary([("Customers", "customer", 3, 3, -2)] * 4)
    evidence = recommend.group_evidence(frame, ["Customers"], {"Customers": ("configured", "")})
    result = recommend.recommend(evidence).iloc[0]
    assert result["recommended_type"] == "basic"
    assert any("leans critical (mean attitude -2.0)" in r for r in result["reasons"])


def test_regulators_are_never_service_partners():
    frame = summary([("Regulators", "regulator", 5, 5, 2)] * 3)
    evidence = recommend.group_evidence(
        frame, ["Regulators"], {"Regulators": ("bespoke", "complex")}
    )
    result = recommend.recommend(evidence).iloc[0]
    assert result["recommended_type"] == "cooperative"
    assert "not a service partner" in result["reasons"][-1]
    assert any("non-service relationship" in r for r in result["reasons"])


def test_a_simple_commodity_group_is_basic_and_low():
    result = advise(service_profile="commodity", environment="simple", main_kind="supplier")
    assert (result["recommended_type"], result["recommended_communality"]) == ("basic", "low")
    assert result["type_votes"] == -3 and result["communality_votes"] == -2


def test_without_a_culture_survey_the_culture_casts_no_vote():
    frame = summary([("Users", "user", 2, 4, 0)] * 5)
    evidence = recommend.group_evidence(frame, ["Users"], placement=None, hotspots=None)
    assert math.isnan(evidence.iloc[0]["culture_communality"])
    assert math.isnan(evidence.iloc[0]["toxic_hotspots"])
    result = recommend.recommend(evidence).iloc[0]
    assert not any("culture" in r for r in result["reasons"])
    assert any("No culture survey" in m for m in result["missing"])


def test_a_group_without_stakeholders_in_the_register():
    frame = summary([("Users", "user", 2, 4, 0)])
    evidence = recommend.group_evidence(frame, ["Media"], {"Media": ("commodity", "simple")})
    assert evidence.iloc[0]["strategy"] == ""
    result = recommend.recommend(evidence).iloc[0]
    assert result["recommended_type"] == "basic"
    assert any("No stakeholders of this group" in m for m in result["missing"])


def test_evidence_needs_the_map_columns():
    with pytest.raises(ValueError, match="no column.*attitude"):
        recommend.group_evidence(pd.DataFrame(columns=["group", "kind"]), ["G"])


def test_an_engagements_own_non_service_kind_is_never_a_partner():
    own = Vocabularies.from_settings({"stakeholder_kinds": {"family": "non-service"}})
    row = {"group": "Families", "main_kind": "family", "service_profile": "bespoke",
           "environment": "complex"}  # fmt: skip
    evidence = pd.DataFrame([row])
    assert recommend.recommend(evidence)["recommended_type"].iloc[0] == "partnership"
    advice = recommend.recommend(evidence, own).iloc[0]
    assert advice["recommended_type"] == "cooperative"
    assert "Mostly family stakeholders: a non-service relationship." in advice["reasons"]
