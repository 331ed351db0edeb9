"""The relationship-model design app in the session's demo portal, opened in Debian's Chromium."""

from __future__ import annotations

import pytest

from workbench.testing import browser

pytestmark = pytest.mark.browser

APP = "/voila/render/relationship_model_design.ipynb"
CANVAS = ".wb-browser table.wb-canvas"
CARD = ".wb-browser div.wb-card"
SELECT = ".wb-browser .widget-dropdown select"
CLIENT = "Northwind Digital Services"
MODEL_GROUPS = [
    "Business Units",
    "Customers",
    "Executives",
    "Partners",
    "Regulators & Auditors",
    "Suppliers",
]
REGISTER_GROUPS = [
    "Business Units",
    "Community & Media",
    "Customers",
    "Executives",
    "IT Leadership",
    "Infrastructure",
    "Partners",
    "Regulators & Auditors",
    "Service Desk",
    "Suppliers",
]
FIRST = "Business Units"
NO_MODEL = " (no model yet)"


@pytest.fixture(scope="module")
def visit(demo_portal, chromium):
    """One visit to the app, recording console errors, dialogs, requests and widget messages."""
    page, record = browser.open_recorded(chromium, demo_portal.url + APP, CANVAS)
    yield page, record
    page.close()


def _select_group(page, value: str) -> None:
    """Pick a group in the browser's dropdown (option values are the labels, plain spaces)."""
    page.locator(SELECT).first.select_option(value=value)


def _wait_for_card(page, group: str) -> None:
    page.wait_for_function(
        "g => { const c = document.querySelector('.wb-browser div.wb-card');"
        " return c !== null && c.dataset.group === g; }",
        arg=group,
        timeout=30_000,
    )


def _back_to_first(page) -> None:
    _select_group(page, FIRST)
    _wait_for_card(page, FIRST)
    page.wait_for_function(
        "g => { const t = document.querySelector('.wb-browser table.wb-canvas');"
        " return t !== null && t.dataset.group === g; }",
        arg=FIRST,
        timeout=30_000,
    )


def test_header_shows_the_client_and_how_many_groups_have_a_model(visit):
    page, _ = visit
    text = page.locator("body").inner_text()
    assert CLIENT in text
    assert "10 stakeholder groups, 6 with a relationship model" in text
    assert "4 finding(s) to discuss" in text


def test_dropdown_lists_every_register_group_and_first_canvas_is_business_units(visit):
    page, _ = visit
    select = page.locator(SELECT)
    assert select.count() == 1
    values = select.first.evaluate("s => Array.from(s.options).map(o => o.value)")
    expected = [g if g in MODEL_GROUPS else g + NO_MODEL for g in REGISTER_GROUPS]
    assert values == expected
    assert sum(v.endswith(NO_MODEL) for v in values) == 4
    assert select.first.evaluate("s => s.value") == FIRST
    canvas = page.locator(CANVAS)
    assert canvas.count() == 1
    assert canvas.get_attribute("data-group") == FIRST
    assert canvas.locator("thead th").count() == 8  # empty corner + 7 service-journey steps
    assert canvas.locator("tbody tr").count() == 5  # responsible, activities, risks, ...
    assert page.locator(CARD).get_attribute("data-group") == FIRST


def test_selecting_executives_shows_its_partnership_and_override(visit):
    page, _ = visit
    try:
        _select_group(page, "Executives")
        page.wait_for_function(
            "() => { const t = document.querySelector('.wb-browser table.wb-canvas');"
            " return t !== null && t.dataset.group === 'Executives'; }",
            timeout=30_000,
        )
        _wait_for_card(page, "Executives")
        card = page.locator(CARD).inner_text()
        assert "partnership" in card
        assert "chosen over partnership / medium" in card
        assert "CIO, COO and CISO" in card  # the override's reason is shown
        assert page.locator(CANVAS).locator("thead th").count() == 8
    finally:
        _back_to_first(page)


def test_selecting_regulators_shows_the_generic_journey_with_a_gap(visit):
    page, _ = visit
    group = "Regulators & Auditors"
    try:
        _select_group(page, group)
        page.wait_for_function(
            "g => { const t = document.querySelector('.wb-browser table.wb-canvas');"
            " return t !== null && t.dataset.group === g; }",
            arg=group,
            timeout=30_000,
        )
        canvas = page.locator(CANVAS)
        assert canvas.locator("thead th").count() == 9  # empty corner + 8 generic steps
        assert canvas.locator("td.wb-empty").count() >= 1
        assert page.locator(CARD).get_attribute("data-group") == group
    finally:
        _back_to_first(page)


def test_selecting_a_group_without_a_model_shows_a_suggestion(visit):
    page, _ = visit
    try:
        _select_group(page, "Service Desk" + NO_MODEL)
        _wait_for_card(page, "Service Desk")
        page.wait_for_selector(CANVAS, state="detached", timeout=30_000)
        assert page.locator(CANVAS).count() == 0
        card = page.locator(CARD).inner_text()
        assert "No relationship model" in card
        assert "The evidence suggests a cooperative relationship" in card
        assert "medium communality" in card
    finally:
        _back_to_first(page)


def test_principles_table_has_one_row_per_model_group(visit):
    page, _ = visit
    table = page.locator("table.wb-principles").last
    assert table.evaluate("t => t.closest('.wb-browser') === null")
    assert table.locator("thead th").count() == 6  # group + five axes
    rows = table.locator("tbody tr")
    assert rows.count() == 6
    assert rows.locator("th").all_inner_texts() == MODEL_GROUPS


def test_findings_table_names_the_four_demo_gaps(visit):
    page, _ = visit
    table = page.locator("table.wb-findings")
    assert table.count() == 1
    rows = table.locator("tbody tr")
    assert rows.count() == 4
    found = {
        (row[0], row[2])
        for row in (rows.nth(i).locator("th, td").all_inner_texts() for i in range(rows.count()))
    }
    assert ("Partners", "levels") in found
    assert ("Regulators & Auditors", "kpis") in found
    assert ("Suppliers", "steps[5].responsible") in found
    regulator_fields = [field for group, field in found if group == "Regulators & Auditors"]
    assert any(f.startswith("steps[") and f.endswith("].risks") for f in regulator_fields)
    partners = rows.filter(has=page.locator("th", has_text="Partners")).inner_text()
    assert "strategic" in partners


def test_recommendations_cover_every_group_and_show_the_override(visit):
    page, _ = visit
    rows = page.locator("table.wb-recommendations tbody tr")
    assert rows.count() == 10
    assert rows.locator("th").all_inner_texts() == REGISTER_GROUPS
    executives = rows.filter(has=page.locator("th", has_text="Executives"))
    assert executives.count() == 1
    assert "override" in executives.inner_text()
    service_desk = rows.filter(has=page.locator("th", has_text="Service Desk"))
    assert "no model yet" in service_desk.inner_text()


def test_no_console_errors_no_dialogs_and_nothing_leaves_localhost(visit):
    page, record = visit
    assert record["errors"] == []
    assert record["dialogs"] == []
    assert record["requests"]
    assert [url for url in record["requests"] if not browser.is_local(url)] == []


def test_code_and_consultant_cells_are_hidden(visit):
    page, _ = visit
    text = page.locator("body").inner_text()
    assert "Relationship models" in text  # the page did render its markdown
    for hidden in ("design_workshop.analyse", "model_editor", "design a model live"):
        assert hidden not in text


def test_app_is_read_only(visit):
    page, _ = visit
    assert page.locator(".wb-model-editor").count() == 0
    assert page.locator("textarea").count() == 0
    assert page.locator("input[type='text'], input:not([type])").count() == 0
    assert page.locator("button", has_text="Restore").count() == 0


def test_no_html_from_the_data_is_rendered_as_markup(visit):
    page, record = visit
    assert page.locator("img[onerror]").count() == 0
    assert "<img src=x onerror" not in page.content()
    frames = "".join(
        f if isinstance(f, str) else f.decode("utf-8", "replace") for f in record["frames"]
    )
    assert frames  # the widgets did talk to the kernel
    assert "<img src=x onerror" not in frames
