"""Tests for workbench.core.tables: reading CSV and XLSX files, loading inputs and snapshots."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from input_files import (
    DATA,
    REL,
    SH,
    TABLE_NAMES,
    errors,
    load,
    only,
    read_rows,
    set_cell,
    write_rows,
)

from workbench.core import tables as io
from workbench.core.errors import EngagementError, InputError
from workbench.stakeholders import register as register_tables
from workbench.stakeholders import validation

# ------------------------------------------------------------------------- helpers


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
    typed, problems = validation.validate("stakeholders", raw, "inputs/stakeholders.csv")
    assert problems == []
    assert typed["influence"].tolist() == [4, 2]


def test_bom_file_has_clean_first_header():
    raw = io.read_table(DATA / "io_bom.csv")
    assert raw.columns[0] == "id"
    assert raw["name"].tolist()[0] == "Société Générale"
    assert validation.validate("stakeholders", raw, SH)[1] == []


def test_semicolon_file():
    raw = io.read_table(DATA / "io_semicolon.csv")
    assert raw.columns.tolist()[:3] == ["id", "name", "group"]
    assert raw.loc[1, "name"] == "Café Crème"
    assert validation.validate("stakeholders", raw, SH)[1] == []


def test_unreadable_encoding(tmp_path):
    path = tmp_path / "stakeholders.csv"
    path.write_bytes(b"id,name\nS1,Bad \x81 byte\n")  # 0x81: not UTF-8, not Windows-1252
    with pytest.raises(InputError) as caught:
        io.read_table(path, label=SH)
    problem = caught.value.problems[0]
    assert problem.file == SH
    assert "encoding is unknown" in problem.message
    assert "CSV UTF-8" in problem.fix


def write_register_text(inputs: Path, count: int, change: dict[int, str]) -> None:
    """A register of ``count`` stakeholders and a relationship from S1 to each other one.

    ``change`` maps a spreadsheet row to the raw text of its 'group' cell, written
    as is (no CSV quoting), the way a hand edit would leave it.
    """
    header = read_rows(DATA / "io_stakeholders.csv")[0]
    lines = [",".join(header)]
    for n in range(1, count + 1):
        group = change.get(n + 1, "Key customers")
        lines.append(f"S{n},Organisation {n},{group},customer,false,4,5,1,true,true,false,,monthly")
    (inputs / "stakeholders.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    ties = ["source,target,kind,strength,sentiment"]
    ties += [f"S1,S{n},works with,3,1" for n in range(2, count + 1)]
    (inputs / "relationships.csv").write_text("\n".join(ties) + "\n", encoding="utf-8")


def test_unclosed_quote_is_one_error_naming_its_row(inputs):
    write_register_text(inputs, 300, {5: '"Executives'})
    tables, problems = load(inputs)
    problem = only(problems, file=SH)
    assert (problem.row, problem.column) == (5, "group")
    assert 'A quote (") opened here is never closed' in problem.message
    assert "Close the quote or remove it" in problem.fix
    assert str(problem).startswith("inputs/stakeholders.csv, row 5, column 'group': A quote")
    # No cascade: relationships are not checked against the broken register.
    assert problems == [problem]
    assert len(tables["relationships"]) == 299


def test_quote_closed_by_a_later_stray_quote_is_still_found(inputs):
    # Row 9's quote closes row 5's, so rows 6 to 8 would vanish into one cell.
    write_register_text(inputs, 12, {5: '"Executives', 9: '"Board" members'})
    _, problems = load(inputs)
    problem = only(problems, file=SH)
    assert (problem.row, problem.column) == (5, "group")
    assert "never closed" in problem.message
    assert problems == [problem]


def test_unclosed_quote_after_a_multiline_cell_names_row_and_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('id,note\nS1,"two\nlines"\nS2,"open\nS3,x\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        io.read_table(path, label=SH)
    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.column) == (SH, 3, "note")
    assert "(the quote is on line 4 of the file)" in problem.message


def test_cells_with_line_breaks_are_kept(tmp_path):
    # Excel writes a cell typed with Alt+Enter as a quoted value spanning lines.
    path = tmp_path / "t.csv"
    path.write_text('id,note\r\nS1,"first, line\r\nsecond line"\r\nS2,"x"\r\n', encoding="utf-8")
    raw = io.read_table(path)
    assert raw["note"].tolist() == ["first, line\r\nsecond line", "x"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark(tmp_path, encoding):
    path = tmp_path / "t.csv"
    path.write_bytes("id\tname\r\nS1\tZoë Dána\r\n".encode(encoding))
    raw = io.read_table(path)
    assert raw.loc[0].tolist() == ["S1", "Zoë Dána"]


def test_binary_file_with_nul_bytes(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"\xd0\xcf\x11\xe0\x00\x00\x01\x00\x00\x00\x00")  # an old .xls
    with pytest.raises(InputError) as caught:
        io.read_table(path, label=SH)
    assert "This is an old Excel or Word file (.xls, .doc), not a CSV file" in str(caught.value)


def test_utf8_file_with_one_windows_1252_row(inputs):
    path = inputs / "stakeholders.csv"
    set_cell(path, 2, "owner", "Dána Lee")  # UTF-8, like the rest of the file
    data = path.read_bytes().replace(b"Sam Ortiz", "Zoë Brandt".encode("cp1252"))
    path.write_bytes(data)  # row 4 was pasted from a Windows-1252 file
    _, problems = load(inputs)
    problem = only(problems, file=SH)
    assert (problem.row, problem.column) == (4, "owner")
    assert (
        "mixes two text encodings: this row is not UTF-8 while the rest of the file is"
        in problem.message
    )
    assert "'Zoë Brandt'" in problem.message
    assert "save the file again as UTF-8 (in Excel: 'CSV UTF-8" in problem.fix
    assert "Ã" not in str(problem)
    assert problems == [problem]


def test_mixed_encoding_lists_the_other_rows(tmp_path):
    path = tmp_path / "t.csv"
    rows = [b"id,name", "S1,Dána".encode()] + [f"S{n},Zoë".encode("cp1252") for n in (2, 3)]
    path.write_bytes(b"\n".join(rows))
    with pytest.raises(InputError) as caught:
        io.read_table(path, label=SH)
    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.column) == (SH, 3, "name")
    assert "Row 4 has the same problem." in problem.message


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


# ---------------------------------------------------------------------- snapshots


def make_snapshot(root: Path, date: str = "2024-01-31") -> Path:
    folder = root / "workshop" / "snapshots" / date
    folder.mkdir(parents=True)
    shutil.copy(DATA / "io_stakeholders.csv", folder / "stakeholders.csv")
    shutil.copy(DATA / "io_relationships.csv", folder / "relationships.csv")
    return folder


def test_load_snapshot(tmp_path):
    tables = register_tables.load_snapshot(make_snapshot(tmp_path))
    assert sorted(tables) == ["relationships", "stakeholders"]
    assert tables["stakeholders"]["interest"].dtype == "int64"


def test_load_snapshot_raises_with_located_problems(tmp_path):
    folder = make_snapshot(tmp_path)
    set_cell(folder / "stakeholders.csv", 3, "kind", "alien")
    (folder / "relationships.csv").unlink()
    with pytest.raises(InputError) as caught:
        register_tables.load_snapshot(folder)
    files = {p.file for p in caught.value.problems}
    assert files == {
        "workshop/snapshots/2024-01-31/stakeholders.csv",
        "workshop/snapshots/2024-01-31/relationships.csv",
    }
    assert "row 3, column 'kind': 'alien' is not an allowed kind." in str(caught.value)


def test_load_snapshot_missing_folder(tmp_path):
    with pytest.raises(InputError, match="snapshot folder does not exist"):
        register_tables.load_snapshot(tmp_path / "workshop" / "snapshots" / "2020-01-01")


# ------------------------------------------------------- files that are not tables


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def zip_of(path: Path, members: dict[str, str]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        for member, text in members.items():
            archive.writestr(member, text)
    return path


@pytest.mark.parametrize(
    ("content", "kind"),
    [(PDF, "a PDF document"), (PNG, "a PNG image"), (b"\xff\xd8\xff\xe0" + bytes(40), "a JPEG")],
)
def test_a_pdf_or_image_named_csv_is_called_what_it_is(inputs, content, kind):
    (inputs / "stakeholders.csv").write_bytes(content)
    _, problems = load(inputs)
    problem = only(problems, file=SH)
    assert problem.message.startswith(f"This is {kind}")
    assert "not a CSV file" in problem.message
    assert "Fix: Replace it with the table itself" in str(problem)
    assert problems == [problem]  # not "13 missing columns"


def test_a_zip_archive_named_csv_is_called_a_zip_archive(inputs):
    zip_of(inputs / "relationships.csv", {"relationships.csv": "source,target\n"})
    _, problems = load(inputs)
    problem = only(problems, file=REL)
    assert "This is a ZIP archive, not a CSV file" in str(problem)
    assert "Fix:" in str(problem)


def test_a_word_document_named_csv_is_called_a_word_document(tmp_path):
    path = zip_of(tmp_path / "t.csv", {"word/document.xml": "<w:document/>"})
    with pytest.raises(InputError, match="This is a Word document, not a CSV file"):
        io.read_table(path, label=SH)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "a PDF document"),
        (b"id,name\nS1,Ann\n", "a text file (perhaps a CSV file)"),
        (b"\xd0\xcf\x11\xe0" + bytes(60), "an old Excel or Word file (.xls, .doc)"),
    ],
)
def test_a_file_named_xlsx_that_is_no_workbook_is_called_what_it_is(inputs, content, kind):
    (inputs / "register.xlsx").write_bytes(content)
    _, problems = load(inputs, "xlsx")
    problem = only(problems, file="inputs/register.xlsx")
    assert f"This is {kind}, not an Excel workbook" in problem.message
    assert "Fix: Open the table in Excel and save it as an Excel Workbook" in str(problem)


def test_an_empty_workbook_file_is_called_empty(inputs):
    (inputs / "register.xlsx").write_bytes(b"")
    _, problems = load(inputs, "xlsx")
    problem = only(problems, file="inputs/register.xlsx")
    assert "The file is empty (0 bytes)" in problem.message and "Fix: Save the register" in str(
        problem
    )


def test_a_word_document_named_xlsx(inputs):
    zip_of(inputs / "register.xlsx", {"word/document.xml": "<w:document/>"})
    _, problems = load(inputs, "xlsx")
    assert "This is a Word document, not an Excel workbook" in str(problems[0])


# ------------------------------------------------------------- big cells and files


def test_a_cell_larger_than_the_csv_field_limit_names_row_column_and_length(inputs):
    set_cell(inputs / "stakeholders.csv", 3, "owner", "x" * 1_000_000)  # 1 MB in one cell
    _, problems = load(inputs)
    problem = only(problems, file=SH)
    assert (problem.row, problem.column) == (3, "owner")
    assert "This cell holds 1,000,000 characters" in problem.message
    assert "at most 32,767" in problem.message
    assert "field limit" not in str(problem)
    assert "Fix: Shorten the cell" in str(problem)


def test_a_quote_that_swallows_a_big_file_is_named_with_its_row(inputs):
    write_register_text(inputs, 2000, {7: '"Executives'})  # far beyond the csv field limit
    _, problems = load(inputs)
    problem = only(problems, file=SH)
    assert (problem.row, problem.column) == (7, "group")
    assert 'A quote (") opened here is never closed' in problem.message
    assert "Fix: Close the quote or remove it" in str(problem)


def test_a_long_cell_spanning_lines_says_a_quote_may_have_swallowed_them(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('id\nS1\n"S2\n' + "more text\n" * 4000 + '"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        io.read_table(path, label=SH)
    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.column) == (SH, 3, "id")
    assert "runs over 4,002 lines of the file" in problem.message
    assert 'look for a quote (") that opens in this cell' in problem.fix


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"id,name\n" + b"S1,Ann\n" * 200_000)  # 1.4 MB
    with pytest.raises(InputError) as caught:
        io.read_table(path, label=SH, max_bytes=1_000_000)
    problem = caught.value.problems[0]
    assert problem.file == SH
    assert "The file is 1.4 MB, more than the 1 MB a table may have here" in problem.message
    assert "Fix: Check that it is the right file" in str(problem)
