"""Tests for workbench.core.text_table: rows and frames into the text form validation reads."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from workbench.core.errors import InputError
from workbench.core.text_table import (
    as_text,
    cell_text,
    long_cell,
    rows_to_frame,
    spreadsheet_row,
)


def test_spreadsheet_row_counts_the_header():
    assert [spreadsheet_row(i) for i in (0, 5, "3")] == [2, 7, 5]
    assert spreadsheet_row("x") is None
    assert spreadsheet_row(None) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (3.0, "3"),
        (2.5, "2.5"),
        (False, "false"),
        (dt.datetime(2024, 3, 1), "2024-03-01"),
        (dt.datetime(2024, 3, 1, 9, 30), "2024-03-01 09:30:00"),
        (dt.time(9, 30), "09:30:00"),
        ("  Ann ", "Ann"),
    ],
)
def test_cell_text_writes_values_as_typed(value, text):
    assert cell_text(value) == text


def test_rows_to_frame_keeps_positions_and_names_stray_cells():
    rows = [["id", "name"], ["S1", " Ann "], [], ["S2", "Bob", "note"]]
    frame = rows_to_frame(rows, "t.csv", allow_empty=False)
    assert frame.columns.tolist() == ["id", "name", "unnamed column C"]
    assert frame.index.tolist() == [0, 2]  # the blank row is gone, positions stay
    assert frame.loc[0].tolist() == ["S1", "Ann", ""]
    assert (frame.dtypes == "str").all()


def test_rows_to_frame_blank_header_row():
    with pytest.raises(InputError) as caught:
        rows_to_frame([[""], ["S1", "Ann"]], "inputs/stakeholders.csv", allow_empty=False)
    problem = caught.value.problems[0]
    assert (problem.file, problem.row) == ("inputs/stakeholders.csv", 1)
    assert problem.message == "Row 1 is blank, but the header must be in row 1."


def test_rows_to_frame_empty_table_only_when_allowed():
    assert rows_to_frame([], "r.csv", allow_empty=True).columns.empty
    assert rows_to_frame([["rater"]], "r.csv", allow_empty=True).columns.tolist() == ["rater"]
    with pytest.raises(InputError, match="header row but no data rows"):
        rows_to_frame([["rater"]], "r.csv", allow_empty=False)


def test_as_text_returns_a_new_text_frame():
    raw = pd.DataFrame({" id ": ["S1 ", None], "id": [4, 5]})
    before = raw.copy()
    out = as_text(raw)
    assert out.columns.tolist() == ["id", "id.1"]
    assert out.to_dict("list") == {"id": ["S1", ""], "id.1": ["4", "5"]}
    pd.testing.assert_frame_equal(raw, before)


def test_long_cell_names_the_first_cell_over_the_limit_by_row_and_header():
    rows = [["id", "note"], ["S1", "short"], ["S2", "a\nb\n" + "x" * 50], ["S3", "y" * 90]]
    assert long_cell(rows, 40) == (3, "note", 54, 3)
    assert long_cell(rows, 100) is None
