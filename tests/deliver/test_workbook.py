"""Tests for workbench.deliver.workbook: styled, labelled and safe Excel workbooks."""

import datetime as dt
import io
import re
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from workbench.deliver import cells, workbook
from workbench.deliver import cover as cover_module

HOSTILE = '=HYPERLINK("http://evil")'
LONG = "Meets the supplier every month to review incidents, costs and the plan for next quarter."


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def scores_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": ["Finance", HOSTILE, "<img src=x onerror=alert(1)>"],
            "share_yes": [0.53, 0.2, None],
            "pct_favourable": [53.0, 12.5, np.nan],
            "p_value": [0.0004, 0.03, 0.5],
            "change": [0.33, -0.1, 0.0],
            "n": [1204, 3, 5],
            "mean": [3.456, 2.0, 4.1],
            "alpha": [0.8123, 0.7, 0.65],
            "broker": [True, False, True],
            "notes": [LONG, "short", LONG + " " + LONG],
        }
    )


def scores_sheet(**changes) -> workbook.Sheet:
    fields = {
        "frame": scores_frame(),
        "title": "Culture scores",
        "description": "Scores per group.",
        "labels": {"group": "Group", "share_yes": "Said yes", "pct_favourable": "Favourable"},
        "formats": {
            "share_yes": "share",
            "pct_favourable": "percent",
            "p_value": "p",
            "change": "signed",
            "mean": "1dp",
            "alpha": "2dp",
            "notes": "text",
        },
    }
    return workbook.Sheet(**(fields | changes))


def cover(**changes) -> workbook.Cover:
    fields = {
        "client": "Acme Logistics",
        "title": "Relationship review",
        "run": "2026-11-22T101500",
        "date": dt.date(2026, 11, 22),
        "terms": [("Favourable", "Share of positive answers.")],
        "min_group_size": 5,
    }
    return workbook.Cover(**(fields | changes))


def column(ws, header: str) -> tuple:
    """The cells of the column headed ``header``, its header first."""
    (found,) = [c.column_letter for c in ws[1] if c.value == header]
    return ws[found]


def test_the_cell_and_cover_names_stay_importable_from_the_workbook_module():
    for name in workbook.__all__:
        assert getattr(workbook, name) is not None, name
    assert workbook.neutralise is cells.neutralise
    assert workbook.neutralise_frame is cells.neutralise_frame
    assert workbook.Cover is cover_module.Cover


def test_workbook_neutralises_cells_and_keeps_numbers():
    frame = pd.DataFrame({"name": [HOSTILE, "Acme"], "attitude": [-2, 1]})
    data = workbook.workbook_bytes({"stakeholders": frame})
    sheet = load(data)["stakeholders"]
    assert sheet["A2"].value == "'" + HOSTILE
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -2
    assert sheet.freeze_panes == "A2"


def test_every_data_sheet_is_an_excel_table_with_a_filter_over_all_its_rows():
    sheets = {"scores": scores_sheet(), "plain": scores_frame().head(2)}
    book = load(workbook.workbook_bytes(sheets, cover()))
    for name, rows in (("Culture scores", 3), ("plain", 2)):
        ws = book[name]
        (table,) = ws.tables.values()
        assert table.ref == f"A1:J{rows + 1}"
        assert table.autoFilter is not None and table.autoFilter.ref == table.ref
        assert table.tableStyleInfo.name == workbook.TABLE_STYLE
        assert ws.freeze_panes == "A2"
    assert not book["About"].tables


def test_headers_are_human_bold_and_filled():
    ws = load(workbook.workbook_bytes({"scores": scores_sheet()}))["Culture scores"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["Group", "Said yes", "Favourable"]
    assert headers[3] == "p_value"  # not labelled: kept as named
    for cell in ws[1]:
        assert cell.font.b and cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb.endswith("1F4E79")


def test_numbers_keep_their_value_and_get_the_format_of_their_kind():
    ws = load(workbook.workbook_bytes({"scores": scores_sheet()}))["Culture scores"]
    share, percent = column(ws, "Said yes"), column(ws, "Favourable")
    assert share[1].value == 0.53 and share[1].number_format == "0%"
    assert percent[1].value == pytest.approx(0.53) and percent[1].number_format == "0%"
    assert share[3].value is None and percent[3].value is None  # missing: blank
    p = column(ws, "p_value")[1]
    assert p.value == 0.0004 and p.data_type == "n"
    assert p.number_format.startswith("[<0.001]") and '"< 0.001"' in p.number_format
    assert column(ws, "change")[1].number_format == "+0.0;-0.0;0.0"
    assert column(ws, "n")[1].value == 1204 and column(ws, "n")[1].number_format == "#,##0"
    assert column(ws, "mean")[1].number_format == "0.0"
    assert column(ws, "alpha")[1].number_format == "0.00"
    assert [c.value for c in column(ws, "broker")[1:]] == ["Yes", "No", "Yes"]


def test_long_text_wraps_in_a_readable_column_and_short_text_does_not():
    ws = load(workbook.workbook_bytes({"scores": scores_sheet()}))["Culture scores"]
    notes, group = column(ws, "notes"), column(ws, "Group")
    assert all(cell.alignment.wrap_text for cell in notes[1:])
    assert ws.column_dimensions[notes[0].column_letter].width == workbook.WRAP_WIDTH
    assert not group[1].alignment.wrap_text
    assert workbook.MIN_WIDTH <= ws.column_dimensions["A"].width < workbook.WRAP_WIDTH
    assert ws.row_dimensions[4].height > ws.row_dimensions[2].height > 15  # taller for more
    assert ws.row_dimensions[3].height is None


def test_plain_frames_still_work_with_inferred_formats():
    frame = pd.DataFrame({"team_size": [3, 4], "score": [0.25, 0.5], "ok": [True, False]})
    ws = load(workbook.workbook_bytes({"teams": frame}))["teams"]
    assert [c.value for c in ws[1]] == ["team_size", "score", "ok"]
    assert [ws["A2"].number_format, ws["B2"].number_format] == ["#,##0", "0.0"]
    assert ws["C2"].value == "Yes"


def test_the_file_names_the_workbench_as_its_author_never_the_library():
    data = workbook.workbook_bytes({"scores": scores_sheet()}, cover())
    book = load(data)
    assert book.properties.creator == "Relationship Workbench"
    assert book.properties.lastModifiedBy == "Relationship Workbench"
    assert book.properties.title == "Relationship review"
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    for name in archive.namelist():
        assert b"openpyxl" not in archive.read(name).lower(), name
    assert b"<Application>Relationship Workbench</Application>" in archive.read("docProps/app.xml")


def test_hostile_client_and_sheet_names_give_a_valid_file_with_inert_text():
    title = "Customers: [EU]/*?\\ <img src=x onerror=alert(1)> and more"  # 55 characters
    rogue = scores_sheet(title=title, labels={"group": "=cmd|' /C calc'!A0"})
    twin = scores_sheet(title=title.replace(":", ";"), description="=SUM(1)")
    data = workbook.workbook_bytes(
        {"a": rogue, "b": twin}, cover(client=HOSTILE, title="@title\x07", run="-run")
    )
    book = load(data)
    names = book.sheetnames[1:]
    assert len(set(n.lower() for n in names)) == 2
    for name in names:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name)
    table_names = [t.displayName for ws in book.worksheets for t in ws.tables.values()]
    assert len(set(n.lower() for n in table_names)) == 2
    assert all(re.fullmatch(r"T_[A-Za-z0-9_]+", n) for n in table_names)
    about = book["About"]
    assert about["A1"].value == "'" + HOSTILE and about["A1"].data_type == "s"
    assert about["A2"].value == "'@title"  # control character dropped, formula neutralised
    texts = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert all(
        not str(v).startswith(workbook.FORMULA_PREFIXES) for v in texts if isinstance(v, str)
    )
    assert book[names[0]]["A1"].value == "'=cmd|' /C calc'!A0"
    assert book[names[0]]["A3"].value == "'" + HOSTILE


def test_an_empty_frame_gives_a_sheet_with_its_header_and_a_note_but_no_table():
    empty = pd.DataFrame(columns=["group", "pct_favourable"])
    book = load(workbook.workbook_bytes({"changes": workbook.Sheet(empty, "Changes"), "x": empty}))
    ws = book["Changes"]
    assert [c.value for c in ws[1]] == ["group", "pct_favourable"]
    assert ws["A1"].font.b and ws["A2"].value == workbook.EMPTY_NOTE
    assert not ws.tables and ws.freeze_panes == "A2"
    nothing = load(workbook.workbook_bytes({"nothing": pd.DataFrame()}))["nothing"]
    assert nothing["A1"].value == workbook.EMPTY_NOTE


def test_labels_for_other_columns_are_ignored_and_headers_stay_unique():
    frame = pd.DataFrame({"a": [1], "b": [2], "c": [3]})
    sheet = workbook.Sheet(frame, labels={"a": "Count", "b": "count", "zzz": "Unused"})
    assert sheet.headers() == ["Count", "count (2)", "c"]
    ws = load(workbook.workbook_bytes({"s": sheet}))["s"]
    assert [c.value for c in ws[1]] == ["Count", "count (2)", "c"]


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown formats.*'a': 'percentage'"):
        workbook.Sheet(pd.DataFrame({"a": [1]}), formats={"a": "percentage"})


def test_sheet_names_are_valid_unique_and_avoid_reserved_names():
    names = workbook.sheet_names(["About", "history", "x" * 40, "x" * 40, "'quoted'"], ["About"])
    assert names[0] == "About (2)" and names[1] == "history (sheet)"
    assert names[2] == "x" * 31 and names[3] == "x" * 27 + " (2)"
    assert names[4] == "quoted"
