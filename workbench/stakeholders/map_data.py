"""The nodes and edges of the stakeholder network map, person by person.

Turns the relationship graph and its centrality into the frames a
:mod:`workbench.present.network_chart` page draws (:func:`nodes_edges`): colour (see
:mod:`workbench.stakeholders.map_colors`), dot size by brokerage (betweenness), line width by
strength and line colour by sentiment, tooltips in plain words, and the key that explains
them. A selection dims everyone else instead of cutting them away.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from workbench.core.guards import FrameError, require_columns
from workbench.present import palette
from workbench.present.network_chart import NEUTRAL_EDGE, Coloring, LineKey
from workbench.stakeholders.map_colors import _colorings

__all__ = ["CENTRAL_LABELS", "NEGATIVE_EDGE", "nodes_edges"]

NODE_SIZE = (6.0, 24.0)  # smallest and largest dot radius, in screen pixels at the first fit
NEGATIVE_EDGE = palette.JUDGEMENT_LOW  # strained relationships: red, as on the judgement scale
CENTRAL_LABELS = 12  # the most central stakeholders are always labelled
SELECTED_LABEL_LIMIT = 30  # beyond this many, only the most central selected are labelled
# Columns of the stakeholder summary the map can use for colour and tooltips.
DETAIL_COLUMNS = ("attitude_band", "influence", "interest", "strategy")
SIZE_MEANING = {
    "betweenness": "brokerage (betweenness). Bigger dots sit on more of the shortest paths "
    "between other stakeholders: they connect people who are otherwise far apart.",
    "degree": "number of direct relationships. Bigger dots have more contacts.",
    "eigenvector": "reach. Bigger dots are tied to stakeholders who are themselves well connected.",
    "degree_centrality": "share of the network a stakeholder is directly related to.",
}


@dataclass
class _Map:
    """Everything one person-by-person map needs besides the page settings."""

    nodes: pd.DataFrame
    edges: pd.DataFrame
    colorings: list[Coloring]
    size_key: str
    line_keys: list[LineKey]
    marks: list[tuple[str, str]] | None = None  # None: the page explains what it dims


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
