"""Read the stakeholder register: its three tables from CSV files or one XLSX workbook.

:func:`load_tables` and :func:`load_snapshot` read every table of an engagement or of a
workshop snapshot (through :mod:`workbench.core.tables`) and check them with
:mod:`workbench.stakeholders.validation`, collecting every problem instead of stopping at
the first one. Problems name files relative to the engagement folder. Nothing here writes.

Examples
--------
>>> tables, problems = load_tables(Path("my-engagement/inputs"))  # doctest: +SKIP
>>> raise_for_errors(problems)  # doctest: +SKIP
>>> tables["stakeholders"].dtypes["influence"]  # doctest: +SKIP
dtype('int64')
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.core.errors import EngagementError, InputError, Problem, raise_for_errors
from workbench.core.tables import MB, read_table_noted, sheet_names
from workbench.core.vocabularies import DEFAULT, Vocabularies
from workbench.stakeholders import validation
from workbench.stakeholders.schemas import TABLES, empty_table

REGISTER = "register.xlsx"  # the workbook `workbench new` writes into inputs/
# The largest register file read. A register of 25,000 stakeholders with 50,000 ties is
# about 2 MB per CSV table and 3.4 MB as one workbook, read and validated in seconds as
# CSV (a workbook takes a minute: openpyxl parses cell by cell). 10 MB is some
# 100,000 stakeholders, beyond any relationship register; a bigger file (a wrong export,
# a pasted picture, 50 MB of copies) is refused at once with its size instead of keeping
# `workbench check` busy for many minutes.
MAX_REGISTER_BYTES = 10 * MB


def load_tables(
    inputs_dir: Path, fmt: str = "csv", *, vocabularies: Vocabularies = DEFAULT
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read, validate and cross-check all input tables, collecting every problem.

    Reads ``stakeholders``, ``relationships`` and the optional ``ratings`` from
    ``inputs/<table>.csv`` or, with ``fmt="xlsx"``, from the sheets of
    ``inputs/register.xlsx``. Nothing in ``inputs_dir`` is ever written.

    Parameters
    ----------
    inputs_dir
        The engagement's ``inputs`` folder.
    fmt
        ``"csv"`` or ``"xlsx"`` (``[inputs] format`` in engagement.toml).
    vocabularies
        The kinds the register may use (``Engagement.vocabularies``; built-in by default).

    Returns
    -------
    (dict of DataFrame, list of Problem)
        Tables by name; a table is typed only when it had no errors (otherwise it is
        the raw text, or an empty typed table if it could not be read). Call
        :func:`workbench.core.errors.raise_for_errors` before analysing them.

    Examples
    --------
    >>> tables, problems = load_tables(Path("engagement/inputs"))  # doctest: +SKIP
    >>> raise_for_errors(problems)  # doctest: +SKIP
    """
    if fmt not in ("csv", "xlsx"):
        raise EngagementError(
            f"engagement.toml: input format '{fmt}' is not supported. "
            'Fix: set format = "csv" or format = "xlsx" under [inputs].'
        )
    inputs_dir = Path(inputs_dir)
    folder = inputs_dir.name or "inputs"
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    files: dict[str, str] = {}
    sheets: list[str] | None = None
    unreadable: set[str] = set()
    if fmt == "xlsx":
        try:
            names = sheet_names(
                inputs_dir / REGISTER, f"{folder}/{REGISTER}", max_bytes=MAX_REGISTER_BYTES
            )
            sheets = [s.strip().lower() for s in names]
        except InputError as exc:
            problems += _with_csv_hint(exc.problems, inputs_dir, fmt)
    for table, spec in TABLES.items():
        if fmt == "csv":
            path, sheet, files[table] = inputs_dir / f"{table}.csv", None, f"{folder}/{table}.csv"
        else:
            path, sheet, files[table] = (
                inputs_dir / REGISTER,
                table,
                f"{folder}/{REGISTER} [{table}]",
            )
        tables[table] = empty_table(table)
        if sheets is None and fmt == "xlsx":
            continue  # the workbook itself is the problem, already reported once
        present = path.is_file() if fmt == "csv" else table in (sheets or [])
        if not present and not spec.required:
            continue
        try:
            raw, notes = read_table_noted(
                path,
                sheet,
                label=files[table],
                allow_empty=not spec.required,
                max_bytes=MAX_REGISTER_BYTES,
            )
        except InputError as exc:
            problems += _with_csv_hint(exc.problems, inputs_dir, fmt)
            unreadable.add(table)
            continue
        problems += notes  # rows hidden in Excel, which are analysed like the others
        if raw.columns.empty:  # an empty optional file
            continue
        tables[table], found = validation.validate(table, raw, files[table], vocabularies)
        problems += found
    if "stakeholders" not in unreadable:  # else every reference would look wrong
        problems += validation.check_references(
            tables["stakeholders"], tables["relationships"], tables["ratings"], files
        )
    problems += validation.near_duplicate_names(tables["stakeholders"], files["stakeholders"])
    return tables, problems


def _with_csv_hint(problems: list[Problem], inputs_dir: Path, fmt: str) -> list[Problem]:
    # A missing file is often the other format being used: say so.
    other = REGISTER if fmt == "csv" else "stakeholders.csv"
    if not (inputs_dir / other).is_file():
        return problems
    switch = "xlsx" if fmt == "csv" else "csv"
    return [
        Problem(
            p.file,
            p.message,
            p.fix + f" Or, to use inputs/{other} instead, set "
            f'format = "{switch}" under [inputs] in engagement.toml.',
            p.row,
            p.column,
            p.severity,
        )
        if p.message == "The file does not exist."
        else p
        for p in problems
    ]


def load_snapshot(
    snapshot_dir: Path, *, vocabularies: Vocabularies = DEFAULT
) -> dict[str, pd.DataFrame]:
    """Load the stakeholders and relationships saved at a previous workshop.

    Parameters
    ----------
    snapshot_dir
        ``<engagement>/workshop/snapshots/<YYYY-MM-DD>``.

    Raises
    ------
    InputError
        The folder or a file is missing, or a table fails validation.

    Examples
    --------
    >>> before = load_snapshot(Path("eng/workshop/snapshots/2024-03-01"))  # doctest: +SKIP
    >>> sorted(before)  # doctest: +SKIP
    ['relationships', 'stakeholders']
    """
    snapshot_dir = Path(snapshot_dir)
    parts = snapshot_dir.parts
    prefix = (
        "/".join(parts[-3:]) if parts[-3:-1] == ("workshop", "snapshots") else str(snapshot_dir)
    )
    if not snapshot_dir.is_dir():
        raise InputError(
            [
                Problem(
                    prefix,
                    "The workshop snapshot folder does not exist.",
                    "Use the date of a saved snapshot (folders in workshop/snapshots/).",
                )
            ]
        )
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    files = {t: f"{prefix}/{t}.csv" for t in ("stakeholders", "relationships")}
    for table, file in files.items():
        try:
            raw, _ = read_table_noted(
                snapshot_dir / f"{table}.csv", label=file, max_bytes=MAX_REGISTER_BYTES
            )
        except InputError as exc:
            problems += exc.problems
            continue
        tables[table], found = validation.validate(table, raw, file, vocabularies)
        problems += found
    problems += validation.check_references(
        tables.get("stakeholders"), tables.get("relationships"), None, files
    )
    raise_for_errors(problems)
    return tables
