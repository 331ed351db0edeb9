import pytest

from workbench.core.errors import InputError
from workbench.stakeholders import whatif
from workbench.stakeholders import workshop as mapping
from workbench.stakeholders.analysis import REASON_SPLITS

REQUIRED = [
    "id",
    "name",
    "group",
    "influence",
    "interest",
    "quadrant",
    "strategy",
    "attitude",
    "salience",
    "degree",
    "betweenness",
    "broker",
    "community",
]


def test_demo_analysis_is_complete():
    workshop = mapping.analyse("demo")
    assert len(workshop.summary) >= 60
    assert workshop.graph.number_of_edges() >= 150
    assert workshop.baseline == "2026-06-18"
    assert len(workshop.diff["quadrant_moves"]) > 0
    assert workshop.summary["broker"].any()
    assert set(workshop.what_if["removed"]) == set(
        workshop.summary.loc[workshop.summary["broker"], "id"]
    )
    assert not workshop.at_risk.empty


def test_at_risk_for_splitting_the_network_means_reach_lost_in_the_what_if():
    workshop = mapping.analyse("demo")
    risky = workshop.at_risk[workshop.at_risk["reasons"].str.contains(REASON_SPLITS)]
    assert len(risky)  # the demo has stakeholders whose departure cuts others off
    for row in risky.itertuples():
        lost = whatif.what_if_remove(workshop.graph, row.id)["reach_lost"]
        assert (
            lost > 0 and f"({lost} pairs of others can no longer reach each other)" in row.reasons
        )
    everyone = whatif.what_if_table(workshop.graph, sorted(workshop.graph))
    assert set(risky["id"]) == set(everyone.loc[everyone["reach_lost"] > 0, "removed"])
    # A broker whose departure cuts nobody off is not at risk on that count.
    harmless = workshop.what_if.loc[workshop.what_if["reach_lost"] == 0, "removed"]
    assert len(harmless) and not risky["id"].isin(harmless).any()
    assert not workshop.at_risk["reasons"].str.contains("broker").any()


def test_results_sheet_has_the_contract_columns():
    sheets = mapping.results_sheets(mapping.analyse("demo"))
    assert set(REQUIRED) <= set(sheets["stakeholders"].columns)
    assert all(len(name) <= 31 for name in sheets)


def test_analysis_is_deterministic():
    first, second = mapping.analyse("demo"), mapping.analyse("demo")
    assert first.summary.equals(second.summary)
    assert first.positions.equals(second.positions)


def test_older_baseline_can_be_chosen_and_unknown_one_is_explained():
    assert mapping.analyse("demo", "2026-03-12").baseline == "2026-03-12"
    with pytest.raises(InputError, match=r"no workshop snapshot dated 2020-01-01.*2026-03-12"):
        mapping.analyse("demo", "2020-01-01")


def test_engagement_without_snapshots_has_no_diff(blank_engagement):
    workshop = mapping.analyse(blank_engagement)
    assert workshop.baseline is None and workshop.diff == {}
