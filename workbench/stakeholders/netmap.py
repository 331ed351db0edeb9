"""The stakeholder network map: who is related to whom, coloured, sized and highlighted.

Turns the relationship graph and its centrality into the nodes and edges of a
:mod:`workbench.present.network_chart` page: colours by attitude (the grid's colours),
community or group, switchable in the page; dot size by brokerage (betweenness); line width
by strength and line colour by sentiment; tooltips in plain words. A filter never cuts the
network: the selected stakeholders are highlighted and everyone else is dimmed, so the ties
that leave the selection stay on the map. When the network is too large to draw person by
person, the map shows one dot per group.

The nodes and edges come from :mod:`workbench.stakeholders.map_data` and their colourings
from :mod:`workbench.stakeholders.map_colors`; this module draws the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx
import pandas as pd

from workbench.present import palette
from workbench.present.network_chart import NEUTRAL_EDGE, Coloring, LineKey, iframe, map_html
from workbench.stakeholders.map_colors import NOT_RATED, PALETTE, _palette
from workbench.stakeholders.map_data import (
    CENTRAL_LABELS,
    NEGATIVE_EDGE,
    _frames,
    _id_set,
    _Map,
    _scale,
    nodes_edges,
)
from workbench.stakeholders.positions import group_circle, group_graph

if TYPE_CHECKING:
    from IPython.display import HTML

__all__ = [
    "CENTRAL_LABELS",
    "NEGATIVE_EDGE",
    "NOT_RATED",
    "PALETTE",
    "network_map",
    "nodes_edges",
]

PAGE_CHROME_PX = 200  # room in the iframe for the page's controls and key


def _group_view(
    graph: nx.Graph, max_nodes: int, selected: set[str] | None, removed: object | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, str, list[Coloring]]:
    groups = group_graph(graph)
    ids = sorted(groups, key=str)
    shades = _palette(ids)
    size = pd.Series([groups.nodes[g]["size"] for g in ids], dtype=float)
    internal = [groups.nodes[g]["internal"] for g in ids]
    outside = [int(groups.degree(g, weight="weight")) for g in ids]
    pos = group_circle(ids)
    frame = pd.DataFrame({"id": [str(g) for g in ids], "members": size.astype(int)})
    lit = None
    if selected is not None:  # a group is highlighted when any of its members is selected
        lit = {str(graph.nodes[v].get("group", "")) for v in graph if str(v) in selected}
    nodes = pd.DataFrame(
        {
            "id": frame["id"],
            "label": frame["id"] + " (" + frame["members"].astype(str) + ")",
            "group": frame["id"],
            "title": frame["id"]
            + "\nMembers: "
            + frame["members"].astype(str)
            + "\nRelationships inside the group: "
            + pd.Series(internal, dtype=int).astype(str)
            + "\nRelationships with other groups: "
            + pd.Series(outside, dtype=int).astype(str),
            # Scale from zero: groups of 230 and 270 members should look about alike.
            "size": _scale(size, 0.0, size.max()),
            "color": frame["id"].map(shades),
            "x": [round(float(pos[g][0]), 1) for g in ids],
            "y": [round(float(pos[g][1]), 1) for g in ids],
            "dimmed": ~frame["id"].isin(lit) if lit is not None else False,
        }
    )
    gone = None
    if removed is not None:  # the what-if's stakeholder: their group is outlined
        _id_set(graph, [removed], "removed")
        removed = next(v for v in graph if str(v) == str(removed))
        gone = str(graph.nodes[removed].get("group", ""))
        nodes["border"] = [palette.HIGHLIGHT if g == gone else None for g in nodes["id"]]
    edge_rows = [(str(a), str(b), int(d["weight"])) for a, b, d in groups.edges(data=True)]
    edges = pd.DataFrame(edge_rows, columns=["source", "target", "weight"])
    heaviest = max(edges["weight"].max(), 1) if len(edges) else 1
    edges = pd.DataFrame(
        {
            "source": edges["source"],
            "target": edges["target"],
            "width": (1 + 7 * edges["weight"] / heaviest).round(2),
            "title": edges["source"]
            + " \u2013 "
            + edges["target"]
            + ": "
            + edges["weight"].astype(str)
            + " relationship(s)",
            "dimmed": (
                ~(edges["source"].isin(lit) | edges["target"].isin(lit))
                if lit is not None
                else False
            ),
        }
    )
    note = (
        f"{graph.number_of_nodes():,} stakeholders are more than the {max_nodes:,} shown at once, "
        "so each dot is a group. Pick a group to open it."
    )
    if gone is not None:
        who = graph.nodes[removed].get("name", removed)
        note += f" Outlined: {gone}, the group of {who}, who leaves in the what-if."
    legend = tuple((g, shades[g]) for g in ids)
    return nodes, edges, note, [Coloring("Group", "color", legend)]


def network_map(
    graph: nx.Graph,
    centrality: pd.DataFrame,
    positions: pd.DataFrame,
    *,
    details: pd.DataFrame | None = None,
    selected: Iterable | None = None,
    removed: object | None = None,
    color_by: str | None = None,
    size_by: str = "betweenness",
    max_nodes: int = 1000,
    open_group: str | None = None,
    height_px: int = 600,
    title: str = "Relationship network",
    vis_url: str | None = None,
) -> HTML:
    """The interactive network map, ready to display in a notebook or Voila.

    Draws the whole network, every stakeholder and every relationship. A selection never
    cuts it: the ``selected`` stakeholders and their ties are drawn in colour, everyone
    else is dimmed (:data:`workbench.present.palette.DIMMED`, faded) but stays, so ties from
    the selection to the rest are visible. The page colours by attitude (the grid's
    colours) when ``details`` gives it, with a switch to community or group colours; dot
    size shows ``size_by``; line width shows strength and red lines negative sentiment.
    The most central stakeholders, the selection and ``removed`` are always labelled,
    others on hover, tap or search.

    Parameters
    ----------
    graph : nx.Graph
        The whole network (:func:`workbench.stakeholders.network.build_graph`), never a
        subgraph: counts such as contacts in other groups are taken from it.
    centrality, positions : pd.DataFrame
        From :func:`~workbench.stakeholders.network.centrality` and
        :func:`~workbench.stakeholders.positions.layout` for that graph.
    details : pd.DataFrame or None
        The stakeholder summary (``workshop.summary``): attitude, influence, interest and
        strategy for colour and tooltips.
    selected : iterable of ids or None
        Stakeholders to highlight (a filter's result); ``None`` highlights everyone.
    removed : id or None
        A stakeholder to show as removed (the what-if): outlined in
        :data:`~workbench.present.palette.HIGHLIGHT`, their ties dashed.
    color_by : str or None
        The colouring shown first (see :func:`nodes_edges`).
    size_by : str
        The centrality column dot size shows.
    max_nodes : int
        Above this many stakeholders, and without ``open_group``, one dot per group is
        drawn instead (sized by members, labelled "Group (n)"), with a note to pick one.
    open_group : str or None
        A group the user picked. Its members are highlighted (those in ``selected`` when
        that is given) and a note says how many direct contacts they have in other groups.
        Above ``max_nodes`` the map shows only the group and its direct contacts.
    height_px : int
        The map's height; the iframe adds room for the controls and the key.
    title : str
        The heading above the map.
    vis_url : str or None
        Where the portal serves vis-network (``ServingContext.vis_url``); ``None`` inlines it.

    Returns
    -------
    IPython.display.HTML
        A sandboxed iframe holding the page from :func:`map_html`.

    Examples
    --------
    >>> from workbench.stakeholders import network, positions
    >>> g = nx.Graph([("a", "b", {"strength": 3, "sentiment": -1, "kind": "informs"}),
    ...               ("b", "c", {"strength": 1, "sentiment": 1, "kind": "informs"})])
    >>> view = network_map(g, network.centrality(g), positions.layout(g),
    ...                    selected=["a"], removed="b")
    >>> "sandbox" in view.data
    True
    """
    from IPython.display import HTML

    note = ""
    members: list = []
    if open_group is not None:
        groups = {str(d.get("group", "")) for _, d in graph.nodes(data=True)}
        if open_group not in groups:
            raise ValueError(
                f"There is no group {open_group!r} in the network; it has "
                f"{', '.join(sorted(groups)[:20])}."
            )
        members = [v for v, d in graph.nodes(data=True) if str(d.get("group", "")) == open_group]

    size = graph.number_of_nodes()
    if open_group is None and size > max_nodes:
        chosen = _id_set(graph, selected, "selected")
        nodes, edges, note, colorings = _group_view(graph, max_nodes, chosen, removed)
        lines = [LineKey("Thicker: more relationships between the groups", NEUTRAL_EDGE, 4.0)]
        drawn = _Map(nodes, edges, colorings, "Number of members.", lines)
    else:
        if open_group is not None and selected is None:
            selected = members
        drawn = _frames(graph, centrality, positions, color_by, size_by, details, selected, removed)
        chosen = _id_set(graph, selected, "selected")
        if open_group is not None:
            # Counted on the whole network: ties to other groups are never cut away.
            lit = [v for v in members if chosen is None or str(v) in chosen]
            outside = {
                str(w)
                for v in lit
                for w in graph.adj[v]
                if str(graph.nodes[w].get("group", "")) != open_group
            }
            note = (
                f"{open_group}: {len(lit)} member(s) and {len(outside)} direct contact(s) "
                "in other groups."
            )
            if size > max_nodes:  # too many to draw: the group and its direct contacts
                shown = {str(v) for v in members}
                shown |= {str(w) for v in members for w in graph.adj[v]}
                drawn.nodes = drawn.nodes[drawn.nodes["id"].isin(shown)]
                ends = drawn.edges["source"].isin(shown) & drawn.edges["target"].isin(shown)
                drawn.edges = drawn.edges[ends]
        elif chosen is not None and len(chosen) < size:
            note = (
                f"{len(chosen)} of {size} stakeholders highlighted; the others are dimmed and "
                "keep their relationships on the map."
            )
    page = map_html(
        drawn.nodes,
        drawn.edges,
        height_px=height_px,
        title=title,
        note=note,
        vis_url=vis_url,
        colorings=drawn.colorings,
        size_key=drawn.size_key,
        line_keys=drawn.line_keys,
        marks=drawn.marks,
    )
    # The wrapper div keeps IPython from suggesting IFrame, which cannot take srcdoc.
    return HTML(
        f'<div class="workbench-network-map">'
        f"{iframe(page, height_px=height_px + PAGE_CHROME_PX)}</div>"
    )
