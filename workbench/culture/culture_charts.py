"""The culture charts drawn as bars: favourability, drivers and culture-type profile (SVG).

The change chart (dots joined by a line) is in :mod:`workbench.culture.change_view`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from workbench.culture.instruments import CVF_TYPES
from workbench.culture.view_common import (
    ROW_STEP,
    dimension_order,
    hidden_text,
    readable_name,
    row_axis,
    row_titles,
)
from workbench.culture.wording import CULTURE_TYPES, human
from workbench.present import charts, palette
from workbench.present.page import note

PROFILE_TYPES = CVF_TYPES  # the four culture types, in the instrument module's order
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
PROFILE_COLORS = {"Now": palette.CATEGORY[3], "Preferred": palette.CATEGORY[8]}
LABEL_FITS_FROM = 9.0  # a percent label goes on a bar segment this wide (percentage points)


def _favourability_layer(
    rows: pd.DataFrame, names: dict[str, str], k: int, order: list[str]
) -> alt.LayerChart:
    rank = {d: i for i, d in enumerate(order)}
    rows = rows.iloc[rows["dimension"].astype(str).map(rank).argsort(kind="stable")]
    parts = []
    for _, row in rows.iterrows():
        key, title = str(row["dimension"]), readable_name(names, row["dimension"])
        if bool(row["suppressed"]):
            parts.append(
                {
                    "row": key,
                    "title": title,
                    "band": "Hidden",
                    "start": 0.0,
                    "end": 100.0,
                    "text": hidden_text(k),
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
            y=row_axis(order),
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
            y=row_axis(order),
            text="text:N",
            color=alt.Color("ink:N", scale=None),
        )
    )
    return alt.layer(bars, labels, row_titles(frame, order)).properties(
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
    order = list(dict.fromkeys(d for rows in groups.values() for d in dimension_order(rows)))
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
        title=[readable_name(names, d) for d in rows["dimension"]],
        zero=0.0,
        text=[f"{b:+.2f}" for b in rows["beta"]],
        direction=[
            f"Goes with a higher {outcome}" if b >= 0 else f"Goes with a lower {outcome}"
            for b in rows["beta"]
        ],
    )
    # Both directions are always in the key, so its colours read the same in every survey.
    directions = alt.Scale(
        domain=[f"Goes with a higher {outcome}", f"Goes with a lower {outcome}"],
        range=[palette.FAVOURABILITY["favourable"], palette.FAVOURABILITY["unfavourable"]],
    )
    order = list(rows["row"])
    top = max(0.1, float(rows["beta"].max()))
    bottom = min(0.0, float(rows["beta"].min()))
    pad = (top - bottom) * 0.18  # room for the value labels at the bar ends
    x_scale = alt.Scale(domain=[bottom - (pad if bottom < 0 else 0), top + pad], nice=False)
    axis = alt.Axis(title=f"Weight for {outcome} (beta)", tickCount=4, grid=True, format=".1f")
    bars = (
        alt.Chart(rows)
        .mark_bar(height=14, yOffset=9, aria=False)
        .encode(
            x=alt.X("zero:Q", scale=x_scale, axis=axis),
            x2="beta:Q",
            y=row_axis(order),
            color=alt.Color("direction:N", scale=directions, title=None),
        )
    )
    positive = (
        alt.Chart(rows[rows["beta"] >= 0])
        .mark_text(align="left", dx=4, yOffset=9, baseline="middle", fontSize=12, aria=False)
        .encode(x=alt.X("beta:Q", scale=x_scale), y=row_axis(order), text="text:N")
    )
    negative = (
        alt.Chart(rows[rows["beta"] < 0])
        .mark_text(align="right", dx=-4, yOffset=9, baseline="middle", fontSize=12, aria=False)
        .encode(x=alt.X("beta:Q", scale=x_scale), y=row_axis(order), text="text:N")
    )
    zero = (  # a tick per row, so the zero line never crosses the row names
        alt.Chart(rows)
        .mark_tick(orient="vertical", thickness=1.5, size=22, yOffset=9, color=palette.INK)
        .encode(x=alt.X("zero:Q", scale=x_scale), y=row_axis(order))
    )
    chart = alt.layer(bars, zero, positive, negative, row_titles(rows, order)).properties(
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
            .encode(x=alt.X("value:Q", scale=x_scale, axis=axis), y=row_axis(order), color=colour)
        )
        layers.append(
            alt.Chart(chosen)
            .mark_text(align="left", dx=4, yOffset=offset, baseline="middle", fontSize=11)
            .encode(x=alt.X("value:Q", scale=x_scale), y=row_axis(order), text="text:N")
        )
    titles = (
        alt.Chart(frame.drop_duplicates("row"))
        .mark_text(align="left", baseline="bottom", dy=-12, fontSize=13, color=palette.INK)
        .encode(x=alt.value(0), y=row_axis(order), text="title:N")
    )
    chart = alt.layer(*layers, titles).properties(width=charts.WIDTH, height=alt.Step(58))
    caption = "The points of each state add up to 100 across the four culture types."
    return charts.svg(chart, "Culture types now and preferred", caption)
