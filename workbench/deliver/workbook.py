"""Excel workbooks a client receives (results.xlsx and the like): styled, labelled, safe to open.

:func:`workbook_bytes` writes one worksheet per :class:`Sheet` (or plain frame) with
openpyxl. Each data sheet is an Excel table (banded rows, a filter button on every header),
its header row is bold on a dark fill and frozen, long text wraps, numbers carry a real Excel
number format, and an optional :class:`~workbench.deliver.cover.Cover` becomes a first sheet,
"About", that says whose results these are, when they were written and what every sheet
holds. The file's author is "Relationship Workbench".

What goes into each cell (inert text, numbers in the format of their kind, blanks for missing
values) is :mod:`workbench.deliver.cells`; the "About" sheet is :mod:`workbench.deliver.cover`.
This module names the sheets and their tables, lays out the data sheets and writes the file.
It re-exports :func:`~workbench.deliver.cells.neutralise`,
:func:`~workbench.deliver.cells.neutralise_frame` and :class:`~workbench.deliver.cover.Cover`
(see ``__all__``), so callers keep importing them from here.

Formats (:attr:`Sheet.formats`) are the kinds of :mod:`workbench.present.tables`; a column
without one is inferred the same way (:func:`~workbench.present.tables.infer_format`).

A frame with no rows still gets its sheet: the styled header row, no Excel table (Excel
needs at least one data row in a table) and a note under it saying that there are no rows.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from workbench.deliver.cells import (
    FORMULA_PREFIXES,
    KINDS,
    LINE_HEIGHT,
    NUMBER_FORMATS,
    WRAPPED,
    cell_value,
    line_count,
    neutralise,
    neutralise_frame,
    safe_text,
)
from workbench.deliver.cover import COVER_SHEET, Cover, write_cover
from workbench.present.tables import FORMATTERS, format_value, infer_format

__all__ = [
    "EMPTY_NOTE",
    "FORMULA_PREFIXES",
    "KINDS",
    "MIN_WIDTH",
    "NUMBER_FORMATS",
    "TABLE_STYLE",
    "WRAP_WIDTH",
    "Cover",
    "Sheet",
    "cell_value",
    "neutralise",
    "neutralise_frame",
    "safe_text",
    "sheet_names",
    "table_name",
    "workbook_bytes",
]

AUTHOR = "Relationship Workbench"
TABLE_STYLE = "TableStyleMedium2"
EMPTY_NOTE = "No rows for this run."
WRAP_WIDTH = 50  # a text column with longer cells is this wide and wraps
MIN_WIDTH, MAX_WIDTH = 8, 60
MEASURED_ROWS = 200  # column widths look at this many rows

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
TOP = Alignment(vertical="top")
NOTE_FONT = Font(italic=True, color="5B6573")

_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\\x00-\x1f]+")
_RESERVED_SHEETS = {"history"}  # Excel keeps this name for change tracking
_APP_NAME = re.compile(rb"<Application>.*?</Application>", re.S)
_APP_VERSION = re.compile(rb"<AppVersion>.*?</AppVersion>", re.S)


@dataclass(frozen=True, eq=False)  # a frame has no single truth value to compare
class Sheet:
    """One data sheet: a frame, what the client reads about it and how its columns show.

    Parameters
    ----------
    frame
        The data, one row per row of the sheet; its index is not written.
    title
        The sheet's name as the client reads it (the tab shows its first 31 characters,
        without characters Excel forbids). Empty: the sheet's key in the workbook mapping.
    description
        One sentence on what the sheet holds, listed on the cover.
    labels
        ``{column: header}``; columns without an entry keep their name. Entries for columns
        the frame does not have are ignored, so one mapping can serve several sheets.
    formats
        ``{column: kind}`` with a kind of :data:`~workbench.deliver.cells.KINDS`; columns
        without one are inferred.

    Examples
    --------
    >>> sheet = Sheet(pd.DataFrame({"pct": [0.5]}), "Scores", labels={"pct": "Favourable"},
    ...               formats={"pct": "share"})
    >>> sheet.headers(), sheet.kinds()
    (['Favourable'], ['share'])
    """

    frame: pd.DataFrame
    title: str = ""
    description: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)
    formats: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = {c: k for c, k in self.formats.items() if k not in FORMATTERS}
        if unknown:
            raise ValueError(f"Sheet {self.title!r}: unknown formats {unknown}; use one of {KINDS}")

    def headers(self) -> list[str]:
        """The header of each column, in order: labelled, inert, unique, never empty."""
        headers: list[str] = []
        seen: set[str] = set()
        for number, column in enumerate(self.frame.columns, start=1):
            label = " ".join(str(self.labels.get(column, column)).split())
            base = safe_text(label) or f"Column {number}"
            header, n = base, 2
            while header.lower() in seen:
                header, n = f"{base} ({n})", n + 1
            seen.add(header.lower())
            headers.append(header)
        return headers

    def kinds(self) -> list[str]:
        """The format kind of each column, in order."""
        return [
            self.formats.get(column) or infer_format(self.frame.iloc[:, i])
            for i, column in enumerate(self.frame.columns)
        ]


def sheet_names(titles: Sequence[str], taken: Sequence[str] = ()) -> list[str]:
    """A valid, unique Excel sheet name (31 characters at most) for each title, in order.

    Characters Excel forbids in a name (``[]:*?/\\``) become spaces, a name never starts or
    ends with a quote, and names already ``taken`` (compared as Excel does, ignoring case)
    get a number.

    Examples
    --------
    >>> sheet_names(["Customers: EU", "customers  EU", "", "History"], taken=["About"])
    ['Customers EU', 'customers EU (2)', 'Sheet', 'History (sheet)']
    """
    used = {t.lower() for t in taken}
    names = []
    for title in titles:
        base = " ".join(_SHEET_UNSAFE.sub(" ", str(title)).split())[:31].strip(" '") or "Sheet"
        if base.lower() in _RESERVED_SHEETS:
            base = f"{base} (sheet)"
        name, n = base, 2
        while name.lower() in used:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)].rstrip(" '") + suffix, n + 1
        used.add(name.lower())
        names.append(name)
    return names


def table_name(sheet_name: str, taken: set[str]) -> str:
    """A valid, unique Excel table name for a sheet; adds it to ``taken`` (lower case).

    Table names take letters, digits and underscores only and must not look like a cell
    reference, so the name is the sheet's name in plain ASCII after ``T_``.

    Examples
    --------
    >>> taken = set()
    >>> table_name("Réseau: <img src=x>", taken), table_name("Réseau  img src x", taken)
    ('T_Reseau_img_src_x', 'T_Reseau_img_src_x_2')
    """
    ascii_name = unicodedata.normalize("NFKD", sheet_name).encode("ascii", "ignore").decode()
    base = "T_" + (re.sub(r"[^A-Za-z0-9]+", "_", ascii_name).strip("_")[:60] or "sheet")
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name.lower())
    return name


def _shown_length(value: object, kind: str) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return max(map(len, value.splitlines() or [""]))
    shown_kind = "share" if kind == "percent" else kind  # the cell already holds the share
    return len(format_value(value, shown_kind)) if shown_kind in NUMBER_FORMATS else 8


def _write_header(ws: Worksheet, headers: list[str]) -> None:
    for number, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=number, value=header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _write_column(
    ws: Worksheet, number: int, values: list, number_format: str | None, alignment: Alignment
) -> None:
    """One data column; cells share their style, copied the way openpyxl copies sheets."""
    styles: dict[bool, StyleArray] = {}
    for row, value in enumerate(values, start=2):
        cell = ws.cell(row=row, column=number, value=value)
        numeric = number_format is not None and not isinstance(value, str)
        if numeric in styles:
            cell._style = copy(styles[numeric])  # no style lookup per cell: much faster
            continue
        cell.alignment = alignment
        if numeric:
            cell.number_format = number_format
        styles[numeric] = cell._style


def _write_sheet(ws: Worksheet, sheet: Sheet, tables: set[str]) -> None:
    frame = sheet.frame
    headers, kinds = sheet.headers(), sheet.kinds()
    _write_header(ws, headers)
    if frame.empty:
        ws.cell(row=2 if headers else 1, column=1, value=EMPTY_NOTE).font = NOTE_FONT
        for number, header in enumerate(headers, start=1):
            width = min(max(len(header) + 4, MIN_WIDTH), MAX_WIDTH)
            ws.column_dimensions[get_column_letter(number)].width = width
        ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width, len(EMPTY_NOTE))
        return
    columns = [[cell_value(v, kind) for v in frame.iloc[:, i]] for i, kind in enumerate(kinds)]
    widths, wrapped = [], []
    for header, kind, values in zip(headers, kinds, columns, strict=True):
        content = max((_shown_length(v, kind) for v in values[:MEASURED_ROWS]), default=0)
        wraps = kind == "text" and content > WRAP_WIDTH
        header_need = max(min(len(header), 24), max(map(len, header.split()))) + 3
        widths.append(
            WRAP_WIDTH if wraps else min(max(content + 2, header_need, MIN_WIDTH), MAX_WIDTH)
        )
        wrapped.append(wraps)
    for number, (kind, values, wraps) in enumerate(zip(kinds, columns, wrapped, strict=True), 1):
        _write_column(ws, number, values, NUMBER_FORMATS.get(kind), WRAPPED if wraps else TOP)
    for number, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(number)].width = width
    header_lines = max(line_count(h, w - 3) for h, w in zip(headers, widths, strict=True))
    if header_lines > 1:
        ws.row_dimensions[1].height = LINE_HEIGHT * header_lines
    long_columns = [
        (values, width)
        for values, width, wraps in zip(columns, widths, wrapped, strict=True)
        if wraps
    ]
    for row in range(len(frame)):
        lines = max(
            (line_count(values[row], width) for values, width in long_columns if values[row]),
            default=1,
        )
        if lines > 1:
            ws.row_dimensions[row + 2].height = min(LINE_HEIGHT * lines, 409)
    ref = f"A1:{get_column_letter(len(headers))}{len(frame) + 1}"
    table = Table(displayName=table_name(ws.title, tables), ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    ws.add_table(table)


def _about(name: str, sheet: Sheet) -> str:
    """What the cover says about a sheet; a title the tab had to shorten is given in full."""
    if sheet.title and sheet.title != name:
        return f"{sheet.title}. {sheet.description}".strip()
    return sheet.description


def _rebrand(data: bytes) -> bytes:
    """The saved file with this product, not the writing library, as its application."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/app.xml":
                content = _APP_VERSION.sub(b"", content)
                content = _APP_NAME.sub(f"<Application>{AUTHOR}</Application>".encode(), content)
            target.writestr(item, content)
    return out.getvalue()


def workbook_bytes(sheets: Mapping[str, Sheet | pd.DataFrame], cover: Cover | None = None) -> bytes:
    """An .xlsx workbook: an optional cover, then one styled, filterable sheet per entry.

    Parameters
    ----------
    sheets
        ``{key: Sheet}``, in the order the sheets appear. A plain DataFrame is a sheet named
        by its key, headers as the columns are named and inferred formats.
    cover
        When given, the first sheet, "About": client, engagement, run, date, the sheets
        with their descriptions, the terms and the anonymity note.

    Returns
    -------
    bytes
        The workbook, every text cell neutralised against formula injection.

    Examples
    --------
    >>> import openpyxl
    >>> frame = pd.DataFrame({"group": ["=cmd"], "pct": [0.53]})
    >>> data = workbook_bytes({"scores": Sheet(frame, "Scores", formats={"pct": "share"})})
    >>> ws = openpyxl.load_workbook(io.BytesIO(data))["Scores"]
    >>> ws["A2"].value, ws["B2"].value, ws["B2"].number_format, list(ws.tables)
    ("'=cmd", 0.53, '0%', ['T_Scores'])
    """
    entries = [
        item if isinstance(item, Sheet) else Sheet(item, title=str(key))
        for key, item in sheets.items()
    ]
    taken = [COVER_SHEET] if cover else []
    names = sheet_names(
        [entry.title or key for entry, key in zip(entries, sheets, strict=True)], taken
    )
    book = Workbook()
    book.remove(book.active)
    cover_sheet = book.create_sheet(COVER_SHEET) if cover else None
    tables: set[str] = set()
    for name, entry in zip(names, entries, strict=True):
        _write_sheet(book.create_sheet(name), entry, tables)
    if cover_sheet is not None and cover is not None:
        contents = [(name, _about(name, entry)) for name, entry in zip(names, entries, strict=True)]
        write_cover(cover_sheet, cover, contents)
        book.properties.title = safe_text(cover.title)
        book.properties.subject = safe_text(cover.client)
    if not book.worksheets:
        book.create_sheet("Sheet").cell(row=1, column=1, value=EMPTY_NOTE)
    book.properties.creator = AUTHOR
    book.properties.lastModifiedBy = AUTHOR
    buffer = io.BytesIO()
    book.save(buffer)
    return _rebrand(buffer.getvalue())
