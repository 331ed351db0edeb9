"""The cover of a client's Excel workbook: the first sheet, "About".

A :class:`Cover` holds what the reader is told about the workbook; :func:`write_cover`
writes it onto the "About" sheet: the client and the engagement's title, the run the
figures come from and the day the workbook was written, what each sheet holds (each sheet's
name links to that sheet), the terms the headers use and, when set, the anonymity note.
Every text the cover is given is neutralised (:func:`~workbench.deliver.cells.safe_text`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from workbench.deliver.cells import LINE_HEIGHT, WRAPPED, line_count, safe_text

COVER_SHEET = "About"
COVER_WIDTHS = (28, 80)  # the cover's two columns: sheet or term, then what it holds or means


@dataclass(frozen=True)
class Cover:
    """What the first sheet, "About", tells the reader about the workbook.

    Parameters
    ----------
    client, title
        The client's name and the engagement's title.
    run
        The name of the run the figures come from (its folder name).
    date
        The day the workbook was written.
    terms
        ``(term, definition)`` pairs explained on the cover.
    min_group_size
        When set, the cover says that groups smaller than this are left out for anonymity.

    Examples
    --------
    >>> Cover("Acme", "Relationship review", "2026-11-22T101500", dt.date(2026, 11, 22)).run
    '2026-11-22T101500'
    """

    client: str
    title: str
    run: str
    date: dt.date
    terms: Sequence[tuple[str, str]] = ()
    min_group_size: int | None = None


def _cover_rows(ws: Worksheet, heading: str, rows: Sequence[tuple[str, str]]) -> None:
    ws.append([])
    ws.append([heading])
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=13)
    for term, meaning in rows:
        ws.append([safe_text(term), safe_text(meaning)])
        ws.cell(ws.max_row, 1).alignment = WRAPPED
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        ws.cell(ws.max_row, 2).alignment = WRAPPED
        lines = max(
            line_count(str(term), COVER_WIDTHS[0]), line_count(str(meaning), COVER_WIDTHS[1])
        )
        if lines > 1:  # Excel and LibreOffice do not grow rows of wrapped text on opening
            ws.row_dimensions[ws.max_row].height = LINE_HEIGHT * lines


def write_cover(ws: Worksheet, cover: Cover, contents: Sequence[tuple[str, str]]) -> None:
    """Write ``cover`` onto the empty worksheet ``ws``.

    Parameters
    ----------
    ws
        The empty sheet the cover goes on (the workbook's first, named :data:`COVER_SHEET`).
    cover
        What the cover says.
    contents
        ``(sheet name, what it holds)`` for each data sheet, in order; each name links to
        cell A1 of the sheet of that name.

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> write_cover(ws, Cover("=Acme", "Review", "run-1", dt.date(2026, 11, 22)),
    ...             [("Scores", "Scores per group.")])
    >>> ws["A1"].value, ws["B4"].value, ws["A8"].value, ws["A8"].hyperlink.location
    ("'=Acme", 'run-1', 'Scores', "'Scores'!A1")
    """
    ws.sheet_view.showGridLines = False
    ws.append([safe_text(cover.client)])
    ws["A1"].font = Font(bold=True, size=18, color="1F4E79")
    ws.append([safe_text(cover.title)])
    ws["A2"].font = Font(size=14)
    ws.append([])
    ws.append(["Run", safe_text(cover.run)])
    ws.append(["Written on", cover.date])
    ws["B5"].number_format = "d mmmm yyyy"
    ws["B5"].alignment = Alignment(horizontal="left")
    for row in (4, 5):
        ws.cell(row, 1).font = Font(bold=True)
    first = ws.max_row + 3
    _cover_rows(ws, "What each sheet holds", contents)
    for row, (name, _) in enumerate(contents, start=first):
        cell = ws.cell(row, 1)
        quoted = name.replace("'", "''")
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{quoted}'!A1")
        cell.font = Font(bold=True, color="1F4E79", underline="single")
    if cover.terms:
        _cover_rows(ws, "Terms used", cover.terms)
    if cover.min_group_size:
        ws.append([])
        ws.append(
            [
                "Anonymity",
                f"To protect anonymity, results for groups of fewer than {cover.min_group_size} "
                "people are not reported: those cells are left blank.",
            ]
        )
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        ws.cell(ws.max_row, 2).alignment = WRAPPED
        ws.row_dimensions[ws.max_row].height = LINE_HEIGHT * 2
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = COVER_WIDTHS
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
