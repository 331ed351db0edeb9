"""Tests for workbench.io: reading, validation problems, cross-table checks, loading."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from workbench import io
from workbench.errors import EngagementError, InputError, Problem

DATA = Path(__file__).parent / "data"
TABLE_NAMES = ("stakeholders", "relationships", "ratings")
SH = "inputs/stakeholders.csv"
REL = "inputs/relationships.csv"


# ------------------------------------------------------------------------- helpers


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A valid inputs folder made from the io_*.csv fixtures."""
    folder = tmp_path / "engagement" / "inputs"
    folder.mkdir(parents=True)
    for table in TABLE_NAMES:
        shutil.copy(DATA / f"io_{table}.csv", folder / f"{table}.csv")
    return folder


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Change one cell; ``row`` is the spreadsheet row (header = 1)."""
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def rename_column(path: Path, old: str, new: str) -> None:
    rows = read_rows(path)
    rows[0][rows[0].index(old)] = new
    write_rows(path, rows)


def drop_column(path: Path, column: str) -> None:
    rows = read_rows(path)
    position = rows[0].index(column)
    write_rows(path, [r[:position] + r[position + 1 :] for r in rows])


def load(inputs: Path, fmt: str = "csv"):
    return io.load_tables(inputs, fmt)


def only(problems: list[Problem], **where) -> Problem:
    """The single problem whose attributes match ``where``."""
    found = [p for p in problems if all(getattr(p, k) == v for k, v in where.items())]
    assert len(found) == 1, f"expected one problem matching {where}, got {found}"
    return found[0]


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def write_register(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def as_excel_values(rows: list[list[str]]) -> list[list[object]]:
    """What Excel would store: numbers as numbers, TRUE/FALSE as booleans."""
    out: list[list[object]] = [rows[0]]
    for row in rows[1:]:
        converted: list[object] = []
        for cell in row:
            if cell.lstrip("-").isdigit():
                converted.append(float(cell))  # Excel keeps every number as a float
            elif cell in ("true", "false"):
                converted.append(cell == "true")
            else:
                converted.append(cell or None)
        out.append(converted)
    return out


# ------------------------------------------------------------------- valid inputs


def test_valid_inputs_load_typed(inputs):
    tables, problems = load(inputs)
    assert problems == []
    people = tables["stakeholders"]
    assert people["id"].tolist() == ["S1", "S2", "S3", "S4"]
    assert people["influence"].dtype == "int64"
    assert people["attitude"].tolist() == [1, 2, 0, -1]
    assert people["internal"].dtype == "bool"
    assert people["internal"].tolist() == [False, True, False, False]
    assert people["name"].dtype == "str"
    assert people["owner"].tolist() == ["Dana Lee", "", "Sam Ortiz", "Dana Lee"]
    assert people["cadence"].tolist()[-1] == "ad hoc"
    assert tables["relationships"]["sentiment"].dtype == "int64"
    assert len(tables["ratings"]) == 3


def test_headers_and_choices_are_case_insensitive(inputs):
    path = inputs / "stakeholders.csv"
    set_cell(path, 2, "cadence", "Monthly")
    set_cell(path, 3, "kind", "Internal Team")
    set_cell(path, 5, "cadence", "Ad-Hoc")
    rename_column(path, "cadence", "Cadence")
    tables, problems = load(inputs)
    assert problems == []
    assert tables["stakeholders"]["cadence"].tolist() == [
        "monthly",
        "weekly",
        "quarterly",
        "ad hoc",
    ]
    assert tables["stakeholders"]["kind"].tolist()[1] == "internal team"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("Yes", True),
        ("1", True),
        ("false", False),
        ("No", False),
        ("0", False),
        ("FALSE", False),
    ],
)
def test_boolean_spellings_are_accepted(inputs, text, expected):
    set_cell(inputs / "stakeholders.csv", 3, "power", text)
    tables, problems = load(inputs)
    assert errors(problems) == []
    assert tables["stakeholders"]["power"].tolist()[1] is expected


def test_validate_does_not_modify_its_input():
    raw = io.read_table(DATA / "io_stakeholders.csv")
    before = raw.copy()
    typed, problems = io.validate("stakeholders", raw, SH)
    assert problems == []
    pd.testing.assert_frame_equal(raw, before)
    assert typed["influence"].dtype == "int64"


def test_validate_rejects_unknown_table():
    with pytest.raises(ValueError, match="unknown table 'people'"):
        io.validate("people", pd.DataFrame(), "x.csv")


# ------------------------------------------------------------- one bad input each


def test_missing_column(inputs):
    drop_column(inputs / "stakeholders.csv", "interest")
    tables, problems = load(inputs)
    problem = only(problems, column="interest")
    assert problem.file == SH
    assert problem.row is None
    assert problem.severity == "error"
    assert "required column 'interest' is missing" in problem.message
    assert "Expected columns: id, name, group, kind" in problem.message
    assert "Add a column headed 'interest' in row 1" in problem.fix
    assert "Allowed: a whole number from 1 to 5." in problem.fix
    # On errors the table comes back as read (text), not typed.
    assert tables["stakeholders"]["influence"].dtype == "str"


def test_missing_columns_give_one_problem_each(inputs):
    drop_column(inputs / "relationships.csv", "strength")
    drop_column(inputs / "relationships.csv", "sentiment")
    _, problems = load(inputs)
    assert {p.column for p in errors(problems)} == {"strength", "sentiment"}


def test_unknown_column_with_typo_suggests_the_known_name(inputs):
    rename_column(inputs / "stakeholders.csv", "influence", "influnce")
    _, problems = load(inputs)
    warning = only(problems, column="influnce")
    assert warning.severity == "warning"
    assert warning.file == SH
    assert warning.message == "Column 'influnce' is not used; kept as-is. Did you mean 'influence'?"
    assert "Rename the column to 'influence'" in warning.fix
    missing = only(problems, column="influence")
    assert missing.severity == "error"
    assert missing.fix.startswith("Rename column 'influnce' to 'influence'.")


def test_unknown_column_is_a_warning_and_kept(inputs):
    rows = read_rows(inputs / "stakeholders.csv")
    write_rows(
        inputs / "stakeholders.csv", [rows[0] + ["notes"]] + [r + ["met in May"] for r in rows[1:]]
    )
    tables, problems = load(inputs)
    warning = only(problems, column="notes")
    assert warning.severity == "warning"
    assert warning.message == "Column 'notes' is not used; kept as-is."
    assert errors(problems) == []
    assert tables["stakeholders"]["notes"].tolist() == ["met in May"] * 4
    assert tables["stakeholders"].columns[-1] == "notes"


def test_wrong_type(inputs):
    set_cell(inputs / "stakeholders.csv", 3, "influence", "high")
    _, problems = load(inputs)
    problem = only(problems, column="influence")  # one problem, not one per pandera check
    assert (problem.file, problem.row) == (SH, 3)
    assert problem.message == "'high' is not a whole number."
    assert problem.fix == "Use a whole number from 1 to 5."


def test_decimal_is_not_a_whole_number(inputs):
    set_cell(inputs / "relationships.csv", 2, "strength", "2.5")
    _, problems = load(inputs)
    problem = only(problems, column="strength")
    assert (problem.file, problem.row) == (REL, 2)
    assert "'2.5' is not a whole number" in problem.message


def test_out_of_range(inputs):
    set_cell(inputs / "stakeholders.csv", 4, "attitude", "3")
    set_cell(inputs / "stakeholders.csv", 5, "interest", "0")
    _, problems = load(inputs)
    attitude = only(problems, column="attitude")
    assert (attitude.file, attitude.row) == (SH, 4)
    assert "3 is outside the range -2 to 2" in attitude.message
    assert attitude.fix == "Use a whole number from -2 to 2."
    interest = only(problems, column="interest")
    assert interest.row == 5
    assert "0 is outside the range 1 to 5" in interest.message


def test_value_not_in_allowed_set(inputs):
    set_cell(inputs / "stakeholders.csv", 2, "cadence", "fortnightly")
    _, problems = load(inputs)
    problem = only(problems, column="cadence")
    assert (problem.file, problem.row) == (SH, 2)
    assert problem.message == "'fortnightly' is not an allowed cadence."
    assert problem.fix == "Use one of: weekly, monthly, quarterly, annually, ad hoc."


def test_value_not_in_allowed_set_suggests_close_value(inputs):
    set_cell(inputs / "relationships.csv", 3, "kind", "Buys Form")
    _, problems = load(inputs)
    problem = only(problems, column="kind", file=REL)
    assert problem.row == 3
    assert "'Buys Form'" in problem.message  # shows the value as typed
    assert problem.fix.startswith("Did you mean 'buys from'? Use one of: reports to")


def test_bad_boolean(inputs):
    set_cell(inputs / "stakeholders.csv", 5, "legitimacy", "maybe")
    _, problems = load(inputs)
    problem = only(problems, column="legitimacy")
    assert (problem.file, problem.row) == (SH, 5)
    assert problem.message == "'maybe' is not true or false."
    assert problem.fix == "Use true or false (yes/no and 1/0 also work)."


def test_blank_required_cell(inputs):
    set_cell(inputs / "stakeholders.csv", 4, "name", "")
    set_cell(inputs / "stakeholders.csv", 2, "influence", "  ")
    _, problems = load(inputs)
    name = only(problems, column="name")
    assert (name.file, name.row) == (SH, 4)
    assert name.message == "'name' is blank."
    assert name.fix.startswith("Fill in the cell")
    influence = only(problems, column="influence")  # blank, not also "not a whole number"
    assert influence.row == 2
    assert influence.fix == "Fill in the cell: use a whole number from 1 to 5."


def test_blank_owner_is_allowed(inputs):
    set_cell(inputs / "stakeholders.csv", 2, "owner", "")
    tables, problems = load(inputs)
    assert problems == []
    assert tables["stakeholders"]["owner"].tolist()[0] == ""


def test_duplicate_id_names_both_rows(inputs):
    set_cell(inputs / "stakeholders.csv", 4, "id", "S1")
    _, problems = load(inputs)
    problem = only(problems, column="id", file=SH)
    assert problem.row == 4
    assert "id 'S1' is used on rows 2 and 4" in problem.message
    assert "own id" in problem.fix and "merge" in problem.fix


def test_near_duplicate_names(inputs):
    set_cell(inputs / "stakeholders.csv", 2, "name", "ACME Ltd")
    set_cell(inputs / "stakeholders.csv", 4, "name", "Acme Ltd.")
    _, problems = load(inputs)
    problem = only(problems, column="name")
    assert problem.severity == "warning"
    assert (problem.file, problem.row) == (SH, 4)
    assert "'Acme Ltd.' (row 4) and 'ACME Ltd' (row 2)" in problem.message
    assert "Merge the two rows" in problem.fix and "rename" in problem.fix


def test_near_duplicate_names_fuzzy_but_not_numbered():
    register = pd.DataFrame(
        {
            "name": [
                "Contoso Retail",
                "Region 1",
                "Contoso Retial",
                "Region 2",
                "Fabrikam GmbH",
                "Fabrikam",
            ],
        }
    )
    problems = io.near_duplicate_names(register, SH)
    assert [p.row for p in problems] == [4, 7]
    assert "'Contoso Retial' (row 4) and 'Contoso Retail' (row 2)" in problems[0].message


def test_unknown_relationship_endpoint(inputs):
    set_cell(inputs / "relationships.csv", 3, "target", "S9")
    _, problems = load(inputs)
    problem = only(problems, column="target")
    assert (problem.file, problem.row, problem.severity) == (REL, 3, "error")
    assert problem.message == f"target 'S9' is not the id of any stakeholder in {SH}."
    assert problem.fix.startswith(f"Add the stakeholder to {SH} or correct the id.")


def test_unknown_endpoint_suggests_the_id(inputs):
    set_cell(inputs / "relationships.csv", 2, "source", "s1")
    set_cell(inputs / "relationships.csv", 3, "source", "Service Desk")
    _, problems = load(inputs)
    lower = only(problems, column="source", row=2)
    assert "Did you mean 'S1'? Ids are case-sensitive." in lower.fix
    by_name = only(problems, column="source", row=3)
    assert "'Service Desk' is the name of stakeholder 'S2': use the id 'S2'." in by_name.fix


def test_unknown_rating_stakeholder(inputs):
    set_cell(inputs / "ratings.csv", 4, "stakeholder", "S44")
    _, problems = load(inputs)
    problem = only(problems, column="stakeholder")
    assert (problem.file, problem.row) == ("inputs/ratings.csv", 4)
    assert "'S44'" in problem.message
    assert "Did you mean 'S4'?" in problem.fix


def test_self_relationship(inputs):
    set_cell(inputs / "relationships.csv", 3, "target", "S2")
    _, problems = load(inputs)
    problem = only(problems, column="target")
    assert (problem.file, problem.row, problem.severity) == (REL, 3, "error")
    assert problem.message == "The relationship goes from 'S2' to itself."
    assert "Correct the source or the target, or delete the row" in problem.fix


def test_all_problems_are_collected_across_tables(inputs):
    set_cell(inputs / "stakeholders.csv", 2, "influence", "high")
    set_cell(inputs / "relationships.csv", 2, "strength", "7")
    set_cell(inputs / "ratings.csv", 2, "attitude", "+5")
    (inputs / "ratings.csv").write_text(
        (inputs / "ratings.csv").read_text().replace("S4", "S9"), encoding="utf-8"
    )
    _, problems = load(inputs)
    located = {(p.file, p.row, p.column) for p in errors(problems)}
    assert located == {
        (SH, 2, "influence"),
        (REL, 2, "strength"),
        ("inputs/ratings.csv", 2, "attitude"),
        ("inputs/ratings.csv", 4, "stakeholder"),
    }


def test_blank_rows_are_dropped_and_rows_still_match(inputs):
    rows = read_rows(inputs / "stakeholders.csv")
    write_rows(inputs / "stakeholders.csv", rows[:2] + [[""] * len(rows[0])] + rows[2:])
    set_cell(inputs / "stakeholders.csv", 5, "urgency", "perhaps")  # S3, after the blank row
    tables, problems = load(inputs)
    assert only(problems, column="urgency").row == 5
    assert len(tables["stakeholders"]) == 4


# ---------------------------------------------------------------- file-level problems


def test_empty_file(inputs):
    (inputs / "stakeholders.csv").write_bytes(b"")
    _, problems = load(inputs)
    problem = only(problems, file=SH)
    assert "The file is empty" in problem.message
    assert "column names in row 1" in problem.fix


def test_header_without_data_rows(inputs):
    (inputs / "relationships.csv").write_text("source,target,kind,strength,sentiment\n\n")
    _, problems = load(inputs)
    problem = only(problems, file=REL)
    assert "no data rows" in problem.message
    assert "Add one row per entry" in problem.fix


@pytest.mark.parametrize("content", [b"", b"rater,stakeholder,influence,interest,attitude\r\n"])
def test_empty_ratings_file_is_fine(inputs, content):
    (inputs / "ratings.csv").write_bytes(content)
    tables, problems = load(inputs)
    assert problems == []
    assert tables["ratings"].empty
    assert tables["ratings"]["influence"].dtype == "int64"


def test_missing_file(inputs):
    (inputs / "stakeholders.csv").rename(inputs / "stakeholder.csv")
    tables, problems = load(inputs)
    problem = only(problems, file=SH)
    assert problem.message == "The file does not exist."
    assert "Save the table as 'stakeholders.csv' in the 'inputs' folder" in problem.fix
    assert "There is a file named 'stakeholder.csv'" in problem.fix
    assert problems == [problem]  # no noise about relationships pointing nowhere
    assert tables["stakeholders"].empty
    # The other tables were still read and checked.
    assert len(tables["relationships"]) == 3


def test_missing_ratings_file_is_fine(inputs):
    (inputs / "ratings.csv").unlink()
    tables, problems = load(inputs)
    assert problems == []
    assert tables["ratings"].columns.tolist() == [
        "rater",
        "stakeholder",
        "influence",
        "interest",
        "attitude",
    ]


def test_missing_csv_points_to_xlsx_format(inputs):
    (inputs / "stakeholders.csv").unlink()
    write_register(inputs / "register.xlsx", {"stakeholders": [["id"]]})
    _, problems = load(inputs)
    assert 'format = "xlsx" under [inputs]' in only(problems, file=SH).fix


def test_read_table_missing_file_raises(tmp_path):
    with pytest.raises(InputError) as caught:
        io.read_table(tmp_path / "nope.csv", label="inputs/nope.csv")
    assert caught.value.problems[0].file == "inputs/nope.csv"
    assert "inputs/nope.csv: The file does not exist." in str(caught.value)


def test_cp1252_file_reads_accents():
    raw = io.read_table(DATA / "io_cp1252.csv")
    assert raw["name"].tolist() == ["Société Générale", "Café Crème"]
    assert raw["owner"].tolist() == ["Zoë Brandt", ""]
    typed, problems = io.validate("stakeholders", raw, "inputs/stakeholders.csv")
    assert problems == []
    assert typed["influence"].tolist() == [4, 2]


def test_bom_file_has_clean_first_header():
    raw = io.read_table(DATA / "io_bom.csv")
    assert raw.columns[0] == "id"
    assert raw["name"].tolist()[0] == "Société Générale"
    assert io.validate("stakeholders", raw, SH)[1] == []


def test_semicolon_file():
    raw = io.read_table(DATA / "io_semicolon.csv")
    assert raw.columns.tolist()[:3] == ["id", "name", "group"]
    assert raw.loc[1, "name"] == "Café Crème"
    assert io.validate("stakeholders", raw, SH)[1] == []


def test_unreadable_encoding(tmp_path):
    path = tmp_path / "stakeholders.csv"
    path.write_bytes(b"id,name\nS1,Bad \x81 byte\n")  # 0x81: not UTF-8, not Windows-1252
    with pytest.raises(InputError) as caught:
        io.read_table(path, label=SH)
    problem = caught.value.problems[0]
    assert problem.file == SH
    assert "encoding is unknown" in problem.message
    assert "CSV UTF-8" in problem.fix


def test_workbook_saved_as_csv(tmp_path):
    path = tmp_path / "stakeholders.csv"
    write_register(path, {"stakeholders": [["id"]]})
    with pytest.raises(InputError, match="Excel workbook saved under a .csv name"):
        io.read_table(path)


def test_whitespace_is_stripped(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(" id , name \n  S1 ,  Ann  \n", encoding="utf-8")
    raw = io.read_table(path)
    assert raw.columns.tolist() == ["id", "name"]
    assert raw.loc[0].tolist() == ["S1", "Ann"]


def test_utf16_tab_separated_file(tmp_path):
    # Excel's "Unicode Text" export: UTF-16 with a byte-order mark, tab-separated.
    path = tmp_path / "t.csv"
    path.write_bytes("id\tname\nS1\tZoë\n".encode("utf-16"))
    raw = io.read_table(path)
    assert raw.loc[0].tolist() == ["S1", "Zoë"]


def test_extra_cells_and_repeated_headers_are_warnings(inputs):
    rows = read_rows(inputs / "relationships.csv")
    rows[0].append("kind")  # a second 'kind' column
    for row in rows[1:]:
        row.append("formal")
    rows[1].append("stray note")  # a cell with no header at all (column G)
    write_rows(inputs / "relationships.csv", rows)
    tables, problems = load(inputs)
    assert errors(problems) == []
    repeated = only(problems, column="kind.1")
    assert repeated.message == "Column 'kind' appears more than once; the extra copy is not used."
    stray = only(problems, column="unnamed column G")
    assert stray.severity == "warning"
    assert tables["relationships"]["kind"].tolist()[0] == "works with"


def test_unknown_format_is_an_engagement_error(inputs):
    with pytest.raises(EngagementError, match='set format = "csv" or format = "xlsx"'):
        load(inputs, "xls")


# --------------------------------------------------------------------------- xlsx


@pytest.fixture
def register(inputs: Path) -> Path:
    """inputs/register.xlsx holding the fixture tables (no ratings sheet)."""
    for table in TABLE_NAMES:
        (inputs / f"{table}.csv").unlink()
    sheets = {"readme": [["Fill in the other sheets."]]}
    for table in ("stakeholders", "relationships"):
        sheets[table] = as_excel_values(read_rows(DATA / f"io_{table}.csv"))
    write_register(inputs / "register.xlsx", sheets)
    return inputs


def test_xlsx_source(register):
    tables, problems = load(register, "xlsx")
    assert problems == []
    people = tables["stakeholders"]
    assert people["influence"].tolist() == [4, 3, 2, 5]
    assert people["internal"].tolist() == [False, True, False, False]
    assert people["owner"].tolist()[1] == ""
    assert tables["ratings"].empty


def test_xlsx_problems_name_the_sheet(register):
    workbook = openpyxl.load_workbook(register / "register.xlsx")
    workbook["stakeholders"]["F3"] = "lots"  # influence of S2
    workbook["relationships"]["B4"] = "S7"
    workbook.save(register / "register.xlsx")
    _, problems = load(register, "xlsx")
    influence = only(problems, column="influence")
    assert (influence.file, influence.row) == ("inputs/register.xlsx [stakeholders]", 3)
    assert "'lots' is not a whole number" in influence.message
    target = only(problems, column="target")
    assert (target.file, target.row) == ("inputs/register.xlsx [relationships]", 4)


def test_xlsx_missing_sheet(register):
    workbook = openpyxl.load_workbook(register / "register.xlsx")
    del workbook["relationships"]
    workbook.save(register / "register.xlsx")
    _, problems = load(register, "xlsx")
    problem = only(problems, file="inputs/register.xlsx [relationships]")
    assert "no sheet named 'relationships'" in problem.message
    assert "(it has: readme, stakeholders)" in problem.message
    assert "Add a sheet named 'relationships'" in problem.fix


def test_xlsx_missing_workbook_is_reported_once(inputs):
    _, problems = load(inputs, "xlsx")
    assert len(problems) == 1
    assert problems[0].file == "inputs/register.xlsx"
    assert problems[0].message == "The file does not exist."
    assert 'format = "csv"' in problems[0].fix  # the CSV files are there


def test_damaged_workbook(inputs):
    (inputs / "register.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    _, problems = load(inputs, "xlsx")
    assert "cannot be opened" in only(problems, file="inputs/register.xlsx").message


# ------------------------------------------------------------- inputs stay untouched


def fingerprint(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_inputs_are_never_modified(inputs):
    set_cell(inputs / "stakeholders.csv", 2, "influence", "high")  # errors too
    write_register(
        inputs / "register.xlsx",
        {t: as_excel_values(read_rows(DATA / f"io_{t}.csv")) for t in TABLE_NAMES},
    )
    before = fingerprint(inputs)
    load(inputs, "csv")
    load(inputs, "xlsx")
    assert fingerprint(inputs) == before


# --------------------------------------------------------------- snapshots, errors


def make_snapshot(root: Path, date: str = "2024-01-31") -> Path:
    folder = root / "workshop" / "snapshots" / date
    folder.mkdir(parents=True)
    shutil.copy(DATA / "io_stakeholders.csv", folder / "stakeholders.csv")
    shutil.copy(DATA / "io_relationships.csv", folder / "relationships.csv")
    return folder


def test_load_snapshot(tmp_path):
    tables = io.load_snapshot(make_snapshot(tmp_path))
    assert sorted(tables) == ["relationships", "stakeholders"]
    assert tables["stakeholders"]["interest"].dtype == "int64"


def test_load_snapshot_raises_with_located_problems(tmp_path):
    folder = make_snapshot(tmp_path)
    set_cell(folder / "stakeholders.csv", 3, "kind", "alien")
    (folder / "relationships.csv").unlink()
    with pytest.raises(InputError) as caught:
        io.load_snapshot(folder)
    files = {p.file for p in caught.value.problems}
    assert files == {
        "workshop/snapshots/2024-01-31/stakeholders.csv",
        "workshop/snapshots/2024-01-31/relationships.csv",
    }
    assert "row 3, column 'kind': 'alien' is not an allowed kind." in str(caught.value)


def test_load_snapshot_missing_folder(tmp_path):
    with pytest.raises(InputError, match="snapshot folder does not exist"):
        io.load_snapshot(tmp_path / "workshop" / "snapshots" / "2020-01-01")


def test_raise_for_errors():
    warning = Problem(
        SH, "Column 'x' is not used; kept as-is.", "Nothing to do.", column="x", severity="warning"
    )
    io.raise_for_errors([warning])  # warnings alone pass
    error = Problem(
        SH,
        "'high' is not a whole number.",
        "Use a whole number from 1 to 5.",
        row=3,
        column="influence",
    )
    with pytest.raises(InputError) as caught:
        io.raise_for_errors([warning, error])
    assert caught.value.problems == [warning, error]
    assert "1 problem(s)" in str(caught.value)
    assert f"{SH}, row 3, column 'influence': 'high' is not a whole number." in str(caught.value)


def test_check_references_on_frames():
    people = pd.DataFrame({"id": ["S1", "S2"], "name": ["Ann", "Bob"]})
    ties = pd.DataFrame({"source": ["S1", "S2", ""], "target": ["S1", "S3", "S2"]})
    problems = io.check_references(people, ties, None, {"relationships": REL})
    assert [(p.row, p.column) for p in problems] == [(2, "target"), (3, "target")]
    assert "to itself" in problems[0].message
    assert "'S3'" in problems[1].message
    assert io.check_references(None, ties, None, {}) == []
    assert io.check_references(people.iloc[:0], ties, None, {}) == []
