"""Tests for workbench.culture.wave_files: a wave folder's export, and files that are none."""

from __future__ import annotations

import pytest

from workbench.commands.check import culture_problems
from workbench.core.engagement import Engagement
from workbench.culture import workshop

from . import survey_exports as se

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


@pytest.mark.parametrize("name", ["survey.csv", "survey.xlsx"])
def test_a_pdf_named_as_a_survey_is_reported_as_a_pdf(tmp_path, name):
    root = se.engagement(tmp_path / "e", {"2025-11": "shipped"})
    wave = root / "inputs" / "surveys" / "2026-05"
    wave.mkdir()
    (wave / name).write_bytes(PDF)
    problems, analysis = culture_problems(Engagement.load(root))
    (problem,) = [p for p in problems if p.severity == "error"]
    assert analysis is None
    assert problem.file == f"inputs/surveys/2026-05/{name}"
    assert "a PDF document, not a survey export" in problem.message
    assert "no column" not in problem.message and "Fix: Export the responses" in str(problem)


def test_a_workbook_saved_under_a_csv_name_says_so(tmp_path):
    root = se.engagement(tmp_path / "e", {"2026-05": "msforms"})
    wave = root / "inputs" / "surveys" / "2026-05"
    (wave / "survey.xlsx").rename(wave / "survey.csv")
    with pytest.raises(Exception, match="Excel") as caught:
        workshop.analyse(root)
    assert "name it .xlsx" in str(caught.value)


def test_a_real_workbook_is_read(tmp_path):
    root = se.engagement(tmp_path / "e", {"2026-05": "shipped"})
    assert workshop.wave_files.not_a_survey(root / "engagement.toml", "x") is None


def test_rows_hidden_in_a_workbook_export_are_counted_but_warned(tmp_path):
    import openpyxl

    root = se.engagement(tmp_path / "e", {"2026-05": "msforms"})
    export = root / "inputs" / "surveys" / "2026-05" / "survey.xlsx"
    book = openpyxl.load_workbook(export)
    book.active.row_dimensions[3].hidden = True
    book.save(export)
    problems, analysis = culture_problems(Engagement.load(root))
    hidden = [p for p in problems if "hidden" in p.message.lower()]
    assert hidden and hidden[0].severity == "warning"
    assert hidden[0].file == "inputs/surveys/2026-05/survey.xlsx" and "3" in hidden[0].message
    assert "Fix:" in str(hidden[0])


@pytest.mark.parametrize("kind", ["googleforms", "msforms"])
def test_an_export_whose_header_row_was_deleted_says_so(tmp_path, kind):
    import csv

    import openpyxl

    root = se.engagement(tmp_path / "e", {"2026-05": kind})
    folder = root / "inputs" / "surveys" / "2026-05"
    (export,) = folder.iterdir()
    if export.suffix == ".xlsx":
        book = openpyxl.load_workbook(export)
        book.active.delete_rows(1)
        book.save(export)
    else:
        with open(export, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))[1:]
        with open(export, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    problems, analysis = culture_problems(Engagement.load(root))
    (problem,) = [p for p in problems if p.severity == "error"]
    assert analysis is None and problem.row == 1
    assert "header row seems to have been deleted" in problem.message
    assert "Fix: Export the responses again" in str(problem)
