"""A network drawn with vis-network: a self-contained, interactive page from two DataFrames.

Builds the page directly from a nodes frame and an edges frame and serializes them once,
column by column, instead of going through pyvis' per-node API (which scans its node list
on every insert and is far too slow for thousands of nodes). The vis-network JavaScript and
CSS shipped inside the pyvis package are inlined, so the page makes no external request and
works offline, in JupyterLab, in Voila and in exported HTML; the client portal serves them
itself instead (``vis_url``).

Every label and tooltip is shown as text: vis-network 9 draws labels on a canvas and sets
string tooltips with ``innerText``; the data travel as JSON whose ``<``, ``>`` and ``&``
are ``\\u`` escapes, so no name can close the script or open a tag.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from html import escape as _escape
from importlib import resources

import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.guards import require_columns

__all__ = ["VIS_FILES", "iframe", "map_html", "vis_file_bytes"]

PHYSICS_NODE_LIMIT = 300  # above this, vis-network physics makes the page sluggish
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
