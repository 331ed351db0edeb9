"""Tests for workbench.stakeholders.cell_cleaning: invisible characters and ids saved as numbers.

The files are written the way real tools write them (the csv module; openpyxl for a
workbook) and read through the register, as `workbench check` reads them.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
from input_files import REL, SH, errors, load, read_rows, set_cell, write_rows

from workbench.stakeholders.cell_cleaning import clean_cells, invisible
from workbench.stakeholders.schemas import TABLES

HEADER = TABLES["stakeholders"].column_names


def warnings(problems):
    return [p for p in problems if p.severity == "warning"]


def test_a_byte_order_mark_inside_an_id_is_removed_and_reported(inputs):
    # A BOM in the middle of a file: two exports pasted together, or an id copied from one.
    set_cell(inputs / "stakeholders.csv", 4, "id", "\ufeffS3")
    tables, problems = load(inputs)
    assert errors(problems) == []  # S2 -> S3 in relationships still resolves
    assert tables["stakeholders"]["id"].tolist() == ["S1", "S2", "S3", "S4"]
    [warning] = warnings(problems)
    assert warning.location() == f"{SH}, row 4, column 'id'"
    assert "byte-order mark" in warning.message and "'S3'" in warning.message
    assert "Fix:" in str(warning)
    assert not any("Did you mean" in str(p) for p in problems)


def test_zero_width_characters_in_references_are_removed(inputs):
    set_cell(inputs / "relationships.csv", 2, "source", "S\u200b1")
    set_cell(inputs / "relationships.csv", 3, "target", "S3\u2060")
    tables, problems = load(inputs)
    assert errors(problems) == []
    assert tables["relationships"]["source"].tolist()[0] == "S1"
    found = {(p.file, p.row, p.column) for p in warnings(problems)}
    assert found == {(REL, 2, "source"), (REL, 3, "target")}
    assert "ZERO WIDTH SPACE" in str(next(p for p in problems if p.column == "source"))


def test_a_bom_glued_to_a_header_is_removed(inputs):
    # (A BOM at the very start of a file is the normal UTF-8 signature and says nothing.)
    rows = read_rows(inputs / "ratings.csv")
    rows[0][1] = "\ufeffstakeholder"
    write_rows(inputs / "ratings.csv", rows)
    tables, problems = load(inputs)
    assert errors(problems) == []
    assert tables["ratings"]["stakeholder"].tolist() == ["S1", "S1", "S4"]
    [warning] = warnings(problems)
    assert (warning.file, warning.row, warning.column) == ("inputs/ratings.csv", 1, "stakeholder")


def test_joiners_in_names_are_kept_but_a_bom_is_not():
    # U+200C (zero-width non-joiner) is part of correct Persian spelling: not an id, kept.
    raw = pd.DataFrame({"id": ["S1"], "name": ["\ufeffمی\u200cخواهم"]})
    cleaned, found = clean_cells(raw, "stakeholders", SH)
    assert cleaned.loc[0, "name"] == "می\u200cخواهم"
    assert len(found) == 1 and found[0].column == "name"
    assert invisible("S\u200c1") and not invisible("a\u200cb", id_column=False)


def test_ids_saved_as_decimals_are_the_whole_number_ids(inputs):
    # A script that stored the ids as numbers (pandas with a blank cell does this): 1.0, 2.0 ...
    people = read_rows(inputs / "stakeholders.csv")
    for number, row in enumerate(people[1:], start=1):
        row[0] = f"{number}.0"
    write_rows(inputs / "stakeholders.csv", people)
    ties = read_rows(inputs / "relationships.csv")
    renumber = {"S1": "1", "S2": "2", "S3": "3.0", "S4": "4.0"}
    for row in ties[1:]:
        row[0], row[1] = renumber[row[0]], renumber[row[1]]
    write_rows(inputs / "relationships.csv", ties)
    ratings = read_rows(inputs / "ratings.csv")
    for row in ratings[1:]:
        row[1] = renumber[row[1]]
    write_rows(inputs / "ratings.csv", ratings)

    tables, problems = load(inputs)
    assert errors(problems) == []
    assert tables["stakeholders"]["id"].tolist() == ["1", "2", "3", "4"]
    assert tables["relationships"]["target"].tolist() == ["2", "3", "1"]
    # One warning per column, never one per cell.
    assert sorted((p.file, p.column) for p in warnings(problems)) == [
        ("inputs/ratings.csv", "stakeholder"),
        (REL, "source"),
        (REL, "target"),
        (SH, "id"),
    ]
    register = next(p for p in problems if p.file == SH)
    assert register.row == 2 and "'1.0'" in register.message and "'1'" in register.message
    assert "3 more cells" in register.message and "Fix:" in str(register)


def test_hundreds_of_decimal_ids_give_one_warning_and_no_error(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    people = [HEADER] + [
        [f"{i}.0", f"Person {i}", "Team", "team member", "true", "3.0", "4", "0", "false",
         "true", "false", "", "monthly"]
        for i in range(1, 664)
    ]  # fmt: skip
    ties = [["source", "target", "kind", "strength", "sentiment"]] + [
        [f"{i}.0", f"{i + 1}.0", "works with", "3", "1"] for i in range(1, 663)
    ]
    write_rows(folder / "stakeholders.csv", people)
    write_rows(folder / "relationships.csv", ties)
    tables, problems = load(folder)
    assert errors(problems) == []
    assert len(warnings(problems)) == 3  # id, source, target: one each
    assert tables["stakeholders"]["influence"].tolist()[:2] == [3, 3]  # "3.0" is the number 3


def test_an_xlsx_register_with_numeric_ids_needs_no_cleaning(tmp_path):
    # openpyxl stores the ids as numbers, as Excel does when a column is not formatted as text.
    folder = tmp_path / "inputs"
    folder.mkdir()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "stakeholders"
    sheet.append(HEADER)
    sheet.append([1, "Ann", "Team", "manager", False, 3, 4, 0, False, True, False, "", "monthly"])
    sheet.append([2, "Bob", "Team", "manager", False, 3, 4, 0, False, True, False, "", "monthly"])
    ties = workbook.create_sheet("relationships")
    ties.append(["source", "target", "kind", "strength", "sentiment"])
    ties.append([1.0, 2.0, "works with", 3, 1])
    workbook.save(folder / "register.xlsx")
    tables, problems = load(folder, "xlsx")
    assert errors(problems) == [] and warnings(problems) == []
    assert tables["relationships"][["source", "target"]].values.tolist() == [["1", "2"]]
