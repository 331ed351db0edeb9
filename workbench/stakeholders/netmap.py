"""The stakeholder network map: who is related to whom, coloured, sized and grouped.

Turns the relationship graph and its centrality into the nodes and edges of a
:mod:`workbench.present.network_chart` page (colours by community or group, sizes by
betweenness, tooltips with each stakeholder's facts), and shows one dot per group when the
network is too large to draw person by person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from workbench.core.guards import FrameError, require_columns
from workbench.present.network_chart import NEUTRAL_EDGE, iframe, map_html
from workbench.stakeholders.positions import group_graph

if TYPE_CHECKING:
    from IPython.display import HTML

__all__ = ["PALETTE", "network_map", "nodes_edges"]

# A fixed qualitative palette (strong colours first, then their light partners), so the
# same category always gets the same colour when categories are sorted the same way.
PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#aec7e8",
    "#ffbb78",
    "#98df8a",
    "#ff9896",
    "#c5b0d5",
    "#c49c94",
    "#f7b6d2",
    "#c7c7c7",
    "#dbdb8d",
    "#9edae5",
]
NODE_SIZE = (8.0, 36.0)  # smallest and largest dot radius in pixels
NEGATIVE_EDGE = "#c0392b"  # relationships with negative sentiment stand out in red


def _palette(categories: list) -> dict:
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(sorted(categories))}


def _scale(values: pd.Series, low: float, high: float) -> pd.Series:
    smallest, largest = NODE_SIZE
    if not np.isfinite(high - low) or high <= low:
        return pd.Series(14.0, index=values.index)  # nothing to compare: one modest size
    share = ((values.astype(float) - low) / (high - low)).clip(0, 1).fillna(0)
    return (smallest + share * (largest - smallest)).round(1)


def _fmt(values: pd.Series) -> pd.Series:
    return values.map(lambda v: f"{v:g}" if isinstance(v, float) else str(v))


def nodes_edges(
    graph: nx.Graph,
    centrality: pd.DataFrame,
    positions: pd.DataFrame,
    color_by: str = "community",
    size_by: str = "betweenness",
    *,
    categories: list | None = None,
    size_range: tuple[float, float] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The nodes and edges frames that :func:`map_html` draws.

    Parameters
    ----------
    graph : nx.Graph
        As returned by :func:`workbench.stakeholders.network.build_graph`.
    centrality : pd.DataFrame
        As returned by :func:`workbench.stakeholders.network.centrality`; must cover every node.
    positions : pd.DataFrame
        As returned by :func:`workbench.stakeholders.positions.layout` (id, x, y).
    color_by : str
        ``"group"`` or a column of ``centrality`` (for example ``"community"``).
    size_by : str
        A numeric column of ``centrality``.
    categories, size_range
        Colour categories and size range to use instead of the ones in this graph, so a
        part of the network keeps the colours and sizes of the whole.

    Returns
    -------
    tuple of pd.DataFrame
        nodes (id, label, group, title, size, color, x, y) and edges (source, target,
        width, title, color).

    Examples
    --------
    >>> from workbench.stakeholders import network, positions
    >>> g = nx.Graph([("a", "b", {"strength": 3, "sentiment": 1, "kind": "informs"})])
    >>> n, e = nodes_edges(g, network.centrality(g), positions.layout(g))
    >>> n.columns.tolist()[:4]
    ['id', 'label', 'group', 'title']
    """
    require_columns(centrality, ["id", size_by], "centrality")
    require_columns(positions, ["id", "x", "y"], "positions")
    if color_by != "group" and color_by not in centrality.columns:
        raise FrameError(
            f"Cannot colour the map by {color_by!r}: it is neither 'group' nor a column of the "
            f"centrality frame ({', '.join(map(str, centrality.columns))}); use "
            "color_by='group' or color_by='community'."
        )
    repeated = centrality["id"].astype(str)
    repeated = repeated[repeated.duplicated()].unique().tolist()
    if repeated:
        raise FrameError(
            f"The centrality frame lists id(s) {', '.join(repeated[:10])} more than once; "
            "recompute it with network.centrality(graph)."
        )
    ids = list(graph)
    attrs = graph.nodes
    base = pd.DataFrame(
        {
            "id": pd.Series([str(i) for i in ids], dtype="str"),
            "label": pd.Series([str(attrs[i].get("name", i)) for i in ids], dtype="str"),
            "stakeholder_group": pd.Series(
                [str(attrs[i].get("group", "")) for i in ids], dtype="str"
            ),
        }
    )
    extra = [c for c in centrality.columns if c != "id" and c not in base.columns]
    table = centrality[["id", *extra]].copy()
    table["id"] = table["id"].astype(str)
    base = base.merge(table, on="id", how="left", validate="one_to_one", indicator=True)
    missing = base.loc[base["_merge"] == "left_only", "id"].tolist()
    if missing:
        raise FrameError(
            f"The centrality frame has no row for {len(missing)} stakeholder(s): "
            f"{', '.join(missing[:10])}; recompute it with network.centrality(graph)."
        )
    place = positions[["id", "x", "y"]].copy()
    place["id"] = place["id"].astype(str)
    base = base.drop(columns="_merge").merge(place, on="id", how="left", validate="one_to_one")
    unplaced = base.loc[base["x"].isna() | base["y"].isna(), "id"].tolist()
    if unplaced:
        raise FrameError(
            f"The positions frame has no x/y for {len(unplaced)} stakeholder(s): "
            f"{', '.join(unplaced[:10])}; recompute it with positions.layout(graph)."
        )

    category = base["stakeholder_group"] if color_by == "group" else base[color_by]
    palette = _palette(list(categories) if categories is not None else category.unique().tolist())
    prefix = "" if color_by == "group" else f"{color_by.capitalize()} "
    low, high = size_range or (base[size_by].min(), base[size_by].max())

    title = base["label"] + " (" + base["id"] + ")\nGroup: " + base["stakeholder_group"]
    for column in ["community", "degree", "betweenness", "eigenvector"]:
        if column in base.columns:
            title = title + f"\n{column.capitalize()}: " + _fmt(base[column])
    if "broker" in base.columns:
        title = title + np.where(base["broker"].fillna(False).astype(bool), "\nBroker", "")
    nodes = pd.DataFrame(
        {
            "id": base["id"],
            "label": base["label"],
            "group": prefix + category.astype(str),
            "title": title,
            "size": _scale(base[size_by], low, high),
            "color": category.map(palette).fillna(PALETTE[7]),
            "x": base["x"].astype(float),
            "y": base["y"].astype(float),
        }
    )

    names = dict(zip(base["id"], base["label"], strict=True))
    rows = [
        (
            str(u),
            str(v),
            d.get("strength", 1),
            d.get("sentiment", 0),
            str(d.get("kind", "")),
        )
        for u, v, d in graph.edges(data=True)
    ]
    edges = pd.DataFrame(rows, columns=["source", "target", "strength", "sentiment", "kind"])
    # Typed text columns, so an empty edge list still concatenates into text titles.
    edges = edges.astype({"source": "str", "target": "str", "kind": "str"})
    strength = pd.to_numeric(edges["strength"], errors="coerce").fillna(1)
    sentiment = pd.to_numeric(edges["sentiment"], errors="coerce").fillna(0)
    edges = pd.DataFrame(
        {
            "source": edges["source"].astype(str),
            "target": edges["target"].astype(str),
            "width": (0.5 + 0.75 * strength.clip(lower=0)).round(2),
            "title": edges["source"].map(names)
            + " - "
            + edges["target"].map(names)
            + "\nKind: "
            + edges["kind"].astype(str)
            + "\nStrength: "
            + _fmt(strength)
            + ", sentiment: "
            + _fmt(sentiment.round(3)),
            "color": np.where(sentiment < 0, NEGATIVE_EDGE, NEUTRAL_EDGE),
        }
    )
    return nodes, edges


def _group_view(graph: nx.Graph, max_nodes: int) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    groups = group_graph(graph)
    ids = sorted(groups, key=str)
    palette = _palette(ids)
    size = pd.Series([groups.nodes[g]["size"] for g in ids], dtype=float)
    internal = [groups.nodes[g]["internal"] for g in ids]
    outside = [int(groups.degree(g, weight="weight")) for g in ids]
    # Few groups: a circle in name order is readable and needs no randomness.
    pos = nx.circular_layout(ids, scale=1000) if len(ids) > 1 else {ids[0]: (0.0, 0.0)}
    frame = pd.DataFrame({"id": [str(g) for g in ids], "members": size.astype(int)})
    nodes = pd.DataFrame(
        {
            "id": frame["id"],
            "label": frame["id"] + " (" + frame["members"].astype(str) + ")",
            "group": frame["id"],
            "title": "Group: "
            + frame["id"]
            + "\nMembers: "
            + frame["members"].astype(str)
            + "\nRelationships inside the group: "
            + pd.Series(internal, dtype=int).astype(str)
            + "\nRelationships with other groups: "
            + pd.Series(outside, dtype=int).astype(str),
            # Scale from zero: groups of 230 and 270 members should look about alike.
            "size": _scale(size, 0.0, size.max()),
            "color": frame["id"].map(palette),
            "x": [round(float(pos[g][0]), 1) for g in ids],
            "y": [round(float(pos[g][1]), 1) for g in ids],
        }
    )
    edge_rows = [(str(a), str(b), int(d["weight"])) for a, b, d in groups.edges(data=True)]
    edges = pd.DataFrame(edge_rows, columns=["source", "target", "weight"])
    heaviest = max(edges["weight"].max(), 1) if len(edges) else 1
    edges = pd.DataFrame(
        {
            "source": edges["source"],
            "target": edges["target"],
            "width": (1 + 7 * edges["weight"] / heaviest).round(2),
            "title": edges["source"]
            + " - "
            + edges["target"]
            + ": "
            + edges["weight"].astype(str)
            + " relationship(s)",
        }
    )
    note = (
        f"{graph.number_of_nodes()} stakeholders are more than the {max_nodes} shown at once, "
        "so each dot is a group. Pick a group to open it."
    )
    return nodes, edges, note


def network_map(
    graph: nx.Graph,
    centrality: pd.DataFrame,
    positions: pd.DataFrame,
    *,
    color_by: str = "community",
    size_by: str = "betweenness",
    max_nodes: int = 1000,
    open_group: str | None = None,
    height_px: int = 600,
    vis_url: str | None = None,
) -> HTML:
    """The interactive network map, ready to display in a notebook or Voila.

    Shows every stakeholder, coloured by ``color_by`` and sized by ``size_by``. When the
    network has more than ``max_nodes`` stakeholders and no ``open_group`` is given, it
    shows one dot per group instead (sized by members, labelled "Group (n)") with a note
    to pick a group. With ``open_group`` it shows that group's members plus everyone they
    are directly related to, at their positions in ``positions`` and with the colours and
    sizes of the whole network.

    Returns
    -------
    IPython.display.HTML
        A sandboxed iframe holding the page from :func:`map_html`.

    Examples
    --------
    >>> from workbench.stakeholders import network, positions
    >>> g = nx.Graph([("a", "b", {"strength": 3, "sentiment": 1, "kind": "informs"})])
    >>> view = network_map(g, network.centrality(g), positions.layout(g))
    >>> "sandbox" in view.data
    True
    """
    from IPython.display import HTML

    note = ""
    if open_group is not None:
        groups = {str(d.get("group", "")) for _, d in graph.nodes(data=True)}
        if open_group not in groups:
            raise ValueError(
                f"There is no group {open_group!r} in the network; it has "
                f"{', '.join(sorted(groups)[:20])}."
            )
        members = [v for v, d in graph.nodes(data=True) if str(d.get("group", "")) == open_group]
        shown = set(members)
        for member in members:
            shown.update(graph.adj[member])
        sub = graph.subgraph(shown)
        if color_by == "group":
            categories = sorted(groups)
        else:
            require_columns(centrality, [color_by], "centrality")
            categories = centrality[color_by].unique().tolist()
        require_columns(centrality, [size_by], "centrality")
        size_range = (centrality[size_by].min(), centrality[size_by].max())
        nodes, edges = nodes_edges(
            sub,
            centrality,
            positions,
            color_by,
            size_by,
            categories=categories,
            size_range=size_range,
        )
        note = (
            f"{open_group}: {len(members)} member(s) and "
            f"{len(shown) - len(members)} direct contact(s) in other groups."
        )
    elif graph.number_of_nodes() > max_nodes:
        nodes, edges, note = _group_view(graph, max_nodes)
    else:
        nodes, edges = nodes_edges(graph, centrality, positions, color_by, size_by)
    page = map_html(nodes, edges, height_px=height_px, note=note, vis_url=vis_url)
    # The wrapper div keeps IPython from suggesting IFrame, which cannot take srcdoc.
    return HTML(
        f'<div class="workbench-network-map">{iframe(page, height_px=height_px + 20)}</div>'
    )
