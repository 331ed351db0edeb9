"""Where the organization sits on the relationship practice's scales, in words for clients.

The survey's dimension scores are placed on the scales the practice talks about:
exchange vs communal relationships (business associate, business friend, personal
friend), cooperation (own goals) vs collaboration (shared goals), psychological safety,
Westrum's typology of organizational culture, and the four toxic behaviours (criticism,
defensiveness, contempt, obstruction), where a high score means the behaviour is rare.

Thresholds (0-100 scores unless said otherwise; a score on a boundary goes to the upper band):

- communality, collaboration, psychological safety: below ``LOW_BELOW`` (40) is the low
  band, from 40 to below ``HIGH_FROM`` (65) the middle band, 65 and above the high band.
  40 is just below the neutral midpoint (50) and 65 needs clear agreement on average.
- Westrum, on the 1-7 mean: below ``WESTRUM_BUREAUCRATIC_FROM`` (3) pathological, 3 to
  below ``WESTRUM_GENERATIVE_FROM`` (5) bureaucratic, 5 and above generative (3 and 5 are
  "somewhat disagree" and "somewhat agree" on the seven-point scale).
- toxic behaviours: below ``TOXIC_COMMON_BELOW`` (50) common, 50 to below
  ``TOXIC_RARE_FROM`` (70) occasional, 70 and above rare.
- hotspots: a group's toxic score below 50, or 30 % or more unfavourable answers.

Examples
--------
>>> overall = pd.DataFrame({"segment": "All", "dimension": ["communality"],
...                         "mean": [3.4], "score_0_100": [60.0]})
>>> placement(overall, overall.iloc[:0])[["scale", "label"]].values.tolist()
[['exchange_communal', 'mixed (business friend)']]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.core.guards import FrameError, require_columns
from workbench.core.labels import ALL

LOW_BELOW = 40.0
HIGH_FROM = 65.0
WESTRUM_BUREAUCRATIC_FROM = 3.0
WESTRUM_GENERATIVE_FROM = 5.0
TOXIC_COMMON_BELOW = 50.0
TOXIC_RARE_FROM = 70.0
HOTSPOT_BELOW = 50.0
HOTSPOT_UNFAVOURABLE_FROM = 30.0
# A group this many points below the whole organization is named in the `watch` column.
WATCH_GAP = 10.0

TOXIC = ["criticism", "defensiveness", "contempt", "obstruction"]
COLUMNS = ["scale", "dimension", "position_0_100", "label", "explanation", "watch"]
HOTSPOT_COLUMNS = ["segment", "behaviour", "score_0_100", "pct_unfavourable"]

# scale -> (dimensions it is built from, band labels low/middle/high)
_BANDED = {
    "exchange_communal": (
        ["communality"],
        ["exchange (business associate)", "mixed (business friend)", "communal (personal friend)"],
    ),
    "cooperation_collaboration": (
        ["collaboration"],
        ["cooperation (own goals)", "mixed (some shared goals)", "collaboration (shared goals)"],
    ),
    "psychological_safety": (
        ["psych_safety", "safety"],
        ["low (speaking up feels risky)", "moderate (safe in some places)",
         "high (safe to speak up)"],
    ),
}  # fmt: skip
_WESTRUM = ["pathological (power-oriented)", "bureaucratic (rule-oriented)",
            "generative (performance-oriented)"]  # fmt: skip
_TOXIC_LABELS = ["common", "occasional", "rare"]

# Sentences in our own words: what the band means (with the number) and what to do next.
_MEANING = {
    "exchange_communal": [
        "At {x} out of 100 on communality, people mostly deal with each other as business "
        "associates: help and trust are traded for a return and work is checked closely.",
        "At {x} out of 100 on communality, people relate like business friends: they help and "
        "talk beyond the essentials, but still keep some score of who owes what.",
        "At {x} out of 100 on communality, people relate like personal friends: help is given "
        "because it is needed, trust is high and nobody keeps score.",
    ],
    "cooperation_collaboration": [
        "At {x} out of 100, people cooperate rather than collaborate: they work alongside each "
        "other, but each towards their own targets.",
        "At {x} out of 100, shared goals exist but compete with each team's own targets.",
        "At {x} out of 100, people collaborate: they work together towards goals they share.",
    ],
    "psychological_safety": [
        "At {x} out of 100, many people do not feel safe to speak up, admit a mistake or try "
        "something new.",
        "At {x} out of 100, people feel safe to speak up in some settings but not in all of them.",
        "At {x} out of 100, people feel safe to speak up, ask for help and learn from mistakes.",
    ],
    "westrum": [
        "With an average of {m} on the 1-7 scale, the culture looks pathological: information "
        "is held back, bad news is punished and failure leads to looking for someone to blame.",
        "With an average of {m} on the 1-7 scale, the culture looks bureaucratic: information "
        "follows official channels and each department looks after its own patch.",
        "With an average of {m} on the 1-7 scale, the culture looks generative: information "
        "reaches the people who need it and failures lead to inquiry, not blame.",
    ],
    "toxic": [
        "At {x} out of 100 (higher means rarer), {what} is common here.",
        "At {x} out of 100 (higher means rarer), {what} shows up now and then.",
        "At {x} out of 100 (higher means rarer), {what} is rare.",
    ],
}  # fmt: skip
_NEXT = {
    "exchange_communal": [
        "Where the work needs more give and take, build it step by step: keep every promise, "
        "offer help before it is asked for and make time for more than the agenda.",
        "Agree for each key stakeholder group which level of communality suits the work, and "
        "write it into the relationship model.",
        "Keep it up, and check that closeness does not blur accountability where a more "
        "business-like footing would serve the relationship better.",
    ],
    "cooperation_collaboration": [
        "Agree a few goals that teams can only reach together and measure them jointly.",
        "Make the shared goals visible and check that targets and rewards do not pull teams apart.",
        "Keep the shared goals current and visible as priorities and teams change.",
    ],
    "psychological_safety": [
        "Leaders can start by asking for bad news, thanking whoever brings it and reviewing "
        "failures without blame.",
        "Find out where speaking up feels risky (the group view helps) and make blameless "
        "reviews the normal way to learn.",
        "Protect it by reacting well to bad news, especially under pressure.",
    ],
    "westrum": [
        "Start by making it safe to report problems and by sharing information across teams on "
        "purpose.",
        "Shared responsibility for outcomes and cross-team reviews help move it towards "
        "generative.",
        "Keep it so by protecting the people who raise problems.",
    ],
    "toxic": [
        "Left alone it breeds cynicism and distrust, so name it openly and agree what the team "
        "does instead.",
        "Deal with incidents early, before trust wears thin, starting where the score is lowest.",
        "Keep an eye on it during change, when it tends to come back.",
    ],
}  # fmt: skip
_BEHAVIOUR = {
    "criticism": "criticism of the person rather than the problem",
    "defensiveness": "defensiveness (deflecting blame instead of owning a part)",
    "contempt": "contempt (scorn, sarcasm, eye-rolling)",
    "obstruction": "obstruction (stonewalling: shutting down or blocking the conversation)",
}


def band(value: float, low_below: float = LOW_BELOW, high_from: float = HIGH_FROM) -> int:
    """0 (low), 1 (middle) or 2 (high); a value on a boundary goes to the upper band.

    Examples
    --------
    >>> band(39.9), band(40.0), band(65.0)
    (0, 1, 2)
    """
    return int(value >= low_below) + int(value >= high_from)


def _overall(overall: pd.DataFrame) -> pd.DataFrame:
    require_columns(overall, ["dimension", "mean", "score_0_100"], "overall summary")
    rows = overall[overall["segment"].astype(str) == ALL] if "segment" in overall else overall
    if "suppressed" in rows:
        rows = rows[~rows["suppressed"].fillna(False).astype(bool)]
    if rows["dimension"].duplicated().any():
        dupe = rows.loc[rows["dimension"].duplicated(), "dimension"].iloc[0]
        message = f"the dimension '{dupe}' appears more than once (several waves?)."
        fix = "pass the 'All' rows of one wave only."
        raise FrameError(f"overall summary: {message} ({fix})")
    rows = rows.set_index("dimension")
    return rows[["mean", "score_0_100"]].apply(pd.to_numeric, errors="coerce")


def _lowest(by_segment: pd.DataFrame) -> dict[str, tuple[str, float]]:
    """Dimension -> (group label, score) of the lowest group that is shown."""
    if by_segment is None or by_segment.empty:
        return {}
    require_columns(by_segment, ["segment", "dimension", "score_0_100"], "segment summary")
    rows = by_segment[by_segment["segment"].astype(str) != ALL]
    if "suppressed" in rows:
        rows = rows[~rows["suppressed"].fillna(False).astype(bool)]
    rows = rows.assign(score=pd.to_numeric(rows["score_0_100"], errors="coerce")).dropna(
        subset=["score"]
    )
    if rows.empty:
        return {}
    label = rows["segment"].astype(str)
    if "demographic" in rows:
        label = rows["demographic"].astype(str) + " " + label
    rows = rows.assign(label=label).sort_values(["dimension", "score", "label"], kind="mergesort")
    first = rows.drop_duplicates("dimension")
    return {
        d: (g, s)
        for d, g, s in zip(first["dimension"], first["label"], first["score"], strict=True)
    }


def _watch(lowest: dict, dims: list[str], position: float) -> str:
    found = [lowest[d] for d in dims if d in lowest]
    if not found:
        return ""
    group, score = min(found, key=lambda t: (t[1], t[0]))
    if position - score < WATCH_GAP:
        return ""
    return f"Lowest group shown: {group} at {score:.0f}."


def placement(overall: pd.DataFrame, by_segment: pd.DataFrame) -> pd.DataFrame:
    """Place the organization on the practice's scales, with a client-facing explanation.

    Rows, in this order and only for dimensions present (a missing or suppressed one just
    leaves its row out): ``exchange_communal`` (from ``communality``),
    ``cooperation_collaboration`` (``collaboration``), ``psychological_safety`` (mean of
    ``psych_safety`` and ``safety``, whichever are there), ``westrum`` (label from the 1-7
    ``westrum`` mean) and ``toxic_<behaviour>`` for criticism, defensiveness, contempt and
    obstruction (a high score means the behaviour is rare). See the module docstring for
    the thresholds.

    Columns: scale, dimension (the dimensions used, joined by "+"), position_0_100
    (1 decimal), label, explanation (two sentences: what the position means, with the
    number, and what to do next) and watch (the lowest group shown in ``by_segment`` when it
    is at least 10 points below the whole organization, else "").

    Parameters
    ----------
    overall
        ``summarise`` rows of the whole organization (segment "All"): dimension, mean,
        score_0_100 (rows flagged ``suppressed`` are ignored).
    by_segment
        Heatmap rows of the groups (segment, dimension, score_0_100, optional
        ``suppressed`` and ``demographic``); may be empty.

    Examples
    --------
    >>> overall = pd.DataFrame({"dimension": ["westrum"], "mean": [5.2], "score_0_100": [70.0]})
    >>> placement(overall, pd.DataFrame())["label"].tolist()
    ['generative (performance-oriented)']
    """
    if isinstance(overall, pd.DataFrame) and overall.empty:  # no survey yet: nothing to place
        return pd.DataFrame({c: pd.Series(dtype=float if c == "position_0_100" else object)
                             for c in COLUMNS})  # fmt: skip
    scores = _overall(overall)
    lowest = _lowest(by_segment)
    records = []
    for scale, (dims, labels) in _BANDED.items():
        used = [d for d in dims if d in scores.index and pd.notna(scores.loc[d, "score_0_100"])]
        if not used:
            continue
        x = round(float(scores.loc[used, "score_0_100"].mean()), 1)
        b = band(x)
        text = f"{_MEANING[scale][b].format(x=f'{x:.0f}')} {_NEXT[scale][b]}"
        records.append((scale, "+".join(used), x, labels[b], text, _watch(lowest, used, x)))
    if "westrum" in scores.index and scores.loc["westrum"].notna().all():
        m, x = (
            float(scores.loc["westrum", "mean"]),
            round(float(scores.loc["westrum", "score_0_100"]), 1),
        )
        b = band(m, WESTRUM_BUREAUCRATIC_FROM, WESTRUM_GENERATIVE_FROM)
        text = f"{_MEANING['westrum'][b].format(m=f'{m:.1f}')} {_NEXT['westrum'][b]}"
        records.append(("westrum", "westrum", x, _WESTRUM[b], text, _watch(lowest, ["westrum"], x)))
    for behaviour in TOXIC:
        if behaviour not in scores.index or pd.isna(scores.loc[behaviour, "score_0_100"]):
            continue
        x = round(float(scores.loc[behaviour, "score_0_100"]), 1)
        b = band(x, TOXIC_COMMON_BELOW, TOXIC_RARE_FROM)
        meaning = _MEANING["toxic"][b].format(x=f"{x:.0f}", what=_BEHAVIOUR[behaviour])
        text = f"{meaning[0].upper()}{meaning[1:]} {_NEXT['toxic'][b]}"
        watch = _watch(lowest, [behaviour], x)
        records.append((f"toxic_{behaviour}", behaviour, x, _TOXIC_LABELS[b], text, watch))
    out = pd.DataFrame.from_records(records, columns=COLUMNS)
    return out.astype(
        {"position_0_100": float, **{c: object for c in COLUMNS if c != "position_0_100"}}
    )


def toxic_hotspots(
    heatmap_rows: pd.DataFrame,
    threshold: float = HOTSPOT_BELOW,
    unfavourable_from: float = HOTSPOT_UNFAVOURABLE_FROM,
) -> pd.DataFrame:
    """Groups where a toxic behaviour is common, worst first.

    A row is a hotspot when its segment is shown (not suppressed, not "All") and its toxic
    dimension's ``score_0_100`` is below ``threshold`` or ``pct_unfavourable`` is at least
    ``unfavourable_from``. Sorted by score (lowest first), then unfavourable share (highest
    first), then segment and behaviour. Columns: segment, behaviour, score_0_100,
    pct_unfavourable; ``wave`` and ``demographic`` lead when the input has them, so groups of
    different demographics cannot be confused.

    Examples
    --------
    >>> rows = pd.DataFrame({"segment": ["Ops", "IT"], "dimension": "contempt",
    ...     "score_0_100": [42.0, 71.0], "pct_unfavourable": [35.0, 10.0],
    ...     "suppressed": False})
    >>> toxic_hotspots(rows).values.tolist()
    [['Ops', 'contempt', 42.0, 35.0]]
    """
    needed = ["segment", "dimension", "score_0_100", "pct_unfavourable", "suppressed"]
    require_columns(heatmap_rows, needed, "heatmap")
    lead = [c for c in ("wave", "demographic") if c in heatmap_rows.columns]
    rows = heatmap_rows[
        heatmap_rows["dimension"].isin(TOXIC)
        & (heatmap_rows["segment"].astype(str) != ALL)
        & ~heatmap_rows["suppressed"].fillna(True).astype(bool)
    ]
    score = pd.to_numeric(rows["score_0_100"], errors="coerce")
    unfavourable = pd.to_numeric(rows["pct_unfavourable"], errors="coerce")
    hot = (score < threshold).to_numpy() | (unfavourable >= unfavourable_from).to_numpy()
    out = pd.DataFrame({
        **{c: rows[c] for c in lead}, "segment": rows["segment"],
        "behaviour": rows["dimension"].astype(str), "score_0_100": score.astype(float),
        "pct_unfavourable": unfavourable.astype(float),
    })[hot]  # fmt: skip
    order = np.lexsort((
        out["behaviour"].to_numpy(), out["segment"].astype(str).to_numpy(),
        -out["pct_unfavourable"].fillna(-np.inf).to_numpy(),
        out["score_0_100"].fillna(np.inf).to_numpy(),
    ))  # fmt: skip
    return out.iloc[order].reset_index(drop=True)[[*lead, *HOTSPOT_COLUMNS]]
