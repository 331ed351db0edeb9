"""The relationship network: graph building, centrality, brokers, what-if and layout.

Pure functions: typed tables in, a networkx graph or a new DataFrame out. Nothing here
reads files or draws; :mod:`workbench.stakeholders.netmap` turns the results into the network map.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.guards import require_columns

__all__ = [
    "build_graph",
    "centrality",
    "group_graph",
    "layout",
    "what_if_remove",
    "what_if_table",
]

CENTRALITY_COLUMNS = [
    "id",
    "degree",
    "degree_centrality",
    "betweenness",
    "eigenvector",
    "community",
    "broker",
]
WHAT_IF_COLUMNS = [
    "removed",
    "name",
    "components_before",
    "components_after",
    "components_split",
    "reachable_pairs_before",
    "reachable_pairs_after",
    "reach_lost",
    "reach_lost_pct",
]
# Above this many nodes the seeded spring layout gets slow; use the group-wise arrangement.
SPRING_LAYOUT_LIMIT = 1500
LAYOUT_SCALE = 1000.0
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


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


def _distance(u: object, v: object, data: dict) -> float:
    # Strong relationships are short paths: information flows along them more easily.
    return 1.0 / float(data.get("strength", 1) or 1)


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


def _numbered_communities(graph: nx.Graph, seed: int) -> dict:
    communities = nx.community.louvain_communities(graph, weight="strength", seed=seed)
    # Largest first, ties by smallest id, so the numbers repeat from run to run.
    ordered = sorted(communities, key=lambda c: (-len(c), min(str(n) for n in c)))
    return {node: number for number, members in enumerate(ordered, 1) for node in members}


def centrality(
    graph: nx.Graph,
    seed: int = 42,
    broker_top_share: float = 0.1,
    exact_limit: int = 2000,
) -> pd.DataFrame:
    """Centrality, community and broker flag for every stakeholder.

    Betweenness is normalized and uses ``1 / strength`` as the distance, so strong
    relationships are preferred paths. For graphs with more than ``exact_limit`` nodes it
    is estimated from ``k = min(500, n)`` source nodes sampled with ``seed`` (exact below).
    Eigenvector centrality is computed per connected component and scaled by
    ``sqrt(component size / n)``; isolated nodes score 0. Communities come from Louvain
    (weight ``strength``, seeded) and are numbered 1..k by size, largest first, ties by
    smallest id. A broker has betweenness > 0, is among the top ``broker_top_share`` of
    nodes by betweenness (ties at the cut-off included) and has neighbours in at least
    two communities.

    Parameters
    ----------
    graph : nx.Graph
        As returned by :func:`build_graph`.
    seed : int
        Seed for Louvain and betweenness sampling.
    broker_top_share : float
        Share of nodes (0 < share <= 1) that can be brokers.
    exact_limit : int
        Largest graph for which betweenness is computed exactly.

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
    nodes = sorted(graph, key=str)
    degree = dict(graph.degree())
    if n > exact_limit:
        between = nx.betweenness_centrality(
            graph, k=min(500, n), normalized=True, weight=_distance, seed=seed
        )
    else:
        between = nx.betweenness_centrality(graph, normalized=True, weight=_distance)
    eigen = _eigenvector(graph)
    community = _numbered_communities(graph, seed)
    table = pd.DataFrame(
        {
            "id": [str(v) for v in nodes],
            "degree": [int(degree[v]) for v in nodes],
            "degree_centrality": [degree[v] / (n - 1) if n > 1 else 0.0 for v in nodes],
            "betweenness": [between[v] for v in nodes],
            "eigenvector": [eigen[v] for v in nodes],
            "community": [community[v] for v in nodes],
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


def _pairs(sizes: Iterable[int]) -> int:
    return int(sum(s * (s - 1) // 2 for s in sizes))


def what_if_remove(graph: nx.Graph, stakeholder_id: str) -> dict:
    """What the network loses if one stakeholder leaves.

    Parameters
    ----------
    graph : nx.Graph
    stakeholder_id : str

    Returns
    -------
    dict
        ``removed``, ``name``, ``components_before``, ``components_after``,
        ``components_split`` (how many extra pieces the stakeholder's own part of the
        network falls into; a stakeholder who was alone does not count), the reachable
        pairs before and after, ``reach_lost`` (pairs of other stakeholders who could
        reach each other before and cannot after) and ``reach_lost_pct`` (percent of the
        pairs of other stakeholders that were reachable before).

    Examples
    --------
    >>> what_if_remove(nx.path_graph(["a", "b", "c"]), "b")["reach_lost"]
    1
    """
    if stakeholder_id not in graph:
        raise WorkbenchError(
            f"Stakeholder {stakeholder_id!r} is not in the network. Fix: pick one of the ids "
            f"in the stakeholders table, for example {_preview(sorted(graph, key=str), 5)}."
        )
    components = list(nx.connected_components(graph))
    own = next(c for c in components if stakeholder_id in c)
    # Only the removed stakeholder's own component changes.
    pieces = [len(c) for c in nx.connected_components(graph.subgraph(own - {stakeholder_id}))]
    before = len(components)
    after = before - 1 + len(pieces)
    pairs_before = _pairs(len(c) for c in components)
    pairs_after = pairs_before - _pairs([len(own)]) + _pairs(pieces)
    others_before = pairs_before - (len(own) - 1)  # pairs without the removed stakeholder
    lost = others_before - pairs_after
    return {
        "removed": stakeholder_id,
        "name": str(graph.nodes[stakeholder_id].get("name", stakeholder_id)),
        "components_before": before,
        "components_after": after,
        "components_split": max(len(pieces) - 1, 0),
        "reachable_pairs_before": pairs_before,
        "reachable_pairs_after": pairs_after,
        "reach_lost": lost,
        "reach_lost_pct": round(100.0 * lost / others_before, 3) if others_before else 0.0,
    }


def what_if_table(graph: nx.Graph, ids: Iterable[str]) -> pd.DataFrame:
    """:func:`what_if_remove` for several stakeholders, one row each, in the order given.

    Examples
    --------
    >>> what_if_table(nx.path_graph(["a", "b", "c"]), ["b"])["components_split"].tolist()
    [1]
    """
    rows = [what_if_remove(graph, i) for i in ids]
    return pd.DataFrame(rows, columns=WHAT_IF_COLUMNS)


def _group_discs(graph: nx.Graph) -> pd.DataFrame:
    """Fast layout: each group a sunflower disc, the discs on a circle."""
    ids = list(graph)
    frame = pd.DataFrame(
        {
            "id": [str(i) for i in ids],
            "group": [str(graph.nodes[i].get("group", "")) for i in ids],
            "degree": [d for _, d in graph.degree(ids)],
        }
    )
    # Best-connected stakeholders sit in the middle of their group's disc.
    frame = frame.sort_values(
        ["group", "degree", "id"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)
    sizes = frame.groupby("group", sort=True).size()
    radius = np.sqrt(sizes.to_numpy(dtype=float))
    gap = 1.25 * 2 * radius  # diameter plus some space between groups
    if len(sizes) == 1:
        centres = np.zeros((1, 2))
    else:
        ring = max(gap.sum() / (2 * math.pi), radius.max() * 1.5)
        angle = 2 * math.pi * (np.cumsum(gap) - gap / 2) / gap.sum()
        centres = np.column_stack([ring * np.cos(angle), ring * np.sin(angle)])
    index = frame["group"].map({g: i for i, g in enumerate(sizes.index)}).to_numpy()
    rank = frame.groupby("group", sort=False).cumcount().to_numpy(dtype=float)
    size = sizes.to_numpy(dtype=float)[index]
    r = radius[index] * np.sqrt((rank + 0.5) / size)
    theta = rank * _GOLDEN_ANGLE
    xy = centres[index] + np.column_stack([r * np.cos(theta), r * np.sin(theta)])
    span = np.abs(xy).max() or 1.0
    xy = xy / span * LAYOUT_SCALE
    return pd.DataFrame({"id": frame["id"], "x": xy[:, 0], "y": xy[:, 1]})


def layout(graph: nx.Graph, seed: int = 42) -> pd.DataFrame:
    """Node positions for the network map, in roughly [-1000, 1000].

    Up to 1,500 nodes: networkx's spring layout (seeded, weight ``strength``). Larger
    graphs: a fast group-wise arrangement (each group a disc, best-connected members in
    the middle, discs on a circle) that needs no randomness. Both are deterministic.

    Returns
    -------
    pd.DataFrame
        Columns id, x, y (rounded to 1 decimal), sorted by id.

    Examples
    --------
    >>> layout(nx.path_graph(["a", "b"])).columns.tolist()
    ['id', 'x', 'y']
    """
    n = graph.number_of_nodes()
    if n == 0:
        return pd.DataFrame(
            {"id": pd.Series(dtype="str"), "x": pd.Series(dtype=float), "y": pd.Series(dtype=float)}
        )
    if n > SPRING_LAYOUT_LIMIT:
        frame = _group_discs(graph)
    else:
        pos = nx.spring_layout(graph, seed=seed, weight="strength", scale=LAYOUT_SCALE)
        ids = list(pos)
        xy = np.array([pos[i] for i in ids], dtype=float).reshape(-1, 2)
        frame = pd.DataFrame({"id": [str(i) for i in ids], "x": xy[:, 0], "y": xy[:, 1]})
    frame["x"] = frame["x"].round(1)
    frame["y"] = frame["y"].round(1)
    return frame.sort_values("id", kind="stable").reset_index(drop=True)


def group_graph(graph: nx.Graph) -> nx.Graph:
    """One node per stakeholder group, for maps of networks too big to show in full.

    Node attributes: ``size`` (members) and ``internal`` (relationships inside the group).
    Edge attribute ``weight``: number of relationships between the two groups (merged
    duplicate rows counted as the rows they came from).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_nodes_from([("a", {"group": "x"}), ("b", {"group": "y"})])
    >>> g.add_edge("a", "b")
    >>> group_graph(g).edges["x", "y"]["weight"]
    1
    """
    groups = {v: str(d.get("group", "")) for v, d in graph.nodes(data=True)}
    members = pd.Series(groups, dtype=object).value_counts().sort_index()
    result = nx.Graph()
    result.add_nodes_from(
        (g, {"size": int(c), "internal": 0}) for g, c in zip(members.index, members, strict=True)
    )
    if graph.number_of_edges():
        edges = pd.DataFrame(
            [
                (groups[u], groups[v], d.get("relationships", 1))
                for u, v, d in graph.edges(data=True)
            ],
            columns=["a", "b", "count"],
        )
        low = edges["a"].where(edges["a"] <= edges["b"], edges["b"])
        high = edges["b"].where(edges["a"] <= edges["b"], edges["a"])
        counts = edges.groupby([low.rename("a"), high.rename("b")], sort=True)["count"].sum()
        for (a, b), count in counts.items():
            if a == b:
                result.nodes[a]["internal"] = int(count)
            else:
                result.add_edge(a, b, weight=int(count))
    return result
