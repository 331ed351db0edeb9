"""Tests for workbench.core.sheet_markup, through real workbooks written by openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from input_files import DATA, TABLE_NAMES, errors, load, only, read_rows

from workbench.core import sheet_markup
from workbench.core import tables as io
from workbench.core.errors import InputError

FILE = "inputs/register.xlsx [stakeholders]"


@pytest.fixture
def workbook(inputs: Path) -> tuple[Path, openpyxl.Workbook]:
    """inputs/register.xlsx holding the fixture tables, still open for changes."""
    for table in TABLE_NAMES:
        (inputs / f"{table}.csv").unlink()
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in ("stakeholders", "relationships"):
        sheet = book.create_sheet(table)
        for row in read_rows(DATA / f"io_{table}.csv"):
            sheet.append([int(c) if c.lstrip("-").isdigit() else c for c in row])
    return inputs, book


def test_a_formula_excel_never_calculated_is_an_error_not_a_blank(workbook):
    inputs, book = workbook
    sheet = book["stakeholders"]
    sheet["F3"] = "=F2-1"  # influence of S2: openpyxl stores the formula without a value
    sheet["G4"] = "=G2"
    book.save(inputs / "register.xlsx")
    _, problems = load(inputs, "xlsx")
    problem = only(errors(problems), file=FILE)
    assert (problem.row, problem.column) == (3, "influence")
    assert "Row 3, column 'influence' (cell F3) holds a formula Excel has not calculated" in (
        problem.message
    )
    assert "So do 1 other cell(s): G4." in problem.message
    assert "Fix: Open the file in Excel (or LibreOffice) and save it" in str(problem)


def test_a_formula_with_a_stored_value_reads_as_that_value(tmp_path):
    xml = b'<sheetData><row r="2"><c r="B2"><f>1+2</f><v>3</v></c></row></sheetData>'
    assert sheet_markup.scan(xml).uncalculated == ()


def test_hidden_rows_are_analysed_but_listed_in_a_warning(workbook):
    inputs, book = workbook
    for row in (3, 5):
        book["stakeholders"].row_dimensions[row].hidden = True
    book["stakeholders"].row_dimensions[40].hidden = True  # hidden but blank: not reported
    book.save(inputs / "register.xlsx")
    tables, problems = load(inputs, "xlsx")
    assert errors(problems) == []
    assert len(tables["stakeholders"]) == 4  # the hidden rows still count
    warning = only(problems, file=FILE)
    assert (warning.row, warning.severity) == (3, "warning")
    assert warning.message == "Rows 3 and 5 are hidden in Excel but are part of the analysis."
    assert "Fix: Unhide them" in str(warning)
    assert "delete them if they should not count" in warning.fix


def test_rows_filtered_out_are_named_as_hidden_by_a_filter(workbook):
    inputs, book = workbook
    sheet = book["relationships"]
    sheet.auto_filter.ref = "A1:E4"
    sheet.row_dimensions[4].hidden = True  # what Excel stores for a row a filter hides
    book.save(inputs / "register.xlsx")
    _, problems = load(inputs, "xlsx")
    warning = only(problems, file="inputs/register.xlsx [relationships]")
    assert warning.row == 4
    assert warning.message == "Row 4 is hidden by a filter but is part of the analysis."
    assert "Fix: Clear the filter" in str(warning)


def test_hidden_columns_are_named_by_header_and_letter(workbook):
    inputs, book = workbook
    book["stakeholders"].column_dimensions["L"].hidden = True  # owner
    book.save(inputs / "register.xlsx")
    _, problems = load(inputs, "xlsx")
    warning = only(problems, file=FILE)
    assert warning.column == "owner"
    assert "Column 'owner' (L) is hidden in Excel but is read like the others." in str(warning)
    assert "Fix: Unhide them" in str(warning)


def test_read_table_alone_raises_for_uncalculated_formulas(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["id", "score"])
    book.active.append(["S1", "=1+1"])
    book.save(tmp_path / "t.xlsx")
    with pytest.raises(InputError, match="formula Excel has not calculated yet"):
        io.read_table(tmp_path / "t.xlsx", label="t.xlsx")


def test_prefixed_markup_from_the_open_xml_sdk_is_read():
    xml = b'<x:row r="7" hidden="1"><x:c r="C7"><x:f>A7</x:f></x:c></x:row>'
    markup = sheet_markup.scan(xml)
    assert markup.hidden_rows == (7,)
    assert markup.uncalculated == ((7, 3),)
