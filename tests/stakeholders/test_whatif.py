"""Tests for workbench.stakeholders.whatif: what the network loses when someone leaves."""

from __future__ import annotations

import pytest

from workbench.core.errors import WorkbenchError
from workbench.stakeholders import whatif

# --- build_graph ---------------------------------------------------------------------


def test_what_if_removing_the_bridge(graph):
    result = whatif.what_if_remove(graph, "k")
    assert result["removed"] == "k" and result["name"] == "Name k"
    assert result["components_before"] == 2  # the bridged cliques and z
    assert result["components_after"] == 3
    assert result["components_split"] == 1
    assert result["reachable_pairs_before"] == 36  # 9 * 8 / 2
    assert result["reachable_pairs_after"] == 12  # 2 * (4 * 3 / 2)
    # 36 pairs minus the 8 that involve k were reachable; 12 still are.
    assert result["reach_lost"] == 16
    assert result["reach_lost_pct"] == pytest.approx(57.143)


def test_what_if_removing_an_isolated_or_ordinary_stakeholder(graph):
    alone = whatif.what_if_remove(graph, "z")
    assert alone["components_split"] == 0
    assert alone["components_after"] == alone["components_before"] - 1
    assert alone["reach_lost"] == 0 and alone["reach_lost_pct"] == 0.0
    ordinary = whatif.what_if_remove(graph, "a2")
    assert ordinary["components_split"] == 0 and ordinary["reach_lost"] == 0


def test_what_if_unknown_id_says_how_to_fix(graph):
    with pytest.raises(WorkbenchError, match=r"'nobody' is not in the network. Fix: pick one"):
        whatif.what_if_remove(graph, "nobody")


def test_what_if_table_keeps_the_order_given(graph):
    table = whatif.what_if_table(graph, ["z", "k"])
    assert table.columns.tolist() == whatif.WHAT_IF_COLUMNS
    assert table["removed"].tolist() == ["z", "k"]
    assert table["reach_lost"].tolist() == [0, 16]
    assert whatif.what_if_table(graph, []).columns.tolist() == whatif.WHAT_IF_COLUMNS


def test_cut_points_are_everyone_whose_removal_loses_reach(graph):
    table = whatif.cut_points(graph)
    assert table.columns.tolist() == whatif.WHAT_IF_COLUMNS
    everyone = whatif.what_if_table(graph, sorted(graph))
    assert set(table["removed"]) == set(everyone.loc[everyone["reach_lost"] > 0, "removed"])
    assert (table["reach_lost"] > 0).all()
    # The bridge k cuts off most, then a1 and b1 (each the cliques' only door to k).
    assert table["removed"].tolist() == ["k", "a1", "b1"]
    assert table["reach_lost"].is_monotonic_decreasing


def test_a_network_without_a_single_point_of_failure_has_no_cut_points():
    import networkx as nx

    assert whatif.cut_points(nx.cycle_graph(["a", "b", "c", "d"])).empty
    assert whatif.cut_points(nx.Graph()).columns.tolist() == whatif.WHAT_IF_COLUMNS
