"""The stakeholder slides: the influence-interest grid as a native scatter chart, the
relationship map as a picture with its most central stakeholders, and who is at risk."""

from __future__ import annotations

import math

import pandas as pd
from pptx.chart.data import XyChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_MARKER_STYLE, XL_TICK_LABEL_POSITION
from pptx.util import Inches, Pt

from workbench.deliver.deck.relationship_map import (
    FULL_MAP_LIMIT,
    central,
    group_chart,
    network_chart,
)
from workbench.deliver.deck.slides import (
    BODY_PT,
    HIGH,
    MARGIN,
    TOP,
    _Deck,
    _paged,
    _pages,
    _picture,
    _rgb,
    _style_chart,
    table,
    write,
)
from workbench.deliver.deck.text import ATTITUDE_LABELS, _plural, clean
from workbench.present import charts, palette
from workbench.stakeholders.analysis import ATTITUDE_BANDS, QUADRANTS, STRATEGY_BY_QUADRANT
from workbench.stakeholders.schemas import RATING_RANGES

QUADRANT_PLACES = {
    "key players": "Top right",
    "context setters": "Top left",
    "subjects": "Bottom right",
    "crowd": "Bottom left",
}
AT_RISK_ROWS = 9  # body rows per slide


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
        series.marker.format.line.color.rgb = _rgb(palette.PAPER)
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


def _map_slide(deck: _Deck, workshop) -> None:
    count = workshop.graph.number_of_nodes()
    if count > FULL_MAP_LIMIT:
        groups = workshop.summary["group"].nunique()
        slide = deck.slide(
            f"How the {_plural(groups, 'group')} of {count:,} stakeholders are connected",
            "Each dot is a group, sized by its members; the thicker a line, the more "
            "working relationships between the two groups.",
        )
        png = charts.png(group_chart(workshop))
    else:
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
    pages = _pages(rows, AT_RISK_ROWS)
    for index, page in enumerate(pages):
        slide = deck.slide(
            _paged(f"{_plural(len(rows), 'stakeholder')} at risk", index, len(pages)),
            "Who needs attention, and why.",
        )
        table(slide, [["Stakeholder", "Group", "Why"], *page], [3.6, 2.6, 6.1])
