"""The culture slides: scores per topic and group as a heatmap table, how favourably people
answered as a native stacked bar chart, and what changed between the last two survey waves."""

from __future__ import annotations

import pandas as pd
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.util import Inches, Pt

from workbench.core.labels import ALL
from workbench.culture.views import dimension_names
from workbench.deliver.deck.slides import (
    BODY_PT,
    HIGH,
    MARGIN,
    SUPPRESSED,
    TOP,
    WIDE,
    _Deck,
    _first_on_top,
    _paged,
    _pages,
    _rgb,
    _style_chart,
    table,
    write,
)
from workbench.deliver.deck.text import _human, _wave, chart_text, clean
from workbench.present import palette

HEAT_SEGMENTS = 5  # segment columns per heatmap slide, next to the whole organization
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
                    fills[(r, c)] = palette.SUPPRESSED_FILL
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
    for series, fill in zip(chart.plots[0].series, (palette.EARLIER, palette.ACCENT), strict=True):
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
