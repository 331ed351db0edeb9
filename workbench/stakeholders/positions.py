"""Where each stakeholder sits on the network map: a seeded layout, and groups as dots.

Positions are computed once per analysis, so filters move nothing and nbval sees the same
numbers on every run.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from workbench.stakeholders import engine

# Up to this many nodes networkx's spring layout; above it the engine's (the same
# Fruchterman-Reingold method, in C), which keeps 1,500 stakeholders at a tenth of a second.
NETWORKX_LAYOUT_LIMIT = 300
# Above this many nodes a force layout is a blot; use the group-wise arrangement.
SPRING_LAYOUT_LIMIT = 1500
LAYOUT_SCALE = 1000.0
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


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

    Up to 1,500 nodes: a seeded Fruchterman-Reingold spring layout (weight ``strength``),
    networkx's up to 300 nodes and igraph's above (see :mod:`.engine`). Larger
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
    elif n > NETWORKX_LAYOUT_LIMIT:
        view = engine.indexed(graph)
        xy = engine.force_layout(view, seed)
        xy = xy - xy.mean(axis=0)  # centred and scaled as networkx scales its layout
        xy = xy / (np.abs(xy).max() or 1.0) * LAYOUT_SCALE
        frame = pd.DataFrame({"id": view.ids, "x": xy[:, 0], "y": xy[:, 1]})
    else:
        pos = nx.spring_layout(graph, seed=seed, weight="strength", scale=LAYOUT_SCALE)
        ids = list(pos)
        xy = np.array([pos[i] for i in ids], dtype=float).reshape(-1, 2)
        frame = pd.DataFrame({"id": [str(i) for i in ids], "x": xy[:, 0], "y": xy[:, 1]})
    frame["x"] = frame["x"].round(1)
    frame["y"] = frame["y"].round(1)
    return frame.sort_values("id", kind="stable").reset_index(drop=True)


def group_circle(groups: list[str]) -> dict[str, tuple[float, float]]:
    """Where each group of :func:`group_graph` sits: a circle in the order given.

    Few groups are readable on a circle, and it needs no randomness; one group sits in the
    middle. Used by the app's grouped overview and by the deck's map of a large register.

    Examples
    --------
    >>> group_circle(["Only"])
    {'Only': (0.0, 0.0)}
    >>> [round(x) for x in group_circle(["a", "b"])["a"]]
    [1000, 0]
    """
    if len(groups) < 2:
        return {g: (0.0, 0.0) for g in groups}
    where = nx.circular_layout(groups, scale=LAYOUT_SCALE)
    return {g: (float(where[g][0]), float(where[g][1])) for g in groups}


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
