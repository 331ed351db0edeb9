"""Tests for workbench.deliver.cover: the "About" sheet of a client's workbook."""

import datetime as dt
import io

import openpyxl
import pandas as pd

from workbench.deliver import cover as cover_module
from workbench.deliver import workbook


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def scores_sheet() -> workbook.Sheet:
    frame = pd.DataFrame({"group": ["Finance", "Sales"], "pct_favourable": [53.0, 12.5]})
    return workbook.Sheet(frame, "Culture scores", "Scores per group.")


def cover(**changes) -> cover_module.Cover:
    fields = {
        "client": "Acme Logistics",
        "title": "Relationship review",
        "run": "2026-11-22T101500",
        "date": dt.date(2026, 11, 22),
        "terms": [("Favourable", "Share of positive answers.")],
        "min_group_size": 5,
    }
    return cover_module.Cover(**(fields | changes))


def test_the_cover_comes_first_with_client_run_contents_terms_and_anonymity():
    book = load(workbook.workbook_bytes({"scores": scores_sheet()}, cover()))
    assert book.sheetnames == ["About", "Culture scores"]
    about = book["About"]
    values = [c.value for row in about.iter_rows() for c in row if c.value is not None]
    assert about["A1"].value == "Acme Logistics" and "Relationship review" in values
    assert "2026-11-22T101500" in values
    assert dt.datetime(2026, 11, 22) in values and "mmmm" in about["B5"].number_format
    assert "Culture scores" in values and "Scores per group." in values
    assert "Favourable" in values and "Share of positive answers." in values
    assert any("fewer than 5 people" in str(v) for v in values)
    link = next(c for row in about.iter_rows() for c in row if c.value == "Culture scores")
    assert link.hyperlink.location == "'Culture scores'!A1"


def test_without_a_group_size_the_cover_says_nothing_about_anonymity():
    book = load(workbook.workbook_bytes({"scores": scores_sheet()}, cover(min_group_size=None)))
    values = [str(c.value) for row in book["About"].iter_rows() for c in row]
    assert not any("anonymity" in v for v in values)


def test_a_sheet_name_with_a_quote_links_to_its_sheet():
    ws = openpyxl.Workbook().active
    cover_module.write_cover(ws, cover(terms=()), [("Bob's sheet", "")])
    assert ws["A8"].value == "Bob's sheet"
    assert ws["A8"].hyperlink.location == "'Bob''s sheet'!A1"
