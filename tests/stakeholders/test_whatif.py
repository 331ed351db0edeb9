"""The one-pass what-if equals removing each stakeholder in turn."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from workbench.core.errors import WorkbenchError
from workbench.stakeholders import whatif


def _one_at_a_time(graph: nx.Graph) -> pd.DataFrame:
    rows = [whatif.what_if_remove(graph, v) for v in sorted(graph, key=str)]
    return pd.DataFrame(rows, columns=whatif.WHAT_IF_COLUMNS)


def _named(graph: nx.Graph) -> nx.Graph:
    graph = nx.relabel_nodes(graph, {n: f"s{n:03d}" for n in graph})
    nx.set_node_attributes(graph, {n: f"Person {n}" for n in graph}, "name")
    return graph


@pytest.mark.parametrize("seed", range(40))
def test_one_pass_equals_one_removal_at_a_time_on_random_graphs(seed):
    # Sparse random graphs: many articulation points, several components, isolated nodes.
    size = 5 + seed * 3
    graph = _named(nx.gnm_random_graph(size, int(size * (0.6 + seed % 4 * 0.3)), seed=seed))
    pd.testing.assert_frame_equal(whatif.what_if_all(graph), _one_at_a_time(graph))


@pytest.mark.parametrize(
    "graph",
    [nx.path_graph(6), nx.star_graph(5), nx.cycle_graph(7), nx.barbell_graph(4, 3),
     nx.balanced_tree(2, 4), nx.empty_graph(3), nx.complete_graph(5)],
    ids=["path", "star", "cycle", "barbell", "tree", "no ties", "complete"],
)  # fmt: skip
def test_one_pass_equals_one_removal_at_a_time_on_shapes(graph):
    graph = _named(graph)
    pd.testing.assert_frame_equal(whatif.what_if_all(graph), _one_at_a_time(graph))


def test_cut_points_are_the_articulation_points():
    graph = _named(nx.gnm_random_graph(200, 230, seed=9))
    points = set(whatif.cut_points(graph)["removed"])
    assert points == set(nx.articulation_points(graph)) and points


def test_what_if_table_keeps_the_order_and_names_an_unknown_id():
    graph = _named(nx.path_graph(4))
    table = whatif.what_if_table(graph, ["s002", "s000"])
    assert table["removed"].tolist() == ["s002", "s000"]
    assert table["reach_lost"].tolist() == [2, 0]
    with pytest.raises(WorkbenchError, match="'nobody' is not in the network"):
        whatif.what_if_table(graph, ["s001", "nobody"])


def test_a_deep_chain_needs_no_recursion():
    graph = _named(nx.path_graph(20_000))  # deeper than Python's recursion limit
    table = whatif.what_if_all(graph).set_index("removed")
    middle = 10_000
    assert table.loc[f"s{middle:03d}", "reach_lost"] == middle * (20_000 - middle - 1)
