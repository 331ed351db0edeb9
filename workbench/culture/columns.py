"""``[culture.columns]``: the consultant says which survey column holds which item.

A key names a column by its code (Qualtrics ``Q1_1`` or ImportId ``QID12_1``), its full
header, or its statement ("Question - Statement", "Question [Statement]"); the value is an
item id of an instrument in use, a demographic of ``[culture] demographics`` or a comment
column of ``[culture] comment_columns``. A mapping wins over automatic matching.

:func:`check_targets` checks the values once for the engagement; :func:`locate` finds each
key's column in one wave's export. Problems name engagement.toml and the field
``culture.columns."<key>"``. Nothing here reads files.

Examples
--------
>>> import pandas as pd
>>> from workbench.culture.surveys import RawSurvey, SurveyColumn
>>> col = SurveyColumn("Q1_1", "Information is sought.", "On my team - Information is sought.",
...                    "R", "QID1_1")
>>> raw = RawSurvey("s.csv", "qualtrics", pd.DataFrame(), [col], None)
>>> locate(raw, {"qid1_1": ("WES1", "item")}).items
{'WES1': 'Q1_1'}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from workbench.core.errors import Problem
from workbench.core.paths import ENGAGEMENT_FILE
from workbench.culture.instruments import Instrument
from workbench.culture.item_matching import normalise_answer, words
from workbench.culture.surveys import RawSurvey, SurveyColumn

EXAMPLE = '"Q1_1" = "WES1"'


def field_of(key: str) -> str:
    """The field a problem names: ``culture.columns."Q1_1"``."""
    return f"culture.columns.{json.dumps(key, ensure_ascii=False)}"


def _closest(name: str, choices: list[str], limit: int = 3) -> list[str]:
    found = process.extract(
        name, list(dict.fromkeys(choices)), scorer=fuzz.WRatio, processor=utils.default_process,
        limit=limit, score_cutoff=50,
    )  # fmt: skip
    return [choice for choice, _, _ in found]


def check_targets(
    column_map: dict[str, str],
    instruments: dict[str, Instrument],
    demographics: list[str],
    comment_columns: list[str],
) -> tuple[dict[str, tuple[str, str]], list[Problem]]:
    """Key -> (target as spelt in its list, "item" | "demographic" | "comment"), and problems.

    A target is matched ignoring case. A target that is neither an item id nor a
    demographic or comment column is an error suggesting the closest name.

    Examples
    --------
    >>> check_targets({"Q1": "team", "Q2": "tema"}, {}, ["team"], [])[0]
    {'Q1': ('team', 'demographic')}
    """
    known: dict[str, tuple[str, str]] = {}
    for name in comment_columns:
        known[name.casefold()] = (name, "comment")
    for name in demographics:
        known[name.casefold()] = (name, "demographic")
    for ins in instruments.values():
        for item in ins.items:
            known[item.id.casefold()] = (item.id, "item")
    targets, problems = {}, []
    for key, target in column_map.items():
        hit = known.get(str(target).strip().casefold())
        if hit is not None:
            targets[key] = hit
            continue
        close = _closest(str(target), [name for name, _ in known.values()], 1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        problems.append(Problem(
            ENGAGEMENT_FILE,
            f"'{target}' is neither an item of the instruments in use "
            f"({', '.join(instruments) or 'none'}) nor a demographic or comment column of "
            f"[culture].{hint}",
            f"Write an item id (such as {_an_item(instruments)}), a name from [culture] "
            "demographics or comment_columns, or remove the line.",
            field=field_of(key),
        ))  # fmt: skip
    return targets, problems


def _an_item(instruments: dict[str, Instrument]) -> str:
    ids = [item.id for ins in instruments.values() for item in ins.items]
    return f"'{ids[0]}'" if ids else "'WES1'"


def names_of(col: SurveyColumn) -> list[str]:
    """Every name a key may give a column: code, ImportId, header, statement."""
    names = [col.key, col.text, col.question, col.import_id]
    if " | " in col.key and col.question and col.text:  # SurveyMonkey: question, then row 2
        names += [f"{col.question} - {col.text}", f"{col.question} [{col.text}]"]
    return [n for n in dict.fromkeys(names) if n and n.strip()]


@dataclass
class Mapped:
    """Where one export holds the mapped targets, by kind: target -> column key."""

    items: dict[str, str] = field(default_factory=dict)
    demographics: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)  # key -> target, not in the export
    problems: list[Problem] = field(default_factory=list)

    def columns(self) -> set[str]:
        return {*self.items.values(), *self.demographics.values(), *self.comments.values()}


def _find(raw: RawSurvey, key: str) -> list[SurveyColumn]:
    """The columns ``key`` names: exact (any case, spacing, quotes), else ignoring punctuation."""
    for fold in (normalise_answer, words):
        wanted = fold(key)
        hits = [c for c in raw.columns if wanted in {fold(n) for n in names_of(c)}]
        if hits:
            return hits
    return []


def locate(raw: RawSurvey, targets: dict[str, tuple[str, str]]) -> Mapped:
    """Find each mapped key's column in one export (see :func:`check_targets` for targets).

    A key naming several columns, and two columns mapped to one target, are errors; keys
    not in the export are listed in ``missing`` (the caller decides: a wave that holds the
    target under another name needs no key).
    """
    mapped = Mapped()
    owner: dict[str, tuple[str, str]] = {}  # column key -> (map key, target)
    first_key: dict[str, str] = {}  # target -> map key
    for key, (target, kind) in targets.items():
        hits = _find(raw, key)
        if not hits:
            mapped.missing[key] = target
            continue
        if len(hits) > 1:
            shown = ", ".join(f"{c.key} ({c.letter})" for c in hits)
            mapped.problems.append(Problem(
                ENGAGEMENT_FILE, f"The key {json.dumps(key)} names {len(hits)} columns of "
                f"{raw.file}: {shown}.", "Name the column by its code or its full header "
                "instead, so the key names exactly one column.", field=field_of(key),
            ))  # fmt: skip
            continue
        col = hits[0]
        chosen = {"item": mapped.items, "demographic": mapped.demographics}.get(
            kind, mapped.comments
        )
        if target in chosen and chosen[target] != col.key:
            mapped.problems.append(Problem(
                ENGAGEMENT_FILE, f"Two columns of {raw.file} are mapped to '{target}': "
                f"{json.dumps(first_key[target])} and {json.dumps(key)}.", f"Keep one line for "
                f"'{target}': each {kind} takes one column.", field=field_of(key),
            ))  # fmt: skip
            continue
        if col.key in owner and owner[col.key][1] != target:
            other_key, other = owner[col.key]
            mapped.problems.append(Problem(
                ENGAGEMENT_FILE, f"Column {col.key} ({col.letter}) of {raw.file} is mapped twice: "
                f"to '{other}' by {json.dumps(other_key)} and to '{target}' by {json.dumps(key)}.",
                "Keep the line that says what the column holds, and remove the other.",
                field=field_of(key),
            ))  # fmt: skip
            continue
        owner[col.key] = (key, target)
        first_key.setdefault(target, key)
        chosen[target] = col.key
    return mapped


def missing_key_problems(raw: RawSurvey, missing: dict[str, str]) -> list[Problem]:
    """An error per mapped key whose column is not in ``raw`` (suggesting the closest headers)."""
    choices = [n for c in raw.columns for n in names_of(c)]
    problems = []
    for key, target in missing.items():
        close = _closest(key, choices)
        hint = (
            f" The closest headers in that file: {', '.join(json.dumps(c) for c in close)}."
            if close
            else ""
        )
        problems.append(Problem(
            ENGAGEMENT_FILE, f"The survey column {json.dumps(key)} (mapped to '{target}') is not "
            f"in {raw.file}, and no other column there holds '{target}'.{hint}",
            "Correct the key to the column's code, header or statement as the export writes "
            f"it, or remove the line if this wave did not ask for '{target}'.",
            field=field_of(key),
        ))  # fmt: skip
    return problems


def unused_keys(
    column_map: dict[str, str], exports: list[RawSurvey], reported: set[str] = frozenset()
) -> list[Problem]:
    """An error per ``[culture.columns]`` key that names no column of any wave's export.

    A key missing from one wave is fine when another wave has it (waves differ in layout);
    a key no wave has does nothing, which is almost always a typo. Keys whose field is in
    ``reported`` already have a problem of their own and are left out.
    """
    if not exports:
        return []
    problems = []
    for key, target in column_map.items():
        if field_of(key) in reported or any(_find(raw, key) for raw in exports):
            continue
        problems.append(Problem(
            ENGAGEMENT_FILE, f"The survey column {json.dumps(key)} (mapped to '{target}') is in "
            f"no wave's export, so this line has no effect.", "Correct the key to the column's "
            "code, header or statement as the export writes it, or remove the line.",
            field=field_of(key),
        ))  # fmt: skip
    return problems
