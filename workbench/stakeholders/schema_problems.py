"""Word what is wrong with one table's headers and cells as problems a person can act on.

:func:`match_headers` compares a table's headers with its columns in
:data:`~workbench.stakeholders.schemas.TABLES`: case differences are accepted, unknown and repeated
columns become warnings. :func:`schema_problems` translates pandera's failure report into
one :class:`~workbench.core.errors.Problem` per bad cell, missing column or repeated id, with
the spreadsheet row, the column, the value as typed and what to write instead. A cell
that fails several checks (a failed cast also fails the dtype check) is reported once.
:func:`workbench.stakeholders.validation.validate` runs both.

Examples
--------
>>> frame = pd.DataFrame(columns=["Source", "target", "kind", "strength", "sentiment", "notes"])
>>> renamed, warnings, _ = match_headers(frame, "relationships", "inputs/relationships.csv")
>>> renamed.columns[0], warnings[0].message
('source', "Column 'notes' is not used; kept as-is.")
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

import pandas as pd
from pandera.errors import SchemaErrorReason, SchemaErrors

from workbench.core.errors import Problem
from workbench.core.text_table import spreadsheet_row
from workbench.core.vocabularies import DEFAULT, Vocabularies, normalise
from workbench.stakeholders.schemas import (
    TABLES,
    ColumnSpec,
    TableSpec,
    normalise_choice,
    tables_for,
)

# How an engagement adds its own words to a kind column (see core.vocabularies).
_ADD_KIND = {
    "relationship_kinds": "Or, if '{word}' is a kind of tie this engagement uses, add it to "
    "[vocabularies] relationship_kinds in engagement.toml, e.g. "
    'relationship_kinds = ["{word}"].',
    "stakeholder_kinds": "Or, if '{word}' is a kind of stakeholder this engagement uses, add "
    'it to [vocabularies] stakeholder_kinds in engagement.toml with "service" or '
    '"non-service": under [vocabularies.stakeholder_kinds] write "{word}" = "non-service" '
    '(or "service" if it is a service relationship).',
}


def match_headers(
    frame: pd.DataFrame, table: str, file: str
) -> tuple[pd.DataFrame, list[Problem], dict[str, str]]:
    """Accept headers that differ only in case; warn about unknown and repeated ones.

    Parameters
    ----------
    frame
        A text table with unique column names (repeats as ``name.1``).
    table
        ``"stakeholders"``, ``"relationships"`` or ``"ratings"``.
    file
        How problems name the file, e.g. ``"inputs/ratings.csv"``.

    Returns
    -------
    (DataFrame, list of Problem, dict)
        A copy with case-only differences renamed, the warnings, and {missing column:
        the unknown column that looks like a typo of it}.

    Examples
    --------
    >>> frame = pd.DataFrame(columns=["Rater", "stakeholder", "influnce"])
    >>> renamed, warnings, typos = match_headers(frame, "ratings", "inputs/ratings.csv")
    >>> list(renamed.columns), typos
    (['rater', 'stakeholder', 'influnce'], {'influence': 'influnce'})
    """
    known = TABLES[table].column_names
    renames = {
        c: c.lower()
        for c in frame.columns
        if c not in known and c.lower() in known and c.lower() not in frame.columns
    }
    frame = frame.rename(columns=renames)
    missing = [c for c in known if c not in frame.columns]
    problems, typos = [], {}
    for column in frame.columns:
        if column in known:
            continue
        base = re.sub(r"\.\d+$", "", column)
        if base in known and base != column:
            problems.append(
                Problem(
                    file,
                    f"Column '{base}' appears more than once; the extra copy is not used.",
                    f"Delete the extra '{base}' column or give it another name.",
                    column=column,
                    severity="warning",
                )
            )
            continue
        guess = difflib.get_close_matches(
            column.lower(), missing, 1, 0.75
        ) or difflib.get_close_matches(column.lower(), known, 1, 0.75)
        if guess:
            typos.setdefault(guess[0], column)
            message = f"Column '{column}' is not used; kept as-is. Did you mean '{guess[0]}'?"
            fix = f"Rename the column to '{guess[0]}' if that is what you meant."
        else:
            message = f"Column '{column}' is not used; kept as-is."
            fix = "Nothing to do, unless you expected the workbench to use it."
        problems.append(Problem(file, message, fix, column=column, severity="warning"))
    return frame, problems, typos


def schema_problems(
    exc: SchemaErrors,
    frame: pd.DataFrame,
    table: str,
    file: str,
    typos: dict[str, str],
    vocabularies: Vocabularies = DEFAULT,
) -> list[Problem]:
    """One problem per bad cell, missing column or repeated value in a pandera report.

    Parameters
    ----------
    exc
        What ``SCHEMAS[table].validate(frame, lazy=True)`` raised.
    frame
        The text table that was validated; problems quote its cells as typed.
    table
        ``"stakeholders"``, ``"relationships"`` or ``"ratings"``.
    file
        How problems name the file, e.g. ``"inputs/stakeholders.csv"``.
    typos
        {missing column: the unknown column that looks like a typo of it}; the fix for
        a missing column then suggests renaming that column.
    vocabularies
        The kinds the engagement accepts (``Engagement.vocabularies``); the fix for an
        unknown kind lists them and says how to add one.

    Examples
    --------
    >>> from workbench.stakeholders.schemas import SCHEMAS
    >>> frame = pd.DataFrame({"rater": ["R1"], "stakeholder": ["S1"], "influence": ["9"],
    ...                       "interest": ["3"], "attitude": ["0"]})
    >>> try:
    ...     SCHEMAS["ratings"].validate(frame, lazy=True)
    ... except SchemaErrors as exc:
    ...     problems = schema_problems(exc, frame, "ratings", "inputs/ratings.csv", {})
    >>> problems[0].row, problems[0].message
    (2, '9 is outside the range 1 to 5.')
    """
    spec = tables_for(vocabularies)[table]
    problems: list[Problem] = []
    coerced: set[str] = set()
    for error in exc.schema_errors:
        reason = error.reason_code
        column = getattr(error.schema, "name", None)
        if reason == SchemaErrorReason.COLUMN_NOT_IN_DATAFRAME:
            missing = str(error.failure_cases)
            problems.append(_missing_column(spec, missing, file, typos.get(missing)))
        elif column not in spec.column_names:  # not expected: report pandera's own words
            problems.append(
                Problem(
                    file, str(error), "Compare the table with the input template.", column=column
                )
            )
        elif reason == SchemaErrorReason.SERIES_CONTAINS_DUPLICATES:
            problems += _duplicates(error, column, table, file)
        elif reason == SchemaErrorReason.WRONG_DATATYPE and column in coerced:
            continue  # the coercion failure already named each bad value
        else:
            if reason == SchemaErrorReason.DATATYPE_COERCION:
                coerced.add(column)
            check = getattr(error.check, "name", None) or str(error.check)
            for index, value in _failures(error):
                if reason == SchemaErrorReason.DATATYPE_COERCION and pd.isna(value):
                    continue  # a blank cell: the not-nullable check reports it
                cell = frame.at[index, column] if index in frame.index else value
                message, fix = _cell_problem(reason, check, spec.column(column), cell)
                problems.append(Problem(file, message, fix, spreadsheet_row(index), column))
    return problems


def _failures(error) -> Iterable[tuple[object, object]]:
    cases = error.failure_cases
    if not isinstance(cases, pd.DataFrame):
        return []
    return zip(cases["index"], cases["failure_case"], strict=True)


def _cell_problem(reason, check: str, col: ColumnSpec, cell: str) -> tuple[str, str]:
    """Message and fix for one bad cell, by what pandera found wrong."""
    if reason == SchemaErrorReason.SERIES_CONTAINS_NULLS:
        return f"'{col.name}' is blank.", f"Fill in the cell: use {col.allowed}."
    if reason == SchemaErrorReason.DATATYPE_COERCION:
        return f"'{cell}' is not a whole number.", col.fix
    if check == "in_range":
        return f"{cell} is outside the range {col.low} to {col.high}.", col.fix
    if check == "allowed_values":
        fix = _choice_fix(col.choices, cell)
        if col.vocabulary:
            fix += " " + _ADD_KIND[col.vocabulary].format(word=normalise(str(cell)))
        return f"'{cell}' is not an allowed {col.name}.", fix
    if check == "boolean":
        return f"'{cell}' is not true or false.", col.fix
    return f"'{cell}' is not valid ({check}).", col.fix


def _missing_column(spec: TableSpec, column: str, file: str, typo: str | None) -> Problem:
    col = spec.column(column)
    fix = (
        f"Add a column headed '{column}' in row 1. It holds: {col.description} "
        f"Allowed: {col.allowed}."
    )
    if typo:
        fix = f"Rename column '{typo}' to '{column}'. Otherwise: " + fix
    return Problem(
        file,
        f"The required column '{column}' is missing. Expected columns: "
        f"{', '.join(spec.column_names)}.",
        fix,
        column=column,
    )


def _choice_fix(choices: tuple[str, ...], value: object) -> str:
    fix = "Use one of: " + ", ".join(choices) + "."
    guess = difflib.get_close_matches(normalise_choice(str(value)), choices, 1, 0.6)
    return f"Did you mean '{guess[0]}'? " + fix if guess else fix


def _duplicates(error, column: str, table: str, file: str) -> list[Problem]:
    rows: dict[str, list[int]] = {}
    for index, value in _failures(error):
        if not pd.isna(value) and spreadsheet_row(index) is not None:
            rows.setdefault(str(value), []).append(spreadsheet_row(index))
    what = "stakeholder" if table == "stakeholders" else "entry"
    problems = []
    for value, found in rows.items():
        found = sorted(set(found))
        listed = ", ".join(map(str, found[:-1])) + f" and {found[-1]}"
        problems.append(
            Problem(
                file,
                f"{column} '{value}' is used on rows {listed}; every {column} must be unique.",
                f"Give each {what} its own {column}, or merge the rows if they describe the same "
                f"{what}.",
                found[1],
                column,
            )
        )
    return problems
