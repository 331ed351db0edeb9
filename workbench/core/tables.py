"""Read one table from a CSV file or an XLSX sheet, as text, whatever the encoding.

The workshops' reading modules (:mod:`workbench.stakeholders.register`,
:mod:`workbench.culture.surveys`) build on this one; none of them ever writes to
``inputs/``. :func:`read_table` turns one file or sheet into a text table (see
:mod:`workbench.core.text_table`: every cell a string, the index keeps each row's position
so problems can name the spreadsheet row); :func:`read_rows` gives the rows as lists.
Problems name files as the caller labels them (relative to the engagement folder).

Examples
--------
>>> frame = read_table(Path("inputs/stakeholders.csv"))  # doctest: +SKIP
>>> frame.columns[:2].tolist()  # doctest: +SKIP
['id', 'name']
"""

from __future__ import annotations

import csv
import difflib
import io as _io
import zipfile
from pathlib import Path
from typing import NoReturn

import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from workbench.core.errors import InputError, Problem
from workbench.core.text_table import (
    SAVE_AS_UTF8,
    cell_text,
    decode_csv,
    rows_to_frame,
    sniff_delimiter,
    unclosed_quote,
)

_EXCEL_SUFFIXES = (".xlsx", ".xlsm")


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
    byte-order mark), UTF-16 (with or without a byte-order mark), or Windows-1252, and
    separated by commas, semicolons or tabs. A quote that is never closed and a UTF-8
    file with rows in another encoding are errors naming the row, not garbled cells.
    Fully blank rows are dropped; the index keeps each row's position (``index + 2``
    is the spreadsheet row).

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
        Missing or empty file, unreadable or mixed encoding, unclosed quote, missing
        sheet, damaged workbook.

    Examples
    --------
    >>> raw = read_table(Path("inputs/stakeholders.csv"))  # doctest: +SKIP
    >>> raw.loc[0, "influence"]  # doctest: +SKIP
    '4'
    """
    return rows_to_frame(
        read_rows(path, sheet, label), _label(Path(path), sheet, label), allow_empty
    )


def _label(path: Path, sheet: str | None, label: str | None) -> str:
    is_excel = path.suffix.lower() in _EXCEL_SUFFIXES
    return label or (f"{path} [{sheet}]" if is_excel and sheet else str(path))


def read_rows(path: Path, sheet: str | None = None, label: str | None = None) -> list[list[str]]:
    """The cells of a CSV file or one workbook sheet, row by row, as text.

    The same reading as :func:`read_table` (encodings, delimiters, quotes, workbook
    cells written as typed) without making a table: for files with several header
    rows, such as survey exports. Cells are not stripped and blank rows are kept.

    Raises
    ------
    InputError
        Missing file, unreadable or mixed encoding, unclosed quote, missing sheet,
        damaged workbook.

    Examples
    --------
    >>> read_rows(Path("inputs/surveys/2026-05/survey.csv"))[0][:2]  # doctest: +SKIP
    ['StartDate', 'EndDate']
    """
    path = Path(path)
    is_excel = path.suffix.lower() in _EXCEL_SUFFIXES
    name = _label(path, sheet, label)
    if path.is_dir():
        _fail(name, "This is a folder, not a file.", "Point to the table file itself.")
    if not path.is_file():
        _fail(name, "The file does not exist.", _missing_file_fix(path))
    if sheet is not None and not is_excel:
        raise ValueError(f"{path} is not an Excel workbook; sheet={sheet!r} makes no sense")
    return _xlsx_rows(path, sheet, name) if is_excel else _csv_rows(path, name)


def sheet_names(path: Path, label: str | None = None) -> list[str]:
    """The worksheet names of a workbook, in order (raises InputError if unreadable)."""
    workbook = _open_workbook(Path(path), label or str(path))
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _fail(
    file: str, message: str, fix: str, row: int | None = None, column: str | None = None
) -> NoReturn:
    raise InputError([Problem(file=file, message=message, fix=fix, row=row, column=column)])


def _missing_file_fix(path: Path) -> str:
    fix = f"Save the table as '{path.name}' in the '{path.parent.name or '.'}' folder."
    siblings = [p.name for p in path.parent.glob("*")] if path.parent.is_dir() else []
    close = difflib.get_close_matches(path.name.lower(), [s.lower() for s in siblings], 1, 0.7)
    if close:
        match = next(s for s in siblings if s.lower() == close[0])
        fix += f" There is a file named '{match}': rename it to '{path.name}' if it is the one."
    return fix


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
    text = decode_csv(data, name)
    delimiter = sniff_delimiter(text)
    # Checked first: the csv module silently reads the rest of the file into one cell.
    quote = unclosed_quote(text, delimiter)
    if quote is not None:
        row, line, column = quote
        _fail(
            name,
            'A quote (") opened here is never closed, so the rows after it are read as one '
            "cell" + (f" (the quote is on line {line} of the file)." if line != row else "."),
            'Close the quote or remove it: end the cell with a second " or delete the ".',
            row,
            column,
        )
    try:
        return list(csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        _fail(name, f"The file is not valid CSV ({exc}).", SAVE_AS_UTF8)


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
        return [[cell_text(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


# --------------------------------------------------------------------------- loading
