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
no name can close the script or open a tag. The key is built here, with every text escaped.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape as _escape
from importlib import resources

import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.guards import require_columns
from workbench.present import palette

__all__ = ["VIS_FILES", "Coloring", "LineKey", "iframe", "map_html", "vis_file_bytes"]

PHYSICS_NODE_LIMIT = 300  # above this, vis-network physics makes the page sluggish
NEUTRAL_EDGE = "#9aa5b1"
LEGEND_LIMIT = 24
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
# Colours written into style attributes of the key: hex or a plain colour name only.
_CSS_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}")


# The client portal serves these files itself (see ServingContext.vis_url), so a map (and every
# map a filter redraws) is a few kilobytes of data instead of half a megabyte of library.
VIS_FILES = ("vis-network.min.js", "vis-network.css")


@dataclass(frozen=True)
class Coloring:
    """One way to colour the nodes, offered in the page's "Colour by" switch.

    Attributes
    ----------
    title : str
        What the colour shows, for the switch and the key (for example "Attitude").
    column : str
        The nodes column holding each node's colour under this colouring.
    legend : tuple of (str, str)
        The key: (text, colour) pairs, in the order to show them.
    """

    title: str
    column: str
    legend: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LineKey:
    """One entry of the key for lines: what a line of this colour, width and style means."""

    text: str
    color: str
    width: float = 2.0
    dashed: bool = False


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


def _natural_key(text: str) -> tuple:
    # "Community 2" before "Community 10".
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def _css_color(value: object) -> str:
    text = str(value)
    return text if _CSS_COLOR.fullmatch(text) else NEUTRAL_EDGE


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


def _default_coloring(nodes: pd.DataFrame) -> list[Coloring]:
    """The colouring of callers that give only ``color`` and ``group``: one key, no switch."""
    if not {"group", "color"} <= set(nodes.columns) or nodes.empty:
        return []
    pairs = nodes[["group", "color"]].astype(str).drop_duplicates("group")
    pairs = pairs.sort_values("group", key=lambda s: s.map(_natural_key))
    return [Coloring("Colour", "color", tuple(zip(pairs["group"], pairs["color"], strict=True)))]


def _swatches(legend: Sequence[tuple[str, str]]) -> str:
    items = [
        f'<li><span class="swatch" style="background:{_css_color(c)}"></span>{_escape(t)}</li>'
        for t, c in legend[:LEGEND_LIMIT]
    ]
    if len(legend) > LEGEND_LIMIT:
        items.append(f"<li>and {len(legend) - LEGEND_LIMIT} more</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _key(
    colorings: Sequence[Coloring],
    size_key: str,
    line_keys: Sequence[LineKey],
    marks: Sequence[tuple[str, str]],
) -> str:
    """The key below the map: colour (one block per colouring), marks, dot size, lines."""
    blocks = [
        f'<section class="key-block" data-coloring="{i}"{" hidden" if i else ""}>'
        f"<h2>Colour: {_escape(c.title.lower())}</h2>{_swatches(c.legend)}</section>"
        for i, c in enumerate(colorings)
    ]
    if marks:
        items = "".join(f'<li><span class="{cls}"></span>{_escape(t)}</li>' for cls, t in marks)
        blocks.append(f'<section class="key-block"><h2>Highlight</h2><ul>{items}</ul></section>')
    if size_key:
        blocks.append(
            '<section class="key-block"><h2>Dot size</h2><p><span class="dot small"></span>'
            f'<span class="dot large"></span>{_escape(size_key)}</p></section>'
        )
    if line_keys:
        items = "".join(
            f'<li><span class="line" style="border-top:{max(1.0, float(k.width)):.1f}px '
            f'{"dashed" if k.dashed else "solid"} {_css_color(k.color)}"></span>'
            f"{_escape(k.text)}</li>"
            for k in line_keys
        )
        blocks.append(f'<section class="key-block"><h2>Lines</h2><ul>{items}</ul></section>')
    if not blocks:
        return ""
    return (
        '<details id="key" open><summary>Key</summary><div class="blocks">'
        + "".join(blocks)
        + "</div></details>"
    )


def _tools(colorings: Sequence[Coloring], searchable: bool) -> str:
    parts = []
    if searchable:
        parts.append(
            '<span class="field"><label for="find">Find</label>'
            '<input id="find" type="search" list="names" autocomplete="off" '
            'placeholder="Name" aria-describedby="found"></span>'
            '<datalist id="names"></datalist>'
        )
    parts.append(
        '<span class="buttons">'
        '<button type="button" id="zoom-in" title="Zoom in" aria-label="Zoom in">+</button>'
        '<button type="button" id="zoom-out" title="Zoom out" aria-label="Zoom out">'
        "\u2212</button>"
        '<button type="button" id="fit" title="Show the whole network">Fit</button>'
        '<button type="button" id="reset" title="Clear the search and show the whole network">'
        "Reset</button></span>"
    )
    if len(colorings) > 1:
        options = "".join(
            f'<option value="{i}">{_escape(c.title)}</option>' for i, c in enumerate(colorings)
        )
        parts.append(
            '<span class="field"><label for="colour-by">Colour by</label>'
            f'<select id="colour-by">{options}</select></span>'
        )
    parts.append('<span id="found" role="status" aria-live="polite"></span>')
    return '<div id="tools" role="toolbar" aria-label="Map controls">' + "".join(parts) + "</div>"


def _compact(code: str) -> str:
    """Code without indentation and whole-line ``//`` comments: every map carries its copy."""
    lines = (line.strip() for line in code.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


_STYLE = """
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; padding: 0; height: 100%%; background: #fff; color: %(ink)s;
  font: 14px/1.35 sans-serif; }
body { display: flex; flex-direction: column; min-width: 0; }
#bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; padding: 6px 8px; }
#head { flex: 1 1 14em; min-width: 0; }
#head h1 { font-size: 15px; margin: 0; }
#head p { margin: 2px 0 0; color: %(muted)s; font-size: 13px; overflow-wrap: anywhere; }
#tools { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; min-width: 0;
  max-width: 100%%; }
#tools .field, #tools .buttons { display: flex; align-items: center; gap: 4px; min-width: 0; }
#tools label { font-size: 13px; color: %(muted)s; }
#tools input, #tools select, #tools button { min-height: 36px; font: inherit; color: %(ink)s;
  border: 1px solid #b9c0c8; border-radius: 6px; background: #fff; }
#tools input { width: 12em; max-width: 100%%; min-width: 0; padding: 0 8px; font-size: 16px; }
#tools button { min-width: 36px; padding: 0 10px; background: #f4f6f8; cursor: pointer; }
#tools button:hover { background: #e8ecf0; }
#tools :focus-visible { outline: 3px solid %(highlight)s; outline-offset: 1px; }
#found { font-size: 13px; color: %(muted)s; overflow-wrap: anywhere; min-width: 0; }
#map-box { position: relative; flex: 1 1 auto; min-height: 240px; overflow: hidden;
  border-top: 1px solid #e3e6ea; border-bottom: 1px solid #e3e6ea; }
#map { position: absolute; inset: 0; }
div.vis-tooltip { white-space: normal; max-width: min(320px, 85vw); overflow-wrap: anywhere;
  font-family: sans-serif; font-size: 13px; }
#key { padding: 4px 8px 8px; font-size: 13px; max-height: 45vh; overflow: auto; }
#key summary { cursor: pointer; font-weight: bold; min-height: 24px; }
#key .blocks { display: flex; flex-wrap: wrap; gap: 4px 28px; }
#key .key-block { min-width: 0; max-width: 100%%; }
#key .key-block[hidden] { display: none; }
#key h2 { font-size: 13px; margin: 6px 0 2px; }
#key p { margin: 0; max-width: 32em; }
#key ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap;
  gap: 2px 14px; }
#key li { overflow-wrap: anywhere; }
#key .swatch, #key .dot, #key .outlined, #key .dimmed { display: inline-block;
  border-radius: 50%%; margin-right: 5px; vertical-align: -2px; }
#key .swatch { width: 12px; height: 12px; }
#key .dimmed { width: 12px; height: 12px; background: %(dimmed)s; opacity: .7; }
#key .outlined { width: 14px; height: 14px; border: 3px solid %(highlight)s; }
#key .dot { background: %(neutral)s; }
#key .dot.small { width: 8px; height: 8px; }
#key .dot.large { width: 20px; height: 20px; vertical-align: -5px; }
#key .line { display: inline-block; width: 28px; margin-right: 6px; vertical-align: middle; }
@media (min-width: 900px) {
  /* Wide screens: the key beside the map, so the map keeps the height. */
  body { display: grid; grid-template-columns: minmax(0, 1fr) 300px;
    grid-template-rows: auto minmax(0, 1fr); }
  #bar { grid-column: 1 / -1; }
  #map-box { min-height: 240px !important; }
  #key { max-height: none; border-left: 1px solid #e3e6ea; }
  #key .blocks { flex-direction: column; }
}
"""

# Plain JavaScript, no library but vis-network; the page's data arrive as JSON (see map_html).
_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var view = data.view;
  var cols = data.nodes, ecols = data.edges;
  var n = cols.id.length, m = ecols.from.length;
  var ids = cols.id, names = cols.label;
  var index = {};
  for (var i = 0; i < n; i++) { index[ids[i]] = i; }
  function column(source, key, size) { return source[key] || new Array(size); }
  var pinned = cols.pinned || null;  // no column: every label is shown
  var dimmed = column(cols, "dimmed", n), border = column(cols, "border", n);
  var scheme = 0, hovered = null, picked = {}, matches = [], at = 0;

  var crowded = {};  // pinned labels set aside while a more important one is in their way
  function labelled(k) {
    var id = ids[k];
    if (picked[id] === true || hovered === id || !pinned) { return true; }
    return !!pinned[k] && !crowded[id];
  }
  function colourOf(k) {
    var c = view.colorings.length ? cols[view.colorings[scheme]][k] : null;
    if (dimmed[k]) { return view.dimmed; }
    return c || (cols.color && cols.color[k]) || view.neutral;
  }
  function paint(k) {
    var c = colourOf(k), line = border[k] || c;
    return {
      background: c, border: line,
      highlight: { background: c, border: view.highlight },
      hover: { background: c, border: view.highlight }
    };
  }
  function nodeItem(k) {
    var item = {
      id: ids[k], label: labelled(k) ? names[k] : "", color: paint(k),
      opacity: dimmed[k] ? view.dimOpacity : 1, borderWidth: border[k] ? 4 : 1,
      font: { color: dimmed[k] ? view.muted : view.ink }
    };
    ["title", "size", "x", "y"].forEach(function (key) {
      if (cols[key] && cols[key][k] !== null) { item[key] = cols[key][k]; }
    });
    return item;
  }
  function edgeItem(j) {
    var c = (ecols.color && ecols.color[j]) || view.edge;
    var dim = ecols.dimmed && ecols.dimmed[j];
    var item = {
      id: j, from: ecols.from[j], to: ecols.to[j], dashes: !!(ecols.dashes && ecols.dashes[j]),
      color: { color: dim ? view.dimmed : c, highlight: c, hover: c,
               opacity: dim ? view.dimOpacity : 1 }
    };
    if (ecols.width && ecols.width[j] !== null) { item.width = ecols.width[j]; }
    var title = ecols.title ? ecols.title[j] : null;
    if (ecols.named && ecols.named[j]) {  // the first line, both names, travelled as a flag
      title = names[index[item.from]] + " \u2013 " + names[index[item.to]] + "\n" + title;
    }
    if (title !== null) { item.title = title; }
    return item;
  }
  var nodeItems = [], edgeItems = [];
  for (i = 0; i < n; i++) { nodeItems.push(nodeItem(i)); }
  for (i = 0; i < m; i++) { edgeItems.push(edgeItem(i)); }
  var nodes = new vis.DataSet(nodeItems), edges = new vis.DataSet(edgeItems);
  var box = document.getElementById("map");
  var network = new vis.Network(box, { nodes: nodes, edges: edges }, data.options);

  function relabel(list) {
    var changes = [];
    list.forEach(function (id) {
      var k = index[id];
      if (k !== undefined) { changes.push({ id: id, label: labelled(k) ? names[k] : "" }); }
    });
    if (changes.length) { nodes.update(changes); }
  }
  function pick(list) {
    var before = Object.keys(picked);
    picked = {};
    list.forEach(function (id) { picked[id] = true; });
    relabel(before.concat(list));
    declutter();
  }

  // Labels drawn over each other help nobody: place pinned labels in rank order (searched and
  // tapped ones first) and hold back any that would overlap one already placed. Zooming in
  // spreads the dots apart, so each zoom places them again.
  var ranked = [];
  if (pinned) {
    for (i = 0; i < n; i++) { if (pinned[i]) { ranked.push(i); } }
    ranked.sort(function (a, b) { return pinned[a] - pinned[b]; });
  }
  var measure = document.createElement("canvas").getContext("2d");
  var lastScale = null, pending = false;
  function declutter() {
    if (!ranked.length || lastScale === null) { return; }
    var scale = network.getScale(), px = Math.min(labelSize * scale, view.maxLabelPx);
    lastScale = scale;
    measure.font = px + "px sans-serif";
    var first = Object.keys(picked).filter(function (id) { return index[id] !== undefined; });
    var order = first.map(function (id) { return index[id]; }).concat(ranked.filter(
      function (k) { return picked[ids[k]] !== true; }));
    var where = network.getPositions(order.map(function (k) { return ids[k]; }));
    var placed = [], before = crowded, changed = [];
    crowded = {};
    order.forEach(function (k) {
      var id = ids[k], p = network.canvasToDOM(where[id]);
      var r = ((cols.size && cols.size[k]) || 10) * scale, w = measure.measureText(names[k]).width;
      var box = { l: p.x - w / 2 - 2, r: p.x + w / 2 + 2, t: p.y + r, b: p.y + r + px * 1.3 };
      var clash = placed.some(function (o) {
        return box.l < o.r && o.l < box.r && box.t < o.b && o.t < box.b;
      });
      if (clash && picked[id] !== true) { crowded[id] = true; } else { placed.push(box); }
      if (!!crowded[id] !== !!before[id]) { changed.push(id); }
    });
    relabel(changed);
  }
  network.on("afterDrawing", function () {
    if (pending || lastScale === null || Math.abs(network.getScale() - lastScale) < 1e-9) {
      return;
    }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; declutter(); });
  });
  network.on("dragEnd", function () { declutter(); });
  network.on("hoverNode", function (p) {
    var old = hovered;
    hovered = p.node;
    relabel([old, p.node]);
  });
  network.on("blurNode", function () {
    var old = hovered;
    hovered = null;
    relabel([old]);
  });
  // A tap (or click) shows the label of what it selected: touch screens have no hover.
  network.on("select", function () { pick(network.getSelectedNodes()); });

  var fitScale = 1, labelSize = view.labelPx;
  function fit(animate) {
    var motion = animate ? { duration: 300, easingFunction: "easeInOutQuad" } : false;
    network.fit({ animation: motion });
  }
  function zoom(factor) {
    var scale = Math.min(fitScale * 16, Math.max(fitScale / 8, network.getScale() * factor));
    network.moveTo({ position: network.getViewPosition(), scale: scale,
                     animation: { duration: 200, easingFunction: "easeInOutQuad" } });
  }

  var found = document.getElementById("found");
  function say(text) { if (found) { found.textContent = text; } }
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var folded = names.map(fold);
  function focusOn(k) {
    at = k;
    var id = matches[k];
    network.focus(id, { scale: Math.max(network.getScale(), fitScale * 1.6),
                        animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    say(matches.length === 1 ? "Found " + names[index[id]]
        : (k + 1) + " of " + matches.length + ": " + names[index[id]] + " (Enter for the next)");
  }
  function find(query) {
    var q = fold(query).trim();
    matches = [];
    if (!q) { network.unselectAll(); pick([]); say(""); return matches; }
    var exact = [], starts = [], inside = [];
    for (var k = 0; k < n; k++) {
      var where = folded[k].indexOf(q);
      if (where < 0) { continue; }
      (folded[k] === q ? exact : where === 0 ? starts : inside).push(ids[k]);
    }
    matches = exact.concat(starts, inside);
    if (!matches.length) {
      network.unselectAll();
      pick([]);
      say("No name matches");
      return matches;
    }
    network.selectNodes(matches);
    pick(matches);
    focusOn(0);
    return matches;
  }
  var input = document.getElementById("find");
  if (input) {
    input.addEventListener("input", function () { find(input.value); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault();
        if (matches.length) { focusOn((at + 1) % matches.length); }
      } else if (e.key === "Escape") { input.value = ""; find(""); }
    });
    // Suggestions are filled on first use: a long list costs nothing until someone searches.
    input.addEventListener("focus", function () {
      var list = document.getElementById("names");
      if (!list || list.childElementCount) { return; }
      names.slice().sort().forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        list.appendChild(option);
      });
    }, { once: true });
  }

  var select = document.getElementById("colour-by");
  function colourBy(k) {
    scheme = k;
    var changes = [];
    for (var j = 0; j < n; j++) { changes.push({ id: ids[j], color: paint(j) }); }
    nodes.update(changes);
    document.querySelectorAll("#key [data-coloring]").forEach(function (block) {
      block.hidden = Number(block.getAttribute("data-coloring")) !== k;
    });
    if (select) { select.value = String(k); }
  }
  if (select) {
    select.addEventListener("change", function () { colourBy(Number(select.value)); });
  }

  function on(id, handler) {
    var button = document.getElementById(id);
    if (button) { button.addEventListener("click", handler); }
  }
  on("zoom-in", function () { zoom(1.4); });
  on("zoom-out", function () { zoom(1 / 1.4); });
  on("fit", function () { fit(true); });
  on("reset", function () {
    if (input) { input.value = ""; }
    matches = [];
    hovered = null;
    network.unselectAll();
    pick([]);
    say("");
    colourBy(0);
    fit(true);
  });

  // vis-network measures in layout units, so labels and dots shrink with the layout's extent.
  // Once the map has a size, stretch the positions to screen pixels and set the label font so
  // labels are LABEL_PX high at the first fit (a few rounds: labels count in the fitted box).
  var settled = false;
  function settle() {
    if (settled || box.clientWidth < 20 || box.clientHeight < 20) { return; }
    settled = true;
    if (view.positioned && !data.options.physics.enabled && n) {
      fit(false);
      var s = network.getScale();
      if (s > 0 && isFinite(s)) {
        var pos = network.getPositions(), moves = [];
        ids.forEach(function (id) { moves.push({ id: id, x: pos[id].x * s, y: pos[id].y * s }); });
        nodes.update(moves);
      }
    }
    for (var round = 0; round < 3; round++) {
      fit(false);
      fitScale = network.getScale() || 1;
      labelSize = view.labelPx / fitScale;
      network.setOptions({ nodes: { font: { size: labelSize } } });
    }
    window.workbenchMap.labelSize = labelSize;
    window.workbenchMap.fitScale = fitScale;
    lastScale = network.getScale();
    declutter();
    document.body.setAttribute("data-ready", "1");
  }
  // For the notebook's own tests and for anyone debugging the map in the browser console.
  window.workbenchMap = { network: network, nodes: nodes, edges: edges, find: find,
                          colourBy: colourBy, labelSize: null, fitScale: null };
  if (data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", settle);
  } else {
    settle();
  }
  // A map drawn while hidden (Voila reveals cells late) settles once it has a size.
  network.on("resize", function () { if (!data.options.physics.enabled) { settle(); } });
  window.addEventListener("resize", function () {
    if (!data.options.physics.enabled) { settle(); }
  });
  // The first draw can happen inside the constructor, before a listener exists: redraw once
  // more so pages and tests can tell when the map is on screen.
  network.once("afterDrawing", function () { document.body.setAttribute("data-drawn", "1"); });
  network.redraw();
})();
"""

_PAGE_SCRIPT = _compact(_SCRIPT)
_PAGE_STYLE = _compact(_STYLE)

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
    colorings = _default_coloring(nodes) if colorings is None else list(colorings)
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
        tools=_tools(colorings, searchable=count > 0),
        key=_key(colorings, size_key, line_keys, marks),
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
