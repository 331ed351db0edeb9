"""Change between the last two survey waves: the chart's rows and the before-and-after chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

from workbench.culture.view_common import ROW_STEP, hidden_text, readable_name, row_axis, row_titles
from workbench.culture.waves import ALPHA
from workbench.present import charts, palette

CHANGE_CAPTION = f"A filled dot marks a change unlikely to be chance (p < {ALPHA})."
NO_CHANGE = "No clear change"
CHANGE_KINDS = {  # legend entry -> (dot outline, dot fill): hollow means not significant
    "Improved": (palette.JUDGEMENT_HIGH, palette.JUDGEMENT_HIGH),
    "Declined": (palette.JUDGEMENT_LOW, palette.JUDGEMENT_LOW),
    NO_CHANGE: (palette.ATTITUDE["neutral"], "#ffffff"),
}


def change_frame(
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
        title=[readable_name(names, d) for d in changes["dimension"]],
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
            y=row_axis(order),
        )
        for kind, (outline, _fill) in CHANGE_KINDS.items()
    ]
    points = (
        alt.Chart(dots)
        .mark_point(shape="circle", strokeWidth=2, opacity=1, yOffset=9, aria=False)
        .encode(
            x=alt.X("score:Q", scale=x_scale, axis=axis),
            y=row_axis(order),
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
            hidden_text(k)
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
        .encode(x=alt.value(charts.WIDTH), y=row_axis(order), text="text:N")
        for real in (True, False)
    ]
    chart = alt.layer(*lines, points, *change_text, row_titles(rows, order)).properties(
        width=charts.WIDTH, height=alt.Step(ROW_STEP)
    )
    label = f"Scores per dimension in {before} and {after}"
    return charts.svg(chart, label, caption)
