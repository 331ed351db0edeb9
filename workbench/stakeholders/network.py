"""The relationship network: the graph built from the register, its centrality and brokers.

Pure functions: typed tables in, a networkx graph or a new DataFrame out. Nothing here
reads files or draws. What the network loses when someone leaves is in
:mod:`workbench.stakeholders.whatif`, where each stakeholder sits on the map in
:mod:`workbench.stakeholders.positions`, and :mod:`workbench.stakeholders.netmap` draws it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.guards import require_columns
from workbench.stakeholders import engine

__all__ = ["betweenness", "build_graph", "centrality"]

CENTRALITY_COLUMNS = [
    "id",
    "degree",
    "degree_centrality",
    "betweenness",
    "eigenvector",
    "community",
    "broker",
]


def _preview(values: Iterable[object], limit: int = 10) -> str:
    values = list(values)
    shown = ", ".join(repr(v) for v in values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


def build_graph(stakeholders: pd.DataFrame, relationships: pd.DataFrame) -> nx.Graph:
    """Build the undirected relationship network.

    Every stakeholder becomes a node (isolated ones too) with attributes ``name`` and
    ``group``. Every relationship becomes an edge with ``strength``, ``sentiment``,
    ``kind`` and ``relationships`` (how many register rows the edge stands for).
    Several rows between the same pair, in either direction, merge into one edge:
    strength is the maximum, sentiment the mean, kinds are joined in sorted order.

    Parameters
    ----------
    stakeholders : pd.DataFrame
        Needs columns ``id``, ``name``, ``group``.
    relationships : pd.DataFrame
        Needs columns ``source``, ``target``, ``kind``, ``strength`` (> 0), ``sentiment``.

    Returns
    -------
    nx.Graph

    Raises
    ------
    WorkbenchError
        A column is missing, ids repeat, a relationship names an unknown stakeholder or
        links a stakeholder to itself, or a strength is missing or not positive.

    Examples
    --------
    >>> s = pd.DataFrame({"id": ["a", "b"], "name": ["Ann", "Bo"], "group": ["x", "x"]})
    >>> r = pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"], "kind": ["informs"] * 2,
    ...                   "strength": [2, 4], "sentiment": [1, 0]})
    >>> build_graph(s, r).edges["a", "b"]["strength"]
    4
    """
    require_columns(stakeholders, ["id", "name", "group"], "stakeholders")
    require_columns(
        relationships, ["source", "target", "kind", "strength", "sentiment"], "relationships"
    )
    ids = stakeholders["id"].astype(str)
    duplicated = ids[ids.duplicated()].unique().tolist()
    if duplicated:
        raise WorkbenchError(
            f"Stakeholder id(s) {_preview(sorted(duplicated))} appear more than once. "
            "Fix: give every stakeholder its own id in the stakeholders table."
        )

    source = relationships["source"].astype(str)
    target = relationships["target"].astype(str)
    known = set(ids.tolist())
    unknown = sorted(set(source[~source.isin(known)]) | set(target[~target.isin(known)]))
    if unknown:
        raise WorkbenchError(
            f"The relationships table names {len(unknown)} stakeholder id(s) that are not in "
            f"the stakeholders table: {_preview(unknown)}. Fix: add them to the stakeholders "
            "table or correct the source/target of those relationships."
        )
    # Spreadsheet row numbers (header is row 1) so the consultant can find the rows.
    rows = pd.Series(np.arange(len(relationships)) + 2, index=relationships.index)
    loops = rows[(source == target).to_numpy()].tolist()
    if loops:
        raise WorkbenchError(
            f"relationships rows {_preview(loops)}: a stakeholder is linked to itself. "
            "Fix: correct the source or target, or delete those rows."
        )
    strength = pd.to_numeric(relationships["strength"], errors="coerce")
    bad = rows[~(strength > 0).to_numpy()].tolist()
    if bad:
        raise WorkbenchError(
            f"relationships rows {_preview(bad)}, column 'strength': missing or not a positive "
            "number. Fix: rate strength from 1 (weak) to 5 (strong)."
        )

    # Order each pair so a-b and b-a merge into the same undirected edge.
    low = source.where(source <= target, target)
    high = target.where(source <= target, source)
    rows_frame = pd.DataFrame(
        {
            "u": low.to_numpy(),
            "v": high.to_numpy(),
            "strength": strength.to_numpy(),
            "sentiment": pd.to_numeric(relationships["sentiment"], errors="coerce").to_numpy(),
            "kind": relationships["kind"].astype(str).to_numpy(),
        }
    )
    edges = (
        rows_frame.groupby(["u", "v"], sort=True)
        .agg(
            strength=("strength", "max"),
            sentiment=("sentiment", "mean"),
            relationships=("kind", "size"),
        )
        .reset_index()
    )
    # Joining kinds per group in Python is slow; only pairs with several kinds need it.
    kinds = rows_frame[["u", "v", "kind"]].drop_duplicates().sort_values(["u", "v", "kind"])
    several = kinds.duplicated(["u", "v"], keep=False)
    joined = pd.concat(
        [
            kinds[~several].set_index(["u", "v"])["kind"],
            kinds[several].groupby(["u", "v"], sort=True)["kind"].agg(", ".join),
        ]
    )
    edges["kind"] = joined.reindex(pd.MultiIndex.from_frame(edges[["u", "v"]])).to_numpy()
    strengths = edges["strength"].tolist()
    # Keep integer strengths integers; the register uses a 1-5 scale.
    strengths = [int(s) if float(s).is_integer() else float(s) for s in strengths]
    sentiments = edges["sentiment"].round(3).tolist()

    graph = nx.Graph()
    graph.add_nodes_from(
        (i, {"name": n, "group": g})
        for i, n, g in zip(
            ids.tolist(),
            stakeholders["name"].astype(str).tolist(),
            stakeholders["group"].astype(str).tolist(),
            strict=True,
        )
    )
    graph.add_edges_from(
        (u, v, {"strength": s, "sentiment": m, "kind": k, "relationships": c})
        for u, v, s, m, k, c in zip(
            edges["u"].tolist(),
            edges["v"].tolist(),
            strengths,
            sentiments,
            edges["kind"].tolist(),
            edges["relationships"].tolist(),
            strict=True,
        )
    )
    return graph


def _nodes_by_id(graph: nx.Graph, ids: list[str]) -> list[object]:
    """The graph's own node keys in the order of ``ids`` (keys need not be strings)."""
    by_id = {str(node): node for node in graph}
    return [by_id[i] for i in ids]


def _eigenvector(graph: nx.Graph) -> dict:
    """Eigenvector centrality that tolerates disconnected graphs and isolated nodes."""
    n = graph.number_of_nodes()
    scores = dict.fromkeys(graph, 0.0)
    for nodes in nx.connected_components(graph):
        size = len(nodes)
        if size == 1:
            continue  # an isolated stakeholder has no neighbours to borrow influence from
        if size == 2:
            part = dict.fromkeys(nodes, 1.0 / math.sqrt(2.0))
        else:
            sub = graph.subgraph(nodes)
            try:
                part = nx.eigenvector_centrality_numpy(sub, weight="strength")
            except (nx.NetworkXException, RuntimeError, ValueError):
                # ARPACK can fail to converge on awkward graphs; a dense solver always works.
                matrix = nx.to_numpy_array(sub, weight="strength")
                _, vectors = np.linalg.eigh(matrix)
                vector = np.abs(vectors[:, -1])
                part = dict(zip(sub, (vector / np.linalg.norm(vector)).tolist(), strict=True))
        # Each component's vector has unit length; weight it by the component's share of
        # the network so a pair of isolated contacts does not look as central as a hub.
        factor = math.sqrt(size / n)
        for node, value in part.items():
            scores[node] = abs(value) * factor
    return scores


def _numbered_communities(view: engine.IndexedGraph, seed: int) -> list[int]:
    """Leiden's communities numbered 1..k: largest first, ties by smallest id."""
    labels = engine.communities(view, seed)
    members: dict[int, list[str]] = {}
    for node_id, label in zip(view.ids, labels.tolist(), strict=True):
        members.setdefault(label, []).append(node_id)
    ordered = sorted(members, key=lambda label: (-len(members[label]), min(members[label])))
    number = {label: rank for rank, label in enumerate(ordered, 1)}
    return [number[label] for label in labels.tolist()]


def betweenness(graph: nx.Graph) -> pd.DataFrame:
    """Only the ``betweenness`` column of :func:`centrality` (with ``id``), sorted by id.

    Examples
    --------
    >>> betweenness(nx.path_graph(["a", "b", "c"]))["betweenness"].tolist()
    [0.0, 1.0, 0.0]
    """
    view = engine.indexed(graph)
    return pd.DataFrame({"id": view.ids, "betweenness": engine.betweenness(view).round(3)})


def centrality(
    graph: nx.Graph,
    seed: int = 42,
    broker_top_share: float = 0.1,
) -> pd.DataFrame:
    """Centrality, community and broker flag for every stakeholder.

    Betweenness is exact at every size, normalized, and uses ``1 / strength`` as the
    distance, so strong relationships are preferred paths. Eigenvector centrality is
    computed per connected component and scaled by ``sqrt(component size / n)``; isolated
    nodes score 0. Communities come from Leiden (modularity, weight ``strength``, seeded)
    and are numbered 1..k by size, largest first, ties by smallest id. Betweenness and
    communities run in the compiled engine (:mod:`workbench.stakeholders.engine`).
    A broker has betweenness > 0, is among the top ``broker_top_share`` of nodes by
    betweenness (ties at the cut-off included) and has neighbours in at least two
    communities.

    Parameters
    ----------
    graph : nx.Graph
        As returned by :func:`build_graph`.
    seed : int
        Seed for the community detection.
    broker_top_share : float
        Share of nodes (0 < share <= 1) that can be brokers.

    Returns
    -------
    pd.DataFrame
        Columns id, degree, degree_centrality, betweenness, eigenvector, community,
        broker; floats rounded to 3 decimals; sorted by id.

    Examples
    --------
    >>> g = nx.path_graph(["a", "b", "c"])
    >>> centrality(g)["betweenness"].tolist()
    [0.0, 1.0, 0.0]
    """
    if not 0 < broker_top_share <= 1:
        raise WorkbenchError(
            f"broker_top_share is {broker_top_share!r}. Fix: use a share between 0 and 1, "
            "for example 0.1 for the top 10% (engagement.toml, [stakeholder_map])."
        )
    n = graph.number_of_nodes()
    if n == 0:
        dtypes = ["str", "int64", "float64", "float64", "float64", "int64", "bool"]
        return pd.DataFrame(
            {c: pd.Series(dtype=t) for c, t in zip(CENTRALITY_COLUMNS, dtypes, strict=True)}
        )
    view = engine.indexed(graph)
    degree = np.array(view.graph.degree(), dtype=int)
    eigen = _eigenvector(graph)
    table = pd.DataFrame(
        {
            "id": view.ids,
            "degree": degree,
            "degree_centrality": degree / (n - 1) if n > 1 else np.zeros(n),
            "betweenness": engine.betweenness(view),
            "eigenvector": [eigen[v] for v in _nodes_by_id(graph, view.ids)],
            "community": _numbered_communities(view, seed),
        }
    )

    # Top share by rank: the cut-off is the betweenness of the m-th highest node.
    top = max(1, math.ceil(broker_top_share * n))
    cutoff = table["betweenness"].nlargest(top).min()
    candidate = (table["betweenness"] > 0) & (table["betweenness"] >= cutoff)
    ends = pd.DataFrame(list(graph.edges()), columns=["u", "v"]).astype(str)
    comm_by_id = dict(zip(table["id"], table["community"], strict=True))
    both = pd.concat(
        [
            ends.rename(columns={"u": "node", "v": "other"}),
            ends.rename(columns={"v": "node", "u": "other"}),
        ]
    )
    neighbour_communities = both["other"].map(comm_by_id).groupby(both["node"]).nunique()
    reaches = table["id"].map(neighbour_communities).fillna(0) >= 2
    table["broker"] = (candidate & reaches).astype(bool)
    for column in ["degree_centrality", "betweenness", "eigenvector"]:
        table[column] = table[column].astype(float).round(3)
    return table.sort_values("id", kind="stable").reset_index(drop=True)
