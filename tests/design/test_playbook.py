"""Playbooks and the models workbook: content, sheets, escaping and formula injection."""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import pytest

from workbench.design import playbook
from workbench.design import workshop as design_workshop
from workbench.design.models import JOURNEYS

EVIL_GROUP = '<img src=x onerror=alert(1)> & "Co"'


@pytest.fixture(scope="module")
def design():
    """The demo's models plus one group whose texts try HTML and spreadsheet formulas."""
    demo = design_workshop.analyse("demo")
    evil = replace(
        demo.models["Customers"],
        group=EVIL_GROUP,
        owner="=HYPERLINK(\"http://evil\",\"click\")",
        kpis=["+SUM(A1:A9)", "@cmd", "-2+3"],
        steps=[replace(s, activities=["=1+1", "<script>alert(2)</script>"]) for s in
               demo.models["Customers"].steps],
    )  # fmt: skip
    demo.models[EVIL_GROUP] = evil
    demo.groups.append(EVIL_GROUP)
    return demo


def open_workbook(design):
    return openpyxl.load_workbook(io.BytesIO(playbook.workbook_bytes(design)))


def test_the_workbook_has_a_summary_and_a_sheet_per_group(design):
    book = open_workbook(design)
    groups = [g for g in design.groups if g in design.models]
    assert book.sheetnames[0] == "summary"
    assert len(book.sheetnames) == len(groups) + 1
    summary = list(book["summary"].values)
    assert list(summary[0]) == playbook.SUMMARY_COLUMNS
    assert [row[0] for row in summary[1:]] == [
        g if g != EVIL_GROUP else '<img src=x onerror=alert(1)> & "Co"' for g in groups
    ]
    executives = next(row for row in summary if row[0] == "Executives")
    record = dict(zip(summary[0], executives, strict=True))
    assert record["type"] == "partnership" and record["suggested_communality"] == "medium"
    assert record["override_reason"]
    suppliers = next(row for row in summary if row[0] == "Suppliers")
    assert dict(zip(summary[0], suppliers, strict=True))["findings"] == 1


def test_a_group_sheet_lists_every_step_with_its_content(design):
    sheet = open_workbook(design)["Regulators & Auditors"]
    rows = list(sheet.values)
    assert list(rows[0]) == [
        "step",
        "responsible",
        "activities",
        "risks",
        "opportunities",
        "behaviours",
    ]
    assert len(rows) - 1 == len(JOURNEYS["generic"])
    model = design.models["Regulators & Auditors"]
    assert rows[1][2] == "; ".join(model.steps[0].activities)


def test_formulas_are_neutralised_in_every_sheet(design):
    book = open_workbook(design)
    texts = [
        cell
        for sheet in book.worksheets
        for row in sheet.values
        for cell in row
        if isinstance(cell, str)
    ]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    assert '\'=HYPERLINK("http://evil","click")' in texts
    assert "'+SUM(A1:A9); @cmd; -2+3" in texts


def test_sheet_names_are_excel_safe_and_unique():
    names = playbook.sheet_names(["A/B", "A\\B", "x" * 40, "Summary", "[x]:*?"])
    assert names["A/B"] == "AB" and names["A\\B"] == "AB (2)"
    assert len(names["x" * 40]) == 31
    assert names["Summary"] == "Summary (2)"  # "summary" is taken, whatever the case
    assert names["[x]:*?"] == "x"


def test_the_models_sheet_has_one_row_per_group_and_step(design):
    sheet = playbook.models_sheet(design)
    assert list(sheet.columns) == playbook.MODELS_SHEET_COLUMNS
    assert len(sheet) == sum(len(m.steps) for m in design.models.values())
    onboard = sheet[(sheet["group"] == "Suppliers") & (sheet["step"] == "onboard")].iloc[0]
    assert onboard["role"] == "" and onboard["type"] == "basic"


def test_a_playbook_is_printable_self_contained_and_escaped(design):
    pages = playbook.playbooks(design)
    assert "executives.html" in pages and len(pages) == len(design.models)
    page = pages["img-src-x-onerror-alert-1-co.html"]
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "@media print" in page and "<script" not in page
    assert "http://" not in page.replace("http://evil", "")  # nothing to fetch
    executives = pages["executives.html"]
    assert executives.count('class="wb-step"') == 7
    assert "chosen over partnership / medium" in executives


def test_open_findings_appear_in_the_playbook(design):
    page = playbook.playbooks(design)["suppliers.html"]
    assert (
        "Open points" in page and "Nobody is responsible for the &#x27;onboard&#x27; step" in page
    )
    assert "not assigned yet" in page
