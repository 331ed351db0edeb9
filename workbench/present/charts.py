"""Charts: Vega-Altair specifications rendered to SVG (apps) and PNG (decks) in the kernel.

Why this pair: Altair describes a chart in a few declarative lines, and vl-convert renders
that description without a browser, a CDN or any JavaScript in the page. The result is a
plain SVG that looks the same in JupyterLab, Voila and the exported HTML, works offline and
is byte-for-byte stable, so nbval can compare it; the same specification renders to PNG for
the deck.

Charts are drawn at most :data:`WIDTH` pixels wide with text of at least 11 px, and scale
down with the page, so they stay readable on a 390 px phone. Colours come from
:mod:`workbench.present.palette`.

Examples
--------
>>> import altair as alt, pandas as pd
>>> chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q")
>>> html = svg(chart, "Two bars")
>>> html.startswith('<figure class="wb-chart"') and "<svg" in html
True
>>> png(chart)[:4] == b"\\x89PNG"
True
"""

from __future__ import annotations

from html import escape

import altair as alt
import vl_convert

from workbench.present import palette

WIDTH = 330  # plot width in px: with axis labels the chart stays under 390 px
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
CHART_STYLE = """<style>
.wb-chart{margin:8px 0 14px;max-width:100%}
.wb-chart svg{max-width:100%;height:auto;display:block}
.wb-chart figcaption{font-size:13px;color:#5b6573;margin-top:4px}
</style>"""


def styled(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """``chart`` with the workbench's fonts, sizes and quiet axes (call once, on the top level)."""
    return (
        chart.configure(font=FONT, background="white")
        .configure_axis(
            labelFontSize=12,
            titleFontSize=12,
            labelColor=palette.MUTED,
            titleColor=palette.INK,
            gridColor="#e8ebef",
            domainColor="#b8c0c8",
            titleFontWeight="normal",
            labelLimit=180,
        )
        .configure_legend(
            labelFontSize=12,
            titleFontSize=12,
            orient="bottom",
            direction="horizontal",
            columns=3,
            symbolSize=120,
            titleFontWeight="normal",
            labelLimit=160,
        )
        .configure_header(labelFontSize=12, titleFontSize=12, labelColor=palette.INK)
        .configure_title(fontSize=14, anchor="start", color=palette.INK, fontWeight="normal")
        .configure_text(fontSize=12)
        .configure_view(stroke=None)
    )


def _spec(chart: alt.TopLevelMixin) -> dict:
    return styled(chart).to_dict()


def svg(chart: alt.TopLevelMixin, label: str, caption: str = "") -> str:
    """The chart as responsive inline SVG in a ``<figure>``, with an accessible ``label``.

    ``label`` names the chart for screen readers; ``caption`` (escaped) is shown under it.
    """
    drawing = vl_convert.vegalite_to_svg(_spec(chart))
    # Natural size on a wide screen; with the viewBox and CHART_STYLE it shrinks on a phone.
    drawing = drawing.replace("<svg", f'<svg role="img" aria-label="{escape(label)}"', 1)
    note = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f'<figure class="wb-chart">{drawing}{note}</figure>{CHART_STYLE}'


def png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """The chart as a PNG image (for slides), ``scale`` times its on-screen size."""
    return vl_convert.vegalite_to_png(_spec(chart), scale=scale)


def swatch_legend(title: str, items: dict[str, str], shape: str = "dot") -> str:
    """An HTML legend for visuals that are not Altair charts (the grid, the map, tables).

    Examples
    --------
    >>> html = swatch_legend("Attitude", {"blocker": "#b03a2e"})
    >>> "Attitude" in html and "#b03a2e" in html and "blocker" in html
    True
    """
    radius = "50%" if shape == "dot" else "2px"
    entries = "".join(
        f'<span class="wb-legend-item"><span class="wb-swatch" style="background:{color};'
        f'border-radius:{radius}"></span>{escape(name)}</span>'
        for name, color in items.items()
    )
    return (
        '<div class="wb-legend" style="display:flex;flex-wrap:wrap;gap:4px 14px;'
        f'align-items:center;font-size:13px;color:{palette.INK};margin:4px 0 10px">'
        f"<b style='font-weight:600'>{escape(title)}</b>{entries}</div>"
        "<style>.wb-legend .wb-swatch{display:inline-block;width:12px;height:12px;"
        "margin-right:5px;vertical-align:-1px}</style>"
    )
