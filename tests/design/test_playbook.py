"""Playbooks and the models workbook: content, sheets, escaping and formula injection."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from workbench.design import cards, playbook, wording
from workbench.design import workshop as design_workshop
from workbench.design.models import JOURNEYS, STEP_LABELS
from workbench.present import palette

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
    assert book.sheetnames[0] == "Summary"
    assert len(book.sheetnames) == len(groups) + 1
    summary = list(book["Summary"].values)
    assert list(summary[0]) == [wording.COLUMN_LABELS[c] for c in playbook.SUMMARY_COLUMNS]
    assert not [h for h in summary[0] if "_" in h]  # human headers, no code names
    assert [row[0] for row in summary[1:]] == [
        g if g != EVIL_GROUP else '<img src=x onerror=alert(1)> & "Co"' for g in groups
    ]
    executives = next(row for row in summary if row[0] == "Executives")
    record = dict(zip(playbook.SUMMARY_COLUMNS, executives, strict=True))
    assert record["type"] == "partnership" and record["suggested_communality"] == "medium"
    assert record["override_reason"] and record["journey"] == "Service relationship journey"
    suppliers = next(row for row in summary if row[0] == "Suppliers")
    assert dict(zip(playbook.SUMMARY_COLUMNS, suppliers, strict=True))["findings"] == 1


def test_a_group_sheet_lists_every_step_with_its_content(design):
    sheet = open_workbook(design)["Regulators & Auditors"]
    rows = list(sheet.values)
    assert list(rows[0]) == [
        "Journey step",
        "Responsible role",
        "Key activities",
        "Risks to watch",
        "Opportunities",
        "How we behave",
    ]
    assert len(rows) - 1 == len(JOURNEYS["generic"])
    model = design.models["Regulators & Auditors"]
    assert rows[1][0] == STEP_LABELS[model.steps[0].step]
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
    onboard = sheet[(sheet["group"] == "Suppliers") & (sheet["step"] == STEP_LABELS["onboard"])]
    assert onboard.iloc[0]["role"] == "" and onboard.iloc[0]["type"] == "basic"
    assert set(playbook.MODELS_SHEET_COLUMNS) <= set(wording.COLUMN_LABELS)  # results.xlsx


def test_a_playbook_is_printable_self_contained_and_escaped(design):
    pages = playbook.playbooks(design)
    assert "executives.html" in pages and len(pages) == len(design.models)
    page = pages["img-src-x-onerror-alert-1-co.html"]
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "@media print" in page and "<script" not in page
    assert "http://" not in page.replace("http://evil", "")  # nothing to fetch
    executives = pages["executives.html"]
    assert executives.count('class="wb-canvas-step"') == 7
    assert "chosen instead of partnership / medium" in executives
    assert "Relationship playbook: Executives" in executives


def _print_css(page: str) -> str:
    return re.sub(r"\s+", "", page.split("@media print{", 1)[1].split("</style>")[0])


def test_a_playbook_prints_a4_landscape_with_the_whole_canvas(design):
    page = playbook.playbook_html(design, "Executives")
    css = re.sub(r"\s+", "", page)
    assert "@page{size:A4landscape;margin:12mm}" in css
    printed = _print_css(page)
    assert "display:none" not in printed and "visibility:hidden" not in printed
    assert ".wb-canvas-step" in printed and "break-inside:avoid" in printed
    assert "display:none" not in re.sub(r"\s+", "", cards.CSS)  # nothing hidden on screen
    assert "wb-canvas-wrap" not in page  # no scrolling frame that would clip the canvas
    assert '<div class="wb-canvas" data-group="Executives">' in page
    assert "<meta name='viewport'" in page  # readable on a phone too


def test_a_playbook_uses_palette_and_brand_colours_only(design):
    page = playbook.playbook_html(design, "Suppliers")
    brand = design.engagement.branding
    allowed = {
        c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}", Path(palette.__file__).read_text())
    }
    allowed |= set(cards.TINTS.values()) | {c.lower() for c in brand.values() if c}
    used = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", page)}
    assert used <= allowed, used - allowed
    assert re.findall(r"#[0-9a-fA-F]{3}\b", page) == []
    ink = palette.text_on(brand["primary_color"])
    assert f"background:{brand['primary_color']};color:{ink}" in page


def test_open_points_appear_in_the_playbook_in_words(design):
    page = playbook.playbooks(design)["suppliers.html"]
    assert "Points to settle" in page
    assert "<b>Journey step 5 (Onboard): responsible role</b>: Nobody is responsible for the " in (
        page
    )
    assert "steps[5]" not in page
    assert page.count('<dd class="wb-gap">Still to agree</dd>') >= 1
    assert "Points to settle" not in playbook.playbooks(design)["customers.html"]
