"""The practice's scales: where the organization sits on each, as a bar with a pin."""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML

from workbench.culture import placement as placing
from workbench.culture.view_common import CULTURE_STYLE, empty_section
from workbench.culture.wording import scale_ends, scale_name
from workbench.culture.workshop import CultureAnalysis
from workbench.present import palette
from workbench.present.page import empty_state, note, section

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


def scales_panel(analysis: CultureAnalysis) -> HTML:
    """Where the organization sits on the practice's scales, with the explanation for clients.

    Examples
    --------
    >>> from workbench.culture.workshop import analyse
    >>> scales_panel(analyse("demo")).data.count('class="wb-scale"')
    8
    """
    if not analysis.waves:
        return empty_section()
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
