"""Check input tables held as DataFrames and collect every problem.

:func:`validate` checks one table against its pandera schema and casts it to typed
columns; :func:`check_references` and :func:`near_duplicate_names` look across tables
and rows. None of them reads files (that is :mod:`workbench.stakeholders.register`) or stops at the
first problem, so a consultant can fix a whole register in one pass. Each
:class:`~workbench.core.errors.Problem` names the file, the spreadsheet row (see
:func:`~workbench.core.text_table.spreadsheet_row`), the column, the bad value and what
to write instead; :func:`~workbench.core.errors.raise_for_errors` turns a list with errors
into an exception.

Examples
--------
>>> raw = pd.DataFrame({"rater": ["R1"], "stakeholder": ["S1"], "influence": ["4"],
...                     "interest": ["3"], "attitude": ["0"]})
>>> typed, problems = validate("ratings", raw, "inputs/ratings.csv")
>>> problems
[]
>>> typed["influence"].dtype
dtype('int64')
"""

from __future__ import annotations

import difflib

import pandas as pd
from pandera.errors import SchemaErrors

from workbench.core.errors import Problem
from workbench.core.text_table import as_text, spreadsheet_row
from workbench.core.vocabularies import DEFAULT, Vocabularies
from workbench.stakeholders.cell_cleaning import clean_cells, clean_headers
from workbench.stakeholders.name_matching import (
    LEGAL_SUFFIXES as LEGAL_SUFFIXES,
)
from workbench.stakeholders.name_matching import (
    NAME_SIMILARITY as NAME_SIMILARITY,
)
from workbench.stakeholders.name_matching import first_similar_earlier, normalise_name
from workbench.stakeholders.row_checks import repeated_ratings, repeated_ties
from workbench.stakeholders.schema_problems import match_headers, schema_problems
from workbench.stakeholders.schemas import TABLES, schemas_for, to_typed

# Checks across the rows of one table, run once every row is valid on its own.
_ROW_CHECKS = {"relationships": repeated_ties, "ratings": repeated_ratings}


def validate(
    table: str, raw: pd.DataFrame, file: str, vocabularies: Vocabularies = DEFAULT
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check a table read by :func:`workbench.core.tables.read_table` and cast it to typed columns.

    Runs the pandera schema with ``lazy=True`` and turns every failure into a
    :class:`~workbench.core.errors.Problem` with file, spreadsheet row, column, the bad
    value and a fix. Headers that differ only in case are accepted; unknown columns
    are kept and reported as warnings. Invisible characters and ids saved as decimals
    (``1.0``) are cleaned first, with a warning (:mod:`~workbench.stakeholders.cell_cleaning`);
    rows that repeat or contradict each other are reported once every row is valid
    (:mod:`~workbench.stakeholders.row_checks`).

    Parameters
    ----------
    table
        ``"stakeholders"``, ``"relationships"`` or ``"ratings"``.
    raw
        Text table, e.g. from :func:`workbench.core.tables.read_table` (not modified).
    file
        How problems name the file, e.g. ``"inputs/stakeholders.csv"``.
    vocabularies
        The stakeholder and relationship kinds the engagement accepts
        (``Engagement.vocabularies``; the built-in lists by default).

    Returns
    -------
    (DataFrame, list of Problem)
        The typed table (int64, bool, str columns; known columns first) when there are
        no errors, otherwise the text table as cleaned and with its headers matched (``raw``
        itself is never changed); plus all problems, warnings included.

    Examples
    --------
    >>> raw = pd.DataFrame({"rater": ["R1"], "stakeholder": ["S1"], "influence": ["high"],
    ...                     "interest": ["3"], "attitude": ["0"]})
    >>> _, problems = validate("ratings", raw, "inputs/ratings.csv")
    >>> problems[0].location()
    "inputs/ratings.csv, row 2, column 'influence'"
    >>> problems[0].message, problems[0].fix
    ("'high' is not a whole number.", 'Use a whole number from 1 to 5.')
    """
    if table not in TABLES:
        raise ValueError(f"unknown table '{table}'; use one of: {', '.join(TABLES)}")
    frame, problems = clean_headers(as_text(raw), file)
    frame, header_problems, typos = match_headers(frame, table, file)
    frame, cleaned = clean_cells(frame, table, file)
    problems += header_problems + cleaned
    try:
        validated = schemas_for(vocabularies)[table].validate(frame, lazy=True)
    except SchemaErrors as exc:
        problems += schema_problems(exc, frame, table, file, typos, vocabularies)
        return frame, _sorted(problems, table)
    typed = to_typed(validated, table)
    found = _ROW_CHECKS[table](typed, file) if table in _ROW_CHECKS else []
    problems = _sorted(problems + found, table)
    if any(p.severity == "error" for p in found):
        return frame, problems
    return typed, problems


def _sorted(problems: list[Problem], table: str) -> list[Problem]:
    order = {name: i for i, name in enumerate(TABLES[table].column_names)}
    return sorted(
        problems,
        key=lambda p: (
            p.row is not None,
            p.row or 0,
            order.get(p.column or "", len(order)),
            p.message,
        ),
    )


# ------------------------------------------------------------------ cross-table checks


def _id_hint(value: str, ids: list[str], names: dict[str, str]) -> str:
    same_case = [i for i in ids if i.lower() == value.lower()]
    if same_case:
        return f" Did you mean '{same_case[0]}'? Ids are case-sensitive."
    if value.lower() in names:
        found = names[value.lower()]
        return f" '{value}' is the name of stakeholder '{found}': use the id '{found}'."
    guess = difflib.get_close_matches(value, ids, 1, 0.6)
    return f" Did you mean '{guess[0]}'?" if guess else ""


def check_references(
    stakeholders: pd.DataFrame | None,
    relationships: pd.DataFrame | None,
    ratings: pd.DataFrame | None,
    files: dict[str, str],
) -> list[Problem]:
    """Find references to stakeholder ids that do not exist, and self-relationships.

    Checks relationship ``source``/``target`` and rating ``stakeholder`` against the
    register's ``id`` column. Works on typed or raw (text) tables; blanks are skipped
    because :func:`validate` reports them.

    Parameters
    ----------
    stakeholders, relationships, ratings
        The tables; ``None`` or an empty frame skips that table (an empty register
        skips the whole check).
    files
        How problems name each table's file, keyed by table name.

    Examples
    --------
    >>> people = pd.DataFrame({"id": ["S1", "S2"], "name": ["Ann", "Bob"]})
    >>> ties = pd.DataFrame({"source": ["S1"], "target": ["S3"]})
    >>> [p.message for p in check_references(people, ties, None, {})]
    ["target 'S3' is not the id of any stakeholder in stakeholders."]
    """
    if stakeholders is None or stakeholders.empty or "id" not in stakeholders.columns:
        return []  # no register to check against: its own problem says why
    ids = sorted({str(v).strip() for v in stakeholders["id"] if str(v).strip()})
    known = set(ids)
    names: dict[str, str] = {}
    if "name" in stakeholders.columns:
        for sid, name in zip(stakeholders["id"], stakeholders["name"], strict=True):
            names.setdefault(str(name).strip().lower(), str(sid).strip())
    register = files.get("stakeholders", "stakeholders")
    problems: list[Problem] = []
    for table, frame, columns in (
        ("relationships", relationships, ("source", "target")),
        ("ratings", ratings, ("stakeholder",)),
    ):
        if frame is None or frame.empty:
            continue
        file = files.get(table, table)
        for column in columns:
            if column not in frame.columns:
                continue
            for index, value in frame[column].items():
                text = "" if pd.isna(value) else str(value).strip()
                if text and text not in known:
                    problems.append(
                        Problem(
                            file,
                            f"{column} '{text}' is not the id of any stakeholder in {register}.",
                            f"Add the stakeholder to {register} or correct the id."
                            + _id_hint(text, ids, names),
                            spreadsheet_row(index),
                            column,
                        )
                    )
        if table == "relationships" and {"source", "target"} <= set(frame.columns):
            for index, source, target in zip(
                frame.index, frame["source"], frame["target"], strict=True
            ):
                if str(source).strip() and str(source).strip() == str(target).strip():
                    problems.append(
                        Problem(
                            file,
                            f"The relationship goes from '{source}' to itself.",
                            "Correct the source or the target, or delete the row: a stakeholder "
                            "cannot have a relationship with itself.",
                            spreadsheet_row(index),
                            "target",
                        )
                    )
    return sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or ""))


def near_duplicate_names(stakeholders: pd.DataFrame, file: str) -> list[Problem]:
    """Warn about stakeholders whose names look like the same person or organisation.

    Two names match when :func:`normalise_name` makes them equal ("ACME Ltd" and
    "Acme Ltd.") or their normalised forms are at least 92% similar. Each later row is
    reported once, against the first earlier row it matches.

    Examples
    --------
    >>> register = pd.DataFrame({"name": ["ACME Ltd", "Beta", "Acme Ltd."]})
    >>> [p.row for p in near_duplicate_names(register, "inputs/stakeholders.csv")]
    [4]
    """
    if "name" not in stakeholders.columns:
        return []
    rows: list[tuple[object, str, str]] = []  # (index, name, normalised name)
    for index, value in stakeholders["name"].items():
        name = "" if pd.isna(value) else str(value).strip()
        if key := normalise_name(name):
            rows.append((index, name, key))
    first: dict[str, tuple[object, str]] = {}  # normalised name -> its first (index, name)
    for index, name, key in rows:
        first.setdefault(key, (index, name))
    keys = list(first)
    similar = dict(zip(keys, first_similar_earlier(keys), strict=True))
    problems: list[Problem] = []
    for index, name, key in rows:
        if first[key][0] != index:
            match = first[key]
        elif similar[key] is not None:
            match = first[keys[similar[key]]]
        else:
            continue
        problems.append(
            Problem(
                file,
                f"'{name}' (row {spreadsheet_row(index)}) and '{match[1]}' "
                f"(row {spreadsheet_row(match[0])}) look "
                "like the same stakeholder.",
                "Merge the two rows if they are the same stakeholder, or rename one so the "
                "two are easy to tell apart.",
                spreadsheet_row(index),
                "name",
                severity="warning",
            )
        )
    return problems
