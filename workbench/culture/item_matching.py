"""Which survey column holds which instrument item: matching by id or by wording.

A column matches an item when its header is the item's id (``PS3``) or its wording, also as
the statement part of "Question - Statement" or "Question [Row]"; answers and wordings are
compared after folding case, typographic quotes and dashes. Columns the consultant mapped in
``[culture.columns]`` (:mod:`workbench.culture.columns`) are taken as given. Nothing here
reads files.
"""

from __future__ import annotations

import re
import unicodedata

from workbench.core.errors import Problem
from workbench.culture.instruments import Instrument
from workbench.culture.surveys import RawSurvey

_TRANSLATE = str.maketrans(
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u2013\u2014\u2212", "''''\"\"\"---"
)
_PUNCT = re.compile(r"[^\w\s]")


def normalise_answer(text: object) -> str:
    """Case-, spacing- and quote-insensitive form of an answer or a column name."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_TRANSLATE)
    return " ".join(text.lower().split())


def words(text: str) -> str:
    """Question wording without case, punctuation, quotes or extra spaces.

    Examples
    --------
    >>> words("On my team, information is “actively” sought.")
    'on my team information is actively sought'
    """
    return " ".join(_PUNCT.sub("", normalise_answer(text)).split())


def _statement(text: str) -> str:
    """The statement of a matrix column: "Question - Statement" or "Question [Statement]"."""
    text = text.strip()
    bracket = re.search(r"\[([^\[\]]+)\]$", text)
    if bracket:
        return bracket.group(1)
    _, sep, tail = text.rpartition(" - ")
    return tail if sep else ""


def match_items(
    raw: RawSurvey,
    instruments: dict[str, Instrument],
    skip: set[str],
    fixed: dict[str, str] | None = None,
) -> tuple[dict[str, str], list[str], list[Problem]]:
    """Item id -> column key, unmatched keys, and an error per missing item.

    ``fixed`` (item id -> column key, from ``[culture.columns]``) wins: those items and
    columns are not matched again.
    """
    fixed = dict(fixed or {})
    columns = [c for c in raw.columns if c.key not in skip and c.key not in fixed.values()]
    lookups: list[dict[str, list[str]]] = [{}, {}, {}]  # by key, by text, by statement
    for col in columns:
        lookups[0].setdefault(col.key.strip().lower(), []).append(col.key)
        for text in dict.fromkeys((col.text, col.question)):
            for lookup, folded in (
                (lookups[1], words(text)),
                (lookups[2], words(_statement(text))),
            ):
                if folded:
                    lookup.setdefault(folded, []).append(col.key)
    items = [(ins, item) for ins in instruments.values() for item in ins.items]
    found: dict[str, str] = dict(fixed)
    used: set[str] = set(fixed.values())
    for number, lookup in enumerate(lookups):
        for _, item in items:
            wanted = item.id.lower() if number == 0 else words(item.text)
            free = [k for k in lookup.get(wanted, []) if k not in used] if wanted else []
            if item.id not in found and free:
                found[item.id] = free[0]
                used.add(free[0])
    problems = []
    for ins in instruments.values():
        missing = [item for item in ins.items if item.id not in found]
        drop = (
            "or map the column that holds it under [culture.columns] in engagement.toml, "
            f"or remove '{ins.id}' from [culture] instruments there."
        )
        if missing and len(missing) == len(ins.items):
            ids = ", ".join(item.id for item in missing[:6]) + (", ..." if len(missing) > 6 else "")
            message = f"The survey has no column for any item of {ins.id} ({ins.name}): {ids}."
            fix = f"add its questions to the export (named by item id or with the wording), {drop}"
            problems.append(Problem(raw.file, message, fix))
            continue
        for item in missing:
            text = f" '{item.text}'" if item.text else ""
            message = f"The survey has no column for item {item.id}{text} of {ins.id}."
            fix = f"add the column (named {item.id} or with the item's wording), {drop}"
            problems.append(Problem(raw.file, message, fix))
    problems += _overruled(lookups, items, fixed, used, raw.file)
    ordered = {item.id: found[item.id] for _, item in items if item.id in found}
    unmatched = [c.key for c in columns if c.key not in used]
    return ordered, unmatched, problems


def _overruled(lookups, items, fixed: dict[str, str], used: set[str], file: str) -> list[Problem]:
    """An error per column that holds a mapped item by its own name or wording, while
    [culture.columns] gives that item another column: one of the two is a slip, and which
    answers count must not depend on it."""
    problems, said = [], set()
    for number, lookup in enumerate(lookups):
        for _, item in items:
            if item.id not in fixed:
                continue
            wanted = item.id.lower() if number == 0 else words(item.text)
            for key in lookup.get(wanted, []) if wanted else []:
                if key in used or key in said:
                    continue
                said.add(key)
                problems.append(Problem(
                    file, f"Column {key} holds item {item.id} by its name or wording, but "
                    f"[culture.columns] in engagement.toml puts column {fixed[item.id]} on "
                    f"{item.id}.", f"Correct that line so it names the item column "
                    f"{fixed[item.id]} really holds, or remove it to let {key} count.",
                ))  # fmt: skip
    return problems


def unmatched_warning(file: str, unmatched: list[str]) -> list[Problem]:
    if not unmatched:
        return []
    return [Problem(
        file, f"{len(unmatched)} column(s) match no item, demographic or comment column and are "
        f"ignored: {', '.join(unmatched)}.",
        "nothing, if they are not needed; otherwise map each column to what it holds under "
        "[culture.columns] in engagement.toml (e.g. \"Q1_1\" = \"WES1\"), or check [culture] "
        "demographics and comment_columns there.", severity="warning",
    )]  # fmt: skip


def match_columns(
    raw: RawSurvey, instruments: dict[str, Instrument]
) -> tuple[dict[str, str], list[str], list[Problem]]:
    """Find the survey column of every instrument item.

    A column matches an item by its key (= item id, any case), else by its wording
    (ignoring case, spaces and punctuation), else by the statement part of
    "Question - Statement" or "Question [Statement]". Returns item id -> column key in
    instrument order, the unmatched column keys (the respondent column excluded), and
    an error per missing item (one per instrument with no item at all) plus one warning
    listing the unmatched columns.

    Examples
    --------
    >>> import pandas as pd
    >>> from workbench.culture.instruments import Item
    >>> from workbench.culture.surveys import RawSurvey, SurveyColumn
    >>> item = Item("X1", "I am heard.", "d", False)
    >>> ins = Instrument("x", "X", "likert", 1, 5, "", "", "", {}, (item,))
    >>> cols = [SurveyColumn("Q1", "Team - i am HEARD", "", "A"), SurveyColumn("Q2", "", "", "B")]
    >>> raw = RawSurvey("s.csv", "plain", pd.DataFrame(columns=["Q1", "Q2"]), cols, None)
    >>> match_columns(raw, {"x": ins})[:2]
    ({'X1': 'Q1'}, ['Q2'])
    """
    found, unmatched, problems = match_items(raw, instruments, {raw.respondent} - {None})
    return found, unmatched, problems + unmatched_warning(raw.file, unmatched)
