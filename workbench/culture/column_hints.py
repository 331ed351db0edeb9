"""Likely items for survey columns that match nothing: a ready-to-paste ``[culture.columns]``.

A survey built with an instrument's published statements words them differently from the
shipped instrument files (which paraphrase them). :func:`likely_targets` scores every
unmatched column against every item, demographic and comment column still without a column:
the wording's similarity (rapidfuzz), and for the shipped items the key ideas of the
statement (:data:`CUES`, a few words each: "mistake" and "held against" for PS1), so a
published wording finds its item. Each column then gets the best item no other column takes
(an optimal one-to-one assignment). :func:`suggestion_block` writes the lines a consultant
confirms and pastes. Nothing here reads files; nothing is mapped without the consultant.

Examples
--------
>>> cue_score("If you make a mistake on this team, it is often held against you.", "PS1")
1.0
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, utils

from workbench.core.errors import Problem
from workbench.culture.item_matching import unmatched_warning
from workbench.culture.surveys import RawSurvey, SurveyColumn

# Shipped item id -> the statement's key ideas: each idea is a tuple of alternative words
# (matched at the start of a word, so "punish" finds "punished"). A wording that carries
# every idea of an item very likely asks that item's question, whoever wrote it.
CUES: dict[str, tuple[tuple[str, ...], ...]] = {
    "WES1": (("information", "informed"), ("sought", "seek", "look for", "pass", "share")),
    "WES2": (("messenger", "bad news", "report"), ("punish", "penalis", "penaliz", "blame")),
    "WES3": (("responsib",), ("shared", "together")),
    "WES4": (
        ("cross functional", "crossfunctional", "across team", "boundar", "bridging"),
        ("encourag", "reward"),
    ),
    "WES5": (("failure", "fails", "failed"), ("inquiry", "enquiry", "investigat", "improve")),
    "WES6": (("new ideas", "fresh ideas", "novelty"), ("welcom", "taken up", "interest")),
    "PS1": (("mistake",), ("held against", "used against", "against you")),
    "PS2": (("problems", "tough issues", "difficult issues", "hard issues"), ("bring up", "raise")),
    "PS3": (("reject", "pushed aside", "excluded"), ("different",)),
    "PS4": (("risk",), ("safe", "without worrying", "sensible")),
    "PS5": (("help",), ("difficult", "hard"), ("ask",)),
    "PS6": (("undermin",), ("deliberately", "on purpose", "no one", "nobody")),
    "PS7": (("skills", "talents"), ("valued", "utili", "use", "recognis", "recogniz")),
    "ENPS": (("recommend",), ("place to work", "employer")),
}
LIKELY = 0.5  # below this a column gets no suggestion, only its line to fill in
_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Target:
    """Something a column may hold: an item (with its wording) or a demographic/comment."""

    name: str  # the item id, demographic or comment column name written in the block
    text: str  # the item's wording, or the name in words
    kind: str  # "item" | "demographic" | "comment"


def _plain(text: str) -> str:
    return " " + " ".join(_WORD.sub(" ", text.lower()).split()) + " "


def cue_score(text: str, item_id: str) -> float:
    """Share of the item's key ideas found in ``text`` (0 when the item has no cues).

    Examples
    --------
    >>> cue_score("On my team, responsibilities are shared.", "WES3")
    1.0
    >>> cue_score("On my team, responsibilities are shared.", "PS4")
    0.0
    """
    ideas = CUES.get(item_id, ())
    if not ideas:
        return 0.0
    plain = _plain(text)
    found = sum(any(f" {word}" in plain for word in words) for words in ideas)
    return found / len(ideas)


def score(text: str, target: Target) -> float:
    """How likely a column worded ``text`` holds ``target``, from 0 to 1."""
    if target.kind != "item":
        # A demographic or comment column is named by its idea: "Which team are you in?".
        words = _plain(target.text).split()
        if words and all(f" {w}" in _plain(text) for w in words):
            return 0.9
        return 0.6 * fuzz.partial_ratio(text, target.text, processor=utils.default_process) / 100
    similar = fuzz.token_set_ratio(text, target.text, processor=utils.default_process) / 100
    if target.name not in CUES:
        return similar
    return 0.75 * cue_score(text, target.name) + 0.25 * similar


def likely_targets(
    columns: list[SurveyColumn], targets: list[Target]
) -> dict[str, tuple[Target, float]]:
    """Column key -> (most likely target, score), one column per target, score >= LIKELY.

    Examples
    --------
    >>> cols = [SurveyColumn("Q1", "It is safe to take a risk on this team.", "", "A")]
    >>> found = likely_targets(cols, [Target("PS4", "I can take a risk.", "item")])
    >>> found["Q1"][0].name, found["Q1"][1] > 0.8
    ('PS4', True)
    """
    if not columns or not targets:
        return {}
    scores = np.array([[score(_wording(c), t) for t in targets] for c in columns])
    from scipy.optimize import linear_sum_assignment  # loaded only when hints are asked for

    rows, cols = linear_sum_assignment(-scores)
    return {
        columns[r].key: (targets[c], round(float(scores[r, c]), 2))
        for r, c in zip(rows, cols, strict=True)
        if scores[r, c] >= LIKELY
    }


def _wording(col: SurveyColumn) -> str:
    return col.text or col.question or col.key


def block_key(raw: RawSurvey, col: SurveyColumn) -> str:
    """What the block names a column by: its code in coded exports, else its wording."""
    coded = raw.format.startswith("qualtrics") and col.key != col.text
    if coded:
        return col.key
    same = [c for c in raw.columns if c.text.casefold() == col.text.casefold()]
    return col.text if col.text and len(same) == 1 else col.key


def suggestion_block(raw: RawSurvey, unmatched: list[str], targets: list[Target]) -> str:
    """The ``[culture.columns]`` lines for the ``unmatched`` columns of ``raw``.

    Examples
    --------
    >>> import pandas as pd
    >>> col = SurveyColumn("Q1_1", "It is safe to take a risk on this team.", "", "A")
    >>> raw = RawSurvey("s.csv", "qualtrics", pd.DataFrame(), [col], None)
    >>> print(suggestion_block(raw, ["Q1_1"], [Target("PS4", "I can take a risk.", "item")]))
    [culture.columns]
    "Q1_1" = "PS4"   # "It is safe to take a risk on this team." (likely: 0.95)
    """
    by_key = {c.key: c for c in raw.columns}
    columns = [by_key[k] for k in unmatched if k in by_key]
    found = likely_targets(columns, targets)
    taken = {target for target, _ in found.values()}
    comments = [t.name for t in targets if t.kind == "comment" and t not in taken]
    also = f", a comment column such as '{comments[0]}'" if comments else ""
    lines = ["[culture.columns]"]
    for col in columns:
        key = block_key(raw, col)
        shown = " ".join(_wording(col).split())
        about = f"{json.dumps(shown, ensure_ascii=False)} " if key != col.text else ""
        if col.key in found:
            target, likely = found[col.key]
            lines.append(
                f"{json.dumps(key, ensure_ascii=False)} = {json.dumps(target.name)}"
                f"   # {about}(likely: {likely:.2f})"
            )
        else:
            lines.append(
                f'# {json.dumps(key, ensure_ascii=False)} = ""   # {about}(no likely item: '
                f"fill in an item id{also}, or leave it out if the column is not needed)"
            )
    return "\n".join(lines)


def unmatched_problems(
    raw: RawSurvey, unmatched: list[str], wanting: list[Target]
) -> list[Problem]:
    """One warning for the columns that match nothing: with the block when something lacks one.

    ``wanting`` are the items, demographics and comment columns still without a column.
    """
    if not unmatched:
        return []
    if not any(t.kind in ("item", "demographic") for t in wanting):
        return unmatched_warning(raw.file, unmatched)
    block = suggestion_block(raw, unmatched, wanting)
    return [Problem(
        raw.file, f"{len(unmatched)} column(s) match no item, demographic or comment column "
        f"while {sum(t.kind == 'item' for t in wanting)} item(s) and "
        f"{sum(t.kind == 'demographic' for t in wanting)} demographic(s) have no column. The "
        "most likely match of each column is suggested below.",
        "check each suggested line (the survey's question is in its comment), correct or "
        "remove the doubtful ones, then paste the block into engagement.toml:\n" + block,
        severity="warning",
    )]  # fmt: skip
