"""Tests for workbench.stakeholders.network: the graph, centrality and brokers."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.guards import FrameError
from workbench.stakeholders import network

from .graphs import make_links, make_people

# --- build_graph ---------------------------------------------------------------------


def test_build_graph_keeps_isolated_stakeholders_and_attributes(graph):
    assert graph.number_of_nodes() == 10
    assert graph.number_of_edges() == 14
    assert graph.nodes["z"] == {"name": "Name z", "group": "Beta"}
    assert graph.degree("z") == 0


def test_build_graph_merges_duplicate_relationships_in_both_directions():
    people = make_people({"a": "x", "b": "x"})
    links = pd.DataFrame(
        {
            "source": ["a", "b", "a"],
            "target": ["b", "a", "b"],
            "kind": ["informs", "supplies", "informs"],
            "strength": [2, 5, 1],
            "sentiment": [1, -2, 0],
        }
    )
    before = links.copy()
    graph = network.build_graph(people, links)
    assert graph.number_of_edges() == 1
    edge = graph.edges["a", "b"]
    assert edge["strength"] == 5
    assert edge["sentiment"] == pytest.approx(-0.333)
    assert edge["kind"] == "informs, supplies"
    assert edge["relationships"] == 3
    pd.testing.assert_frame_equal(links, before)  # input untouched


def test_build_graph_lists_unknown_endpoints():
    people = make_people({"a": "x", "b": "x"})
    links = make_links([("a", "ghost1"), ("ghost2", "b"), ("a", "b")])
    with pytest.raises(WorkbenchError) as caught:
        network.build_graph(people, links)
    message = str(caught.value)
    assert "'ghost1'" in message and "'ghost2'" in message
    assert "not in the stakeholders table" in message
    assert "Fix:" in message


def test_build_graph_names_missing_columns():
    people = make_people({"a": "x"}).drop(columns="group")
    with pytest.raises(FrameError, match="stakeholders frame: missing column.*'group'"):
        network.build_graph(people, make_links([]))
    with pytest.raises(FrameError, match="relationships frame: missing column.*'strength'"):
        network.build_graph(make_people({"a": "x"}), make_links([]).drop(columns="strength"))


def test_build_graph_rejects_self_links_bad_strength_and_repeated_ids():
    people = make_people({"a": "x", "b": "x"})
    with pytest.raises(WorkbenchError, match=r"relationships rows 3: a stakeholder is linked"):
        network.build_graph(people, make_links([("a", "b"), ("b", "b")]))
    with pytest.raises(WorkbenchError, match=r"rows 2, column 'strength'"):
        network.build_graph(people, make_links([("a", "b")], strength=0))
    twice = pd.concat([people, people.iloc[[0]]], ignore_index=True)
    with pytest.raises(WorkbenchError, match=r"id\(s\) 'a' appear more than once"):
        network.build_graph(twice, make_links([]))


# --- centrality ----------------------------------------------------------------------


def test_centrality_flags_the_broker_between_two_cliques(graph):
    table = network.centrality(graph)
    assert table.columns.tolist() == network.CENTRALITY_COLUMNS
    assert table["id"].tolist() == sorted(graph)
    row = table.set_index("id").loc["k"]
    assert row["betweenness"] == table["betweenness"].max()
    assert table.loc[table["broker"], "id"].tolist() == ["k"]
    assert table.set_index("id").loc["a2", "degree"] == 3
    assert table["degree"].dtype.kind == "i"


def test_centrality_communities_are_numbered_by_size_and_repeat(graph):
    first = network.centrality(graph, seed=7)
    second = network.centrality(graph, seed=7)
    pd.testing.assert_frame_equal(first, second)
    community = first.set_index("id")["community"]
    # The two cliques are separate communities; the isolated stakeholder is the smallest.
    assert community["a2"] != community["b2"]
    assert {community[f"a{i}"] for i in range(1, 5)} == {community["a1"]}
    assert community["z"] == 3
    sizes = first["community"].value_counts().sort_index()
    assert sizes.is_monotonic_decreasing


def test_centrality_handles_isolated_nodes_and_no_edges():
    empty = network.build_graph(make_people({"c": "x", "a": "x", "b": "y"}), make_links([]))
    table = network.centrality(empty)
    assert table["id"].tolist() == ["a", "b", "c"]
    assert table["betweenness"].eq(0).all() and table["eigenvector"].eq(0).all()
    assert table["community"].tolist() == [1, 2, 3]  # equal sizes: smallest id first
    assert not table["broker"].any()
    assert network.centrality(nx.Graph()).columns.tolist() == network.CENTRALITY_COLUMNS


def test_centrality_on_disconnected_graph_scores_each_component():
    people = make_people({i: "x" for i in ["a", "b", "c", "d", "e", "f", "p", "q", "z"]})
    links = make_links([("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d")])
    links = pd.concat([links, make_links([("p", "q")])], ignore_index=True)
    table = network.centrality(network.build_graph(people, links)).set_index("id")
    # Two identical triangles score alike; the isolated stakeholder scores 0.
    assert table.loc["a", "eigenvector"] == table.loc["d", "eigenvector"] > 0
    assert table.loc["p", "eigenvector"] > 0
    assert table.loc["z", "eigenvector"] == 0


def test_centrality_rejects_a_bad_broker_share(graph):
    with pytest.raises(WorkbenchError, match=r"broker_top_share is 1.5.*between 0 and 1"):
        network.centrality(graph, broker_top_share=1.5)


# --- what-if -------------------------------------------------------------------------
