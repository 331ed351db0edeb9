"""Fixtures shared by the stakeholder tests."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from workbench.stakeholders import network

from .graphs import make_links, make_people


@pytest.fixture
def bridged() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two 4-cliques joined only through broker k, plus an isolated stakeholder z."""
    groups = {f"a{i}": "Alpha" for i in range(1, 5)}
    groups |= {f"b{i}": "Beta" for i in range(1, 5)}
    groups |= {"k": "Alpha", "z": "Beta"}
    pairs = [(f"a{i}", f"a{j}") for i in range(1, 5) for j in range(i + 1, 5)]
    pairs += [(f"b{i}", f"b{j}") for i in range(1, 5) for j in range(i + 1, 5)]
    pairs += [("k", "a1"), ("k", "b1")]
    return make_people(groups), make_links(pairs)


@pytest.fixture
def graph(bridged) -> nx.Graph:
    return network.build_graph(*bridged)
