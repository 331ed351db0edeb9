"""The key and the controls of a vis-network map: colourings, line keys, swatches and buttons.

:mod:`workbench.present.network_chart` places what is built here above and below the map.
Every text is escaped; colours written into style attributes are hex or a plain colour name
only, anything else falls back to :data:`NEUTRAL_EDGE`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape as _escape

import pandas as pd

__all__ = [
    "LEGEND_LIMIT",
    "NEUTRAL_EDGE",
    "Coloring",
    "LineKey",
    "default_coloring",
    "key_html",
    "tools_html",
]

NEUTRAL_EDGE = "#9aa5b1"  # lines without a colour of their own; the key's fallback colour
LEGEND_LIMIT = 24
# Colours written into style attributes of the key: hex or a plain colour name only.
_CSS_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}")


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


def _natural_key(text: str) -> tuple:
    # "Community 2" before "Community 10".
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def _css_color(value: object) -> str:
    text = str(value)
    return text if _CSS_COLOR.fullmatch(text) else NEUTRAL_EDGE


def default_coloring(nodes: pd.DataFrame) -> list[Coloring]:
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


def key_html(
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


def tools_html(colorings: Sequence[Coloring], searchable: bool) -> str:
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
