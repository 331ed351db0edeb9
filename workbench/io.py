"""Read the engagement's input tables and validate them into typed DataFrames.

This is the only module that reads input files, and it never writes to ``inputs/``.
Every check collects problems instead of stopping at the first one, so a consultant
can fix a whole register in one pass. Each :class:`~workbench.errors.Problem` names
the file (relative to the engagement folder), the spreadsheet row (header = row 1),
the column, the bad value and what to write instead.

Row numbers: :func:`read_table` keeps each data row's position in the file as the
index, even after dropping blank rows, so ``index + 2`` is the row a person sees in
a spreadsheet. Typed tables keep that index, which is how the cross-table checks
can point at rows.

Examples
--------
>>> tables, problems = load_tables(Path("my-engagement/inputs"))  # doctest: +SKIP
>>> raise_for_errors(problems)  # doctest: +SKIP
>>> tables["stakeholders"].dtypes["influence"]  # doctest: +SKIP
dtype('int64')
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io as _io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from pandera.errors import SchemaErrorReason, SchemaErrors

from workbench.errors import EngagementError, InputError, Problem
from workbench.schemas import (
    SCHEMAS,
    TABLES,
    ColumnSpec,
    empty_table,
    normalise_choice,
    to_typed,
)

REGISTER = "register.xlsx"
_EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_SAVE_AS_UTF8 = "Open it in Excel and save it again as 'CSV UTF-8 (Comma delimited)'."
# Legal-form words that do not tell two organisations apart ("Acme Ltd" = "Acme").
LEGAL_SUFFIXES = frozenset(
    {"ltd", "limited", "inc", "gmbh", "plc", "llc", "co", "corp", "sa", "ag", "bv"}
)
NAME_SIMILARITY = 0.92


# --------------------------------------------------------------------------- reading


def read_table(
    path: Path,
    sheet: str | None = None,
    *,
    label: str | None = None,
    allow_empty: bool = False,
) -> pd.DataFrame:
    """Read a CSV file or one sheet of an XLSX workbook as text.

    Every cell comes back as a stripped string (blanks are ``""``), so validation
    sees exactly what the person typed. CSV files may be UTF-8 (with or without a
    byte-order mark), UTF-16 with a byte-order mark, or Windows-1252, and separated
    by commas, semicolons or tabs. Fully blank rows are dropped; the index keeps each
    row's position (``index + 2`` is the spreadsheet row).

    Parameters
    ----------
    path
        The ``.csv`` or ``.xlsx`` file.
    sheet
        Sheet name for a workbook (case-insensitive); ``None`` reads the first sheet.
    label
        How problems name the file, e.g. ``"inputs/stakeholders.csv"``; defaults to the path.
    allow_empty
        Accept a file with no header or no data rows (optional tables); otherwise that
        is an error.

    Raises
    ------
    InputError
        Missing or empty file, unreadable encoding, missing sheet, damaged workbook.

    Examples
    --------
    >>> raw = read_table(Path("inputs/stakeholders.csv"))  # doctest: +SKIP
    >>> raw.loc[0, "influence"]  # doctest: +SKIP
    '4'
    """
    path = Path(path)
    is_excel = path.suffix.lower() in _EXCEL_SUFFIXES
    name = label or (f"{path} [{sheet}]" if is_excel and sheet else str(path))
    if path.is_dir():
        _fail(name, "This is a folder, not a file.", "Point to the table file itself.")
    if not path.is_file():
        _fail(name, "The file does not exist.", _missing_file_fix(path))
    if sheet is not None and not is_excel:
        raise ValueError(f"{path} is not an Excel workbook; sheet={sheet!r} makes no sense")
    rows = _xlsx_rows(path, sheet, name) if is_excel else _csv_rows(path, name)
    return _to_frame(rows, name, allow_empty)


def sheet_names(path: Path, label: str | None = None) -> list[str]:
    """The worksheet names of a workbook, in order (raises InputError if unreadable)."""
    workbook = _open_workbook(Path(path), label or str(path))
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _fail(file: str, message: str, fix: str, row: int | None = None) -> NoReturn:
    raise InputError([Problem(file=file, message=message, fix=fix, row=row)])


def _missing_file_fix(path: Path) -> str:
    fix = f"Save the table as '{path.name}' in the '{path.parent.name or '.'}' folder."
    siblings = [p.name for p in path.parent.glob("*")] if path.parent.is_dir() else []
    close = difflib.get_close_matches(path.name.lower(), [s.lower() for s in siblings], 1, 0.7)
    if close:
        match = next(s for s in siblings if s.lower() == close[0])
        fix += f" There is a file named '{match}': rename it to '{path.name}' if it is the one."
    return fix


def _decode(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            _fail(name, "The file says it is UTF-16 but cannot be decoded.", _SAVE_AS_UTF8)
    try:
        return data.decode("utf-8-sig")  # also strips the BOM Excel adds
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        _fail(name, "The file is not text in a known encoding.", _SAVE_AS_UTF8)
    try:
        # Excel's plain "CSV (Comma delimited)" on Windows writes Windows-1252.
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        _fail(
            name,
            f"The file's text encoding is unknown (byte {data[exc.start]:#04x} at position "
            f"{exc.start} is neither UTF-8 nor Windows-1252).",
            _SAVE_AS_UTF8,
        )


def _sniff_delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))  # ties go to the comma
    return best if counts[best] else ","


def _csv_rows(path: Path, name: str) -> list[list[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        _fail(
            name,
            f"The file cannot be read ({exc.strerror}).",
            "Close it in other programs and check you may read it.",
        )
    if data.startswith(b"PK\x03\x04"):
        _fail(
            name,
            "This is an Excel workbook saved under a .csv name, not a CSV file.",
            "Save the sheet as 'CSV UTF-8 (Comma delimited)', or use inputs/register.xlsx "
            'with format = "xlsx" under [inputs] in engagement.toml.',
        )
    text = _decode(data, name)
    try:
        return list(csv.reader(_io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text)))
    except csv.Error as exc:
        _fail(name, f"The file is not valid CSV ({exc}).", _SAVE_AS_UTF8)


def _open_workbook(path: Path, name: str):
    if not path.is_file():
        _fail(name, "The file does not exist.", _missing_file_fix(path))
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        _fail(
            name,
            f"The workbook cannot be opened ({type(exc).__name__}: {exc}).",
            "Open it in Excel and save it again as an Excel Workbook (.xlsx).",
        )


def _xlsx_rows(path: Path, sheet: str | None, name: str) -> list[list[str]]:
    workbook = _open_workbook(path, name)
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        else:
            by_name = {s.strip().lower(): s for s in workbook.sheetnames}
            if sheet.strip().lower() not in by_name:
                _fail(
                    name,
                    f"The workbook has no sheet named '{sheet}' "
                    f"(it has: {', '.join(workbook.sheetnames)}).",
                    f"Add a sheet named '{sheet}', or rename the sheet that holds the "
                    f"{sheet} table.",
                )
            worksheet = workbook[by_name[sheet.strip().lower()]]
        # Some writers store a wrong sheet size; recompute it from the cells.
        worksheet.reset_dimensions()
        return [[_cell_text(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 3 as 3.0
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _to_frame(rows: list[list[str]], name: str, allow_empty: bool) -> pd.DataFrame:
    rows = [[str(cell).strip() for cell in row] for row in rows]
    has_data = any(any(row) for row in rows[1:])
    if not rows or not any(rows[0]):
        if allow_empty and not has_data:
            return pd.DataFrame()
        if has_data:
            _fail(
                name,
                "Row 1 is blank, but the header must be in row 1.",
                "Put the column names in row 1.",
                row=1,
            )
        _fail(
            name,
            "The file is empty: it has no header row and no data.",
            "Fill in the table, with the column names in row 1.",
        )
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    header, body = rows[0], rows[1:]
    keep = [i for i in range(width) if header[i] or any(row[i] for row in body)]
    columns = _column_names([header[i] for i in keep], keep)
    frame = pd.DataFrame([[row[i] for i in keep] for row in body], columns=columns, dtype="str")
    if frame.empty:
        frame = pd.DataFrame({c: pd.Series([], dtype="str") for c in columns})
    frame = frame[(frame != "").any(axis=1)]
    if frame.empty and not allow_empty:
        _fail(
            name,
            "The file has a header row but no data rows.",
            "Add one row per entry below the header.",
        )
    return frame


def _column_names(header: list[str], positions: list[int]) -> list[str]:
    # Blank headers and repeated names get unique names; validation reports them.
    names: list[str] = []
    for text, position in zip(header, positions, strict=True):
        base = text or f"unnamed column {get_column_letter(position + 1)}"
        candidate, n = base, 1
        while candidate in names:
            candidate = f"{base}.{n}"
            n += 1
        names.append(candidate)
    return names


# ------------------------------------------------------------------------ validation


def _row(index: object) -> int | None:
    try:
        return int(index) + 2  # see the module docstring: index = data-row position
    except (TypeError, ValueError):
        return None


def _as_text(raw: pd.DataFrame) -> pd.DataFrame:
    out = raw.copy()
    names = [str(c).strip() for c in out.columns]
    out.columns = _column_names(names, list(range(len(names))))
    for column in out.columns:
        out[column] = out[column].map(lambda v: "" if pd.isna(v) else str(v).strip())
        out[column] = out[column].astype("str")
    return out


def _match_headers(
    frame: pd.DataFrame, table: str, file: str
) -> tuple[pd.DataFrame, list[Problem], dict[str, str]]:
    """Accept headers that differ only in case; warn about unknown ones.

    Returns the renamed frame, warnings, and {missing column: the unknown column that
    looks like a typo of it}.
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


def validate(table: str, raw: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Check a table read by :func:`read_table` and cast it to typed columns.

    Runs the pandera schema with ``lazy=True`` and turns every failure into a
    :class:`~workbench.errors.Problem` with file, spreadsheet row, column, the bad
    value and a fix. Headers that differ only in case are accepted; unknown columns
    are kept and reported as warnings.

    Parameters
    ----------
    table
        ``"stakeholders"``, ``"relationships"`` or ``"ratings"``.
    raw
        Text table from :func:`read_table` (not modified).
    file
        How problems name the file, e.g. ``"inputs/stakeholders.csv"``.

    Returns
    -------
    (DataFrame, list of Problem)
        The typed table (int64, bool, str columns; known columns first) when there are
        no errors, otherwise ``raw`` unchanged; plus all problems, warnings included.

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
    frame, problems, typos = _match_headers(_as_text(raw), table, file)
    try:
        validated = SCHEMAS[table].validate(frame, lazy=True)
    except SchemaErrors as exc:
        problems += _schema_problems(exc, frame, table, file, typos)
        return raw, _sorted(problems, table)
    return to_typed(validated, table), _sorted(problems, table)


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
        return f"'{cell}' is not an allowed {col.name}.", _choice_fix(col.choices, cell)
    if check == "boolean":
        return f"'{cell}' is not true or false.", col.fix
    return f"'{cell}' is not valid ({check}).", col.fix


def _schema_problems(
    exc: SchemaErrors, frame: pd.DataFrame, table: str, file: str, typos: dict[str, str]
) -> list[Problem]:
    spec = TABLES[table]
    problems: list[Problem] = []
    coerced: set[str] = set()
    for error in exc.schema_errors:
        reason = error.reason_code
        column = getattr(error.schema, "name", None)
        if reason == SchemaErrorReason.COLUMN_NOT_IN_DATAFRAME:
            missing = str(error.failure_cases)
            problems.append(_missing_column(spec.name, missing, file, typos.get(missing)))
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
                problems.append(Problem(file, message, fix, _row(index), column))
    return problems


def _missing_column(table: str, column: str, file: str, typo: str | None) -> Problem:
    spec = TABLES[table]
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
        if not pd.isna(value) and _row(index) is not None:
            rows.setdefault(str(value), []).append(_row(index))
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
                            _row(index),
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
                            _row(index),
                            "target",
                        )
                    )
    return sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or ""))


def normalise_name(name: str) -> str:
    """Reduce a name to what tells stakeholders apart.

    Lower case, accents and punctuation removed, trailing legal forms dropped.

    >>> normalise_name("ACME Ltd."), normalise_name("Acme Co. Ltd"), normalise_name("Société SA")
    ('acme', 'acme', 'societe')
    """
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = re.sub(r"[^0-9a-z]+", " ", text.replace("&", " and ")).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


_NAME_CHARS = {ch: i for i, ch in enumerate("abcdefghijklmnopqrstuvwxyz0123456789 ")}


def _char_counts(key: str) -> np.ndarray:
    counts = np.zeros(len(_NAME_CHARS), dtype=np.int32)
    for ch in key:  # normalise_name leaves only these characters
        counts[_NAME_CHARS[ch]] += 1
    return counts


def _first_similar(key: str, keys: list[str], counts: list[np.ndarray]) -> str | None:
    """The first of ``keys`` at least NAME_SIMILARITY similar to ``key``, if any."""
    if not keys:
        return None
    # Shared characters bound difflib's ratio from above (its quick_ratio); computing
    # the bound for all earlier names at once keeps big registers fast.
    own = _char_counts(key)
    shared = np.minimum(np.vstack(counts), own).sum(axis=1)
    total = np.array([len(k) for k in keys]) + len(key)
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(key)  # indexes ``key`` once for all candidates
    for position in np.flatnonzero(2 * shared >= NAME_SIMILARITY * total):
        matcher.set_seq1(keys[position])
        if matcher.ratio() >= NAME_SIMILARITY:
            return keys[position]
    return None


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
    first: dict[str, tuple[object, str]] = {}  # normalised name -> (index, name)
    # Names that differ only in a number ("Region 1", "Region 2") are distinct on
    # purpose, so fuzzy matching only compares names with the same numbers.
    by_numbers: dict[tuple[str, ...], tuple[list[str], list[np.ndarray]]] = {}
    problems: list[Problem] = []
    for index, value in stakeholders["name"].items():
        name = "" if pd.isna(value) else str(value).strip()
        key = normalise_name(name)
        if not key:
            continue
        numbers = tuple(re.findall(r"\d+", key))
        if key in first:
            match = first[key]
        else:
            keys, counts = by_numbers.setdefault(numbers, ([], []))
            similar = _first_similar(key, keys, counts)
            match = first[similar] if similar is not None else None
            first[key] = (index, name)
            keys.append(key)
            counts.append(_char_counts(key))
        if match is not None:
            problems.append(
                Problem(
                    file,
                    f"'{name}' (row {_row(index)}) and '{match[1]}' (row {_row(match[0])}) look "
                    "like the same stakeholder.",
                    "Merge the two rows if they are the same stakeholder, or rename one so the "
                    "two are easy to tell apart.",
                    _row(index),
                    "name",
                    severity="warning",
                )
            )
    return problems


# --------------------------------------------------------------------------- loading


def load_tables(
    inputs_dir: Path, fmt: str = "csv"
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

    Returns
    -------
    (dict of DataFrame, list of Problem)
        Tables by name; a table is typed only when it had no errors (otherwise it is
        the raw text, or an empty typed table if it could not be read). Call
        :func:`raise_for_errors` before analysing them.

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
    if fmt == "xlsx":
        try:
            sheets = [
                s.strip().lower()
                for s in sheet_names(inputs_dir / REGISTER, f"{folder}/{REGISTER}")
            ]
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
            raw = read_table(path, sheet, label=files[table], allow_empty=not spec.required)
        except InputError as exc:
            problems += _with_csv_hint(exc.problems, inputs_dir, fmt)
            continue
        if raw.columns.empty:  # an empty optional file
            continue
        tables[table], found = validate(table, raw, files[table])
        problems += found
    problems += check_references(
        tables["stakeholders"], tables["relationships"], tables["ratings"], files
    )
    problems += near_duplicate_names(tables["stakeholders"], files["stakeholders"])
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


def load_snapshot(snapshot_dir: Path) -> dict[str, pd.DataFrame]:
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
        _fail(
            prefix,
            "The workshop snapshot folder does not exist.",
            "Use the date of a saved snapshot (folders in workshop/snapshots/).",
        )
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    files = {t: f"{prefix}/{t}.csv" for t in ("stakeholders", "relationships")}
    for table, file in files.items():
        try:
            raw = read_table(snapshot_dir / f"{table}.csv", label=file)
        except InputError as exc:
            problems += exc.problems
            continue
        tables[table], found = validate(table, raw, file)
        problems += found
    problems += check_references(
        tables.get("stakeholders"), tables.get("relationships"), None, files
    )
    raise_for_errors(problems)
    return tables


def raise_for_errors(problems: list[Problem]) -> None:
    """Raise :class:`~workbench.errors.InputError` if any problem is an error.

    Warnings alone pass; the raised error carries every problem, warnings included.

    >>> raise_for_errors([Problem("f.csv", "odd column", "none", severity="warning")])
    """
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
