"""Tests for workbench.stakeholders.positions: the seeded layout and groups as dots."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from workbench.stakeholders import network, positions

from .graphs import make_links, make_people

# --- build_graph ---------------------------------------------------------------------


def test_layout_is_deterministic_and_in_range(graph):
    first = positions.layout(graph, seed=3)
    pd.testing.assert_frame_equal(first, positions.layout(graph, seed=3))
    assert first.columns.tolist() == ["id", "x", "y"]
    assert first["id"].tolist() == sorted(graph)
    assert first[["x", "y"]].abs().max().max() <= 1000.0
    assert (first["x"] == first["x"].round(1)).all()


def test_large_layout_uses_group_discs(graph, monkeypatch):
    monkeypatch.setattr(positions, "SPRING_LAYOUT_LIMIT", 3)
    first = positions.layout(graph)
    pd.testing.assert_frame_equal(first, positions.layout(graph, seed=99))
    assert first[["x", "y"]].abs().max().max() == pytest.approx(1000.0, abs=0.1)
    spots = first.set_index("id")
    # Members of one group sit closer to each other than to the other group's members.
    alpha = spots.loc[["a1", "a2", "a3", "a4", "k"]].mean()
    beta = spots.loc[["b1", "b2", "b3", "b4", "z"]].mean()
    assert ((spots.loc["a2"] - alpha) ** 2).sum() < ((spots.loc["a2"] - beta) ** 2).sum()


def test_the_engines_spring_layout_is_seeded_and_keeps_clusters_apart():
    # Above NETWORKX_LAYOUT_LIMIT the engine lays out: two loosely joined clusters.
    graph = nx.relabel_nodes(nx.planted_partition_graph(2, 200, 0.1, 0.002, seed=4), str)
    nx.set_edge_attributes(graph, 3, "strength")
    assert graph.number_of_nodes() > positions.NETWORKX_LAYOUT_LIMIT
    first = positions.layout(graph, seed=5)
    pd.testing.assert_frame_equal(first, positions.layout(graph, seed=5))
    assert first["id"].tolist() == sorted(graph)
    assert first[["x", "y"]].abs().max().max() == pytest.approx(1000.0, abs=0.1)
    spots = first.set_index("id")
    cluster = spots.index.astype(int) // 200
    centres = spots.groupby(cluster).mean()
    spread = spots.groupby(cluster).std().mean().mean()
    assert ((centres.iloc[0] - centres.iloc[1]) ** 2).sum() ** 0.5 > spread


def test_layout_of_tiny_graphs():
    assert positions.layout(nx.Graph()).empty
    single = positions.layout(network.build_graph(make_people({"a": "x"}), make_links([])))
    assert single.to_dict("records") == [{"id": "a", "x": 0.0, "y": 0.0}]


def test_group_graph_counts_members_and_relationships(bridged):
    people, links = bridged
    doubled = pd.concat([links, make_links([("b1", "k")])], ignore_index=True)  # a duplicate
    groups = positions.group_graph(network.build_graph(people, doubled))
    assert sorted(groups) == ["Alpha", "Beta"]
    assert groups.nodes["Alpha"]["size"] == 5 and groups.nodes["Beta"]["size"] == 5
    assert groups.edges["Alpha", "Beta"]["weight"] == 2  # k-b1 recorded twice
    assert groups.nodes["Alpha"]["internal"] == 7  # the a-clique's 6 plus k-a1
