"""Tests for workbench.stakeholders.register_template.

The XLSX/CSV register a new engagement starts from.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.tables import read_table, sheet_names
from workbench.core.vocabularies import DEFAULT, Vocabularies
from workbench.stakeholders import register
from workbench.stakeholders.register_template import (
    EXAMPLE_ROWS,
    LAST_ROW,
    build_workbook,
    write_input_template,
)
from workbench.stakeholders.schemas import CADENCES, RELATIONSHIP_KINDS, STAKEHOLDER_KINDS, TABLES
from workbench.stakeholders.validation import validate


@pytest.fixture
def template(tmp_path: Path) -> Path:
    folder = tmp_path / "engagement" / "inputs"
    write_input_template(folder)
    return folder


def validations(sheet) -> dict[str, object]:
    """Data validations by the header of the column they cover."""
    headers = [c.value for c in sheet[1]]
    found = {}
    for rule in sheet.data_validations.dataValidation:
        for cell_range in rule.sqref.ranges:
            found[headers[cell_range.min_col - 1]] = (rule, cell_range)
    return found


def test_writes_workbook_and_csv_files(tmp_path):
    written = write_input_template(tmp_path / "new" / "inputs")
    assert [p.name for p in written] == [
        "register.xlsx",
        "stakeholders.csv",
        "relationships.csv",
        "ratings.csv",
    ]
    assert all(p.is_file() and p.stat().st_size > 0 for p in written)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_round_trip_has_no_problems(template, fmt):
    tables, problems = register.load_tables(template, fmt)
    assert problems == []
    assert tables["stakeholders"]["id"].tolist() == ["S1", "S2"]
    assert tables["stakeholders"]["influence"].dtype == "int64"
    assert tables["stakeholders"]["internal"].tolist() == [False, True]
    relationship = tables["relationships"].iloc[0]
    assert (relationship["source"], relationship["target"]) == ("S1", "S2")
    assert len(tables["ratings"]) == 1


def test_readme_sheet_comes_first_and_explains_everything(template):
    workbook = openpyxl.load_workbook(template / "register.xlsx")
    assert workbook.sheetnames == ["readme", "stakeholders", "relationships", "ratings"]
    text = "\n".join(
        str(cell) for row in workbook["readme"].iter_rows(values_only=True) for cell in row if cell
    )
    assert "Where to save" in text
    assert "inputs/register.xlsx" in text and 'format = "xlsx"' in text
    assert "inputs/stakeholders.csv" in text
    for table in TABLES.values():
        assert f"Sheet '{table.name}'" in text
        for column in table.columns:
            assert column.description in text
    assert ", ".join(CADENCES) in text
    assert "Sheet 'ratings' (optional)" in text


def test_sheets_have_styled_frozen_headers_and_examples(template):
    workbook = openpyxl.load_workbook(template / "register.xlsx")
    for table in TABLES.values():
        sheet = workbook[table.name]
        assert [c.value for c in sheet[1]] == table.column_names
        assert sheet.freeze_panes == "A2"
        assert all(c.font.bold for c in sheet[1])
        assert sheet["A1"].fill.fgColor.rgb.endswith("1F4E79")
        assert sheet.column_dimensions["A"].width >= 10
        assert sheet.max_row == 1 + len(EXAMPLE_ROWS[table.name])
    people = workbook["stakeholders"]
    assert [people["A2"].value, people["A3"].value] == ["S1", "S2"]
    assert people["F2"].value == 4  # a number, so Excel's whole-number rule accepts it


def test_dropdowns_and_ranges_exist(template):
    workbook = openpyxl.load_workbook(template / "register.xlsx")
    people = validations(workbook["stakeholders"])
    kind, cells = people["kind"]
    assert kind.type == "list"
    assert kind.formula1 == '"' + ",".join(STAKEHOLDER_KINDS) + '"'
    assert (cells.min_row, cells.max_row) == (2, LAST_ROW)
    assert people["cadence"][0].formula1 == '"weekly,monthly,quarterly,annually,ad hoc"'
    for flag in ("internal", "power", "legitimacy", "urgency"):
        assert people[flag][0].type == "list"
        assert people[flag][0].formula1 == '"true,false"'
    influence = people["influence"][0]
    assert (influence.type, influence.operator) == ("whole", "between")
    assert (influence.formula1, influence.formula2) == ("1", "5")
    attitude = people["attitude"][0]
    assert (attitude.formula1, attitude.formula2) == ("-2", "2")
    assert attitude.showErrorMessage and "from -2 to 2" in attitude.error
    assert people["id"][0].type == "custom" and "COUNTIF" in people["id"][0].formula1

    ties = validations(workbook["relationships"])
    assert ties["kind"][0].formula1 == '"' + ",".join(RELATIONSHIP_KINDS) + '"'
    assert (ties["sentiment"][0].formula1, ties["sentiment"][0].formula2) == ("-2", "2")
    assert (ties["strength"][0].formula1, ties["strength"][0].formula2) == ("1", "5")
    ratings = validations(workbook["ratings"])
    assert (ratings["interest"][0].formula1, ratings["interest"][0].formula2) == ("1", "5")


def test_inline_lists_fit_excels_limit():
    workbook = build_workbook()
    for sheet in workbook.worksheets[1:]:
        for rule in sheet.data_validations.dataValidation:
            if rule.type == "list":
                assert len(rule.formula1) - 2 <= 255


def test_csv_files_match_the_examples(template):
    text = (template / "relationships.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines() == ["source,target,kind,strength,sentiment", "S1,S2,works with,3,1"]


def test_refuses_to_overwrite(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "ratings.csv").write_text("keep me", encoding="utf-8")
    with pytest.raises(WorkbenchError) as caught:
        write_input_template(folder)
    message = str(caught.value)
    assert str(folder / "ratings.csv") in message
    assert "never overwrites" in message and "pick an empty folder" in message
    # Nothing was written, and the existing file is untouched.
    assert sorted(p.name for p in folder.iterdir()) == ["ratings.csv"]
    assert (folder / "ratings.csv").read_text(encoding="utf-8") == "keep me"


def test_second_run_refuses(template):
    before = (template / "register.xlsx").read_bytes()
    with pytest.raises(WorkbenchError, match="register.xlsx"):
        write_input_template(template)
    assert (template / "register.xlsx").read_bytes() == before


# --------------------------------------------------------- vocabularies, ids, Excel's limits

OWN_WORDS = Vocabularies.from_settings(
    {
        "relationship_kinds": ["married to", "contracts with", "funds", "advises"],
        "stakeholder_kinds": {
            "family": "non-service",
            "funder": "service",
            "philanthropic foundation": "service",
            "local government": "non-service",
            "patient group": "non-service",
        },
    }
)


def all_rules(workbook):
    return [
        (sheet.title, rule)
        for sheet in workbook.worksheets
        for rule in sheet.data_validations.dataValidation
    ]


@pytest.mark.parametrize("words", [DEFAULT, OWN_WORDS], ids=["built-in", "own kinds"])
def test_every_message_fits_excels_limits(words):
    rules = all_rules(build_workbook(words))
    assert len(rules) > 20
    for sheet, rule in rules:
        where = f"{sheet} {rule.sqref}"
        assert rule.error and len(rule.error) <= 225, (where, rule.error)
        assert rule.prompt and len(rule.prompt) <= 225, (where, rule.prompt)
        assert len(rule.errorTitle) <= 32 and len(rule.promptTitle) <= 32, where
        if rule.type == "list" and rule.formula1.startswith('"'):
            assert len(rule.formula1) - 2 <= 255, where


def test_relationship_ends_and_rated_stakeholders_offer_the_register_ids(template):
    workbook = openpyxl.load_workbook(template / "register.xlsx")
    ties = validations(workbook["relationships"])
    ratings = validations(workbook["ratings"])
    for rule, cells in (ties["source"], ties["target"], ratings["stakeholder"]):
        assert rule.type == "list"
        assert rule.formula1 == f"stakeholders!$A$2:$A${LAST_ROW}"
        assert (cells.min_row, cells.max_row) == (2, LAST_ROW)
        assert "stakeholders sheet" in rule.error
    assert workbook["stakeholders"]["A1"].value == "id"  # the range points at the ids


def test_the_dropdowns_follow_the_engagements_vocabularies(tmp_path):
    folder = tmp_path / "inputs"
    write_input_template(folder, OWN_WORDS)
    workbook = openpyxl.load_workbook(folder / "register.xlsx")
    # The longer stakeholder list no longer fits inline: it is read from a hidden sheet.
    kind = validations(workbook["stakeholders"])["kind"][0]
    assert len(",".join(OWN_WORDS.stakeholder_kinds)) > 255
    assert kind.formula1.startswith("lists!$A$2:$A$")
    lists = workbook["lists"]
    assert lists.sheet_state == "hidden" and workbook.sheetnames[-1] == "lists"
    listed = [c.value for c in lists["A"][1:] if c.value]
    assert listed == list(OWN_WORDS.stakeholder_kinds) and "family" in listed
    assert "[vocabularies]" in kind.error
    ties = validations(workbook["relationships"])["kind"][0]
    values = ties.formula1.strip('"').split(",") if ties.formula1.startswith('"') else None
    assert values is None or values == list(OWN_WORDS.relationship_kinds)
    if values is None:
        column = ties.formula1.split("$")[1]
        values = [c.value for c in lists[column][1:] if c.value]
    assert "married to" in values and "works with" in values
    assert sheet_names(folder / "register.xlsx")[:4] == [
        "readme",
        "stakeholders",
        "relationships",
        "ratings",
    ]


def test_the_template_round_trips_without_problems_with_own_kinds(tmp_path):
    folder = tmp_path / "inputs"
    write_input_template(folder, OWN_WORDS)
    raw = read_table(folder / "register.xlsx", "stakeholders", label="register [stakeholders]")
    typed, problems = validate("stakeholders", raw, "register [stakeholders]", OWN_WORDS)
    assert problems == [] and typed["id"].tolist() == ["S1", "S2"]
