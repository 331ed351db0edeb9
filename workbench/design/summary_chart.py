"""The summary chart's data and Altair spec: each group's agreed and suggested relationship.

Groups are placed by relationship type and communality. A filled dot marks the agreed model,
a ring what the evidence suggests; :data:`MARKS_LEGEND` explains the two under the chart.
:func:`workbench.design.views.summary_chart` wraps the spec in the page's HTML, with its empty
states; slides can render the spec directly (``charts.png``).

Examples
--------
>>> from workbench.design import workshop
>>> design = workshop.analyse("demo")
>>> data = _placements(design)
>>> sorted(set(data["what"])) == sorted([AGREED, SUGGESTED])
True
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from workbench.design import cards
from workbench.design.models import COMMUNALITY_LEVELS, RELATIONSHIP_TYPES
from workbench.design.workshop import ModelDesign
from workbench.present import palette

COMMUNALITY_COLOURS = dict(
    zip(
        COMMUNALITY_LEVELS,
        (palette.POSITION_LOW, cards.TINTS["communality_mid"], palette.POSITION_HIGH),
        strict=True,
    )
)
AGREED, SUGGESTED = "Agreed model", "Suggested by the evidence"

MARKS_LEGEND = (
    f'<div class="wb-legend" style="display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px;'
    f'color:{palette.INK};margin:4px 0 2px">'
    f'<span><span style="display:inline-block;width:11px;height:11px;border-radius:50%;'
    f'background:{palette.MUTED};margin-right:6px;vertical-align:-1px"></span>{AGREED}</span>'
    f'<span><span style="display:inline-block;width:14px;height:14px;border-radius:50%;'
    f"border:2.5px solid {palette.MUTED};box-sizing:border-box;margin-right:6px;"
    f'vertical-align:-2px"></span>{SUGGESTED}</span></div>'
)


def _placements(design: ModelDesign) -> pd.DataFrame:
    """One row per group and kind of mark: the agreed model, and the evidence's suggestion."""
    rows = []
    for order, group in enumerate(design.groups):
        advice = design.recommendation(group)
        if advice:
            rows.append(
                {
                    "group": group,
                    "order": order,
                    "what": SUGGESTED,
                    "type": advice["recommended_type"],
                    "communality": advice["recommended_communality"],
                }
            )
        if (model := design.models.get(group)) is not None:
            rows.append(
                {
                    "group": group,
                    "order": order,
                    "what": AGREED,
                    "type": model.relationship_type,
                    "communality": model.communality,
                }
            )
    return pd.DataFrame(rows, columns=["group", "order", "what", "type", "communality"])


def summary_chart_spec(design: ModelDesign) -> alt.Chart:
    """The Altair chart of :func:`summary_chart` (also for slides: ``charts.png``)."""
    data = _placements(design)
    height = max(120, 30 * len(design.groups))
    communality = alt.Scale(
        domain=list(COMMUNALITY_COLOURS), range=list(COMMUNALITY_COLOURS.values())
    )
    kinds = [AGREED, SUGGESTED]
    below = {"orient": "none", "legendX": -120, "direction": "horizontal"}
    return (
        alt.Chart(data)
        .mark_point(filled=False, strokeWidth=2.5, opacity=1)
        .encode(
            x=alt.X(
                "type:N",
                title="Relationship type",
                scale=alt.Scale(domain=list(RELATIONSHIP_TYPES), paddingOuter=0.5),
                axis=alt.Axis(orient="top", labelAngle=0, labelPadding=6, labelLimit=90),
            ),
            y=alt.Y(
                "group:N",
                title=None,
                sort=alt.EncodingSortField("order"),
                axis=alt.Axis(labelLimit=130, labelPadding=8),
            ),
            stroke=alt.Stroke(
                "communality:N",
                title="Communality",
                scale=communality,
                legend=alt.Legend(legendY=height + 16, **below),
            ),
            fill=alt.condition(
                alt.datum.what == AGREED,
                alt.Fill("communality:N", scale=communality, title="Communality"),
                alt.value("transparent"),
            ),
            size=alt.Size(
                "what:N",
                title=None,
                scale=alt.Scale(domain=kinds, range=[140, 520]),
                legend=None,  # the dot and the ring are explained under the chart
            ),
            order=alt.Order("what:N", sort="descending"),
        )
        .properties(width=210, height=height)
    )
