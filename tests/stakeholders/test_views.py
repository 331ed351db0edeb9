import pandas as pd
import pytest

from workbench.stakeholders import views
from workbench.stakeholders import workshop as mapping

HTML_NAME = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def workshop():
    return mapping.analyse("demo")


def test_filter_keeps_only_matching_rows(workshop):
    summary = workshop.summary
    chosen = views.filter_stakeholders(summary, group="Suppliers", quadrant="crowd")
    assert (
        len(chosen) == ((summary["group"] == "Suppliers") & (summary["quadrant"] == "crowd")).sum()
    )
    assert set(chosen["group"]) <= {"Suppliers"}
    assert len(views.filter_stakeholders(summary)) == len(summary)


def test_grid_has_a_dot_per_stakeholder_and_escapes_names(workshop):
    svg = views.grid_svg(workshop.summary)
    assert svg.count("<circle") == len(workshop.summary)
    assert HTML_NAME not in svg and "&lt;img src=x onerror=alert(1)&gt;" in svg
    for label in ("Manage closely", "Keep satisfied", "Keep informed", "Monitor"):
        assert label in svg


def test_grid_puts_the_threshold_line_where_settings_say():
    frame = pd.DataFrame(
        {
            "id": ["a"],
            "name": ["A"],
            "group": ["G"],
            "influence": [5],
            "interest": [1],
            "attitude_band": ["neutral"],
            "strategy": ["keep satisfied"],
        }
    )
    low, high = views.grid_svg(frame, 2.5, 2.5), views.grid_svg(frame, 4.5, 4.5)
    assert low != high


def test_explorer_filters_update_grid_table_and_map(workshop):
    explorer = views.stakeholder_explorer(workshop)
    table, grid, network = explorer.table.value, explorer.grid.value, explorer.map.value
    explorer.quadrant.value = "key players"
    assert explorer.table.value != table
    assert (
        explorer.grid.value.count("<circle")
        == (workshop.summary["strategy"] == "manage closely").sum()
    )
    assert explorer.map.value != network
    assert "Showing" in explorer.count.value
    assert grid != explorer.grid.value


def test_explorer_carries_a_static_snapshot_for_html_export(workshop):
    bundle = views.stakeholder_explorer(workshop)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "<svg" in bundle["text/html"] and "<iframe" in bundle["text/html"]
    assert HTML_NAME not in bundle["text/html"]


def test_consensus_table_lists_disputed_most_first(workshop):
    table = views.consensus_table(workshop)
    assert len(table) >= 6
    spreads = table[["influence_spread", "interest_spread", "attitude_spread"]].max(axis=1)
    assert spreads.is_monotonic_decreasing and (spreads >= 2).all()


def test_communities_cover_everyone(workshop):
    table = views.communities_table(workshop)
    assert table["members"].sum() == len(workshop.summary)


def test_what_if_panel_starts_with_the_most_central_and_follows_the_picker(workshop):
    panel = views.what_if_panel(workshop)
    top = workshop.summary.sort_values(["betweenness", "id"], ascending=[False, True]).iloc[0]
    assert panel.picker.value == top["id"] and top["id"] in panel.result.value
    other = workshop.summary["id"].iloc[-1]
    panel.picker.value = other
    assert other in panel.result.value and "reach_lost" in panel.result.value
    assert panel._repr_mimebundle_()["text/html"] == panel.result.value
