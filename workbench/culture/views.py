"""What the culture-analysis app shows: its sections, charts and the filter panel.

Only aggregates reach the browser: every piece here is built from the summary tables of
:class:`~workbench.culture.workshop.CultureAnalysis`, never from respondent rows, and hidden
(suppressed) groups are drawn as hidden, never with their numbers. Every string from client
data is escaped.

Each notebook cell calls one function here, and that function returns the whole section:
heading, introduction and body (:func:`workbench.present.page.section`). Without any survey
the header says once that the results will follow, and every other section is empty, so a
client never reads a missing survey as a finding. What only the consultant needs (where the
export goes, which command to run, what the import found) comes from :func:`consultant_notes`,
whose cell the template hides from the apps.

Headers, formats and tooltips of the tables come from :mod:`workbench.culture.wording`.

Examples
--------
>>> from workbench.culture.workshop import analyse
>>> analysis = analyse("demo")
>>> "<svg" in overall_changes(analysis).data
True
"""

from __future__ import annotations

from html import escape

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from workbench.core import paths
from workbench.core.labels import ALL
from workbench.culture import placement as placing
from workbench.culture.instruments import CVF_TYPES
from workbench.culture.segments import segment_order
from workbench.culture.waves import ALPHA
from workbench.culture.wording import (
    COLUMN_LABELS,
    CULTURE_TYPES,
    FORMATS,
    GLOSSARY,
    WHOLE_ORGANIZATION,
    human,
    scale_ends,
    scale_name,
)
from workbench.culture.workshop import CultureAnalysis
from workbench.present import charts, palette
from workbench.present.page import SnapshotBox, branded_header, empty_state, note, section
from workbench.present.page import consultant_notes as consultant_box
from workbench.present.tables import TABLE_STYLE, labelled_table

SUPPRESSED = "hidden"  # what a hidden cell says
HATCH = "repeating-linear-gradient(45deg,#e3e7ec,#e3e7ec 4px,#f7f8fa 4px,#f7f8fa 8px)"
CULTURE_STYLE = (
    """<style>
.wb-heat{border-collapse:collapse;font-size:13px;margin:0;overflow-wrap:normal;line-height:1.35}
.wb-heat th{padding:4px 8px;text-align:left;background:#f2f4f7;border-bottom:2px solid #ccd;
 vertical-align:bottom}
.wb-heat td{padding:4px 8px;text-align:center;min-width:56px;border:1px solid #fff}
.wb-heat td.wb-dim,.wb-heat th:first-child{text-align:left;background:#f7f8fa;position:sticky;
 left:0;z-index:1;min-width:7.5em;max-width:11em}
.wb-heat td.wb-suppressed{color:#5b6573;font-style:italic;background:"""
    + HATCH
    + """}
.wb-heat-key{display:flex;flex-wrap:wrap;align-items:center;gap:6px 14px;font-size:13px;
 color:#1d2430;margin:6px 0 4px}
.wb-heat-key .wb-ramp{display:inline-flex;align-items:center;gap:6px}
.wb-heat-key .wb-gradient{display:inline-block;width:120px;height:12px;border-radius:3px;
 border:1px solid #d5d9de}
.wb-heat-key .wb-hatch{display:inline-block;width:22px;height:12px;border-radius:2px;
 border:1px solid #d5d9de;vertical-align:-2px;margin-right:5px;background:"""
    + HATCH
    + """}
@media (min-width:601px){.wb-narrow-only{display:none}}
.wb-section h3{font-weight:600}
/* Until the kit's table style has them: words never break inside a cell, text aligns left. */
.wb-table{overflow-wrap:normal}
.wb-table-wrap table.wb-table th,.wb-table-wrap table.wb-table td,
.wb-table-wrap table.wb-heat th,.wb-table-wrap table.wb-heat td.wb-dim{text-align:left}
.wb-table-wrap table.wb-heat td{text-align:center}
.wb-culture .widget-html-content{line-height:1.4}
.wb-culture-charts{flex-wrap:wrap;gap:0 36px;align-items:flex-start}
.wb-culture-charts>.widget-html{flex:0 1 auto;max-width:100%;margin:0}
.wb-scale{margin:12px 0 16px;max-width:760px}
.wb-scale .wb-track{position:relative;height:12px;border-radius:6px;margin:6px 0 2px}
.wb-scale .wb-pin{position:absolute;top:-5px;width:6px;height:22px;background:#1d2430;
 border-radius:3px;box-shadow:0 0 0 2px #fff}
.wb-scale .wb-ends{display:flex;justify-content:space-between;font-size:12px;color:#5b6573}
.wb-scale .wb-kind{font-size:12px;color:#5b6573}
.wb-comments li{margin:2px 0}
</style>"""
    + TABLE_STYLE
)
PROFILE_TYPES = CVF_TYPES  # the four culture types, in the instrument module's order

# How each of the practice's scales is coloured, decided from what its ends mean.
# "position": neither end is better (each suits some relationships), so two calm hues.
# "judgement": one end is healthier, so the red-to-green scale (left is worse).
SCALE_KIND = {
    "exchange_communal": "position",  # business associate or personal friend: both can suit
    "cooperation_collaboration": "position",  # own goals or shared goals: depends on the work
    "psychological_safety": "judgement",  # unsafe -> safe
    "westrum": "judgement",  # pathological -> generative
    **{f"toxic_{b}": "judgement" for b in placing.TOXIC},  # frequent -> rare
}
SCALE_NOTES = {
    "position": "Neither end is better: what suits depends on the relationship.",
    "judgement": "Further right is healthier.",
}

NO_SURVEY_TITLE = "Survey results to come"
CHANGE_WAITS = "Change appears after the second survey wave"
CHANGE_CAPTION = f"A filled dot marks a change unlikely to be chance (p < {ALPHA})."
FAVOURABLE_BANDS = {  # shown left to right: the bad end first
    "Unfavourable": palette.FAVOURABILITY["unfavourable"],
    "Neutral": palette.FAVOURABILITY["neutral"],
    "Favourable": palette.FAVOURABILITY["favourable"],
}
BAND_COLUMNS = {
    "Unfavourable": "pct_unfavourable",
    "Neutral": "pct_neutral",
    "Favourable": "pct_favourable",
}
HIDDEN_FILL = "#e3e7ec"
NO_CHANGE = "No clear change"
CHANGE_KINDS = {  # legend entry -> (dot outline, dot fill): hollow means not significant
    "Improved": (palette.JUDGEMENT_HIGH, palette.JUDGEMENT_HIGH),
    "Declined": (palette.JUDGEMENT_LOW, palette.JUDGEMENT_LOW),
    NO_CHANGE: (palette.ATTITUDE["neutral"], "#ffffff"),
}
PROFILE_COLORS = {"Now": palette.CATEGORY[3], "Preferred": palette.CATEGORY[8]}
LABEL_FITS_FROM = 9.0  # a percent label goes on a bar segment this wide (percentage points)
ROW_STEP = 40  # px per chart row: the name on top, the bar under it
RELIABLE_FROM = 0.7  # Cronbach's alpha from which a dimension's questions count as consistent


def dimension_names(analysis: CultureAnalysis) -> dict[str, str]:
    """Readable dimension names from the instrument files, falling back to the words of the key.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> dimension_names(analyse("demo"))["psych_safety"]
    'Psychological safety'
    """
    names = {}
    for instrument in analysis.instruments.values():
        for key, about in instrument.dimensions.items():
            names[key] = about.get("name") or human(key)
    return names


def _name(names: dict[str, str], key: object) -> str:
    return names.get(str(key)) or human(key)


def _hidden_text(k: int) -> str:
    return f"hidden: fewer than {k} answers"


def _table(frame: pd.DataFrame, columns: list[str], caption: str = "") -> str:
    """A labelled table of ``columns`` with the wording module's headers, formats and tooltips."""
    labels = {c: COLUMN_LABELS.get(c) or human(c) for c in columns}
    formats = {c: FORMATS[c] for c in columns if c in FORMATS}
    glossary = {h: GLOSSARY[h] for h in labels.values() if h in GLOSSARY}
    return labelled_table(frame, labels, formats=formats, glossary=glossary, caption=caption)


def _empty() -> HTML:
    """A section that has nothing to show while there is no survey."""
    return HTML("")


# --- charts -----------------------------------------------------------------------------------
def _row_y(order: list[str]) -> alt.Y:
    return alt.Y("row:N", sort=order, axis=None, scale=alt.Scale(domain=order))


def _row_titles(frame: pd.DataFrame, order: list[str]) -> alt.Chart:
    """The name of each row, left-aligned above its bar (so long names never squeeze the plot)."""
    titles = frame.drop_duplicates("row")[["row", "title"]]
    return (
        alt.Chart(titles)
        .mark_text(align="left", baseline="bottom", dy=-4, fontSize=13, color=palette.INK)
        .encode(x=alt.value(0), y=_row_y(order), text="title:N")
    )


def _dimension_order(rows: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(rows["dimension"].astype(str)))


def _favourability_layer(
    rows: pd.DataFrame, names: dict[str, str], k: int, order: list[str]
) -> alt.LayerChart:
    rank = {d: i for i, d in enumerate(order)}
    rows = rows.iloc[rows["dimension"].astype(str).map(rank).argsort(kind="stable")]
    parts = []
    for _, row in rows.iterrows():
        key, title = str(row["dimension"]), _name(names, row["dimension"])
        if bool(row["suppressed"]):
            parts.append(
                {
                    "row": key,
                    "title": title,
                    "band": "Hidden",
                    "start": 0.0,
                    "end": 100.0,
                    "text": _hidden_text(k),
                    "ink": palette.MUTED,
                }
            )
            continue
        start = 0.0
        for band, column in BAND_COLUMNS.items():
            value = float(row[column]) if pd.notna(row[column]) else 0.0
            shown = f"{value:.0f}%" if value >= LABEL_FITS_FROM else ""
            ink = palette.text_on(FAVOURABLE_BANDS[band])
            parts.append(
                {
                    "row": key,
                    "title": title,
                    "band": band,
                    "start": start,
                    "end": start + value,
                    "text": shown,
                    "ink": ink,
                }
            )
            start += value
    frame = pd.DataFrame(parts)
    frame["middle"] = (frame["start"] + frame["end"]) / 2
    domain, colours = list(FAVOURABLE_BANDS), list(FAVOURABLE_BANDS.values())
    if (frame["band"] == "Hidden").any():
        domain, colours = [*domain, "Hidden"], [*colours, HIDDEN_FILL]
    x = alt.X("start:Q", scale=alt.Scale(domain=[0, 100], nice=False), axis=None)
    bars = (
        alt.Chart(frame)
        .mark_bar(height=16, yOffset=9, aria=False)
        .encode(
            x=x,
            x2="end:Q",
            y=_row_y(order),
            color=alt.Color(
                "band:N",
                scale=alt.Scale(domain=domain, range=colours),
                legend=alt.Legend(title=None, symbolType="square"),
            ),
        )
    )
    labels = (
        alt.Chart(frame)
        .mark_text(fontSize=11, yOffset=9, baseline="middle", aria=False)
        .encode(
            x=alt.X("middle:Q", scale=alt.Scale(domain=[0, 100], nice=False), axis=None),
            y=_row_y(order),
            text="text:N",
            color=alt.Color("ink:N", scale=None),
        )
    )
    return alt.layer(bars, labels, _row_titles(frame, order)).properties(
        width=charts.WIDTH, height=alt.Step(ROW_STEP)
    )


def favourability_chart(
    groups: dict[str, pd.DataFrame], names: dict[str, str], k: int, caption: str = ""
) -> str:
    """Stacked bars of unfavourable, neutral and favourable answers per dimension (SVG).

    Parameters
    ----------
    groups
        ``{title: summary rows}``, one chart part per group (e.g. the whole organization and
        one team), each with dimension, pct_unfavourable, pct_neutral, pct_favourable and
        suppressed. A hidden row is drawn as a grey "hidden" bar, never with numbers.
    names
        Dimension key -> readable name.
    k
        The smallest group shown (for the "hidden" wording).
    caption
        A line under the chart.

    Examples
    --------
    >>> rows = pd.DataFrame({"dimension": ["trust"], "pct_unfavourable": [10.0],
    ...     "pct_neutral": [30.0], "pct_favourable": [60.0], "suppressed": [False]})
    >>> html = favourability_chart({"Everyone": rows}, {"trust": "Trust"}, 5)
    >>> "<svg" in html and "60%" in html and "Favourable" in html
    True
    """
    # Every group lists the dimensions in the same order: the first group's, as in the score map.
    order = list(dict.fromkeys(d for rows in groups.values() for d in _dimension_order(rows)))
    parts = [
        _favourability_layer(rows, names, k, order).properties(
            title=alt.TitleParams(str(title), fontSize=13, fontWeight="bold", offset=14)
        )
        for title, rows in groups.items()
        if len(rows)
    ]
    if not parts:
        return ""
    chart = parts[0] if len(parts) == 1 else alt.vconcat(*parts, spacing=22)
    label = "Share of favourable, neutral and unfavourable answers per dimension"
    return charts.svg(chart, label, caption)


def _change_frame(
    changes: pd.DataFrame, summary: pd.DataFrame, names: dict[str, str]
) -> pd.DataFrame:
    """Change rows with the two waves' 0-100 scores (as in the score map) and a legend kind."""
    if changes.empty:
        return changes.assign(score_before=[], score_after=[], change_points=[], kind=[])
    before, after = changes["before"].iloc[0], changes["after"].iloc[0]
    keys = ["demographic", "segment", "dimension"]
    scores = summary.set_index(["wave", *keys])["score_0_100"]

    def score(wave: str, frame: pd.DataFrame) -> list[float]:
        index = [(wave, d, s, m) for d, s, m in frame[keys].itertuples(index=False)]
        return scores.reindex(index).astype(float).tolist()

    frame = changes.assign(
        score_before=score(before, changes),
        score_after=score(after, changes),
        title=[_name(names, d) for d in changes["dimension"]],
    )
    hidden = frame["suppressed"].astype(bool)
    frame.loc[hidden, ["score_before", "score_after"]] = float("nan")
    frame["change_points"] = (frame["score_after"] - frame["score_before"]).round(1)
    significant = frame["significant"].astype(bool) & ~hidden
    frame["kind"] = NO_CHANGE
    frame.loc[significant & (frame["change_points"] > 0), "kind"] = "Improved"
    frame.loc[significant & (frame["change_points"] < 0), "kind"] = "Declined"
    return frame


def change_chart(frame: pd.DataFrame, k: int, caption: str = CHANGE_CAPTION) -> str:
    """Before and after per dimension as dots joined by a line; filled dots mark real change.

    ``frame`` comes from the change table with ``score_before``, ``score_after``,
    ``change_points``, ``kind`` (Improved, Declined or "No clear change") and ``title``
    added (see :func:`overall_changes`). Hidden rows show "hidden" and no numbers. The earlier
    wave is a small grey ring, the later wave a dot coloured by the change: green improved,
    red declined (both significant, filled), grey hollow where the change may be chance.

    Examples
    --------
    >>> frame = pd.DataFrame({"dimension": ["trust"], "title": ["Trust"], "before": ["2025"],
    ...     "after": ["2026"], "score_before": [60.0], "score_after": [66.0],
    ...     "change_points": [6.0], "kind": ["Improved"], "suppressed": [False]})
    >>> html = change_chart(frame, 5)
    >>> "<svg" in html and "+6.0" in html and "filled dot" in html
    True
    """
    if frame.empty:
        return ""
    before, after = str(frame["before"].iloc[0]), str(frame["after"].iloc[0])
    rows = frame.assign(row=frame["dimension"].astype(str))
    order = list(dict.fromkeys(rows["row"]))
    shown = rows[~rows["suppressed"].astype(bool) & rows["score_before"].notna()]
    shown = shown[shown["score_after"].notna()]
    earlier = f"{before} (earlier survey)"
    kinds = {earlier: (palette.MUTED, "#ffffff"), **CHANGE_KINDS}
    dots = pd.concat(
        [
            shown.assign(score=shown["score_before"], legend=earlier, size=45),
            shown.assign(score=shown["score_after"], legend=shown["kind"], size=110),
        ],
        ignore_index=True,
    )
    values = dots["score"] if len(dots) else pd.Series([40.0, 80.0])
    low = max(0.0, (float(values.min()) - 3) // 5 * 5)
    high = min(100.0, -((-(float(values.max()) + 3)) // 5) * 5)
    if high - low < 20:
        low, high = max(0.0, high - 20), max(high, 20.0)
    x_scale = alt.Scale(domain=[low, high], nice=False, zero=False)
    axis = alt.Axis(title=f"Score from 0 to 100, {before} and {after}", tickCount=5, grid=True)
    domain = list(kinds)
    legend = alt.Legend(title=None, columns=2, symbolStrokeWidth=2)
    lines = [  # one layer per kind of change, so the points keep the only legend
        alt.Chart(shown[shown["kind"] == kind])
        .mark_rule(strokeWidth=3, opacity=0.55, yOffset=9, color=outline, aria=False)
        .encode(
            x=alt.X("score_before:Q", scale=x_scale, axis=axis),
            x2="score_after:Q",
            y=_row_y(order),
        )
        for kind, (outline, _fill) in CHANGE_KINDS.items()
    ]
    points = (
        alt.Chart(dots)
        .mark_point(shape="circle", strokeWidth=2, opacity=1, yOffset=9, aria=False)
        .encode(
            x=alt.X("score:Q", scale=x_scale, axis=axis),
            y=_row_y(order),
            stroke=alt.Stroke(
                "legend:N",
                scale=alt.Scale(domain=domain, range=[kinds[d][0] for d in domain]),
                legend=legend,
            ),
            fill=alt.Fill(
                "legend:N",
                scale=alt.Scale(domain=domain, range=[kinds[d][1] for d in domain]),
                legend=legend,
            ),
            size=alt.Size("size:Q", scale=None),
        )
    )
    significant = (rows["kind"] != NO_CHANGE).tolist()
    labels = rows.assign(
        text=[
            _hidden_text(k)
            if hidden or pd.isna(change)
            else f"{change:+.1f}" + (" significant" if real else "")
            for hidden, change, real in zip(
                rows["suppressed"].astype(bool), rows["change_points"], significant, strict=True
            )
        ],
        significant=significant,
    )
    change_text = [
        alt.Chart(labels[labels["significant"] == real])
        .mark_text(
            align="right",
            baseline="bottom",
            dy=-4,
            fontSize=12,
            fontWeight="bold" if real else "normal",
            color=palette.INK if real else palette.MUTED,
            aria=False,
        )
        .encode(x=alt.value(charts.WIDTH), y=_row_y(order), text="text:N")
        for real in (True, False)
    ]
    chart = alt.layer(*lines, points, *change_text, _row_titles(rows, order)).properties(
        width=charts.WIDTH, height=alt.Step(ROW_STEP)
    )
    label = f"Scores per dimension in {before} and {after}"
    return charts.svg(chart, label, caption)


def drivers_chart(frame: pd.DataFrame, names: dict[str, str], outcome: str) -> str:
    """The drivers' weights (standardised regression, beta) as bars from a zero line, largest first.

    Examples
    --------
    >>> frame = pd.DataFrame({"dimension": ["trust", "noise"], "beta": [0.42, -0.05],
    ...                       "rank": [1, 2]})
    >>> html = drivers_chart(frame, {"trust": "Trust"}, "eNPS")
    >>> "<svg" in html and "+0.42" in html and "Noise" in html
    True
    """
    rows = frame[frame["beta"].notna()].copy()
    if rows.empty:
        return ""
    rows = rows.iloc[(-rows["beta"].abs()).argsort(kind="stable")]
    rows = rows.assign(
        row=rows["dimension"].astype(str),
        title=[_name(names, d) for d in rows["dimension"]],
        zero=0.0,
        text=[f"{b:+.2f}" for b in rows["beta"]],
    )
    order = list(rows["row"])
    top = max(0.1, float(rows["beta"].max()))
    bottom = min(0.0, float(rows["beta"].min()))
    pad = (top - bottom) * 0.18  # room for the value labels at the bar ends
    x_scale = alt.Scale(domain=[bottom - (pad if bottom < 0 else 0), top + pad], nice=False)
    axis = alt.Axis(title=f"Weight for {outcome} (beta)", tickCount=4, grid=True, format=".1f")
    bars = (
        alt.Chart(rows)
        .mark_bar(height=14, yOffset=9, color=palette.CATEGORY[0], aria=False)
        .encode(x=alt.X("zero:Q", scale=x_scale, axis=axis), x2="beta:Q", y=_row_y(order))
    )
    positive = (
        alt.Chart(rows[rows["beta"] >= 0])
        .mark_text(align="left", dx=4, yOffset=9, baseline="middle", fontSize=12, aria=False)
        .encode(x=alt.X("beta:Q", scale=x_scale), y=_row_y(order), text="text:N")
    )
    negative = (
        alt.Chart(rows[rows["beta"] < 0])
        .mark_text(align="right", dx=-4, yOffset=9, baseline="middle", fontSize=12, aria=False)
        .encode(x=alt.X("beta:Q", scale=x_scale), y=_row_y(order), text="text:N")
    )
    zero = (  # a tick per row, so the zero line never crosses the row names
        alt.Chart(rows)
        .mark_tick(orient="vertical", thickness=1.5, size=22, yOffset=9, color=palette.INK)
        .encode(x=alt.X("zero:Q", scale=x_scale), y=_row_y(order))
    )
    chart = alt.layer(bars, zero, positive, negative, _row_titles(rows, order)).properties(
        width=charts.WIDTH, height=alt.Step(ROW_STEP)
    )
    caption = (
        f"Longer bars mark the dimensions that go most closely with {outcome} once their "
        "overlap with the other dimensions is taken into account. This shows what goes "
        "together, not what causes what."
    )
    return charts.svg(chart, f"What goes together with {outcome}", caption)


def profile_chart(profile: pd.DataFrame) -> str:
    """Now and preferred per culture type (clan, adhocracy, market, hierarchy) as paired bars.

    Examples
    --------
    >>> profile = pd.DataFrame({"type": ["clan", "market"], "now": [20.0, 35.0],
    ...                         "preferred": [35.0, 20.0]})
    >>> html = profile_chart(profile)
    >>> "<svg" in html and "Preferred" in html and "35" in html
    True
    """
    if profile.empty or profile[["now", "preferred"]].isna().all().all():
        return note("No culture-type profile for this selection.")
    rows = profile.set_index("type").reindex(list(PROFILE_TYPES)).reset_index()
    parts = []
    for _, row in rows.iterrows():
        for state, column in (("Now", "now"), ("Preferred", "preferred")):
            if pd.isna(row[column]):
                continue
            parts.append(
                {
                    "row": row["type"],
                    "title": CULTURE_TYPES.get(row["type"], human(row["type"])),
                    "state": state,
                    "value": float(row[column]),
                    "text": f"{row[column]:.0f}",
                }
            )
    frame = pd.DataFrame(parts)
    order = list(dict.fromkeys(frame["row"]))
    top = max(50.0, float(frame["value"].max()) + 8)
    x_scale = alt.Scale(domain=[0, top], nice=False)
    axis = alt.Axis(title="Points out of 100", tickCount=5, grid=True)
    colour = alt.Color(
        "state:N",
        scale=alt.Scale(domain=list(PROFILE_COLORS), range=list(PROFILE_COLORS.values())),
        legend=alt.Legend(title=None, symbolType="square"),
    )
    layers = []
    for state, offset in (("Now", 2), ("Preferred", 16)):
        chosen = frame[frame["state"] == state]
        layers.append(
            alt.Chart(chosen)
            .mark_bar(height=12, yOffset=offset, aria=False)
            .encode(x=alt.X("value:Q", scale=x_scale, axis=axis), y=_row_y(order), color=colour)
        )
        layers.append(
            alt.Chart(chosen)
            .mark_text(align="left", dx=4, yOffset=offset, baseline="middle", fontSize=11)
            .encode(x=alt.X("value:Q", scale=x_scale), y=_row_y(order), text="text:N")
        )
    titles = (
        alt.Chart(frame.drop_duplicates("row"))
        .mark_text(align="left", baseline="bottom", dy=-12, fontSize=13, color=palette.INK)
        .encode(x=alt.value(0), y=_row_y(order), text="title:N")
    )
    chart = alt.layer(*layers, titles).properties(width=charts.WIDTH, height=alt.Step(58))
    caption = "The points of each state add up to 100 across the four culture types."
    return charts.svg(chart, "Culture types now and preferred", caption)


# --- the score map ----------------------------------------------------------------------------
def heatmap_key(k: int) -> str:
    """The score map's colour key: 0 (needs attention) to 100 (healthy), and hidden cells.

    Examples
    --------
    >>> html = heatmap_key(5)
    >>> "needs attention" in html and "healthy" in html and "fewer than 5" in html
    True
    """
    stops = ",".join(palette.score_color(s) for s in (0, 25, 50, 75, 100))
    return (
        '<div class="wb-heat-key" role="note" aria-label="Colour key">'
        '<span class="wb-ramp"><span>0 needs attention</span>'
        f'<span class="wb-gradient" style="background:linear-gradient(90deg,{stops})"></span>'
        "<span>100 healthy</span></span>"
        f'<span><span class="wb-hatch"></span>{SUPPRESSED}: fewer than {k} answers, '
        "or hidden so that a smaller group cannot be worked out</span></div>"
    )


def heatmap_html(summary: pd.DataFrame, names: dict[str, str], k: int, dimension: str = ALL) -> str:
    """Dimensions down, groups across, 0-100 scores as coloured cells, with the colour key.

    Groups are in natural order (:func:`~workbench.culture.segments.segment_order`); hidden
    cells are hatched and say so. The table scrolls sideways inside its box on a narrow
    screen, so the page itself never does.

    Examples
    --------
    >>> rows = pd.DataFrame({"segment": ["All", "5+ years", "<1 year"], "dimension": "trust",
    ...     "score_0_100": [70.0, 64.0, None], "n": [40, 30, None],
    ...     "suppressed": [False, False, True]})
    >>> html = heatmap_html(rows, {"trust": "Trust"}, 5)
    >>> html.index("&lt;1 year") < html.index("5+ years"), "wb-table-wrap" in html
    (True, True)
    """
    if summary.empty:
        return note("No survey data for this selection.")
    rows = summary if dimension == ALL else summary[summary["dimension"] == dimension]
    segments = [ALL, *segment_order(s for s in rows["segment"] if s != ALL)]
    grid = rows.set_index(["dimension", "segment"])
    head = "".join(f"<th>{escape(str(s))}</th>" for s in segments)
    body = []
    for dim in dict.fromkeys(rows["dimension"]):
        cells = [f'<td class="wb-dim">{escape(_name(names, dim))}</td>']
        for segment in segments:
            if (dim, segment) not in grid.index:
                cells.append("<td></td>")
                continue
            cell = grid.loc[(dim, segment)]
            if bool(cell["suppressed"]):
                cells.append(
                    f'<td class="wb-suppressed" title="fewer than {k} answers">{SUPPRESSED}</td>'
                )
            else:
                score, n = float(cell["score_0_100"]), int(cell["n"])
                back = palette.score_color(score)
                cells.append(
                    f'<td style="background:{back};color:{palette.text_on(back)}" '
                    f'title="n = {n}">{score:.0f}</td>'
                )
        body.append("<tr>" + "".join(cells) + "</tr>")
    wide = len(segments) > 3
    scroll = note("Scroll the table sideways to see every group.") if wide else ""
    scroll = scroll.replace('class="wb-note"', 'class="wb-note wb-narrow-only"')
    explain = note(
        "Scores from 0 to 100: higher is healthier (for the toxic behaviours a high score "
        "means the behaviour is rare)."
    )
    return (
        f"{CULTURE_STYLE}{heatmap_key(k)}{scroll}"
        f'<div class="wb-table-wrap"><table class="wb-heat"><thead><tr><th>Dimension</th>{head}'
        f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>{explain}"
    )


# --- the practice's scales --------------------------------------------------------------------
def scale_kind(scale: str) -> str:
    """The colour rule of a scale: "judgement" when one end is healthier, else "position".

    Examples
    --------
    >>> scale_kind("exchange_communal"), scale_kind("westrum"), scale_kind("toxic_contempt")
    ('position', 'judgement', 'judgement')
    """
    return SCALE_KIND.get(scale, "position")


def _track(kind: str) -> str:
    if kind == "judgement":
        stops = ",".join(palette.score_color(s) for s in (0, 25, 50, 75, 100))
    else:  # calm, half-transparent hues so the pin stands out on both ends
        stops = f"{palette.POSITION_LOW}80,{palette.POSITION_HIGH}80"
    return f"linear-gradient(90deg,{stops})"


def scale_html(row: pd.Series) -> str:
    """One of the practice's scales as a bar with a pin and the client-facing explanation.

    Examples
    --------
    >>> row = pd.Series({"scale": "exchange_communal", "position_0_100": 61.5,
    ...     "label": "mixed", "explanation": "People relate like business friends.",
    ...     "watch": ""})
    >>> html = scale_html(row)
    >>> "<span>exchange</span><span>communal</span>" in html and "#6a5fa8" in html
    True
    """
    scale = str(row["scale"])
    left, right = scale_ends(scale)
    kind = scale_kind(scale)
    position = max(0.0, min(100.0, float(row["position_0_100"])))
    watch = str(row.get("watch", "") or "")
    watch_html = note(watch) if watch else ""
    return (
        f'<div class="wb-scale"><b>{escape(scale_name(scale))}</b>: '
        f"{escape(str(row['label']))}"
        f'<div class="wb-track" style="background:{_track(kind)}">'
        f'<div class="wb-pin" style="left:calc({position:.1f}% - 3px)"></div></div>'
        f'<div class="wb-ends"><span>{escape(left)}</span><span>{escape(right)}</span></div>'
        f'<div class="wb-kind">{escape(SCALE_NOTES[kind])}</div>'
        f'<p class="wb-note">{escape(str(row["explanation"]))}</p>{watch_html}</div>'
    )


# --- notebook cells ---------------------------------------------------------------------------
def header(analysis: CultureAnalysis) -> HTML:
    """Branded title block: survey waves and respondents; without a survey, what comes when.

    Data warnings are for the consultant and appear in :func:`consultant_notes`.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> "respondents" in header(analyse("demo")).data
    True
    """
    k = analysis.min_group_size
    if not analysis.waves:
        body = branded_header(analysis.engagement, "culture analysis", "", [])
        waiting = empty_state(
            NO_SURVEY_TITLE,
            "The survey results will appear here once the survey has closed and been "
            f"analysed. Only groups of {k} or more people will be shown, so answers stay "
            "anonymous.",
        )
        return HTML(body + waiting + CULTURE_STYLE)
    counts = ", ".join(
        f"{escape(w)}: {len(analysis.responses[w].items)} respondents" for w in analysis.waves
    )
    enps = ", ".join(f"{escape(w)}: {v:+.0f}" for w, v in analysis.enps().items())
    facts = f"Survey waves {counts}." + (f" Employee Net Promoter Score {enps}." if enps else "")
    facts += f" Groups smaller than {k} are never shown."
    body = branded_header(analysis.engagement, "culture analysis", facts, [])
    return HTML(body + CULTURE_STYLE)


def import_report(analysis: CultureAnalysis) -> pd.DataFrame:
    """Per wave: the export format found, respondents, and what was dropped or ignored.

    For the consultant (see :func:`consultant_notes`), never shown to clients.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> import_report(analyse("demo"))["respondents"].tolist()
    [640, 680]
    """
    rows = []
    for wave in analysis.waves:
        resp = analysis.responses[wave]
        rows.append(
            {
                "wave": wave,
                "file": resp.file,
                "format": resp.format,
                "respondents": len(resp.items),
                "personal data dropped": ", ".join(resp.dropped) or "none",
                "columns not used": ", ".join(resp.unmatched) or "none",
            }
        )
    return pd.DataFrame(rows)


def consultant_notes(analysis: CultureAnalysis) -> HTML:
    """What the consultant should know or do next: missing waves, warnings, the import report.

    Only for a template cell tagged ``skip-voila``: it names folders, files and commands.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> "personal data dropped" in consultant_notes(analyse("demo")).data
    True
    """
    run = f"`workbench run {analysis.engagement.root}`"
    items = []
    if not analysis.waves:
        items.append(
            f"No survey yet: put each wave's export (.csv or .xlsx) into its own folder "
            f"`{paths.SURVEYS}/<wave>/` (e.g. `{paths.SURVEYS}/2026-05/`), then run {run}."
        )
    elif len(analysis.waves) == 1:
        items.append(
            "One survey wave so far: the change section appears once the next wave's export "
            f"is in its own folder under `{paths.SURVEYS}/` and you run {run} again."
        )
    for row in import_report(analysis).to_dict("records"):
        items.append(
            f"Wave {row['wave']}: `{row['file']}` read as {row['format']}, "
            f"{row['respondents']} respondents; personal data dropped: "
            f"{row['personal data dropped']}; columns not used: {row['columns not used']}."
        )
    items += [f"Warning: {problem}" for problem in analysis.problems]
    if analysis.waves and analysis.drivers.empty:
        reason = analysis.drivers.attrs.get("reason") or "no driver analysis"
        items.append(f"Drivers left out: {reason} (outcome set in `{paths.ENGAGEMENT_FILE}`).")
    return HTML(consultant_box(items))


class CultureExplorer(SnapshotBox):
    """Filters for survey, grouping, group and dimension over the score map, favourability,
    culture types and change. ``static_html()`` is what the panels show, for exported HTML."""

    def __init__(self, analysis: CultureAnalysis):
        self._analysis = analysis
        self._names = dimension_names(analysis)
        demographics = analysis.demographics or [ALL]
        dims = _dimension_order(analysis.summary)
        self.wave = widgets.Dropdown(options=analysis.waves[::-1], description="Survey")
        self.by = widgets.Dropdown(
            options=[(human(d), d) for d in demographics], description="Group by"
        )
        self.segment = widgets.Dropdown(options=[ALL], description="Group")
        self.dimension = widgets.Dropdown(
            options=[(ALL, ALL), *[(_name(self._names, d), d) for d in dims]],
            description="Dimension",
        )
        splits = ", ".join(human(d).lower() for d in analysis.demographics)
        pick = (
            f"Pick a survey, how to split the organization ({splits}), one group and one dimension."
            if splits
            else "Pick a survey and one dimension."
        )
        self.title = widgets.HTML(
            section(
                "Explore by survey, group and dimension",
                "",
                f"{pick} The score map, the share of favourable answers, the culture types (now "
                "and preferred) and the change since the previous survey follow your choice.",
            )
        )
        self.heatmap = widgets.HTML()
        self.favourability = widgets.HTML()
        self.profile = widgets.HTML()
        self.change = widgets.HTML()
        for control in (self.wave, self.by):
            control.observe(self._new_segments, names="value")
        for control in (self.segment, self.dimension):
            control.observe(self._refresh, names="value")
        filters = [widgets.HBox([self.wave, self.by]), widgets.HBox([self.segment, self.dimension])]
        for row in filters:
            row.add_class("wb-filters")
        # The three charts sit side by side on a wide screen and one under the other on a phone.
        side_by_side = widgets.HBox([self.favourability, self.profile, self.change])
        side_by_side.add_class("wb-culture-charts")
        super().__init__([self.title, *filters, self.heatmap, side_by_side])
        self.add_class("wb-culture")
        self._new_segments()

    def _panels(self) -> list[widgets.HTML]:
        return [self.heatmap, self.favourability, self.profile, self.change]

    def _rows(self) -> pd.DataFrame:
        summary = self._analysis.summary
        chosen = summary[(summary["wave"] == self.wave.value)]
        overall = chosen[chosen["demographic"] == ALL]
        split = chosen[(chosen["demographic"] == self.by.value) & (chosen["demographic"] != ALL)]
        return pd.concat([overall, split], ignore_index=True)

    def _new_segments(self, _change: object = None) -> None:
        segments = segment_order(s for s in self._rows()["segment"] if s != ALL)
        with self.hold_trait_notifications():
            self.segment.options = [ALL, *segments]
            self.segment.value = ALL
        self._refresh()

    def _refresh(self, _change: object = None) -> None:
        rows, k = self._rows(), self._analysis.min_group_size
        if self.segment.value != ALL:
            rows = rows[rows["segment"].isin([ALL, self.segment.value])]
        heading = f"<h4>Scores of survey {escape(str(self.wave.value))}</h4>"
        self.heatmap.value = heading + heatmap_html(rows, self._names, k, self.dimension.value)
        self.favourability.value = self._favourability_html(rows)
        self.profile.value = self._profile_html()
        self.change.value = self._change_html()

    def _favourability_html(self, rows: pd.DataFrame) -> str:
        if self.dimension.value != ALL:
            rows = rows[rows["dimension"] == self.dimension.value]
        whole = rows[rows["segment"] == ALL]
        groups = {WHOLE_ORGANIZATION: whole}
        hidden = ""
        segment, k = self.segment.value, self._analysis.min_group_size
        if segment != ALL:
            chosen = rows[rows["segment"] == segment]
            if len(chosen) and chosen["suppressed"].astype(bool).all():
                hidden = note(
                    f"{segment} is hidden: fewer than {k} people answered, or showing the group "
                    "would let a smaller one be worked out."
                )
            else:
                groups[str(segment)] = chosen
        title = "<h4>How people answered: favourable, neutral and unfavourable</h4>"
        chart = favourability_chart(groups, self._names, k)
        return title + (chart or note("No answers for this selection.")) + hidden

    def _profile_html(self) -> str:
        profiles = self._analysis.profiles
        if profiles.empty:
            return ""
        demographic = ALL if self.segment.value == ALL else self.by.value
        chosen = profiles[
            (profiles["wave"] == self.wave.value)
            & (profiles["demographic"] == demographic)
            & (profiles["segment"] == self.segment.value)
        ]
        if len(chosen) and chosen["suppressed"].fillna(False).astype(bool).any():
            body = note("Hidden: this group is too small to show.")
        else:
            body = profile_chart(chosen)
        who = WHOLE_ORGANIZATION if self.segment.value == ALL else str(self.segment.value)
        return f"<h4>Culture types: now and preferred ({escape(who)})</h4>{body}"

    def _change_html(self) -> str:
        analysis = self._analysis
        changes = analysis.changes
        if changes.empty:
            return ""
        chosen = changes[changes["segment"] == self.segment.value]
        if self.segment.value != ALL:
            chosen = chosen[chosen["demographic"] == self.by.value]
        if self.dimension.value != ALL:
            chosen = chosen[chosen["dimension"] == self.dimension.value]
        frame = _change_frame(chosen, analysis.summary, self._names)
        before, after = changes["before"].iloc[0], changes["after"].iloc[0]
        who = WHOLE_ORGANIZATION if self.segment.value == ALL else str(self.segment.value)
        title = (
            f"<h4>Change from {escape(str(before))} to {escape(str(after))} ({escape(who)})</h4>"
        )
        chart = change_chart(frame, analysis.min_group_size)
        return title + (chart or note("No change to show for this selection."))

    def static_html(self) -> str:
        return self.title.value + "".join(panel.value for panel in self._panels())


def culture_explorer(analysis: CultureAnalysis) -> CultureExplorer | HTML:
    """The filter panel (see :class:`CultureExplorer`); empty while there is no survey.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> culture_explorer(analyse("demo")).segment.value
    'All'
    """
    if not analysis.waves:
        return _empty()
    return CultureExplorer(analysis)


def scales_panel(analysis: CultureAnalysis) -> HTML:
    """Where the organization sits on the practice's scales, with the explanation for clients.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> scales_panel(analyse("demo")).data.count('class="wb-scale"')
    8
    """
    if not analysis.waves:
        return _empty()
    if analysis.placement.empty:
        body = empty_state(
            "No position to show yet",
            "The survey did not include the dimensions these scales are built from.",
        )
    else:
        body = "".join(scale_html(row) for _, row in analysis.placement.iterrows())
    intro = (
        "Each bar shows where the organization sits on one of the scales the relationship "
        "management practice works with, as its people described it in the latest survey. "
        "Under each bar: what the position means and what to consider next."
    )
    return HTML(section("Where the organization sits", CULTURE_STYLE + body, intro))


def hotspots_table(analysis: CultureAnalysis) -> HTML:
    """Groups where a toxic behaviour is reported often (hidden groups never appear).

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> "Field Operations" in hotspots_table(analyse("demo")).data
    True
    """
    if not analysis.waves:
        return _empty()
    rule = (
        f"Often means a score below {placing.HOTSPOT_BELOW:.0f} out of 100 or at least "
        f"{placing.HOTSPOT_UNFAVOURABLE_FROM:.0f}% unfavourable answers, counted in every group "
        "large enough to show."
    )
    intro = (
        "Groups where criticism, defensiveness, contempt or obstruction are reported often. "
        "These behaviours wear trust down quickly, so each hotspot deserves a conversation "
        "with the group's leaders."
    )
    hotspots = analysis.hotspots
    if hotspots.empty:
        body = f'<p class="wb-none"><b>No group reports these behaviours often.</b></p>{note(rule)}'
    else:
        names = dimension_names(analysis)
        behaviour = {b: human(b) for b in placing.TOXIC}
        view = hotspots.assign(
            segment=[
                f"{segment} ({human(by).lower()})"
                for segment, by in zip(hotspots["segment"], hotspots["demographic"], strict=True)
            ],
            behaviour=hotspots["behaviour"].map(lambda b: behaviour.get(b) or _name(names, b)),
        )
        columns = ["segment", "behaviour", "score_0_100", "pct_unfavourable"]
        body = _table(view, columns) + note(rule)
    return HTML(section("Toxic-behaviour hotspots", body, intro))


def overall_changes(analysis: CultureAnalysis) -> HTML:
    """The whole organization's change per dimension between the last two waves: chart, table.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> "before is 2025-11" in overall_changes(analyse("demo")).data
    True
    """
    if not analysis.waves:
        return _empty()
    title = "What changed since the last survey"
    changes = analysis.changes
    if changes.empty:
        waiting = empty_state(
            CHANGE_WAITS,
            "Once the next survey has closed and been analysed, this section compares the "
            "two surveys dimension by dimension.",
        )
        return HTML(section(title, waiting))
    names = dimension_names(analysis)
    frame = _change_frame(changes[changes["segment"] == ALL], analysis.summary, names)
    before, after = changes["before"].iloc[0], changes["after"].iloc[0]
    intro = f"The whole organization's score per dimension in {before} and in {after}."
    table = _table(
        frame.assign(dimension=frame["title"]),
        ["dimension", "score_before", "score_after", "change_points", "p_value", "significant"],
        caption=f"Scores from 0 to 100: before is {before}, after is {after}",
    )
    body = change_chart(frame, analysis.min_group_size) + table
    return HTML(section(title, body, intro))


def drivers_table(analysis: CultureAnalysis) -> HTML:
    """Which dimensions go together with the outcome: an impact chart of the regression weights.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> "<svg" in drivers_table(analyse("demo")).data
    True
    """
    if not analysis.waves:
        return _empty()
    names = dimension_names(analysis)
    key = str(analysis.engagement.culture.get("outcome", ""))
    outcome = _name(names, key)
    known = set(analysis.summary["dimension"].astype(str))
    title = f"What goes together with {outcome}" if key in known else "What drives the outcome"
    frame = analysis.drivers
    if frame.empty:
        if key in known:
            reason = str(frame.attrs.get("reason") or "There are too few answers for it.")
        else:  # a setting to fix: the consultant notes say which
            reason = "This analysis has not been prepared for this survey."
        return HTML(section(title, empty_state("No driver analysis for this survey", reason)))
    intro = (
        f"Which dimensions of the latest survey go together with {outcome}, based on the "
        f"{int(frame['n'].iloc[0])} people who answered every question."
    )
    numbers = _table(
        frame.assign(dimension=[_name(names, d) for d in frame["dimension"]]),
        ["dimension", "r", "beta", "p_value"],
    )
    details = f"<details><summary>The numbers behind the chart</summary>{numbers}</details>"
    left_out = note(str(frame.attrs["note"])) if frame.attrs.get("note") else ""
    return HTML(section(title, drivers_chart(frame, names, outcome) + details + left_out, intro))


def reliability_table(analysis: CultureAnalysis) -> HTML:
    """Cronbach's alpha per dimension and wave, for the whole organization.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> "Cronbach" in reliability_table(analyse("demo")).data
    True
    """
    if not analysis.waves:
        return _empty()
    frame = reliability_frame(analysis)
    intro = (
        "Cronbach's alpha per dimension and survey: 0.7 or more means the questions of a "
        "dimension measure one thing consistently; below that, read the dimension with care."
    )
    if frame.empty:
        body = empty_state(
            "No reliability figures", "Each dimension of this survey has a single question."
        )
        return HTML(section("How dependable the scales are", body, intro))
    names = dimension_names(analysis)
    shown = frame.assign(
        dimension=[_name(names, d) for d in frame["dimension"]],
        consistent=frame[analysis.latest] >= RELIABLE_FROM if analysis.latest in frame else False,
    )
    waves = [w for w in analysis.waves if w in frame.columns]
    table = labelled_table(
        shown,
        {
            "dimension": COLUMN_LABELS["dimension"],
            **{w: f"Alpha {w}" for w in waves},
            "consistent": COLUMN_LABELS["consistent"],
        },
        formats={**{w: "2dp" for w in waves}, "consistent": "yes/no"},
        glossary={
            **{f"Alpha {w}": GLOSSARY["Cronbach's alpha"] for w in waves},
            COLUMN_LABELS["consistent"]: GLOSSARY["Consistent"],
        },
    )
    return HTML(section("How dependable the scales are", table, intro))


def reliability_frame(analysis: CultureAnalysis) -> pd.DataFrame:
    """Cronbach's alpha of the whole organization: one row per dimension, one column per wave.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> reliability_frame(analyse("demo")).columns.tolist()
    ['dimension', '2025-11', '2026-05']
    """
    summary = analysis.summary
    overall = summary[(summary["segment"] == ALL) & summary["alpha"].notna()]
    order = _dimension_order(overall)
    table = overall.pivot(index="dimension", columns="wave", values="alpha")
    table = table.reindex(order).reset_index()
    table.columns.name = None
    return table


def comments_panel(analysis: CultureAnalysis) -> HTML:
    """Free-text comments of the latest wave for the whole organization, in shuffled order.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> comments_panel(analyse("demo")).data.count("<li>")
    40
    """
    if not analysis.waves:
        return _empty()
    comments = analysis.comments
    k = analysis.engagement.privacy["min_comment_group_size"]
    chosen = comments[(comments["wave"] == analysis.latest) & (comments["demographic"] == ALL)]
    title = "In their own words"
    if chosen.empty:
        body = empty_state(
            "No comments to show",
            f"Comments appear only where at least {k} people of a group wrote one, so that "
            "nobody can be recognised by what they wrote.",
        )
        return HTML(section(title, body))
    shown = chosen["text"].head(40)
    intro = (
        f"{len(shown)} of {len(chosen)} comments from the latest survey, shuffled so that "
        f"their order reveals nothing; shown only for groups of {k} or more."
    )
    items = "".join(f"<li>{escape(str(t))}</li>" for t in shown)
    return HTML(section(title, f'<ul class="wb-comments">{items}</ul>', intro))
