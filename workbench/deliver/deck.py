"""The client deck (deck.pptx): the three workshops' results as slides to present and edit.

Charts are native PowerPoint charts, so the client can restyle them and their numbers sit
in the chart's own workbook; the relationship map is a picture drawn by the presentation kit
(:func:`network_chart`); tables are native tables. Every text from client data goes through
:func:`clean` (python-pptx escapes it; this drops what XML cannot hold at all), and every
chart category through :func:`chart_text` too, so the embedded workbook holds no formula.

Examples
--------
>>> clean("Road\\x07Freight <b>")
'RoadFreight <b>'
>>> chart_text('=HYPERLINK("http://x")')
'\\'=HYPERLINK("http://x")'
"""

from __future__ import annotations

import io
import math
import re
from datetime import date

import altair as alt
import pandas as pd
from PIL import Image
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from workbench.core.labels import ALL
from workbench.culture.views import dimension_names
from workbench.deliver.workbook import neutralise
from workbench.present import charts, palette
from workbench.stakeholders.analysis import ATTITUDE_BANDS, QUADRANTS, STRATEGY_BY_QUADRANT
from workbench.stakeholders.schemas import RATING_RANGES

WIDE, HIGH = Emu(12192000), Emu(6858000)  # 16:9, as PowerPoint makes it
MARGIN, BAND = Inches(0.5), Inches(1.15)  # side margin; height of the title band
TOP = BAND + Inches(0.75)  # where a slide's content starts, under the takeaway line
FONT = "Arial"
TITLE_PT, LEAD_PT, BODY_PT = 28, 16, 14
ATTITUDE_LABELS = {
    "blocker": "Blockers",
    "critic": "Critics",
    "neutral": "Neutral",
    "supporter": "Supporters",
    "champion": "Champions",
}
QUADRANT_PLACES = {
    "key players": "Top right",
    "context setters": "Top left",
    "subjects": "Bottom right",
    "crowd": "Bottom left",
}
MAP_LABELS = 10  # the most central stakeholders named on the map
HEAT_SEGMENTS = 5  # segment columns per heatmap slide, next to the whole organization
TABLE_ROWS = {"models": 11, "at_risk": 9}  # body rows per slide
# Greys the kit has no name for yet: the HTML tables' header, a suppressed cell, the map's
# relationship lines, and the earlier wave (the later one is palette.CATEGORY[0]).
HEADER_FILL, SUPPRESSED_FILL, EDGE, EARLIER = "#f2f4f7", "#eceff3", "#b8c0c8", "#9aa5ad"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_STAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})\d{2}(?:-(\d+))?")


def clean(value: object) -> str:
    """``value`` as text without the characters XML forbids (control characters, lone
    surrogates); missing values become empty text.

    Examples
    --------
    >>> clean("<img src=x onerror=alert(1)>"), clean(None), clean(float("nan"))
    ('<img src=x onerror=alert(1)>', '', '')
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _NOT_XML.sub("", str(value))


def chart_text(value: object) -> str:
    """A chart category or series name: :func:`clean`, then inert as a spreadsheet cell.

    Examples
    --------
    >>> chart_text("+1 team"), chart_text("Open communication")
    ("'+1 team", 'Open communication')
    """
    return neutralise(clean(value))


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#"))


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _wave(wave: str) -> str:
    """ "2026-05" as "May 2026"; any other wave name as it is."""
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(wave)):
        return f"{date(int(wave[:4]), int(wave[5:]), 1):%B %Y}"
    return clean(wave)


def _run(run_name: str) -> str:
    """A run folder's stamp (2026-11-22T101500) as words; any other name as it is."""
    found = _STAMP.fullmatch(run_name)
    if not found:
        return clean(run_name)
    year, month, day, hour, minute, again = found.groups()
    label = f"{_day(date(int(year), int(month), int(day)))}, {hour}:{minute}"
    return label + (f" (run {again})" if again else "")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _human(key: str) -> str:
    return clean(key).replace("_", " ").strip().capitalize()


class _Deck:
    """A presentation being built: brand colours and the slide helpers that use them."""

    def __init__(self, branding: dict[str, str]):
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDE, HIGH
        primary, accent = branding.get("primary_color", ""), branding.get("accent_color", "")
        self.primary = primary if _HEX.fullmatch(str(primary)) else palette.INK
        self.accent = accent if _HEX.fullmatch(str(accent)) else palette.HIGHLIGHT

    def _band(self, slide, height: int, strip: int) -> None:
        shapes = []
        for top, tall, color in ((0, height, self.primary), (height, strip, self.accent)):
            shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, top, WIDE, tall)
            shape.fill.solid()
            shape.fill.fore_color.rgb = _rgb(color)
            shape.line.fill.background()
            shapes.append(shape)
        tree = slide.shapes._spTree  # behind the placeholders
        for shape in reversed(shapes):
            tree.remove(shape._element)
            tree.insert(2, shape._element)

    def title_slide(self, lines: list[str], small: list[str]) -> None:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[0])
        self._band(slide, Inches(4.4), Inches(0.12))
        ink = palette.text_on(self.primary)
        heading, sub = slide.placeholders[0], slide.placeholders[1]
        for shape, text, size, top in ((heading, lines[0], 40, 1.3), (sub, lines[1], 28, 2.7)):
            shape.left, shape.top, shape.width = MARGIN, Inches(top), WIDE - 2 * MARGIN
            shape.height = Inches(1.3)
            write(shape.text_frame, [text], size, ink, bold=size == 40)
        box = slide.shapes.add_textbox(MARGIN, Inches(4.9), WIDE - 2 * MARGIN, Inches(1.5))
        write(box.text_frame, small, 18)

    def slide(self, title: str, lead: str = ""):
        """A slide with ``title`` in the brand band and an optional ``lead`` line under it."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[5])
        self._band(slide, BAND, Inches(0.06))
        heading = slide.shapes.title
        heading.left, heading.top = MARGIN, Inches(0.1)
        heading.width, heading.height = WIDE - 2 * MARGIN, BAND - Inches(0.2)
        write(heading.text_frame, [title], TITLE_PT, palette.text_on(self.primary), bold=True)
        heading.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
        heading.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        if lead:
            box = slide.shapes.add_textbox(MARGIN, BAND + Inches(0.12), WIDE - 2 * MARGIN, Pt(40))
            write(box.text_frame, [lead], LEAD_PT, palette.MUTED)
        return slide

    def message(self, title: str, lines: list[str]) -> None:
        """A slide that says what is missing and what happens next."""
        slide = self.slide(title)
        box = slide.shapes.add_textbox(MARGIN, TOP, Inches(9), Inches(3))
        write(box.text_frame, lines, 20)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def write(frame, lines: list[str], size: int = BODY_PT, color: str = palette.INK, bold=False):
    """Fill a text frame with one paragraph per line, every line :func:`clean`."""
    frame.clear()
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = clean(line)
        run.font.size, run.font.name, run.font.bold = Pt(size), FONT, bold
        run.font.color.rgb = _rgb(color)
        paragraph.space_after = Pt(6)


def table(slide, rows: list[list[str]], widths: list[float], fills=None) -> None:
    """A native table of text, ``rows[0]`` the header, ``widths`` in inches; ``fills`` maps
    (row, column) to the colour of a cell, whose text is then centred."""
    fills = fills or {}
    left = int((WIDE - Inches(sum(widths))) / 2)
    shape = slide.shapes.add_table(
        len(rows), len(widths), left, TOP, Inches(sum(widths)), Inches(0.42) * len(rows)
    )
    grid = shape.table
    grid.horz_banding = False
    for column, width in enumerate(widths):
        grid.columns[column].width = Inches(width)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = grid.cell(r, c)
            fill = fills.get((r, c), HEADER_FILL if r == 0 else "#ffffff")
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(fill)
            cell.margin_left = cell.margin_right = Inches(0.08)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            suppressed = text == SUPPRESSED
            ink = palette.MUTED if suppressed else palette.text_on(fill)
            write(cell.text_frame, [text], BODY_PT, ink, bold=r == 0)
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.space_after = Pt(0)
            paragraph.runs[0].font.italic = suppressed
            if r > 0 and (r, c) in fills:
                paragraph.alignment = PP_ALIGN.CENTER


def _style_chart(chart) -> None:
    chart.font.size, chart.font.name = Pt(BODY_PT), FONT
    chart.font.color.rgb = _rgb(palette.INK)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False


def _first_on_top(chart) -> None:
    """Bars in category order from the top, with the value scale still at the bottom."""
    chart.category_axis.reverse_order = True
    # The value axis crosses the (now reversed) category axis at its last category.
    chart.value_axis._element.find(qn("c:crosses")).set("val", "max")


def _pages(items: list, size: int) -> list[list]:
    count = max(1, math.ceil(len(items) / size))
    step = math.ceil(len(items) / count) if items else 1
    return [items[i : i + step] for i in range(0, max(len(items), 1), step)]


def _paged(title: str, index: int, total: int) -> str:
    return title if total == 1 else f"{title} ({index + 1} of {total})"


# --- stakeholders -----------------------------------------------------------------------------


def _spread(frame: pd.DataFrame) -> pd.DataFrame:
    """Points that share a grid cell fanned out on a small spiral, so each one shows."""
    out = frame.assign(x=frame["interest"].astype(float), y=frame["influence"].astype(float))
    for _cell, index in out.groupby(["interest", "influence"]).groups.items():
        if len(index) < 2:
            continue
        for k, row in enumerate(sorted(index, key=lambda i: str(out.at[i, "id"]))):
            radius, angle = 0.34 * math.sqrt((k + 0.5) / len(index)), k * 2.39996
            out.at[row, "x"] += round(radius * math.cos(angle), 3)
            out.at[row, "y"] += round(radius * math.sin(angle), 3)
    return out


def _grid_slide(deck: _Deck, workshop) -> None:
    summary = _spread(workshop.summary)
    settings = workshop.engagement.stakeholder_map
    key = summary[summary["quadrant"] == "key players"]
    blockers = int((key["attitude_band"] == "blocker").sum())
    them = "none of them blockers" if not blockers else f"{blockers} of them "
    them += "" if not blockers else ("a blocker" if blockers == 1 else "blockers")
    slide = deck.slide(
        f"{_plural(len(key), 'key player')}, {them}",
        "Each dot is a stakeholder, placed by influence and interest; colour shows attitude.",
    )
    data = XyChartData()
    bands = [b for b in ATTITUDE_BANDS if (summary["attitude_band"] == b).any()]
    longest = max([int((summary["attitude_band"] == b).sum()) for b in bands], default=0)
    for band in bands:
        series = data.add_series(ATTITUDE_LABELS[band])
        members = summary[summary["attitude_band"] == band]
        for row in members.itertuples():
            series.add_data_point(row.x, row.y)
        # Blank points up to the longest series: LibreOffice drops a scatter series that has
        # fewer points than the others; PowerPoint leaves the blanks out as well.
        for _ in range(longest - len(members)):
            series.add_data_point(None, None)
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER, MARGIN, TOP - Inches(0.1), Inches(8.4), HIGH - TOP, data
    )
    chart = frame.chart
    _style_chart(chart)
    for band, series in zip(bands, chart.plots[0].series, strict=True):
        series.marker.style, series.marker.size = XL_MARKER_STYLE.CIRCLE, 10
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = _rgb(palette.ATTITUDE[band])
        series.marker.format.line.color.rgb = _rgb("#ffffff")
        series.format.line.fill.background()
    axes = (
        (chart.category_axis, "Interest", settings["interest_threshold"]),
        (chart.value_axis, "Influence", settings["influence_threshold"]),
    )
    for axis, name, threshold in axes:
        low, high = RATING_RANGES[name.lower()]
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = low - 1, high + 1, 1
        axis.has_major_gridlines = False
        axis.has_title = True
        write(axis.axis_title.text_frame, [name], BODY_PT, palette.INK)
        axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
        # Only the ratings are labelled, not the margin around them.
        axis.tick_labels.number_format = f'[<{low - 0.5}]"";[>{high + 0.5}]"";0'
        axis.tick_labels.number_format_is_linked = False
        axis.format.line.color.rgb = _rgb(palette.MUTED)
        axis.format.line.width = Pt(1.5)
        # The other axis crosses this one where "high" starts, so the axes draw the quadrants.
        axis.crosses_at = threshold
    lines = []
    for quadrant in QUADRANTS:
        members = summary[summary["quadrant"] == quadrant]
        blocked = int((members["attitude_band"] == "blocker").sum())
        lines += [
            f"{QUADRANT_PLACES[quadrant]}: {quadrant.capitalize()}",
            f"{STRATEGY_BY_QUADRANT[quadrant].capitalize()}: {_plural(len(members), 'stakeholder')}"
            + (f", {_plural(blocked, 'blocker')}" if blocked else ""),
        ]
    box = slide.shapes.add_textbox(Inches(9.2), TOP + Inches(0.3), Inches(3.7), Inches(4.5))
    write(box.text_frame, lines)
    for index, paragraph in enumerate(box.text_frame.paragraphs):
        paragraph.runs[0].font.bold = index % 2 == 0
        paragraph.space_after = Pt(2 if index % 2 == 0 else 14)


def central(workshop, count: int = MAP_LABELS) -> pd.DataFrame:
    """The ``count`` stakeholders who link the most others (betweenness), most central first.

    Examples
    --------
    >>> from workbench.stakeholders import workshop
    >>> len(central(workshop.analyse("demo"), 3))
    3
    """
    ranked = workshop.centrality.sort_values(["betweenness", "id"], ascending=[False, True])
    top = ranked[["id"]].head(count).merge(workshop.summary[["id", "name"]], on="id", how="left")
    return top.assign(rank=range(1, len(top) + 1))


def network_chart(
    workshop, labels: int = MAP_LABELS, numbered: bool = False, width: int = 660, height: int = 380
):
    """The relationship map as an Altair chart: relationships as lines, stakeholders as dots
    coloured by attitude and sized by their number of relationships, the ``labels`` most
    central stakeholders named (or numbered as in :func:`central`, for a key beside the map).
    Render it with :func:`workbench.present.charts.png`.

    Examples
    --------
    >>> from workbench.stakeholders import workshop
    >>> chart = network_chart(workshop.analyse("demo"), numbered=True)
    >>> charts.png(chart)[:4] == b"\\x89PNG"
    True
    """
    nodes = workshop.positions.merge(
        workshop.summary[["id", "name", "attitude_band", "degree"]], on="id", how="left"
    )
    nodes["attitude"] = nodes["attitude_band"].map(ATTITUDE_LABELS).fillna("Not rated")
    named = nodes.merge(central(workshop, labels)[["id", "rank"]], on="id")
    short = named["name"].map(clean).map(lambda n: n if len(n) <= 30 else n[:29] + "…")
    named["label"] = named["rank"].astype(str) if numbered else short
    where = nodes.set_index("id")[["x", "y"]]
    edges = pd.DataFrame(
        [(*where.loc[a], *where.loc[b]) for a, b in workshop.graph.edges() if a in where.index],
        columns=["x", "y", "x2", "y2"],
    )

    def scale(column: str) -> alt.Scale:
        low, high = nodes[column].min(), nodes[column].max()
        pad = (high - low + 1) * 0.05
        # y grows downwards (screen coordinates), as in the app's map
        return alt.Scale(domain=[low - pad, high + pad], reverse=column == "y", nice=False)

    x = alt.X("x:Q", axis=None, scale=scale("x"))
    y = alt.Y("y:Q", axis=None, scale=scale("y"))
    shown = [ATTITUDE_LABELS[b] for b in ATTITUDE_BANDS] + ["Not rated"]
    colours = [palette.ATTITUDE[b] for b in ATTITUDE_BANDS] + [palette.DIMMED]
    present = set(nodes["attitude"])
    keep = [i for i, name in enumerate(shown) if name in present]
    color = alt.Color(
        "attitude:N",
        title="Attitude",
        scale=alt.Scale(domain=[shown[i] for i in keep], range=[colours[i] for i in keep]),
        legend=alt.Legend(labelFontSize=15, titleFontSize=15, orient="bottom", columns=6),
    )
    size = alt.Size("degree:Q", legend=None, scale=alt.Scale(range=[40, 360]))
    lines = alt.Chart(edges).mark_rule(color=EDGE, strokeWidth=0.8, opacity=0.6)
    dots = alt.Chart(nodes).mark_circle(opacity=1, stroke="white", strokeWidth=1)
    text = {"dy": -14, "fontSize": 15, "fontWeight": "bold"}
    halo = alt.Chart(named).mark_text(**text, stroke="white", strokeWidth=4)
    label = alt.Chart(named).mark_text(**text, color=palette.INK)
    return alt.layer(
        lines.encode(x=x, y=y, x2="x2:Q", y2="y2:Q"),
        dots.encode(x=x, y=y, color=color, size=size),
        halo.encode(x=x, y=y, text="label:N"),
        label.encode(x=x, y=y, text="label:N"),
    ).properties(width=width, height=height)


def _picture(slide, png: bytes, left: int, top: int, box_w: int, box_h: int) -> None:
    w, h = Image.open(io.BytesIO(png)).size
    scale = min(box_w / w, box_h / h)
    slide.shapes.add_picture(io.BytesIO(png), left, top, int(w * scale), int(h * scale))


def _map_slide(deck: _Deck, workshop) -> None:
    count = workshop.graph.number_of_nodes()
    slide = deck.slide(
        f"How the {_plural(count, 'stakeholder')} are connected",
        "Lines are working relationships, colour shows attitude, bigger dots have more "
        "relationships.",
    )
    png = charts.png(network_chart(workshop, numbered=True))
    _picture(slide, png, MARGIN, TOP - Inches(0.1), Inches(8.6), HIGH - TOP - Inches(0.05))
    hubs = central(workshop)
    lines = ["Who links the most people"]
    lines += [f"{row.rank}  {clean(row.name)}" for row in hubs.itertuples()]
    box = slide.shapes.add_textbox(Inches(9.3), TOP, Inches(3.6), HIGH - TOP - Inches(0.2))
    write(box.text_frame, lines)
    box.text_frame.paragraphs[0].runs[0].font.bold = True
    for paragraph in box.text_frame.paragraphs:
        paragraph.space_after = Pt(3)


def _at_risk_slides(deck: _Deck, workshop) -> None:
    risky = workshop.at_risk
    if risky.empty:
        return
    rows = [
        [clean(r.name), clean(r.group), clean(r.reasons)[:1].upper() + clean(r.reasons)[1:]]
        for r in risky.itertuples()
    ]
    pages = _pages(rows, TABLE_ROWS["at_risk"])
    for index, page in enumerate(pages):
        slide = deck.slide(
            _paged(f"{_plural(len(rows), 'stakeholder')} at risk", index, len(pages)),
            "Who needs attention, and why.",
        )
        table(slide, [["Stakeholder", "Group", "Why"], *page], [3.6, 2.6, 6.1])


# --- culture ----------------------------------------------------------------------------------

SUPPRESSED = "suppressed"
TOO_FEW = (
    "Too few people answered in {} to show the whole organization's results without "
    "putting anyone's anonymity at risk. They appear once more answers are in."
)


def _segment(segment: str) -> str:
    return "Whole organization" if segment == ALL else clean(segment)


def _heatmap_slides(deck: _Deck, culture, names: dict[str, str]) -> None:
    summary, wave = culture.summary, culture.latest
    demographic = culture.demographics[0] if culture.demographics else ALL
    rows = summary[(summary["wave"] == wave) & summary["demographic"].isin([ALL, demographic])]
    segments = sorted(set(rows.loc[rows["demographic"] == demographic, "segment"]) - {ALL})
    cells = {(r.dimension, r.segment): r for r in rows.itertuples()}
    dimensions = list(dict.fromkeys(rows["dimension"]))
    pages = _pages(segments, HEAT_SEGMENTS)
    for index, page in enumerate(pages):
        columns = [ALL, *page]
        body, fills = [], {}
        for r, dimension in enumerate(dimensions, start=1):
            line = [clean(names.get(dimension, _human(dimension)))]
            for c, segment in enumerate(columns, start=1):
                cell = cells.get((dimension, segment))
                if cell is None:
                    line.append("–")
                elif bool(cell.suppressed):
                    line.append(SUPPRESSED)
                    fills[(r, c)] = SUPPRESSED_FILL
                elif pd.notna(cell.score_0_100):
                    line.append(f"{cell.score_0_100:.0f}")
                    fills[(r, c)] = palette.score_color(cell.score_0_100)
                else:
                    line.append("–")
            body.append(line)
        title = f"Culture scores by {_human(demographic).lower()}, {_wave(wave)}"
        slide = deck.slide(
            _paged(title if page else f"Culture scores, {_wave(wave)}", index, len(pages)),
            "Scores out of 100, higher is healthier. Groups with fewer than "
            f"{culture.min_group_size} answers are marked suppressed, to keep answers anonymous.",
        )
        width = min(1.75, (12.3 - 3.4) / len(columns))
        header = ["Topic", *(_segment(s) for s in columns)]
        table(slide, [header, *body], [3.4, *[width] * len(columns)], fills)


def _favourability_slide(deck: _Deck, culture, names: dict[str, str]) -> None:
    s = culture.summary
    overall = s[
        (s["wave"] == culture.latest) & (s["segment"] == ALL) & ~s["suppressed"].astype(bool)
    ]
    overall = overall[overall["demographic"] == ALL]
    if overall.empty:
        deck.message("How favourably people answered", [TOO_FEW.format(_wave(culture.latest))])
        return
    labels = [chart_text(names.get(d, _human(d))) for d in overall["dimension"]]
    best = overall.loc[overall["pct_favourable"].idxmax()]
    name = clean(names.get(best["dimension"], _human(best["dimension"])))
    title = f"Most favourable: {name} ({best['pct_favourable']:.0f}%)"
    slide = deck.slide(
        title, f"Share of answers per topic, whole organization, {_wave(culture.latest)}."
    )
    data = CategoryChartData(number_format='0"%"')
    data.categories = labels
    parts = (
        ("Unfavourable", "pct_unfavourable"),
        ("Neutral", "pct_neutral"),
        ("Favourable", "pct_favourable"),
    )
    for name, column in parts:
        data.add_series(name, [float(v) for v in overall[column]])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_STACKED_100,
        MARGIN,
        TOP - Inches(0.1),
        WIDE - 2 * MARGIN,
        HIGH - TOP,
        data,
    )
    chart = frame.chart
    _style_chart(chart)
    _first_on_top(chart)
    chart.value_axis.has_major_gridlines = False
    chart.plots[0].gap_width = 45
    chart.plots[0].overlap = 100
    for (name, column), series in zip(parts, chart.plots[0].series, strict=True):
        fill = palette.FAVOURABILITY[name.lower()]
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(fill)
        shown = series.data_labels
        shown.show_value, shown.number_format, shown.number_format_is_linked = True, '0"%"', False
        shown.font.size, shown.font.color.rgb = Pt(BODY_PT), _rgb(palette.text_on(fill))
        for index, value in enumerate(overall[column]):
            if value < 6:  # too thin a bar for its number
                series.points[index].data_label.text_frame.text = ""


def _change_slide(deck: _Deck, culture, names: dict[str, str]) -> None:
    changes = culture.changes
    if changes.empty:
        deck.message(
            "Change between survey waves",
            [
                f"There is one survey wave so far ({_wave(culture.latest)}).",
                "The comparison with the previous wave appears here once the next wave is in.",
            ],
        )
        return
    rows = changes[(changes["segment"] == ALL) & ~changes["suppressed"].astype(bool)]
    if rows.empty:
        deck.message("Change between survey waves", [TOO_FEW.format(_wave(culture.latest))])
        return
    scales = culture.items.groupby("dimension")[["scale_min", "scale_max"]].first()
    lo = rows["dimension"].map(scales["scale_min"]).astype(float)
    span = rows["dimension"].map(scales["scale_max"]).astype(float) - lo
    before, after = _wave(changes["before"].iloc[0]), _wave(changes["after"].iloc[0])
    slide = deck.slide(
        f"Change from {before} to {after}",
        "Scores out of 100 for the whole organization, higher is healthier.",
    )
    data = CategoryChartData(number_format="0")
    data.categories = [chart_text(names.get(d, _human(d))) for d in rows["dimension"]]
    data.add_series(
        chart_text(before), [round(v, 1) for v in (rows["mean_before"] - lo) / span * 100]
    )
    data.add_series(
        chart_text(after), [round(v, 1) for v in (rows["mean_after"] - lo) / span * 100]
    )
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, MARGIN, TOP - Inches(0.1), Inches(8.6), HIGH - TOP, data
    )
    chart = frame.chart
    _style_chart(chart)
    _first_on_top(chart)
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0, 100
    chart.value_axis.has_major_gridlines = False
    chart.plots[0].gap_width = 40
    for series, fill in zip(chart.plots[0].series, (EARLIER, palette.CATEGORY[0]), strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(fill)
    chart.plots[0].has_data_labels = True
    shown = chart.plots[0].data_labels
    shown.number_format, shown.number_format_is_linked = "0", False
    shown.position, shown.font.size = XL_LABEL_POSITION.OUTSIDE_END, Pt(BODY_PT)
    significant = rows[rows["significant"].astype(bool)]
    lines = ["Changes unlikely to be chance"]
    for row in significant.itertuples():
        points = row.change / span[row.Index] * 100
        name = clean(names.get(row.dimension, _human(row.dimension)))
        lines.append(f"{name}: {'up' if points > 0 else 'down'} {abs(points):.0f} points")
    if len(lines) == 1:
        lines.append("None: every difference is small enough to be chance.")
    box = slide.shapes.add_textbox(Inches(9.4), TOP + Inches(0.2), Inches(3.5), Inches(5))
    write(box.text_frame, lines)
    box.text_frame.paragraphs[0].runs[0].font.bold = True


def _culture_slides(deck: _Deck, culture) -> None:
    if culture is None or not culture.waves:
        split = culture.demographics[:1] if culture is not None else []
        by = _human(split[0]).lower() if split else "group"
        deck.message(
            "The culture survey results will follow",
            [
                "No survey answers are in yet.",
                f"Once the first wave is in, this part shows culture scores by {by} and how "
                "favourably people answered; from the second wave on, also what changed.",
            ],
        )
        return
    names = dimension_names(culture)
    _heatmap_slides(deck, culture, names)
    _favourability_slide(deck, culture, names)
    _change_slide(deck, culture, names)


# --- models -----------------------------------------------------------------------------------


def _model_slides(deck: _Deck, design) -> None:
    if design is None or not design.models:
        return
    rows = []
    for group in design.groups:
        model = design.models.get(group)
        kind = _human(model.relationship_type) if model else "–"
        rows.append(
            [
                clean(group),
                kind,
                _human(model.communality) if model else "–",
                "Agreed" if model else "Not yet",
            ]
        )
    agreed = sum(1 for g in design.groups if g in design.models)
    pages = _pages(rows, TABLE_ROWS["models"])
    for index, page in enumerate(pages):
        slide = deck.slide(
            _paged(
                f"{agreed} of {_plural(len(rows), 'group')} have an agreed relationship model",
                index,
                len(pages),
            ),
            "The relationship type and level of communality agreed for each group.",
        )
        header = ["Group", "Relationship type", "Communality", "Status"]
        table(slide, [header, *page], [4.2, 2.8, 2.4, 2.0])


def deck_bytes(workshop, culture, design, *, run_name: str, written: date) -> bytes:
    """The client deck of a run as .pptx bytes (16:9, in the engagement's brand colours).

    Parameters
    ----------
    workshop : StakeholderMapping
        The stakeholder-mapping analysis: grid, relationship map, at-risk stakeholders.
    culture : CultureAnalysis or None
        The culture analysis; without survey waves the deck says the results will follow.
    design : ModelDesign or None
        The model design; without models the models slide is left out.
    run_name : str
        The run it belongs to (a run folder's stamp is shown as a date and time).
    written : date
        The date on the title slide.

    Examples
    --------
    >>> from workbench.culture import workshop as culture_workshop
    >>> from workbench.design import workshop as design_workshop
    >>> from workbench.stakeholders import workshop as stakeholder_workshop
    >>> mapping, survey = stakeholder_workshop.analyse("demo"), culture_workshop.analyse("demo")
    >>> design = design_workshop.analyse("demo", stakeholder_map=mapping, culture=survey)
    >>> data = deck_bytes(mapping, survey, design, run_name="2026-05-04T093000",
    ...                   written=date(2026, 5, 4))
    >>> data[:2]
    b'PK'
    """
    eng = workshop.engagement
    deck = _Deck(eng.branding)
    deck.title_slide(
        [clean(eng.client), clean(eng.title)],
        [f"Analysis run of {_run(run_name)}", f"Prepared on {_day(written)}"],
    )
    if workshop.summary.empty:
        deck.message(
            "The stakeholder map will follow",
            [
                "The register lists no stakeholders yet.",
                "The grid and the map appear here once the stakeholders are in the register.",
            ],
        )
    else:
        _grid_slide(deck, workshop)
        _map_slide(deck, workshop)
    _culture_slides(deck, culture)
    _model_slides(deck, design)
    _at_risk_slides(deck, workshop)
    return deck.bytes()
