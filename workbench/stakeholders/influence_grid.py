"""The influence x interest grid: responsive inline SVG with a dot per stakeholder.

Four quadrants with their engagement strategies, the names of the most salient stakeholders
written beside their dots, and everyone's name on a tap, with no JavaScript. Drawn by
:func:`grid_svg`; the explorer (:mod:`workbench.stakeholders.explorer`) shows it with
:func:`attitude_legend` under it.
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from workbench.present import charts, palette
from workbench.stakeholders.analysis import (
    ATTITUDE_BANDS,
    SALIENCE_CLASSES,
    STRATEGY_BY_QUADRANT,
)
from workbench.stakeholders.schemas import RATING_RANGES
from workbench.stakeholders.view_common import ATTITUDE_COLORS, short_name

GRID_LABELS = 12  # names written on the grid; everyone else's shows on a tap
GRID_SIZE = (380, 420)  # drawn at phone width, so 13 px text stays >= 10 px at 290 px
GRID_MAX_WIDTH = 500  # on a wide screen the grid grows to this, its text with it
GRID_DOT_LIMIT = 300  # above this many stakeholders, one bubble per rating pair instead of dots

_GRID_FONT = 13
_ALWAYS_NAMED = 4  # the most salient are named even where their name covers other dots
_CHAR_WIDTH = 0.56 * _GRID_FONT  # a generous average glyph width, to keep labels apart


def _grid_scales(width: int, height: int, margins: tuple[int, int, int, int]):
    left, top, right, bottom = margins
    plot_w, plot_h = width - left - right, height - top - bottom
    (x_lo, x_hi), (y_lo, y_hi) = RATING_RANGES["interest"], RATING_RANGES["influence"]
    # Half a step of room left and right; a whole step above and below for the strategies.
    x_from, x_span = x_lo - 0.5, x_hi - x_lo + 1.0
    y_to, y_span = y_hi + 1.0, y_hi - y_lo + 2.0

    def px(interest: float) -> float:
        return left + (interest - x_from) / x_span * plot_w

    def py(influence: float) -> float:
        return top + (y_to - influence) / y_span * plot_h

    return px, py, plot_w, plot_h


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label_spots(x: float, y: float, text: str) -> list[tuple[tuple, float, float, str]]:
    w, h = len(text) * _CHAR_WIDTH, _GRID_FONT + 2
    return [
        ((x + 9, y - h / 2, x + 9 + w, y + h / 2), x + 9, y + 4.5, "start"),
        ((x - 9 - w, y - h / 2, x - 9, y + h / 2), x - 9, y + 4.5, "end"),
        ((x - w / 2, y - 9 - h, x + w / 2, y - 9), x, y - 12, "middle"),
        ((x - w / 2, y + 9, x + w / 2, y + 9 + h), x, y + 9 + h - 3, "middle"),
    ]


def grid_label_order(summary: pd.DataFrame) -> pd.DataFrame:
    """The stakeholders in the order the grid tries to write their names: most salient first.

    Highest influence plus interest first, then by salience class, then by name.

    Examples
    --------
    >>> df = pd.DataFrame({"name": ["A", "B"], "influence": [2, 5], "interest": [2, 4],
    ...                    "salience": ["dormant", "definitive"]})
    >>> grid_label_order(df)["name"].tolist()
    ['B', 'A']
    """
    rank = summary["salience"].map({c: i for i, c in enumerate(SALIENCE_CLASSES)})
    weight = pd.to_numeric(summary["influence"], errors="coerce") + pd.to_numeric(
        summary["interest"], errors="coerce"
    )
    return (
        summary.assign(_w=weight, _r=rank.fillna(len(SALIENCE_CLASSES)))
        .sort_values(["_w", "_r", "name"], ascending=[False, True, True], kind="stable")
        .drop(columns=["_w", "_r"])
    )


def grid_svg(
    summary: pd.DataFrame,
    influence_threshold: float = 3.5,
    interest_threshold: float = 3.5,
    width: int = GRID_SIZE[0],
    height: int = GRID_SIZE[1],
    labels: int = GRID_LABELS,
    dot_limit: int = GRID_DOT_LIMIT,
) -> str:
    """The influence x interest grid as responsive inline SVG.

    Four quadrants with their engagement strategies, dashed threshold lines, ticks over the
    register's rating range, and a dot per stakeholder in its attitude colour. The names of
    up to ``labels`` of the most salient stakeholders are written next to their dots
    (without overlapping each other); every dot can be tapped, or focused with the keyboard,
    to show its name and group, with no JavaScript (CSS ``:focus``), and carries an SVG
    ``<title>`` for a mouse. The drawing scales down to the page width: it is designed at
    phone width so its 13 px text stays readable.

    Above ``dot_limit`` stakeholders, dots would only hide each other: each pair of
    (rounded) ratings gets one bubble instead, its area the number of stakeholders there,
    its slices their attitudes, the count written in it (see :func:`grid_bubbles`).

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a"], "name": ["<b>Ann</b>"], "group": ["G"],
    ...                    "influence": [5], "interest": [4], "attitude_band": ["critic"],
    ...                    "strategy": ["manage closely"], "salience": ["definitive"]})
    >>> svg = grid_svg(df)
    >>> 'viewBox="0 0 380 420"' in svg, "&lt;b&gt;Ann" in svg, "<b>Ann" in svg
    (True, True, False)
    """
    margins = (46, 6, 8, 40)
    left, top, right, bottom = margins
    px, py, plot_w, plot_h = _grid_scales(width, height, margins)
    xt, yt = px(interest_threshold), py(influence_threshold)
    x_end, y_end = left + plot_w, top + plot_h
    tint = {
        "key players": "#fdf2d8",
        "context setters": "#eef2f6",
        "subjects": "#eef2f6",
        "crowd": "#f7f8fa",
    }
    boxes = {
        "context setters": (left, top, xt, yt),
        "key players": (xt, top, x_end, yt),
        "crowd": (left, yt, xt, y_end),
        "subjects": (xt, yt, x_end, y_end),
    }
    parts = [
        f'<svg class="wb-grid" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
        ' width="100%" role="img" aria-label="Influence and interest grid"'
        f' style="max-width:{GRID_MAX_WIDTH}px;height:auto;display:block;font-family:{charts.FONT};'
        f'font-size:{_GRID_FONT}px">',
        _grid_style(len(summary) if len(summary) <= dot_limit else 0),
    ]
    for quadrant, (x0, y0, x1, y1) in boxes.items():
        parts.append(
            f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{max(x1 - x0, 0):.1f}" '
            f'height="{max(y1 - y0, 0):.1f}" fill="{tint[quadrant]}"/>'
        )
    parts += [
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
        'stroke="#b8c0c8"/>',
        f'<line x1="{xt:.1f}" y1="{top}" x2="{xt:.1f}" y2="{y_end}" stroke="#5b6573" '
        'stroke-dasharray="5 4"/>',
        f'<line x1="{left}" y1="{yt:.1f}" x2="{x_end}" y2="{yt:.1f}" stroke="#5b6573" '
        'stroke-dasharray="5 4"/>',
    ]
    # Strategy and quadrant at the outer corner of each quadrant, in the strip no dot reaches.
    corners = {
        "context setters": (left + 6, top + 17, top + 33, "start"),
        "key players": (x_end - 6, top + 17, top + 33, "end"),
        "crowd": (left + 6, y_end - 8, y_end - 24, "start"),
        "subjects": (x_end - 6, y_end - 8, y_end - 24, "end"),
    }
    for quadrant, (x, y_strategy, y_name, anchor) in corners.items():
        strategy = STRATEGY_BY_QUADRANT[quadrant].capitalize()
        parts.append(
            f'<text class="wb-quadrant" x="{x:.1f}" y="{y_strategy:.1f}" text-anchor="{anchor}" '
            f'fill="{palette.INK}" font-weight="bold">{escape(strategy)}</text>'
            f'<text class="wb-quadrant" x="{x:.1f}" y="{y_name:.1f}" text-anchor="{anchor}" '
            f'fill="{palette.MUTED}">{escape(quadrant)}</text>'
        )
    for value in range(RATING_RANGES["interest"][0], RATING_RANGES["interest"][1] + 1):
        parts.append(
            f'<text x="{px(value):.1f}" y="{y_end + 16}" text-anchor="middle" '
            f'fill="{palette.MUTED}">{value}</text>'
        )
    for value in range(RATING_RANGES["influence"][0], RATING_RANGES["influence"][1] + 1):
        parts.append(
            f'<text x="{left - 7}" y="{py(value) + 4.5:.1f}" text-anchor="end" '
            f'fill="{palette.MUTED}">{value}</text>'
        )
    mid_y = top + plot_h / 2
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 5}" text-anchor="middle" '
        f'fill="{palette.INK}">Interest →</text>'
        f'<text x="16" y="{mid_y:.1f}" text-anchor="middle" fill="{palette.INK}" '
        f'transform="rotate(-90 16 {mid_y:.1f})">Influence →</text>'
    )
    if len(summary) > dot_limit:
        parts += _grid_bubbles(grid_bubbles(summary), px, py, plot_w)
    else:
        parts += _grid_dots(summary, px, py, (left, top, x_end, y_end), labels, width)
    parts.append("</svg>")
    return "".join(parts)


def _grid_style(count: int) -> str:
    # A tapped (focused) or hovered dot reveals its name in the layer drawn last, so no other
    # dot covers it. One rule per dot, because CSS cannot match a number it does not know.
    reveal = ",".join(
        f'.wb-dot[data-k="{k}"]:focus~.wb-tips [data-k="{k}"],'
        f'.wb-dot[data-k="{k}"]:hover~.wb-tips [data-k="{k}"]'
        for k in range(count)
    )
    rules = (
        ".wb-grid .wb-dot{cursor:pointer;outline:none}"
        ".wb-grid .wb-dot:focus circle,.wb-grid .wb-dot:hover circle{stroke:#1d2430;"
        "stroke-width:2.5}"
        ".wb-grid .wb-tip{display:none;pointer-events:none}"
        ".wb-grid text{pointer-events:none}"  # a tap on a name reaches the dot beneath
        ".wb-grid text.wb-name,.wb-grid .wb-tip{paint-order:stroke;stroke:#fff;"
        "stroke-width:3.5px;stroke-linejoin:round}"
    )
    if reveal:
        rules += reveal + "{display:inline}"
    return f"<style>{rules}</style>"


def _grid_dots(summary: pd.DataFrame, px, py, plot: tuple, labels: int, width: int) -> list[str]:
    # Stakeholders with the same ratings would hide each other: spread them on a small spiral.
    ordered = summary.sort_values("id", kind="stable").reset_index(drop=True)
    cell = (
        ordered["influence"].round(1).astype(str) + "|" + ordered["interest"].round(1).astype(str)
    )
    slot = cell.groupby(cell).cumcount()
    places = []
    for row, k in zip(ordered.itertuples(index=False), slot, strict=True):
        angle, radius = k * 2.4, 7.5 * k**0.5
        places.append(
            (
                px(row.interest) + radius * math.cos(angle),
                py(row.influence) + radius * math.sin(angle),
            )
        )
    dots, tips = [], []
    for k, (row, (x, y)) in enumerate(zip(ordered.itertuples(index=False), places, strict=True)):
        band = row.attitude_band if isinstance(row.attitude_band, str) else ""
        color = ATTITUDE_COLORS.get(band, palette.MUTED)
        title = (
            f"{row.name} ({row.group})\ninfluence {row.influence:g}, interest "
            f"{row.interest:g}, {band or 'attitude not rated'}\nstrategy: {row.strategy}"
        )
        dots.append(
            f'<g class="wb-dot" tabindex="0" data-k="{k}" aria-label="{escape(str(row.name))}">'
            f"<title>{escape(title)}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6.5" fill="{color}" stroke="#fff" '
            'stroke-width="1.2"/></g>'
        )
        above = y - 14 if y - 40 > plot[1] else y + 26
        anchor, tx = ("start", x - 6) if x < width / 2 else ("end", x + 6)
        tips.append(
            f'<text class="wb-tip" data-k="{k}" x="{tx:.1f}" y="{above:.1f}" '
            f'text-anchor="{anchor}" fill="{palette.INK}" font-weight="bold">'
            f"{escape(str(row.name))}"
            f'<tspan x="{tx:.1f}" dy="15" font-weight="normal" fill="{palette.MUTED}">'
            f"{escape(str(row.group))} · {escape(band or 'not rated')}</tspan></text>"
        )
    names = _grid_names(ordered, places, plot, labels)
    return [*dots, *names, f'<g class="wb-tips">{"".join(tips)}</g>']


def _grid_names(ordered: pd.DataFrame, places: list, plot: tuple, labels: int) -> list[str]:
    """Names written beside the most salient dots, each where it covers no other name."""
    taken: list[tuple] = []
    written = []
    order = grid_label_order(ordered.assign(_k=range(len(ordered))))["_k"].tolist()
    for k in order:
        if len(written) >= labels:
            break
        x, y = places[k]
        text = short_name(ordered["name"].iloc[k])
        best = None
        for box, tx, ty, anchor in _label_spots(x, y, text):
            inside = box[0] >= plot[0] + 2 and box[2] <= plot[2] - 2
            inside = inside and box[1] >= plot[1] + 2 and box[3] <= plot[3] - 2
            if not inside or any(_overlaps(box, other) for other in taken):
                continue
            covered = sum(
                _overlaps(box, (px_ - 5, py_ - 5, px_ + 5, py_ + 5))
                for j, (px_, py_) in enumerate(places)
                if j != k
            )
            if best is None or covered < best[0]:
                best = (covered, box, tx, ty, anchor)
        # A name over several dots would hide them: only the few most salient may do that.
        if best is None or (best[0] > 1 and len(written) >= _ALWAYS_NAMED):
            continue
        _, box, tx, ty, anchor = best
        taken.append(box)
        written.append(
            f'<text class="wb-name" x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}" '
            f'fill="{palette.INK}">{escape(text)}</text>'
        )
    # Dots keep their place in the drawing; names sit above every dot.
    return written


def grid_bubbles(summary: pd.DataFrame) -> pd.DataFrame:
    """How many stakeholders have each pair of ratings (rounded), by attitude band.

    Examples
    --------
    >>> df = pd.DataFrame({"influence": [5, 4.8, 1], "interest": [4, 4, 1],
    ...                    "attitude_band": ["critic", "champion", None]})
    >>> grid_bubbles(df)[["influence", "interest", "count", "critic", "not rated"]].values.tolist()
    [[5, 4, 2, 1, 0], [1, 1, 1, 0, 1]]
    """
    (i_lo, i_hi), (n_lo, n_hi) = RATING_RANGES["influence"], RATING_RANGES["interest"]
    cells = pd.DataFrame(
        {
            "influence": pd.to_numeric(summary["influence"], errors="coerce").round(),
            "interest": pd.to_numeric(summary["interest"], errors="coerce").round(),
            "band": summary["attitude_band"].where(
                summary["attitude_band"].isin(ATTITUDE_BANDS), "not rated"
            ),
        }
    ).dropna(subset=["influence", "interest"])
    cells["influence"] = cells["influence"].clip(i_lo, i_hi).astype(int)
    cells["interest"] = cells["interest"].clip(n_lo, n_hi).astype(int)
    table = pd.crosstab([cells["influence"], cells["interest"]], cells["band"])
    table = table.reindex(columns=[*ATTITUDE_BANDS, "not rated"], fill_value=0)
    table.columns.name = None
    table.insert(0, "count", table.sum(axis=1))
    return table.reset_index().sort_values(
        ["influence", "interest"], ascending=[False, True], ignore_index=True
    )


def _slice(x: float, y: float, r: float, start: float, end: float) -> str:
    """An SVG path of the pie slice from ``start`` to ``end`` (shares of a turn)."""
    a0, a1 = 2 * math.pi * start - math.pi / 2, 2 * math.pi * end - math.pi / 2
    x0, y0 = x + r * math.cos(a0), y + r * math.sin(a0)
    x1, y1 = x + r * math.cos(a1), y + r * math.sin(a1)
    large = 1 if end - start > 0.5 else 0
    return f"M{x:.1f},{y:.1f}L{x0:.1f},{y0:.1f}A{r:.1f},{r:.1f} 0 {large} 1 {x1:.1f},{y1:.1f}Z"


def _grid_bubbles(cells: pd.DataFrame, px, py, plot_w: float) -> list[str]:
    # The largest bubble fills most of one rating step, so neighbours never touch.
    step = plot_w / (RATING_RANGES["interest"][1] - RATING_RANGES["interest"][0] + 1)
    largest, most = 0.45 * step, max(int(cells["count"].max()) if len(cells) else 1, 1)
    bands = [*ATTITUDE_BANDS, "not rated"]
    out = []
    for row in cells.to_dict("records"):
        x, y, n = px(row["interest"]), py(row["influence"]), int(row["count"])
        r = max(largest * math.sqrt(n / most), 7.0)
        shares = [(b, row[b] / n) for b in bands if row[b]]
        words = ", ".join(f"{row[b]:,} {b}" for b, _ in shares)
        title = (
            f"Influence {row['influence']}, interest {row['interest']}: {n:,} "
            f"stakeholder{'s' if n != 1 else ''} ({words})"
        )
        slices, start = [], 0.0
        for band, share in shares:
            color = ATTITUDE_COLORS.get(band, palette.MUTED)
            if share >= 1:
                slices.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{color}"/>')
            else:
                path = _slice(x, y, r, start, start + share)
                slices.append(f'<path d="{path}" fill="{color}"/>')
            start += share
        out.append(
            f'<g class="wb-bubble" tabindex="0" aria-label="{escape(title, quote=True)}">'
            f"<title>{escape(title)}</title>{''.join(slices)}"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="none" stroke="#fff" '
            'stroke-width="1.2"/>'
            f'<text class="wb-name" x="{x:.1f}" y="{y + 4.5:.1f}" text-anchor="middle" '
            f'fill="{palette.INK}" font-weight="bold">{n:,}</text></g>'
        )
    return out


def attitude_legend() -> str:
    """The attitude colours of the grid, as an HTML legend.

    Examples
    --------
    >>> html = attitude_legend()
    >>> "Blocker" in html and palette.ATTITUDE["blocker"] in html
    True
    """
    return charts.swatch_legend(
        "Attitude", {band.capitalize(): ATTITUDE_COLORS[band] for band in ATTITUDE_BANDS}
    )
