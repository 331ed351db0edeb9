"""A network drawn with vis-network: a self-contained, interactive page from two DataFrames.

Builds the page directly from a nodes frame and an edges frame and serializes them once,
column by column, instead of going through pyvis' per-node API (which scans its node list
on every insert and is far too slow for thousands of nodes). The vis-network JavaScript and
CSS shipped inside the pyvis package are inlined, so the page makes no external request and
works offline, in JupyterLab, in Voila and in exported HTML; the client portal serves them
itself instead (``vis_url``).

The page carries its own controls in plain JavaScript: a search box (by name), zoom in, zoom
out, fit and reset buttons, a "Colour by" switch when there are several colourings, and a
key explaining colour, dot size and lines. Labels stay readable: only the nodes marked
``pinned`` are always labelled, at a size that is at least :data:`MIN_LABEL_PX` on screen
when the map is first fitted; other labels appear on hover, tap or search.

Every label and tooltip is shown as text: vis-network 9 draws labels on a canvas and sets
string tooltips with ``innerText``; the page's own script writes names with ``textContent``
and ``value``; the data travel as JSON whose ``<``, ``>`` and ``&`` are ``\\u`` escapes, so
no name can close the script or open a tag. The key is built in
:mod:`workbench.present.network_key`, with every text escaped; the page's own CSS and
JavaScript are the package files ``network_map.css`` and ``network_map.js``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from html import escape as _escape
from importlib import resources

import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.guards import require_columns
from workbench.present import palette
from workbench.present.network_key import (
    NEUTRAL_EDGE,
    Coloring,
    LineKey,
    default_coloring,
    key_html,
    tools_html,
)

__all__ = ["VIS_FILES", "Coloring", "LineKey", "iframe", "map_html", "vis_file_bytes"]

PHYSICS_NODE_LIMIT = 300  # above this, vis-network physics makes the page sluggish
LABEL_PX = 13  # label height on screen when the map is first fitted
MIN_LABEL_PX = 10  # zoomed out further than this, vis-network stops drawing labels
MAX_LABEL_PX = 26  # zoomed in, labels grow no further than this
DIM_OPACITY = 0.35
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
    if pd.api.types.is_bool_dtype(series):
        return series.astype(int).tolist()  # 0/1 is a third the size of false/true
    if pd.api.types.is_integer_dtype(series):
        return series.tolist()
    if pd.api.types.is_numeric_dtype(series):
        values = series.astype(float).to_numpy()
        return [None if math.isnan(v) else v for v in values.tolist()]
    return series.astype(object).where(series.notna(), None).tolist()


def _columns(frame: pd.DataFrame, rename: dict[str, str]) -> dict[str, list]:
    return {rename.get(c, c): _column_values(frame[c]) for c in frame.columns}


def _flag(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[column].fillna(False).astype(bool)


def _compact_edges(edges: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Edges as they travel: the default colour and a title's "A \u2013 B" line are implied.

    Both names would otherwise make up most of the page's data; the page puts them back.
    """
    edges = edges.copy()
    if "color" in edges:
        edges["color"] = edges["color"].where(edges["color"] != NEUTRAL_EDGE, None)
    if "title" in edges and len(edges):
        heads = edges["source"].map(labels) + " \u2013 " + edges["target"].map(labels) + "\n"
        named = [
            isinstance(t, str) and isinstance(h, str) and t.startswith(h)
            for t, h in zip(edges["title"], heads, strict=True)
        ]
        edges["title"] = [
            t[len(h) :] if n else t for t, h, n in zip(edges["title"], heads, named, strict=True)
        ]
        if any(named):
            edges["named"] = named
    return edges


def _flags(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Flag columns as booleans; a flag set nowhere carries no information and is dropped."""
    for column in (c for c in columns if c in frame):
        flag = _flag(frame, column)
        frame = frame.assign(**{column: flag}) if flag.any() else frame.drop(columns=column)
    return frame


def _asset(name: str) -> str:
    """A file shipped next to this module (the page's own CSS and JavaScript)."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _compact(code: str) -> str:
    """Code without indentation and whole-line ``//`` comments: every map carries its copy."""
    lines = (line.strip() for line in code.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


# The page's own CSS (a %-template for the palette's colours) and plain JavaScript (no library
# but vis-network; the page's data arrive as JSON, see map_html), shipped next to this module.
_STYLE = _asset("network_map.css")
_SCRIPT = _asset("network_map.js")
_PAGE_STYLE = _compact(_STYLE)
_PAGE_SCRIPT = _compact(_SCRIPT)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
script-src {sources}; style-src {sources}; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{vis_style}
<style>{style}</style>
</head>
<body>
<header id="bar">
<div id="head"><h1>{title}</h1>{note}</div>
{tools}
</header>
<main id="map-box" style="min-height: min({height}px, 50vh)"><div id="map"></div></main>
{key}
<script type="application/json" id="network-data">{data}</script>
{vis_script}
<script>{script}</script>
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
    colorings: Sequence[Coloring] | None = None,
    size_key: str = "",
    line_keys: Sequence[LineKey] = (),
    marks: Sequence[tuple[str, str]] | None = None,
) -> str:
    """A standalone HTML document showing the network, with vis-network inlined.

    Parameters
    ----------
    nodes : pd.DataFrame
        Columns id and label (the name, shown as label and searched); optional group (the
        colour category of the default key), title (tooltip text), size (dot radius in
        screen pixels at the first fit), color, x, y, pinned (true or a rank 1, 2, ...:
        labelled without hovering; where two such labels would overlap, the lower rank is
        shown until zooming in separates them; without the column every node is labelled),
        dimmed (bool: drawn in :data:`palette.DIMMED`, faded),
        border (an outline colour, or empty) and the colour columns of ``colorings``.
    edges : pd.DataFrame
        Columns source and target; optional width, title, color, dimmed (bool), dashes
        (bool).
    height_px : int
        The map's preferred height in pixels; the page's controls and key come on top.
    physics : bool or None
        Let vis-network move the nodes. ``None`` turns it on only when no positions are
        given and there are at most ``physics_limit`` nodes.
    title, note : str
        Shown (as text) above the map.
    vis_url : str or None
        The folder URL (ending in "/") the portal serves vis-network from; ``None`` inlines
        the library so the page is self-contained (JupyterLab, exported HTML).
    colorings : sequence of Coloring or None
        The colourings the page can switch between, the first shown first. ``None`` uses
        ``color`` with a key made from ``group``.
    size_key : str
        What dot size means, for the key.
    line_keys : sequence of LineKey
        What line colours, widths and dashes mean, for the key.
    marks : sequence of (str, str) or None
        Extra key entries as (css class, text); the classes are "dimmed" and "outlined".
        ``None`` explains dimmed nodes when there are any.

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
    colorings = default_coloring(nodes) if colorings is None else list(colorings)
    require_columns(nodes, [c.column for c in colorings], "nodes")
    optional = ["title", "size", "color", "x", "y", "pinned", "dimmed", "border"]
    known = ["id", "label", *(c for c in optional if c in nodes)]
    known += [c.column for c in colorings if c.column not in known]
    node_frame = nodes[known].copy()
    node_frame["id"] = node_frame["id"].astype(str)
    node_frame["label"] = node_frame["label"].astype(str)
    edge_optional = ["width", "title", "color", "dimmed", "dashes"]
    edge_frame = edges[["source", "target", *(c for c in edge_optional if c in edges)]].copy()
    edge_frame["source"] = edge_frame["source"].astype(str)
    edge_frame["target"] = edge_frame["target"].astype(str)
    node_frame = _flags(node_frame, ["dimmed"])
    edge_frame = _flags(edge_frame, ["dimmed", "dashes"])
    if "border" in node_frame and not node_frame["border"].notna().any():
        node_frame = node_frame.drop(columns="border")
    if colorings and "color" in node_frame and "color" not in {c.column for c in colorings}:
        node_frame = node_frame.drop(columns="color")  # the colourings carry the colours
    labels = dict(zip(node_frame["id"], node_frame["label"], strict=True))
    edge_frame = _compact_edges(edge_frame, labels)
    # vis-network draws in data order: what a filter set aside goes first, underneath.
    if "dimmed" in node_frame:
        node_frame = node_frame.sort_values("dimmed", ascending=False, kind="stable")
    if "dimmed" in edge_frame:
        edge_frame = edge_frame.sort_values("dimmed", ascending=False, kind="stable")

    count = len(node_frame)
    positioned = {"x", "y"} <= set(node_frame.columns) and bool(
        node_frame[["x", "y"]].notna().all().all()
    )
    if physics is None:
        physics = not positioned and count <= physics_limit
    options = {
        "autoResize": True,
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {
                "size": LABEL_PX,
                "face": "sans-serif",
                "color": palette.INK,
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            # Labels smaller than MIN_LABEL_PX on screen are not drawn at all; very large
            # ones are capped when zooming in.
            "scaling": {"label": {"drawThreshold": MIN_LABEL_PX + 1, "maxVisible": MAX_LABEL_PX}},
        },
        # Straight edges draw much faster than the default curves on big maps.
        "edges": {
            "smooth": False,
            "selectionWidth": 1.5,
            "color": {"inherit": False, "color": NEUTRAL_EDGE},
        },
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
        "view": {
            "colorings": [c.column for c in colorings],
            "positioned": positioned,
            "labelPx": LABEL_PX,
            "maxLabelPx": MAX_LABEL_PX,
            "dimmed": palette.DIMMED,
            "dimOpacity": DIM_OPACITY,
            "highlight": palette.HIGHLIGHT,
            "ink": palette.INK,
            "muted": palette.MUTED,
            "neutral": NEUTRAL_EDGE,
            "edge": NEUTRAL_EDGE,
        },
    }
    if marks is None:
        marks = [("dimmed", "Dimmed: outside the selection")] if "dimmed" in node_frame else []
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
    style = _PAGE_STYLE % {
        "ink": palette.INK,
        "muted": palette.MUTED,
        "highlight": palette.HIGHLIGHT,
        "dimmed": palette.DIMMED,
        "neutral": NEUTRAL_EDGE,
    }
    return _PAGE.format(
        sources=sources,
        title=_escape(title),
        note=f"<p>{_escape(note)}</p>" if note else "",
        tools=tools_html(colorings, searchable=count > 0),
        key=key_html(colorings, size_key, line_keys, marks),
        height=int(height_px),
        style=style,
        script=_PAGE_SCRIPT,
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
