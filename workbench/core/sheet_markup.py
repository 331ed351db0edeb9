"""What a worksheet's XML says that openpyxl's fast read-only mode does not.

The read-only reader that :mod:`workbench.core.tables` uses (fast and light on memory at
register scale) gives each cell's value and nothing else. Three things a person should
hear about live only in the markup: rows and columns hidden in Excel (or by a filter),
which are still read and analysed, and formulas that were never calculated (a workbook
written by a program and never opened in Excel stores the formula but no value, which
reads as a blank cell). :func:`scan` finds them in the sheet's XML; :func:`problems`
turns them into :class:`~workbench.core.errors.Problem` records naming rows and columns
as a person sees them.

Examples
--------
>>> xml = b'<row r="3" hidden="1"><c r="A3"><f>B3*2</f></c></row><autoFilter ref="A1:B9"/>'
>>> markup = scan(xml)
>>> markup.hidden_rows, markup.filtered, markup.uncalculated
((3,), True, ((3, 1),))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.utils import column_index_from_string, get_column_letter

from workbench.core.errors import Problem

# Elements may carry a namespace prefix (<x:row>) when written by the Open XML SDK.
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_R = re.compile(rb'\br="(\d+)"')
_MIN_MAX = re.compile(rb'\bmin="(\d+)"[^>]*?\bmax="(\d+)"|\bmax="(\d+)"[^>]*?\bmin="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_FILTER = re.compile(rb"<(?:\w+:)?autoFilter\b")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
# A cell with content (not self-closing): its attributes and what is inside.
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*)(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
# A stored value that is not empty; an empty one counts only for a text result (t="str").
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]|<(?:\w+:)?is\b")
_TEXT_RESULT = re.compile(rb'\bt="str"')


@dataclass(frozen=True)
class SheetMarkup:
    """Hidden rows and columns (1-based numbers), a filter, formulas without a value."""

    hidden_rows: tuple[int, ...] = ()
    hidden_columns: tuple[int, ...] = ()
    filtered: bool = False
    uncalculated: tuple[tuple[int, int], ...] = ()  # (row, column) of formulas never calculated


def scan(xml: bytes) -> SheetMarkup:
    """Read hidden rows and columns, a filter and uncalculated formulas from a sheet's XML.

    >>> scan(b'<cols><col min="2" max="3" hidden="1"/></cols>').hidden_columns
    (2, 3)
    >>> scan(b'<c r="B2"><f>1+1</f><v>2</v></c><c r="C2" t="str"><f>""</f><v></v></c>').uncalculated
    ()
    >>> scan(b'<c r="D2"><f>1+1</f><v></v></c>').uncalculated  # as openpyxl writes formulas
    ((2, 4),)
    """
    rows = tuple(
        int(found.group(1))
        for attrs in _ROW.findall(xml)
        if _HIDDEN.search(attrs) and (found := _R.search(attrs))
    )
    columns: list[int] = []
    for attrs in _COL.findall(xml):
        bounds = _MIN_MAX.search(attrs)
        if _HIDDEN.search(attrs) and bounds:
            low, high = (int(b) for b in bounds.groups() if b is not None)
            low, high = min(low, high), max(low, high)
            columns += range(low, min(high, 16384) + 1)  # Excel's last column is XFD
    uncalculated: tuple[tuple[int, int], ...] = ()
    if _FORMULA.search(xml):  # most registers have no formula: skip the slower cell scan
        uncalculated = tuple(
            (int(ref.group(2)), column_index_from_string(ref.group(1).decode()))
            for attrs, inside in _CELL.findall(xml)
            if _FORMULA.search(inside)
            and not _VALUE.search(inside)
            and not (_TEXT_RESULT.search(attrs) and b"<v" in inside)
            and (ref := _REF.search(attrs))
        )
    return SheetMarkup(rows, tuple(columns), bool(_FILTER.search(xml)), uncalculated)


def _numbers(values: list[str]) -> str:
    """``'14, 15 and 30'``; long lists end with the count of the others.

    >>> _numbers(["2"]), _numbers(["2", "3", "9"]), _numbers([str(n) for n in range(12)])
    ('2', '2, 3 and 9', '0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 2 more')
    """
    if len(values) > 10:
        return ", ".join(values[:10]) + f" and {len(values) - 10} more"
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


def _header(rows: list[list[str]], column: int) -> str:
    """The header of a 1-based column, or its letter when row 1 has none there."""
    text = rows[0][column - 1].strip() if rows and column <= len(rows[0]) else ""
    return text or get_column_letter(column)


def problems(markup: SheetMarkup, rows: list[list[str]], name: str) -> list[Problem]:
    """Problems about ``markup`` for the cells ``rows`` of the sheet that ``name`` labels.

    Formulas never calculated are errors (their cells read as blank); hidden rows and
    columns that hold data are warnings, since they are analysed like the others.

    >>> rows = [["id", "influence"], ["S1", ""], ["S2", "3"]]
    >>> found = problems(SheetMarkup(hidden_rows=(3,), uncalculated=((2, 2),)), rows, "r.xlsx")
    >>> [(p.row, p.column, p.severity) for p in found]
    [(2, 'influence', 'error'), (3, None, 'warning')]
    """
    found: list[Problem] = []
    if markup.uncalculated:
        (row, column), others = markup.uncalculated[0], len(markup.uncalculated) - 1
        cells = [f"{get_column_letter(c)}{r}" for r, c in markup.uncalculated]
        also = f" So do {others} other cell(s): {_numbers(cells[1:])}." if others else ""
        found.append(
            Problem(
                name,
                f"Row {row}, column '{_header(rows, column)}' (cell {cells[0]}) holds a formula "
                "Excel has not calculated yet, so it has no value to read (the file was "
                f"written by a program and never opened in Excel).{also}",
                "Open the file in Excel (or LibreOffice) and save it: that calculates the "
                "formulas and stores their values.",
                row=row,
                column=_header(rows, column),
            )
        )
    data_rows = [n for n in markup.hidden_rows if 1 < n <= len(rows) and any(rows[n - 1])]
    if data_rows:
        how = "by a filter" if markup.filtered else "in Excel"
        fix = (
            "Clear the filter (Data > Clear) to see them"
            if markup.filtered
            else "Unhide them (select the rows around them, right-click, Unhide)"
        )
        found.append(
            Problem(
                name,
                f"{'Rows' if len(data_rows) > 1 else 'Row'} "
                f"{_numbers([str(n) for n in data_rows])} "
                f"{'are' if len(data_rows) > 1 else 'is'} hidden {how} but "
                f"{'are' if len(data_rows) > 1 else 'is'} part of the analysis.",
                f"{fix}, and delete them if they should not count.",
                row=data_rows[0],
                severity="warning",
            )
        )
    width = max((len(r) for r in rows), default=0)
    data_columns = [
        c
        for c in markup.hidden_columns
        if c <= width and any(c <= len(r) and r[c - 1] for r in rows)
    ]
    if data_columns:
        names = [f"'{_header(rows, c)}' ({get_column_letter(c)})" for c in data_columns]
        plural = len(names) > 1
        found.append(
            Problem(
                name,
                f"{'Columns' if plural else 'Column'} {_numbers(names)} "
                f"{'are' if plural else 'is'} hidden in Excel but "
                f"{'are' if plural else 'is'} read like the others.",
                "Unhide them (select the columns around them, right-click, Unhide), and "
                "delete them if they should not count.",
                column=_header(rows, data_columns[0]),
                severity="warning",
            )
        )
    return found
