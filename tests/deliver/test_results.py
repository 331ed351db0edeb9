"""Tests for workbench.deliver.results: results.xlsx and relationship_models.xlsx of a run."""

import datetime as dt
import io
import re

import openpyxl
import pandas as pd
import pytest

from workbench.core.engagement import Engagement
from workbench.culture import wording as culture_wording
from workbench.culture import workshop as culture_workshop
from workbench.deliver import results
from workbench.design import wording as design_wording
from workbench.design import workshop as design_workshop
from workbench.stakeholders import wording as stakeholder_wording
from workbench.stakeholders import workshop as stakeholder_workshop

RUN = "2026-11-22T101500"
DAY = dt.date(2026, 11, 22)
CODE_NAME = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")  # snake_case
STAKEHOLDER_ID = re.compile(r"^S\d{3}$")
STAKEHOLDER_LABELS = stakeholder_wording.COLUMN_LABELS
P_VALUE = culture_wording.COLUMN_LABELS["p_value"]


@pytest.fixture(scope="module")
def demo():
    eng = Engagement.of("demo")
    mapping = stakeholder_workshop.analyse(eng)
    culture = culture_workshop.analyse(eng)
    design = design_workshop.analyse(eng, stakeholder_map=mapping, culture=culture)
    return eng, mapping, culture, design


@pytest.fixture(scope="module")
def book(demo):
    eng, mapping, culture, design = demo
    data = results.results_workbook(eng, RUN, mapping, culture, design, today=DAY)
    return openpyxl.load_workbook(io.BytesIO(data))


def texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_results_open_with_the_cover_then_titled_sheets(book):
    assert book.sheetnames[0] == "About"
    about = texts(book["About"])
    assert about[0] == "Northwind Digital Services" and RUN in about
    assert book["About"]["B5"].value == dt.datetime(2026, 11, 22)
    for title in ("Stakeholders", "Relationships", "Culture scores", "Relationship models"):
        assert title in book.sheetnames and title in about
    assert any("fewer than 5 people" in t for t in about)
    for term in (STAKEHOLDER_LABELS["betweenness"], P_VALUE):  # terms the headers use
        assert term in about
    assert not any("✓" in t for t in about)  # the workbook says Yes, not a tick
    for name in book.sheetnames:
        assert not CODE_NAME.match(name), name


def test_every_header_is_in_words_and_every_sheet_is_a_table(book):
    for ws in book.worksheets[1:]:
        headers = [c.value for c in ws[1]]
        assert headers and all(h and not CODE_NAME.match(h) and "_" not in h for h in headers), (
            ws.title,
            headers,
        )
        assert len(ws.tables) == 1, ws.title


def test_culture_shares_are_real_percentages_and_dimensions_have_names(book):
    ws = book["Culture scores"]
    headers = [c.value for c in ws[1]]
    favourable = ws.cell(
        row=2, column=headers.index(culture_wording.COLUMN_LABELS["pct_favourable"]) + 1
    )
    assert favourable.number_format == "0%" and 0 < favourable.value <= 1
    everything = [t for sheet in book.worksheets for t in texts(sheet)]
    assert "Psychological safety" in everything
    assert not any("psych_safety" in t for t in everything)
    groups = [c.value for c in ws["B"][1:]]
    assert culture_wording.human("All") in groups and "All" not in groups
    drivers = book["What drives the outcome"]
    p_column = [c.value for c in drivers[1]].index(P_VALUE) + 1
    assert drivers.cell(row=2, column=p_column).number_format.startswith("[<0.001]")


def test_stakeholders_are_named_not_referred_to_by_id(book):
    relationships = book["Relationships"]
    assert [c.value for c in relationships[1]][:2] == ["From", "To"]
    assert relationships["A2"].value == "Dana Whitfield (CIO)"
    for ws in book.worksheets[1:]:
        headers = [c.value for c in ws[1]]
        for number, header in enumerate(headers, start=1):
            if ws.title == "Stakeholders" and header == STAKEHOLDER_LABELS["id"]:
                continue  # the register keeps its own key
            values = [c.value for c in ws[get_letter(number)][1:]]
            assert not any(isinstance(v, str) and STAKEHOLDER_ID.match(v) for v in values), (
                ws.title,
                header,
            )
    gone = texts(book["Relationships gone"])
    assert "Legacy Mainframe Team" in gone  # a stakeholder who left is named too


def get_letter(number: int) -> str:
    return openpyxl.utils.get_column_letter(number)


def test_changes_say_since_which_workshop(book):
    about = texts(book["About"])
    assert "Stakeholders added since the workshop of 18 June 2026." in about


def test_unknown_columns_get_a_readable_header_and_known_ones_the_wording():
    frame = pd.DataFrame({"kpis": ["CSAT"], "new_measure": [1], "Already Human": [2]})
    sheet = results.labelled_sheet("models", frame, design_wording)
    assert sheet.headers() == ["KPIs", "New measure", "Already Human"]
    assert sheet.title == "Relationship models" and sheet.description
    assert results.labelled_sheet("some_new_sheet", frame, design_wording).title == (
        "Some new sheet"
    )


def test_the_models_workbook_has_the_same_cover(demo):
    design = demo[3]
    book = openpyxl.load_workbook(io.BytesIO(results.models_workbook(design, RUN, today=DAY)))
    assert book.sheetnames[0] == "About" and "Regulators & Auditors" in book.sheetnames
    about = texts(book["About"])
    assert about[0] == "Northwind Digital Services" and RUN in about and "KPIs" in about
    assert book.properties.creator == "Relationship Workbench"


@pytest.mark.slow
def test_a_run_names_itself_on_the_cover_of_both_workbooks(demo_run):
    (out,) = (demo_run.engagement / "outputs").iterdir()
    for name in ("results.xlsx", "relationship_models.xlsx"):
        book = openpyxl.load_workbook(out / name)
        assert book.sheetnames[0] == "About"
        about = texts(book["About"])
        assert about[0] == "Northwind Copy" and out.name in about, name
    stakeholders = openpyxl.load_workbook(out / "results.xlsx")["Stakeholders"]
    headers = [c.value for c in stakeholders[1]]
    assert {STAKEHOLDER_LABELS[c] for c in ("name", "quadrant", "betweenness")} <= set(headers)
    assert not any(CODE_NAME.match(h) for h in headers)


def test_a_formula_or_markup_in_a_name_reaches_every_sheet_as_inert_text(demo_copy):
    from demo import hostile

    formula = '=HYPERLINK("http://evil","click") <img src=x>'
    eng = Engagement.of(hostile.make_hostile(demo_copy, name=formula))
    mapping = stakeholder_workshop.analyse(eng)
    culture = culture_workshop.analyse(eng)
    design = design_workshop.analyse(eng, stakeholder_map=mapping, culture=culture)
    data = results.results_workbook(eng, RUN, mapping, culture, design, today=DAY)
    book = openpyxl.load_workbook(io.BytesIO(data))
    everywhere = [t for ws in book.worksheets for t in texts(ws)]
    assert "'" + formula in texts(book["Stakeholders"])
    assert "'" + formula in texts(book["Relationships"])  # the id became the (inert) name
    assert formula not in everywhere
    assert not any(t.startswith("=") for t in everywhere)


def test_results_hold_the_enps_of_each_wave_as_promoters_minus_detractors(book, demo):
    culture = demo[2]
    ws = book["eNPS"]
    headers = [c.value for c in ws[1]]
    assert headers[:2] == ["Survey", "Dimension"]
    assert {"Answers", "Promoters (9 or 10)", "Detractors (0 to 6)", "eNPS"} <= set(headers)
    rows = [dict(zip(headers, (c.value for c in row), strict=True)) for row in ws.iter_rows(2)]
    assert [r["Survey"] for r in rows] == culture.waves
    for row in rows:
        answers = culture.responses[row["Survey"]].items["ENPS"].dropna()
        promoters, detractors = (answers >= 9).mean(), (answers <= 6).mean()
        assert row["eNPS"] == pytest.approx(round((promoters - detractors) * 100, 1))
        assert row["eNPS"] == culture.enps()[row["Survey"]]
        assert row["Promoters (9 or 10)"] == pytest.approx(promoters, abs=0.001)  # a share
        assert row["Answers"] == len(answers)
    assert "eNPS" in texts(book["About"])  # the cover lists the sheet
