"""The register as a workbook spoiled: inputs/register.xlsx written by openpyxl, then broken.

Each case starts from the demo with its CSV register turned into register.xlsx (sheets
stakeholders, relationships, ratings); rows are spreadsheet rows (header = row 1).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl

from bad_input_cases import ACCEPT, EITHER, WARN, Case
from bad_input_cases import edit as e

X = "register xlsx"


def _hide_rows(book: openpyxl.Workbook) -> None:
    for row in (5, 6):
        book["stakeholders"].row_dimensions[row].hidden = True


def _ids_as_numbers(book: openpyxl.Workbook) -> None:
    for table, columns in (("stakeholders", ["id"]), ("relationships", ["source", "target"]),
                           ("ratings", ["stakeholder"])):  # fmt: skip
        sheet = book[table]
        for column in columns:
            at = e.column_letter(sheet, column)
            for row in range(2, sheet.max_row + 1):
                cell = sheet.cell(row=row, column=at)
                cell.value = float(int(str(cell.value)[1:]))


def _merged_header(book: openpyxl.Workbook) -> None:
    book["stakeholders"].merge_cells("F1:G1")


def _title_above(book: openpyxl.Workbook) -> None:
    book["stakeholders"].insert_rows(1)
    book["stakeholders"]["A1"] = "Stakeholder register (confidential)"


def _formatted_empty_rows(book: openpyxl.Workbook) -> None:
    sheet = book["stakeholders"]
    for row in range(80, 1001):
        sheet.cell(row=row, column=1).number_format = "@"
    sheet.cell(row=1000, column=13, value="")


def _order(book: openpyxl.Workbook) -> None:
    book.move_sheet("relationships", offset=-1)
    book.create_sheet("notes")["A1"] = "Checked with Priya on 2026-06-01"


def _truncate(root: Path) -> None:
    data = (root / e.XLSX).read_bytes()
    (root / e.XLSX).write_bytes(data[: len(data) // 2])


def _csv_in_xlsx(root: Path) -> None:
    (root / e.XLSX).write_text("id,name\nS001,Dana\n", encoding="utf-8")


def _zip_not_workbook(root: Path) -> None:
    with zipfile.ZipFile(root / e.XLSX, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")


def _drop_xlsx(root: Path) -> None:
    (root / e.XLSX).unlink()
    for table in e.TABLES:  # the CSVs are still there, as after a half-finished switch
        (root / "inputs" / f"{table}.csv").write_text("id\n", encoding="utf-8")


def _hidden_column(book: openpyxl.Workbook) -> None:
    book["stakeholders"].column_dimensions["F"].hidden = True


def _rename_sheet(name: str):
    def change(book: openpyxl.Workbook) -> None:
        book["stakeholders"].title = name

    return change


def _drop_sheet(book: openpyxl.Workbook) -> None:
    del book["relationships"]


def _header(book: openpyxl.Workbook, old: str, new: str) -> None:
    sheet = book["stakeholders"]
    sheet.cell(row=1, column=e.column_letter(sheet, old), value=new)


RX = e.XLSX
CASES = [
    Case(X, "sheet missing", e.edit_book(_drop_sheet), RX, ("relationships",), base="xlsx"),
    Case(
        X,
        "sheet name with capital and space",
        e.edit_book(_rename_sheet("Stakeholders ")),
        RX,
        ("stakeholders",),
        EITHER,
        base="xlsx",
    ),  # noqa: E501
    Case(
        X, "sheet renamed", e.edit_book(_rename_sheet("Sheet1")), RX, ("stakeholders",), base="xlsx"
    ),  # noqa: E501
    Case(
        X,
        "ids as numbers",
        e.edit_book(_ids_as_numbers),
        RX,
        ("id|source|stakeholder",),
        EITHER,
        base="xlsx",
    ),  # noqa: E501
    Case(X, "hidden rows", e.edit_book(_hide_rows), RX, ("row 5|row 6|hidden",), WARN, base="xlsx"),  # noqa: E501
    Case(
        X,
        "formula without cached value",
        e.set_xlsx("stakeholders", 5, "influence", "=2+2"),
        RX,
        ("row 5", "influence"),
        base="xlsx",
    ),  # noqa: E501
    Case(
        X,
        "formula text in a name",
        e.set_xlsx("stakeholders", 6, "name", '=CONCAT("Farah", " N")'),
        RX,
        ("row 6", "name"),
        base="xlsx",
    ),  # noqa: E501
    Case(
        X,
        "date in a rating",
        e.set_xlsx("stakeholders", 6, "influence", dt.datetime(2026, 4, 3)),
        RX,
        ("row 6", "influence"),
        base="xlsx",
    ),  # noqa: E501
    Case(
        X,
        "error value #N/A",
        e.set_xlsx("stakeholders", 7, "interest", "#N/A"),
        RX,
        ("row 7", "interest"),
        base="xlsx",
    ),  # noqa: E501
    Case(
        X,
        "rating 4.0 as a float",
        e.set_xlsx("stakeholders", 7, "interest", 4.0),
        RX,
        (),
        ACCEPT,
        base="xlsx",
    ),  # noqa: E501
    Case(
        X,
        "rating 2.5",
        e.set_xlsx("stakeholders", 7, "interest", 2.5),
        RX,
        ("row 7", "interest"),
        EITHER,
        base="xlsx",
    ),  # noqa: E501
    Case(
        X,
        "merged header cells",
        e.edit_book(_merged_header),
        RX,
        ("interest|attitude|column",),
        base="xlsx",
    ),  # noqa: E501
    Case(X, "title row above header", e.edit_book(_title_above), RX, ("row 1|row 2",), base="xlsx"),  # noqa: E501
    Case(
        X,
        "32,000-character cell",
        e.set_xlsx("stakeholders", 5, "owner", "y" * 32000),
        RX,
        ("row 5", "owner"),
        EITHER,
        base="xlsx",
    ),  # noqa: E501
    Case(
        X,
        "formatted empty rows to 1000",
        e.edit_book(_formatted_empty_rows),
        RX,
        (),
        ACCEPT,
        base="xlsx",
    ),  # noqa: E501
    Case(X, "sheets reordered, notes sheet", e.edit_book(_order), RX, (), ACCEPT, base="xlsx"),
    Case(
        X,
        "header with spaces",
        e.edit_book(lambda b: _header(b, "name", " name ")),
        RX,
        ("name",),
        EITHER,
        base="xlsx",
    ),  # noqa: E501
    Case(
        X,
        "duplicate id",
        e.set_xlsx("stakeholders", 9, "id", "S002"),
        RX,
        ("S002", "row 9"),
        base="xlsx",
    ),  # noqa: E501
    Case(
        X,
        "tie to unknown stakeholder",
        e.set_xlsx("relationships", 4, "source", "S404"),
        RX,
        ("row 4", "S404"),
        base="xlsx",
    ),  # noqa: E501
    Case(X, "empty file", e.write_bytes(RX, b""), RX, ("empty",), base="xlsx"),
    Case(X, "PDF named .xlsx", e.write_bytes(RX, e.PDF_BYTES), RX, ("PDF",), base="xlsx"),
    Case(X, "CSV named .xlsx", _csv_in_xlsx, RX, base="xlsx"),
    Case(X, "truncated download", _truncate, RX, base="xlsx"),
    Case(
        X,
        "password-protected or .xls",
        e.write_bytes(RX, e.OLE_BYTES + e.noise(2048)),
        RX,
        base="xlsx",
    ),  # noqa: E501
    Case(X, "register.xlsx missing", _drop_xlsx, RX, base="xlsx"),
]
