"""The text-table form in which input tables pass from reading to validation.

A text table is a DataFrame whose every cell is a stripped string (blanks are ``""``)
under unique column names, so validation sees exactly what the person typed. Its index
keeps each data row's position in the file, even after blank rows are dropped, so
``index + 2`` is the row a person sees in a spreadsheet (the header is row 1). Typed
tables keep that index, which is how every problem can point at a row. Nothing here
reads files: :mod:`workbench.io` does that and hands the cells to :func:`rows_to_frame`.

Examples
--------
>>> frame = rows_to_frame([["id", "name"], ["S1", "Ann"]], "inputs/stakeholders.csv", False)
>>> spreadsheet_row(frame.index[0])
2
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from openpyxl.utils import get_column_letter

from workbench.errors import InputError, Problem


def spreadsheet_row(index: object) -> int | None:
    """The spreadsheet row of a data row, or ``None`` if the index is not a position.

    >>> spreadsheet_row(0), spreadsheet_row("x")
    (2, None)
    """
    try:
        return int(index) + 2  # header = row 1
    except (TypeError, ValueError):
        return None


def cell_text(value: object) -> str:
    """Write one workbook cell value as the text a person would have typed.

    Blank cells become ``""``, booleans ``"true"``/``"false"``, whole-number floats
    lose the ``.0`` Excel adds, dates and times use ISO format.

    >>> cell_text(None), cell_text(3.0), cell_text(True), cell_text(dt.date(2024, 3, 1))
    ('', '3', 'true', '2024-03-01')
    """
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


def rows_to_frame(rows: list[list[str]], name: str, allow_empty: bool) -> pd.DataFrame:
    """Make a text table from rows of cells, the first row being the header.

    Cells are stripped, short rows padded, columns with neither header nor data
    dropped and fully blank rows removed; the index keeps each data row's position.

    Parameters
    ----------
    rows
        The cells row by row, header first.
    name
        How problems name the file, e.g. ``"inputs/stakeholders.csv"``.
    allow_empty
        Return an empty frame for a table without header or data rows (optional
        tables) instead of raising.

    Raises
    ------
    InputError
        No header in row 1, or no data rows (unless ``allow_empty``).

    Examples
    --------
    >>> frame = rows_to_frame([["id", "name"], ["", ""], [" S1", "Ann"]], "t.csv", False)
    >>> frame.index.tolist(), frame.loc[1, "id"]
    ([1], 'S1')
    """
    rows = [[str(cell).strip() for cell in row] for row in rows]
    has_data = any(any(row) for row in rows[1:])
    if not rows or not any(rows[0]):
        if allow_empty and not has_data:
            return pd.DataFrame()
        if has_data:
            problem = Problem(
                name,
                "Row 1 is blank, but the header must be in row 1.",
                "Put the column names in row 1.",
                row=1,
            )
        else:
            problem = Problem(
                name,
                "The file is empty: it has no header row and no data.",
                "Fill in the table, with the column names in row 1.",
            )
        raise InputError([problem])
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    header, body = rows[0], rows[1:]
    keep = [i for i in range(width) if header[i] or any(row[i] for row in body)]
    columns = unique_column_names([header[i] for i in keep], keep)
    frame = pd.DataFrame([[row[i] for i in keep] for row in body], columns=columns, dtype="str")
    if frame.empty:
        frame = pd.DataFrame({c: pd.Series([], dtype="str") for c in columns})
    frame = frame[(frame != "").any(axis=1)]
    if frame.empty and not allow_empty:
        raise InputError(
            [
                Problem(
                    name,
                    "The file has a header row but no data rows.",
                    "Add one row per entry below the header.",
                )
            ]
        )
    return frame


def unique_column_names(header: list[str], positions: list[int]) -> list[str]:
    """Column names for a header row, every one unique.

    A blank header becomes ``"unnamed column <letter>"`` (its spreadsheet column) and a
    repeated name gets ``.1``, ``.2``, ...; validation reports both as warnings.

    >>> unique_column_names(["id", "", "id"], [0, 1, 2])
    ['id', 'unnamed column B', 'id.1']
    """
    names: list[str] = []
    for text, position in zip(header, positions, strict=True):
        base = text or f"unnamed column {get_column_letter(position + 1)}"
        candidate, n = base, 1
        while candidate in names:
            candidate = f"{base}.{n}"
            n += 1
        names.append(candidate)
    return names


def as_text(raw: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``raw`` in text-table form, whatever produced it.

    Missing values become ``""``, every cell a stripped string, column names unique.

    >>> as_text(pd.DataFrame({" id ": ["S1 ", None]})).to_dict("list")
    {'id': ['S1', '']}
    """
    out = raw.copy()
    names = [str(c).strip() for c in out.columns]
    out.columns = unique_column_names(names, list(range(len(names))))
    for column in out.columns:
        out[column] = out[column].map(lambda v: "" if pd.isna(v) else str(v).strip())
        out[column] = out[column].astype("str")
    return out
