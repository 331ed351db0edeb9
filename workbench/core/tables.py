"""Read one table from a CSV file or an XLSX sheet, as text, whatever the encoding.

The workshops' reading modules (:mod:`workbench.stakeholders.register`,
:mod:`workbench.culture.surveys`) build on this one; none of them ever writes to
``inputs/``. :func:`read_table` turns one file or sheet into a text table (see
:mod:`workbench.core.text_table`: every cell a string, the index keeps each row's position
so problems can name the spreadsheet row); :func:`read_rows` gives the rows as lists.
:func:`read_table_noted` and :func:`read_rows_noted` also return the warnings about a
workbook sheet (rows hidden in Excel, which are still read).
Problems name files as the caller labels them (relative to the engagement folder).

A file that is not what its name says (a PDF or an image named .csv, a CSV named .xlsx)
is named for what it is; a file larger than the limit is refused before it is read.

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

from workbench.core import sheet_markup
from workbench.core.errors import InputError, Problem, raise_for_errors
from workbench.core.sniff import HEAD_BYTES, binary_kind, file_kind
from workbench.core.text_table import (
    SAVE_AS_UTF8,
    cell_text,
    decode_csv,
    long_cell,
    rows_to_frame,
    sniff_delimiter,
    unclosed_quote,
    utf16_without_bom,
)

_EXCEL_SUFFIXES = (".xlsx", ".xlsm")
MB = 1_000_000
# The largest file read. A raw Qualtrics export of 100,000 respondents with 40 items in
# choice text is about 97 MB (25 MB as numbers), a register of 25,000 stakeholders about
# 2 MB per table; a file above the limit is far beyond any engagement's and would take
# minutes to validate, so it is refused at once with its size rather than read. Callers
# may pass a smaller limit.
MAX_FILE_BYTES = 250 * MB
# A workbook is compressed: its sheets' XML may be 10 to 20 times the file's size, and a
# small damaged or hostile file may claim gigabytes. Its unpacked size is checked too.
MAX_WORKBOOK_XML_BYTES = 1_000 * MB
EXCEL_CELL_CHARS = 32_767  # the most a spreadsheet cell holds: a longer one was not typed


# --------------------------------------------------------------------------- reading


def read_table(
    path: Path,
    sheet: str | None = None,
    *,
    label: str | None = None,
    allow_empty: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
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
    max_bytes
        Refuse a larger file (see :data:`MAX_FILE_BYTES`).

    Raises
    ------
    InputError
        Missing, empty or too large file, a file of another kind, unreadable or mixed
        encoding, unclosed quote, a cell too long, missing sheet, damaged workbook,
        formulas never calculated.

    Examples
    --------
    >>> raw = read_table(Path("inputs/stakeholders.csv"))  # doctest: +SKIP
    >>> raw.loc[0, "influence"]  # doctest: +SKIP
    '4'
    """
    frame, _ = read_table_noted(
        path, sheet, label=label, allow_empty=allow_empty, max_bytes=max_bytes
    )
    return frame


def read_table_noted(
    path: Path,
    sheet: str | None = None,
    *,
    label: str | None = None,
    allow_empty: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
) -> tuple[pd.DataFrame, list[Problem]]:
    """:func:`read_table`, with the warnings about the sheet (rows hidden in Excel).

    Examples
    --------
    >>> register = Path("inputs/register.xlsx")
    >>> raw, warnings = read_table_noted(register, "stakeholders")  # doctest: +SKIP
    >>> warnings[0].message  # doctest: +SKIP
    'Rows 14, 15 and 30 are hidden in Excel but are part of the analysis.'
    """
    rows, warnings = read_rows_noted(path, sheet, label, max_bytes=max_bytes)
    return rows_to_frame(rows, _label(Path(path), sheet, label), allow_empty), warnings


def _label(path: Path, sheet: str | None, label: str | None) -> str:
    is_excel = path.suffix.lower() in _EXCEL_SUFFIXES
    return label or (f"{path} [{sheet}]" if is_excel and sheet else str(path))


def read_rows(
    path: Path,
    sheet: str | None = None,
    label: str | None = None,
    *,
    max_bytes: int = MAX_FILE_BYTES,
) -> list[list[str]]:
    """The cells of a CSV file or one workbook sheet, row by row, as text.

    The same reading as :func:`read_table` (encodings, delimiters, quotes, workbook
    cells written as typed) without making a table: for files with several header
    rows, such as survey exports. Cells are not stripped and blank rows are kept.

    Raises
    ------
    InputError
        As :func:`read_table`.

    Examples
    --------
    >>> read_rows(Path("inputs/surveys/2026-05/survey.csv"))[0][:2]  # doctest: +SKIP
    ['StartDate', 'EndDate']
    """
    return read_rows_noted(path, sheet, label, max_bytes=max_bytes)[0]


def read_rows_noted(
    path: Path,
    sheet: str | None = None,
    label: str | None = None,
    *,
    max_bytes: int = MAX_FILE_BYTES,
) -> tuple[list[list[str]], list[Problem]]:
    """:func:`read_rows`, with the warnings about a workbook sheet (hidden rows, columns)."""
    path = Path(path)
    is_excel = path.suffix.lower() in _EXCEL_SUFFIXES
    name = _label(path, sheet, label)
    if path.is_dir():
        _fail(name, "This is a folder, not a file.", "Point to the table file itself.")
    if not path.is_file():
        _fail(name, "The file does not exist.", _missing_file_fix(path))
    if sheet is not None and not is_excel:
        raise ValueError(f"{path} is not an Excel workbook; sheet={sheet!r} makes no sense")
    _check_size(path, name, max_bytes)
    if is_excel:
        return _xlsx_rows(path, sheet, name)
    return _csv_rows(path, name), []


def sheet_names(
    path: Path, label: str | None = None, *, max_bytes: int = MAX_FILE_BYTES
) -> list[str]:
    """The worksheet names of a workbook, in order (raises InputError if unreadable)."""
    path = Path(path)
    name = label or str(path)
    if path.is_file():
        _check_size(path, name, max_bytes)
    workbook = _open_workbook(path, name)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _fail(
    file: str, message: str, fix: str, row: int | None = None, column: str | None = None
) -> NoReturn:
    raise InputError([Problem(file=file, message=message, fix=fix, row=row, column=column)])


def _check_size(path: Path, name: str, max_bytes: int) -> None:
    size = path.stat().st_size
    if size > max_bytes:
        _fail(
            name,
            f"The file is {size / MB:,.1f} MB, more than the {max_bytes / MB:,.0f} MB a table "
            "may have here, so it is not read (a register of 25,000 stakeholders is about "
            "2 MB per table).",
            "Check that it is the right file: remove the rows or columns that do not belong "
            "in it (for example a pasted export or picture), or split the work into smaller "
            "engagements.",
        )


def _missing_file_fix(path: Path) -> str:
    fix = f"Save the table as '{path.name}' in the '{path.parent.name or '.'}' folder."
    siblings = [p.name for p in path.parent.glob("*")] if path.parent.is_dir() else []
    close = difflib.get_close_matches(path.name.lower(), [s.lower() for s in siblings], 1, 0.7)
    if close:
        match = next(s for s in siblings if s.lower() == close[0])
        fix += f" There is a file named '{match}': rename it to '{path.name}' if it is the one."
    return fix


_DAMAGED_ZIP = "a damaged ZIP archive or workbook"


def _zip_kind(path: Path) -> str:
    """What a ZIP-based file holds: an Excel workbook, a Word or PowerPoint file, or files."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return _DAMAGED_ZIP
    folders = {name.split("/", 1)[0] for name in names}  # the parts' usual folders
    kinds = {"xl": "an Excel workbook", "word": "a Word document", "ppt": "a PowerPoint file"}
    return next((kind for folder, kind in kinds.items() if folder in folders), "a ZIP archive")


def _csv_rows(path: Path, name: str) -> list[list[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        _fail(
            name,
            f"The file cannot be read ({exc.strerror}).",
            "Close it in other programs and check you may read it.",
        )
    kind = binary_kind(data[:HEAD_BYTES])
    if kind is not None and kind.startswith("a ZIP"):
        kind = _zip_kind(path)
    if kind == "a binary file" and utf16_without_bom(data) is not None:
        kind = None  # UTF-16 text without a byte-order mark is full of NUL bytes too
    if kind == "an Excel workbook":
        _fail(
            name,
            "This is an Excel workbook saved under a .csv name, not a CSV file.",
            "Save the sheet as 'CSV UTF-8 (Comma delimited)', or use inputs/register.xlsx "
            'with format = "xlsx" under [inputs] in engagement.toml.',
        )
    if kind is not None:
        _fail(
            name,
            f"This is {kind}, not a CSV file, although its name ends in .csv.",
            "Replace it with the table itself: open the table in Excel and save it as "
            "'CSV UTF-8 (Comma delimited)' under this name.",
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
    # Read cells of any length, then say which one is too long (the csv module's own
    # "field larger than field limit" names neither the row nor the column).
    previous = csv.field_size_limit(max(len(text) + 1, csv.field_size_limit()))
    try:
        rows = list(csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        _fail(name, f"The file is not valid CSV ({exc}).", SAVE_AS_UTF8)
    finally:
        csv.field_size_limit(previous)
    _refuse_long_cells(rows, name)
    return rows


def _refuse_long_cells(rows: list[list[str]], name: str) -> None:
    found = long_cell(rows, EXCEL_CELL_CHARS)
    if found is not None:
        row, column, length, lines = found
        spans = f" and runs over {lines:,} lines of the file" if lines > 1 else ""
        _fail(
            name,
            f"This cell holds {length:,} characters{spans}; a spreadsheet cell holds "
            f"at most {EXCEL_CELL_CHARS:,}, so it was not typed as one value.",
            "Shorten the cell (keep long notes in a separate document). If it holds the "
            'text of many rows, look for a quote (") that opens in this cell and is '
            "closed much later, and delete it.",
            row,
            column,
        )


def _open_workbook(path: Path, name: str):
    if not path.is_file():
        _fail(name, "The file does not exist.", _missing_file_fix(path))
    if path.stat().st_size == 0:
        _fail(
            name,
            "The file is empty (0 bytes): it holds no workbook at all.",
            "Save the register again from Excel under this name, or copy the template that "
            "`workbench new` writes (or `workbench template`).",
        )
    kind = file_kind(path)
    if kind is not None and kind.startswith("a ZIP"):
        kind = _zip_kind(path)
    if kind not in ("an Excel workbook", _DAMAGED_ZIP):  # damaged: openpyxl says so below
        what = kind or "a text file (perhaps a CSV file)"
        _fail(
            name,
            f"This is {what}, not an Excel workbook, although its name ends in {path.suffix}.",
            "Open the table in Excel and save it as an Excel Workbook (.xlsx) under this "
            "name" + (", or name it .csv." if kind is None else "."),
        )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        unpacked = 0  # openpyxl, below, says the workbook cannot be opened
    if unpacked > MAX_WORKBOOK_XML_BYTES:
        _fail(
            name,
            f"The workbook unpacks to {unpacked / MB:,.0f} MB, more than the "
            f"{MAX_WORKBOOK_XML_BYTES / MB:,.0f} MB limit, so it is not read.",
            "Check that it is the right file, and delete the sheets, pictures or rows that "
            "do not belong in it.",
        )
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        _fail(
            name,
            f"The workbook cannot be opened ({type(exc).__name__}: {exc}).",
            "Open it in Excel and save it again as an Excel Workbook (.xlsx).",
        )


def _xlsx_rows(path: Path, sheet: str | None, name: str) -> tuple[list[list[str]], list[Problem]]:
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
        rows = [[cell_text(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
        markup = _markup(workbook, worksheet)
    finally:
        workbook.close()
    found = sheet_markup.problems(markup, rows, name)
    raise_for_errors(found)
    return rows, found


def _markup(workbook, worksheet) -> sheet_markup.SheetMarkup:
    """Hidden rows, filters and formulas of a sheet, from its XML (see sheet_markup)."""
    try:
        with workbook._archive.open(worksheet._worksheet_path) as handle:
            return sheet_markup.scan(handle.read())
    except (AttributeError, KeyError, OSError, zipfile.BadZipFile):  # openpyxl's internals
        return sheet_markup.SheetMarkup()
