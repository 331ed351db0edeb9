"""The stakeholder network map: who is related to whom, coloured, sized and highlighted.

Turns the relationship graph and its centrality into the nodes and edges of a
:mod:`workbench.present.network_chart` page: colours by attitude (the grid's colours),
community or group, switchable in the page; dot size by brokerage (betweenness); line width
by strength and line colour by sentiment; tooltips in plain words. A filter never cuts the
network: the selected stakeholders are highlighted and everyone else is dimmed, so the ties
that leave the selection stay on the map. When the network is too large to draw person by
person, the map shows one dot per group.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from workbench.core.guards import FrameError, require_columns
from workbench.present import palette
from workbench.present.network_chart import NEUTRAL_EDGE, Coloring, LineKey, iframe, map_html
from workbench.stakeholders.positions import group_graph

if TYPE_CHECKING:
    from IPython.display import HTML

__all__ = ["PALETTE", "network_map", "nodes_edges"]

# Categories (communities, groups) take the shared category colours: no red and no green,
# so a community is never read as a judgement.
PALETTE = list(palette.CATEGORY)
NODE_SIZE = (6.0, 24.0)  # smallest and largest dot radius, in screen pixels at the first fit
NEGATIVE_EDGE = palette.JUDGEMENT_LOW  # strained relationships: red, as on the judgement scale
NOT_RATED = palette.MUTED
CENTRAL_LABELS = 12  # the most central stakeholders are always labelled
SELECTED_LABEL_LIMIT = 30  # beyond this many, only the most central selected are labelled
PAGE_CHROME_PX = 200  # room in the iframe for the page's controls and key
# Columns of the stakeholder summary the map can use for colour and tooltips.
DETAIL_COLUMNS = ("attitude_band", "influence", "interest", "strategy")
SIZE_MEANING = {
    "betweenness": "brokerage (betweenness). Bigger dots sit on more of the shortest paths "
    "between other stakeholders: they connect people who are otherwise far apart.",
    "degree": "number of direct relationships. Bigger dots have more contacts.",
    "eigenvector": "reach. Bigger dots are tied to stakeholders who are themselves well connected.",
    "degree_centrality": "share of the network a stakeholder is directly related to.",
}
_COLORING_TITLES = {"attitude": "Attitude", "community": "Community", "group": "Group"}


@dataclass
class _Map:
    """Everything one person-by-person map needs besides the page settings."""

    nodes: pd.DataFrame
    edges: pd.DataFrame
    colorings: list[Coloring]
    size_key: str
    line_keys: list[LineKey]
    marks: list[tuple[str, str]] | None = None  # None: the page explains what it dims


def _palette(categories: list) -> dict:
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(sorted(categories))}


def _scale(values: pd.Series, low: float, high: float) -> pd.Series:
    smallest, largest = NODE_SIZE
    if not np.isfinite(high - low) or high <= low:
        return pd.Series(10.0, index=values.index)  # nothing to compare: one modest size
    share = ((values.astype(float) - low) / (high - low)).clip(0, 1).fillna(0)
    return (smallest + share * (largest - smallest)).round(1)


def _number(value: object, digits: int = 1) -> str:
    """A rating or score as people write it: 4.2, 5, 0.029; empty when unknown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        return str(value)
    return f"{round(float(value), digits):g}"


def _known(value: object) -> bool:
    return _number(value) != ""


def _id_set(graph: nx.Graph, values: Iterable | None, what: str) -> set[str] | None:
    """Node ids as text, checked against the graph; ``None`` stays ``None``."""
    if values is None:
        return None
    chosen = {str(v) for v in values}
    unknown = sorted(chosen - {str(v) for v in graph})
    if unknown:
        raise ValueError(
            f"{what} names {len(unknown)} stakeholder(s) that are not in the network: "
            f"{', '.join(unknown[:10])}."
        )
    return chosen


def _cross_group_contacts(graph: nx.Graph) -> dict[str, set[str]]:
    """For every stakeholder, the ids of direct contacts in another group (on ``graph``)."""
    group = {v: str(d.get("group", "")) for v, d in graph.nodes(data=True)}
    others: dict[str, set[str]] = {str(v): set() for v in graph}
    for u, v in graph.edges():
        if group[u] != group[v]:
            others[str(u)].add(str(v))
            others[str(v)].add(str(u))
    return others


def _sentiment_words(value: float) -> str:
    if value < 0:
        return "negative"
    return "positive" if value > 0 else "neutral"


def _colorings(base: pd.DataFrame, color_by: str) -> tuple[list[Coloring], pd.DataFrame]:
    """The colourings available for these stakeholders, ``color_by`` first, and their columns."""
    columns: dict[str, pd.Series] = {}
    found: dict[str, tuple[Coloring, pd.Series]] = {}
    if "attitude_band" in base.columns:
        band = base["attitude_band"].where(base["attitude_band"].notna(), None)
        colour = band.map(lambda b: palette.ATTITUDE.get(str(b), NOT_RATED))
        legend = list(palette.ATTITUDE.items())
        if (colour == NOT_RATED).any():
            legend.append(("not rated", NOT_RATED))
        text = band.map(lambda b: str(b) if b in palette.ATTITUDE else "not rated")
        found["attitude"] = (Coloring("Attitude", "color_attitude", tuple(legend)), text)
        columns["color_attitude"] = colour
    keys = ["community", "group"]
    if color_by not in {"attitude", *keys}:
        keys.append(color_by)
    for key in keys:
        source = "stakeholder_group" if key == "group" else key
        if source not in base.columns:
            continue
        values = base[source]
        shades = _palette(values.dropna().unique().tolist())
        prefix = "" if key == "group" else f"{_COLORING_TITLES.get(key, key.capitalize())} "
        text = prefix + values.astype(str)
        legend = sorted(
            {(prefix + str(v), shades[v]) for v in values.dropna().unique()},
            key=lambda pair: _natural_key(pair[0]),
        )
        title = _COLORING_TITLES.get(key, key.replace("_", " ").capitalize())
        found[key] = (Coloring(title, f"color_{key}", tuple(legend)), text)
        columns[f"color_{key}"] = values.map(shades).fillna(NOT_RATED)
    order = [color_by, *(k for k in ["attitude", "community", "group"] if k != color_by)]
    chosen = [found[k] for k in order if k in found]
    frame = pd.DataFrame(columns, index=base.index)
    frame["color"] = frame[chosen[0][0].column]
    frame["group"] = chosen[0][1]
    return [c for c, _ in chosen], frame


def _natural_key(text: str) -> tuple:
    # "Community 2" before "Community 10".
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text))


def _frames(
    graph: nx.Graph,
    centrality: pd.DataFrame,
    positions: pd.DataFrame,
    color_by: str | None,
    size_by: str,
    details: pd.DataFrame | None,
    selected: Iterable | None,
    removed: object | None,
) -> _Map:
    """Nodes, edges and key of the person-by-person map (see :func:`nodes_edges`)."""
    require_columns(centrality, ["id", size_by], "centrality")
    require_columns(positions, ["id", "x", "y"], "positions")
    repeated = centrality["id"].astype(str)
    repeated = repeated[repeated.duplicated()].unique().tolist()
    if repeated:
        raise FrameError(
            f"The centrality frame lists id(s) {', '.join(repeated[:10])} more than once; "
            "recompute it with network.centrality(graph)."
        )
    chosen = _id_set(graph, selected, "selected")
    if chosen is not None and len(chosen) == graph.number_of_nodes():
        chosen = None  # everyone is selected: nothing to set aside
    gone = None
    if removed is not None:
        (gone,) = _id_set(graph, [removed], "removed")

    ids = list(graph)
    attrs = graph.nodes
    base = pd.DataFrame(
        {
            "id": pd.Series([str(i) for i in ids], dtype="str"),
            "label": pd.Series([str(attrs[i].get("name", i)) for i in ids], dtype="str"),
            "stakeholder_group": pd.Series(
                [str(attrs[i].get("group", "")) for i in ids], dtype="str"
            ),
            "relationships": pd.Series([d for _, d in graph.degree(ids)], dtype="int64"),
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
    base = base.drop(columns="_merge")
    if details is not None:
        require_columns(details, ["id"], "details")
        wanted = [c for c in DETAIL_COLUMNS if c in details.columns and c not in base.columns]
        facts = details[["id", *wanted]].copy()
        facts["id"] = facts["id"].astype(str)
        if facts["id"].duplicated().any():
            raise FrameError("The details frame lists some id(s) more than once.")
        base = base.merge(facts, on="id", how="left", validate="one_to_one")
    place = positions[["id", "x", "y"]].copy()
    place["id"] = place["id"].astype(str)
    base = base.merge(place, on="id", how="left", validate="one_to_one")
    unplaced = base.loc[base["x"].isna() | base["y"].isna(), "id"].tolist()
    if unplaced:
        raise FrameError(
            f"The positions frame has no x/y for {len(unplaced)} stakeholder(s): "
            f"{', '.join(unplaced[:10])}; recompute it with positions.layout(graph)."
        )

    if color_by is None:
        color_by = "attitude" if "attitude_band" in base.columns else "community"
        if color_by not in base.columns and color_by != "attitude":
            color_by = "group"
    elif color_by == "attitude" and "attitude_band" not in base.columns:
        raise FrameError(
            "Cannot colour the map by 'attitude': no attitude_band column; pass the "
            "stakeholder summary as details=workshop.summary."
        )
    elif color_by not in {"group", "attitude"} and color_by not in base.columns:
        raise FrameError(
            f"Cannot colour the map by {color_by!r}: it is neither 'attitude', 'group' nor a "
            f"column of the centrality frame ({', '.join(map(str, centrality.columns))}); use "
            "color_by='attitude', 'group' or 'community'."
        )
    colorings, colours = _colorings(base, color_by)

    # Always label the most central people, the selection (up to a limit) and the removed one.
    rank = "betweenness" if "betweenness" in base.columns else size_by
    by_rank = base.sort_values([rank, "relationships", "id"], ascending=[False, False, True])
    order = [gone] if gone is not None else []
    if chosen is not None:
        order += by_rank.loc[by_rank["id"].isin(chosen), "id"].head(SELECTED_LABEL_LIMIT).tolist()
    order += by_rank["id"].head(CENTRAL_LABELS).tolist()
    # The rank decides which label stays when two would overlap: removed, selected, central.
    label_rank = {node: place for place, node in enumerate(dict.fromkeys(order), 1)}
    highlighted = None if chosen is None else chosen | ({gone} if gone is not None else set())

    contacts = _cross_group_contacts(graph)
    titles = []
    for row in base.itertuples(index=False):
        facts = row._asdict()
        lines = [row.label, f"Group: {row.stakeholder_group}"]
        if "attitude_band" in facts:
            band = facts["attitude_band"]
            lines.append(f"Attitude: {band if isinstance(band, str) else 'not rated'}")
        ratings = [
            f"{word} {_number(facts[key])}"
            for key, word in (("influence", "Influence"), ("interest", "interest"))
            if key in facts and _known(facts[key])
        ]
        if ratings:
            lines.append(", ".join(ratings))
        if isinstance(facts.get("strategy"), str) and facts["strategy"]:
            lines.append(f"Strategy: {facts['strategy']}")
        lines.append(
            f"Relationships: {row.relationships}, {len(contacts[row.id])} with people in "
            "other groups"
        )
        if "betweenness" in facts and _known(facts["betweenness"]):
            lines.append(f"Brokerage (betweenness) {_number(facts['betweenness'], 3)}")
        if "community" in facts and _known(facts["community"]):
            lines.append(f"Community {_number(facts['community'], 0)}")
        if pd.notna(facts.get("broker", False)) and bool(facts.get("broker", False)):
            lines.append("Broker: links communities")
        if row.id == gone:
            lines.append("Removed in the what-if: the dashed lines are the ties that go")
        titles.append("\n".join(lines))

    low, high = base[size_by].min(), base[size_by].max()
    nodes = pd.DataFrame(
        {
            "id": base["id"],
            "label": base["label"],
            "group": colours["group"],
            "title": titles,
            "size": _scale(base[size_by], low, high),
            "color": colours["color"],
            "x": base["x"].astype(float),
            "y": base["y"].astype(float),
            "pinned": base["id"].map(label_rank).fillna(0).astype("int64"),
            "dimmed": (
                ~base["id"].isin(highlighted)
                if highlighted is not None
                else pd.Series(False, index=base.index)
            ),
            "border": np.where(base["id"] == gone, palette.HIGHLIGHT, None),
        }
    )
    nodes = pd.concat([nodes, colours.drop(columns=["color", "group"])], axis=1)

    names = dict(zip(base["id"], base["label"], strict=True))
    rows = []
    for u, v, d in graph.edges(data=True):
        a, b = str(u), str(v)
        strength = pd.to_numeric(d.get("strength", 1), errors="coerce")
        sentiment = pd.to_numeric(d.get("sentiment", 0), errors="coerce")
        strength = 1.0 if pd.isna(strength) else float(strength)
        sentiment = 0.0 if pd.isna(sentiment) else float(sentiment)
        mood = f"{sentiment:+.3g}" if sentiment else "0"
        kind = str(d.get("kind", "")).strip()
        title = f"{names[a]} \u2013 {names[b]}"
        if kind:
            title += f"\n{kind[:1].upper()}{kind[1:]}"
        title += f"\nStrength {_number(strength)}, sentiment {mood} ({_sentiment_words(sentiment)})"
        rows.append(
            (
                a,
                b,
                round(0.5 + 0.75 * max(strength, 0.0), 2),
                title,
                NEGATIVE_EDGE if sentiment < 0 else NEUTRAL_EDGE,
                highlighted is not None and a not in highlighted and b not in highlighted,
                gone is not None and gone in (a, b),
            )
        )
    edges = pd.DataFrame(
        rows, columns=["source", "target", "width", "title", "color", "dimmed", "dashes"]
    ).astype({"source": "str", "target": "str", "width": "float64", "title": "str", "color": "str"})
    edges = edges.astype({"dimmed": "bool", "dashes": "bool"})

    meaning = SIZE_MEANING.get(size_by, size_by.replace("_", " ") + ".")
    line_keys = [
        LineKey("Negative sentiment (a strained tie)", NEGATIVE_EDGE, 2.0),
        LineKey("Neutral or positive sentiment", NEUTRAL_EDGE, 2.0),
        LineKey("Thin: a weak tie (strength 1)", NEUTRAL_EDGE, 1.25),
        LineKey("Thick: a strong tie (strength 5)", NEUTRAL_EDGE, 4.25),
    ]
    marks = []
    if highlighted is not None:
        line_keys.append(LineKey("Dimmed: a tie outside the selection", palette.DIMMED, 2.0))
        marks.append(("dimmed", "Dimmed: outside the selection, kept for its ties"))
    if gone is not None:
        line_keys.append(
            LineKey(f"Dashed: the ties {names[gone]} takes away", NEUTRAL_EDGE, 2.0, dashed=True)
        )
        marks.append(("outlined", f"Outlined: {names[gone]}, removed in the what-if"))
    size_key = meaning[:1].upper() + meaning[1:]
    return _Map(nodes, edges, colorings, size_key, line_keys, marks)


def nodes_edges(
    graph: nx.Graph,
    centrality: pd.DataFrame,
    positions: pd.DataFrame,
    color_by: str | None = None,
    size_by: str = "betweenness",
    *,
    details: pd.DataFrame | None = None,
    selected: Iterable | None = None,
    removed: object | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The nodes and edges frames that :func:`map_html` draws.

    Parameters
    ----------
    graph : nx.Graph
        As returned by :func:`workbench.stakeholders.network.build_graph`: the whole network.
    centrality : pd.DataFrame
        As returned by :func:`workbench.stakeholders.network.centrality`; must cover every node.
    positions : pd.DataFrame
        As returned by :func:`workbench.stakeholders.positions.layout` (id, x, y).
    color_by : str or None
        ``"attitude"`` (needs ``attitude_band``), ``"community"``, ``"group"`` or another
        column of ``centrality``: the colouring shown first. ``None`` means attitude when it
        is known, else community.
    size_by : str
        A numeric column of ``centrality``.
    details : pd.DataFrame or None
        One row per stakeholder (id plus any of attitude_band, influence, interest,
        strategy), such as the stakeholder summary; used for colour and tooltips.
    selected : iterable of ids or None
        Stakeholders to highlight; everyone else is dimmed (``None``: nobody is).
    removed : id or None
        A stakeholder to outline as removed, with their ties dashed.

    Returns
    -------
    tuple of pd.DataFrame
        nodes (id, label, group, title, size, color, x, y, pinned, dimmed, border, and one
        ``color_<colouring>`` column per colouring) and edges (source, target, width, title,
        color, dimmed, dashes).

    Examples
    --------
    >>> from workbench.stakeholders import network, positions
    >>> g = nx.Graph([("a", "b", {"strength": 3, "sentiment": 1, "kind": "informs"})])
    >>> n, e = nodes_edges(g, network.centrality(g), positions.layout(g))
    >>> n.columns.tolist()[:4]
    ['id', 'label', 'group', 'title']
    """
    found = _frames(graph, centrality, positions, color_by, size_by, details, selected, removed)
    return found.nodes, found.edges


def _group_view(
    graph: nx.Graph, max_nodes: int, selected: set[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame, str, list[Coloring]]:
    groups = group_graph(graph)
    ids = sorted(groups, key=str)
    shades = _palette(ids)
    size = pd.Series([groups.nodes[g]["size"] for g in ids], dtype=float)
    internal = [groups.nodes[g]["internal"] for g in ids]
    outside = [int(groups.degree(g, weight="weight")) for g in ids]
    # Few groups: a circle in name order is readable and needs no randomness.
    pos = nx.circular_layout(ids, scale=1000) if len(ids) > 1 else {ids[0]: (0.0, 0.0)}
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
        f"{graph.number_of_nodes()} stakeholders are more than the {max_nodes} shown at once, "
        "so each dot is a group. Pick a group to open it."
    )
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
        nodes, edges, note, colorings = _group_view(graph, max_nodes, chosen)
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
