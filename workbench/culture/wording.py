"""The words clients read in the culture analysis: column headers, formats and explanations.

One place for every label of the culture tables, so the app and the results workbook name a
column the same way:

- :data:`COLUMN_LABELS`: column of an analysis table -> the header a client reads. It covers
  the columns of the summary, the change between waves, the drivers, the culture-type
  profiles, the scales and the hotspots, so ``frame.rename(columns=COLUMN_LABELS)`` gives
  any of those tables human headers. No two columns of one table share a header.
- :data:`FORMATS`: column -> how its numbers are shown (a kind of
  :func:`workbench.present.tables.format_value`).
- :data:`GLOSSARY`: header -> a plain-language explanation, shown as the header's tooltip.

The names of the practice's scales, their two ends, the culture types and the segmentations
live here too.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame(columns=["segment", "score_0_100", "p_value"])
>>> list(frame.rename(columns=COLUMN_LABELS).columns)
['Group', 'Score (0 to 100)', 'p value']
>>> FORMATS["p_value"], "Cronbach's alpha" in GLOSSARY
('p', True)
"""

from __future__ import annotations

from workbench.core.labels import ALL

COLUMN_LABELS: dict[str, str] = {
    # the summary: wave x segmentation x group x dimension
    "wave": "Survey",
    "demographic": "Grouped by",
    "segment": "Group",
    "dimension": "Dimension",
    "instrument": "Questionnaire",
    "n": "Answers",
    "mean": "Average answer",
    "score_0_100": "Score (0 to 100)",
    "pct_favourable": "Favourable",
    "pct_neutral": "Neutral",
    "pct_unfavourable": "Unfavourable",
    "alpha": "Cronbach's alpha",
    "suppressed": "Hidden (small group)",
    # the change between the last two waves
    "before": "Earlier survey",
    "after": "Later survey",
    "n_before": "Answers before",
    "n_after": "Answers after",
    "mean_before": "Average before",
    "mean_after": "Average after",
    "change": "Change in average",
    "score_before": "Before",
    "score_after": "After",
    "change_points": "Change",
    "p_value": "p value",
    "effect_size": "Effect size",
    "significant": "Significant",
    # the drivers of the outcome
    "r": "Correlation",
    "beta": "Weight",
    "rank": "Rank",
    # the culture-type profile (now and preferred)
    "type": "Culture type",
    "now": "Now",
    "preferred": "Preferred",
    "gap": "Gap",
    # the practice's scales and the toxic-behaviour hotspots
    "scale": "Scale",
    "position_0_100": "Position (0 to 100)",
    "label": "Where it sits",
    "explanation": "What it means",
    "watch": "Group to watch",
    "behaviour": "Behaviour",
    # the reliability table: the latest wave's alpha read against 0.7
    "consistent": "Consistent",
}

FORMATS: dict[str, str] = {
    "wave": "text",
    "demographic": "text",
    "segment": "text",
    "dimension": "text",
    "instrument": "text",
    "n": "int",
    "mean": "2dp",
    "score_0_100": "1dp",
    "pct_favourable": "percent",
    "pct_neutral": "percent",
    "pct_unfavourable": "percent",
    "alpha": "2dp",
    "suppressed": "yes/no",
    "before": "text",
    "after": "text",
    "n_before": "int",
    "n_after": "int",
    "mean_before": "2dp",
    "mean_after": "2dp",
    "change": "2dp",
    "score_before": "1dp",
    "score_after": "1dp",
    "change_points": "signed",
    "p_value": "p",
    "effect_size": "2dp",
    "significant": "yes/no",
    "r": "2dp",
    "beta": "2dp",
    "rank": "int",
    "type": "text",
    "now": "1dp",
    "preferred": "1dp",
    "gap": "signed",
    "scale": "text",
    "position_0_100": "1dp",
    "label": "text",
    "explanation": "text",
    "watch": "text",
    "behaviour": "text",
    "consistent": "yes/no",
}

GLOSSARY: dict[str, str] = {
    "Answers": "How many people answered at least one question of this dimension.",
    "Average answer": "The mean answer on the questionnaire's own scale, for example 1 to 5.",
    "Score (0 to 100)": (
        "The average answer turned into a score from 0 to 100. Higher is healthier; for the "
        "toxic behaviours a high score means the behaviour is rare."
    ),
    "Favourable": (
        "Share of answers on the positive side of the scale (for eNPS: 9 or 10 out of 10)."
    ),
    "Neutral": "Share of answers in the middle of the scale (for eNPS: 7 or 8).",
    "Unfavourable": "Share of answers on the negative side of the scale (for eNPS: 0 to 6).",
    "Cronbach's alpha": (
        "How consistently the questions of one dimension measure the same thing, from 0 to 1. "
        "0.7 or more is dependable; below that, read the dimension with care."
    ),
    "Consistent": "✓ when Cronbach's alpha of the latest survey is 0.7 or more.",
    "Hidden (small group)": (
        "✓ when too few people answered to show the group without putting anonymity at risk."
    ),
    "Before": "The score from 0 to 100 in the earlier survey.",
    "After": "The score from 0 to 100 in the later survey.",
    "Change": "The later score minus the earlier one, in points out of 100; plus is better.",
    "Change in average": "The later average answer minus the earlier one.",
    "p value": (
        "How likely a difference at least this large would be if nothing had really changed. "
        "Below 0.05 counts as significant."
    ),
    "Effect size": (
        "How large the change is compared with how much answers vary (Hedges' g): about 0.2 is "
        "small, 0.5 medium and 0.8 large."
    ),
    "Significant": "✓ when the change is unlikely to be chance (p value below 0.05).",
    "Correlation": (
        "How closely the dimension and the outcome rise and fall together, from -1 to 1 "
        "(Pearson's r)."
    ),
    "Weight": (
        "What the dimension adds to the outcome once all other dimensions are taken into "
        "account (standardised regression weight, beta). Larger means more influence."
    ),
    "Gap": "Preferred minus now: plus means people want more of this culture type.",
    "Position (0 to 100)": "Where the organization sits between the two ends of the scale.",
    "Group to watch": "The group furthest below the whole organization, if any is clearly lower.",
}

# The practice's scales (the `scale` column of the placement): name and the two ends.
SCALE_NAMES: dict[str, str] = {
    "exchange_communal": "Exchange or communal relationships",
    "cooperation_collaboration": "Cooperation or collaboration",
    "psychological_safety": "Psychological safety",
    "westrum": "Westrum culture type",
    "toxic_criticism": "Criticism",
    "toxic_defensiveness": "Defensiveness",
    "toxic_contempt": "Contempt",
    "toxic_obstruction": "Obstruction",
}
SCALE_ENDS: dict[str, tuple[str, str]] = {
    "exchange_communal": ("exchange", "communal"),
    "cooperation_collaboration": ("cooperation", "collaboration"),
    "psychological_safety": ("unsafe", "safe"),
    "westrum": ("pathological", "generative"),
}
TOXIC_ENDS = ("frequent", "rare")  # the toxic behaviours: a high score means rare

CULTURE_TYPES: dict[str, str] = {
    "clan": "Clan (collaborate)",
    "adhocracy": "Adhocracy (create)",
    "market": "Market (compete)",
    "hierarchy": "Hierarchy (control)",
}

WHOLE_ORGANIZATION = "Whole organization"


def human(key: object) -> str:
    """A settings key or code as words: ``business_unit`` reads "Business unit".

    Examples
    --------
    >>> human("business_unit"), human("tenure"), human("All")
    ('Business unit', 'Tenure', 'Whole organization')
    """
    text = str(key)
    if text == ALL:
        return WHOLE_ORGANIZATION
    text = text.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def scale_name(scale: str) -> str:
    """The title of one of the practice's scales.

    Examples
    --------
    >>> scale_name("exchange_communal"), scale_name("new_scale")
    ('Exchange or communal relationships', 'New scale')
    """
    return SCALE_NAMES.get(scale) or human(scale)


def scale_ends(scale: str) -> tuple[str, str]:
    """The words at the low and the high end of a scale.

    Examples
    --------
    >>> scale_ends("westrum"), scale_ends("toxic_contempt")
    (('pathological', 'generative'), ('frequent', 'rare'))
    """
    return SCALE_ENDS.get(scale, TOXIC_ENDS)
