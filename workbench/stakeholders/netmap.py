"""The network map: a self-contained, interactive vis-network page built from DataFrames.

Builds the page directly from a nodes frame and an edges frame and serializes them once,
column by column, instead of going through pyvis' per-node API (which scans its node list
on every insert and is far too slow for thousands of stakeholders). The vis-network
JavaScript and CSS shipped inside the pyvis package are inlined, so the page makes no
external request and works offline, in JupyterLab, in Voila and in exported HTML.

Every label and tooltip is shown as text: vis-network 9 draws labels on a canvas and sets
string tooltips with ``innerText``; the data travel as JSON whose ``<``, ``>`` and ``&``
are ``\\u`` escapes, so no stakeholder name can close the script or open a tag.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from html import escape as _escape
from importlib import resources
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.guards import FrameError, require_columns
from workbench.stakeholders.network import group_graph

if TYPE_CHECKING:
    from IPython.display import HTML

__all__ = ["PALETTE", "iframe", "map_html", "network_map", "nodes_edges"]

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
PHYSICS_NODE_LIMIT = 300  # above this, vis-network physics makes the page sluggish
NODE_SIZE = (8.0, 36.0)  # smallest and largest dot radius in pixels
NEGATIVE_EDGE = "#c0392b"  # relationships with negative sentiment stand out in red
NEUTRAL_EDGE = "#9aa5b1"
LEGEND_LIMIT = 24
_VIS_DIR = "lib/vis-9.1.2"
# Characters that must not appear raw in JSON placed inside <script>.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")


# The client portal serves these files itself (see ServingContext.vis_url), so a map (and every
# map a filter redraws) is a few kilobytes of data instead of half a megabyte of library.
VIS_FILES = ("vis-network.min.js", "vis-network.css")


def vis_file_bytes(name: str) -> bytes:
    """A vis-network file shipped with pyvis, for the portal to serve as a static file."""
    return resources.files("pyvis").joinpath(_VIS_DIR, name).read_bytes()


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """The vis-network JS and CSS shipped with pyvis, read once per process."""
    try:
        folder = resources.files("pyvis").joinpath(_VIS_DIR)
        script = folder.joinpath(VIS_FILES[0]).read_text(encoding="utf-8")
        style = folder.joinpath(VIS_FILES[1]).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise WorkbenchError(
            f"The network map needs vis-network from the pyvis package ({_VIS_DIR}) and "
            f"could not read it: {error}. Fix: reinstall the workbench environment "
            "(pip install 'pyvis>=0.3.2')."
        ) from error
    # Defensive: the inlined code must not be able to end its own <script>/<style> block.
    script = re.sub(r"</(script)", r"<\\/\1", script, flags=re.IGNORECASE)
    style = re.sub(r"</(style)", r"<\\/\1", style, flags=re.IGNORECASE)
    return script, style


def _script_json(value: object) -> str:
    """JSON that is safe to place inside an HTML <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_ESCAPES[m.group(0)], text)


def _column_values(series: pd.Series) -> list:
    """Plain Python values for JSON: NaN/NA become null, numpy scalars become Python."""
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_integer_dtype(series):
        return series.tolist()
    if pd.api.types.is_numeric_dtype(series):
        values = series.astype(float).to_numpy()
        return [None if math.isnan(v) else v for v in values.tolist()]
    return series.astype(object).where(series.notna(), None).tolist()


def _columns(frame: pd.DataFrame, rename: dict[str, str]) -> dict[str, list]:
    return {rename.get(c, c): _column_values(frame[c]) for c in frame.columns}


def _natural_key(text: str) -> tuple:
    # "Community 2" before "Community 10".
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def _legend(nodes: pd.DataFrame) -> str:
    if not {"group", "color"} <= set(nodes.columns) or nodes.empty:
        return ""
    pairs = nodes[["group", "color"]].astype(str).drop_duplicates("group")
    pairs = pairs.sort_values("group", key=lambda s: s.map(_natural_key))
    items = [
        f'<li><span class="swatch" style="background:{_escape(c)}"></span>{_escape(g)}</li>'
        for g, c in zip(pairs["group"], pairs["color"], strict=True)
    ][:LEGEND_LIMIT]
    if len(pairs) > LEGEND_LIMIT:
        items.append(f"<li>and {len(pairs) - LEGEND_LIMIT} more</li>")
    return '<ul id="legend">' + "".join(items) + "</ul>"


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
script-src {sources}; style-src {sources}; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{vis_style}
<style>
html, body {{ margin: 0; padding: 0; background: #fff; font-family: sans-serif; }}
#wrap {{ position: relative; width: 100%; height: {height}px; }}
#map {{ position: absolute; inset: 0; border: 1px solid #e3e6ea; box-sizing: border-box; }}
#head {{ position: absolute; top: 6px; left: 8px; z-index: 2; max-width: 45%;
  background: rgba(255,255,255,.85); padding: 4px 8px; border-radius: 4px; font-size: 13px; }}
#head h1 {{ font-size: 15px; margin: 0; }}
#head p {{ margin: 2px 0 0; color: #444; }}
#legend {{ position: absolute; top: 6px; right: 8px; z-index: 2; list-style: none; margin: 0;
  padding: 4px 8px; max-height: 45%; overflow-y: auto; font-size: 12px;
  background: rgba(255,255,255,.85); border-radius: 4px; }}
#legend .swatch {{ display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  margin-right: 6px; vertical-align: middle; }}
</style>
</head>
<body>
<div id="wrap">
<div id="map"></div>
<div id="head"><h1>{title}</h1>{note}</div>
{legend}
</div>
<script type="application/json" id="network-data">{data}</script>
{vis_script}
<script>
(function () {{
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  // Columns arrive as arrays (compact, one json.dumps); vis-network wants row objects.
  function rows(cols) {{
    var keys = Object.keys(cols);
    var n = keys.length ? cols[keys[0]].length : 0;
    var out = new Array(n);
    for (var i = 0; i < n; i++) {{
      var row = {{}};
      for (var k = 0; k < keys.length; k++) {{
        var value = cols[keys[k]][i];
        if (value !== null) {{ row[keys[k]] = value; }}
      }}
      out[i] = row;
    }}
    return out;
  }}
  var network = new vis.Network(
    document.getElementById("map"),
    {{ nodes: new vis.DataSet(rows(data.nodes)), edges: new vis.DataSet(rows(data.edges)) }},
    data.options
  );
  // The first draw can happen inside the constructor, before a listener exists: redraw once
  // more so pages and tests can tell when the map is on screen.
  network.once("afterDrawing", function () {{ document.body.setAttribute("data-drawn", "1"); }});
  network.redraw();
}})();
</script>
</body>
</html>
"""


def map_html(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    *,
    height_px: int = 600,
    physics: bool | None = None,
    title: str = "Relationship network",
    note: str = "",
    physics_limit: int = PHYSICS_NODE_LIMIT,
    vis_url: str | None = None,
) -> str:
    """A standalone HTML document showing the network, with vis-network inlined.

    Parameters
    ----------
    nodes : pd.DataFrame
        Columns id and label; optional group (the colour category, shown in the legend),
        title (tooltip text), size, color, x, y.
    edges : pd.DataFrame
        Columns source and target; optional width, title, color.
    height_px : int
        Height of the map in pixels.
    physics : bool or None
        Let vis-network move the nodes. ``None`` turns it on only when no positions are
        given and there are at most ``physics_limit`` nodes.
    title, note : str
        Shown (as text) in the corner of the map.
    vis_url : str or None
        The folder URL (ending in "/") the portal serves vis-network from; ``None`` inlines
        the library so the page is self-contained (JupyterLab, exported HTML).

    Returns
    -------
    str
        The whole page; no external URL is requested.

    Examples
    --------
    >>> page = map_html(pd.DataFrame({"id": ["a"], "label": ["Ann"]}),
    ...                 pd.DataFrame({"source": [], "target": []}))
    >>> page.startswith("<!DOCTYPE html>")
    True
    """
    require_columns(nodes, ["id", "label"], "nodes")
    require_columns(edges, ["source", "target"], "edges")
    known = [c for c in ["id", "label", "title", "size", "color", "x", "y"] if c in nodes]
    node_frame = nodes[known].copy()
    node_frame["id"] = node_frame["id"].astype(str)
    node_frame["label"] = node_frame["label"].astype(str)
    edge_known = [c for c in ["source", "target", "width", "title", "color"] if c in edges]
    edge_frame = edges[edge_known].copy()
    edge_frame["source"] = edge_frame["source"].astype(str)
    edge_frame["target"] = edge_frame["target"].astype(str)

    count = len(node_frame)
    positioned = {"x", "y"} <= set(node_frame.columns) and bool(
        node_frame[["x", "y"]].notna().all().all()
    )
    if physics is None:
        physics = not positioned and count <= physics_limit
    options = {
        "autoResize": True,
        "nodes": {"shape": "dot", "borderWidth": 1, "font": {"size": 12, "face": "sans-serif"}},
        # Straight edges draw much faster than the default curves on big maps.
        "edges": {"smooth": False, "color": {"inherit": False, "color": NEUTRAL_EDGE}},
        "physics": {"enabled": bool(physics), "stabilization": {"iterations": 200}},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": count > physics_limit,
            "hideEdgesOnZoom": count > physics_limit,
        },
        # improvedLayout is slow above ~100 nodes and pointless when positions are given.
        "layout": {"randomSeed": 42, "improvedLayout": not positioned and count <= 100},
    }
    data = {
        "nodes": _columns(node_frame, {}),
        "edges": _columns(edge_frame, {"source": "from", "target": "to"}),
        "options": options,
    }
    vis_js, vis_css = _vis_assets()
    if folder := vis_url:
        # 'self' is the portal that served the app; the browser caches the library.
        js, css = (_escape(folder + name, quote=True) for name in VIS_FILES)
        vis_script = f'<script src="{js}"></script>'
        vis_style = f'<link rel="stylesheet" href="{css}">'
        sources = "'self' 'unsafe-inline'"
    else:  # JupyterLab and exported HTML: self-contained, fetches nothing
        vis_script, vis_style = f"<script>{vis_js}</script>", f"<style>{vis_css}</style>"
        sources = "'unsafe-inline'"
    return _PAGE.format(
        sources=sources,
        title=_escape(title),
        note=f"<p>{_escape(note)}</p>" if note else "",
        legend=_legend(nodes),
        height=int(height_px),
        vis_style=vis_style,
        vis_script=vis_script,
        data=_script_json(data),
    )


def iframe(html: str, height_px: int = 620) -> str:
    """Wrap a document in a sandboxed ``srcdoc`` iframe.

    The sandbox allows scripts but not same-origin access, so the map cannot touch the
    notebook, Voila page or exported file around it. The document is HTML-escaped once,
    as the attribute requires.

    Examples
    --------
    >>> iframe("<p>hi</p>", 100)[:36]
    '<iframe sandbox="allow-scripts" srcd'
    """
    return (
        f'<iframe sandbox="allow-scripts" srcdoc="{_escape(html, quote=True)}" '
        f'title="Relationship network map" referrerpolicy="no-referrer" '
        f'style="width: 100%; height: {int(height_px)}px; border: 0;"></iframe>'
    )


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
        As returned by :func:`workbench.stakeholders.network.layout` (id, x, y).
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
    >>> from workbench.stakeholders import network
    >>> g = nx.Graph([("a", "b", {"strength": 3, "sentiment": 1, "kind": "informs"})])
    >>> n, e = nodes_edges(g, network.centrality(g), network.layout(g))
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
            f"{', '.join(unplaced[:10])}; recompute it with network.layout(graph)."
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
    >>> from workbench.stakeholders import network
    >>> g = nx.Graph([("a", "b", {"strength": 3, "sentiment": 1, "kind": "informs"})])
    >>> view = network_map(g, network.centrality(g), network.layout(g))
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
