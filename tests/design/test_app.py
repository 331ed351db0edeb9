"""The relationship-model design app in the session's demo portal, opened in Debian's Chromium.

The layout checks (a laptop and a phone) visit the template itself, served on its own portal:
they test the app as the template builds it, before notebooks/demo is re-executed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import live
import pytest

from workbench.core import paths
from workbench.testing import browser

pytestmark = pytest.mark.browser

APP = "/voila/render/relationship_model_design.ipynb"
CANVAS = ".wb-browser div.wb-canvas"
STEP = ".wb-browser .wb-canvas-step"
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
        "g => { const t = document.querySelector('.wb-browser div.wb-canvas');"
        " return t !== null && t.dataset.group === g; }",
        arg=FIRST,
        timeout=30_000,
    )


def test_header_shows_the_client_and_how_many_groups_have_a_model(visit):
    page, _ = visit
    text = page.locator("body").inner_text()
    assert CLIENT in text
    assert "10 stakeholder groups, 6 with an agreed relationship model" in text
    assert "4 points to settle" in text


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
    assert page.locator(STEP).count() == 7  # the service journey's steps
    assert page.locator(STEP).first.locator("dt").count() == 5  # responsible, activities, ...
    assert page.locator(CARD).get_attribute("data-group") == FIRST
    facts = page.locator(".wb-browser .wb-facts").first
    assert facts.evaluate("d => getComputedStyle(d).display") == "grid"  # not JupyterLab's floats


def test_selecting_executives_shows_its_partnership_and_override(visit):
    page, _ = visit
    try:
        _select_group(page, "Executives")
        page.wait_for_function(
            "() => { const t = document.querySelector('.wb-browser div.wb-canvas');"
            " return t !== null && t.dataset.group === 'Executives'; }",
            timeout=30_000,
        )
        _wait_for_card(page, "Executives")
        card = page.locator(CARD).inner_text()
        assert "partnership" in card
        assert "chosen instead of partnership / medium" in card
        assert "CIO, COO and CISO" in card  # the override's reason is shown
        assert page.locator(STEP).count() == 7
    finally:
        _back_to_first(page)


def test_selecting_regulators_shows_the_generic_journey_with_a_gap(visit):
    page, _ = visit
    group = "Regulators & Auditors"
    try:
        _select_group(page, group)
        page.wait_for_function(
            "g => { const t = document.querySelector('.wb-browser div.wb-canvas');"
            " return t !== null && t.dataset.group === g; }",
            arg=group,
            timeout=30_000,
        )
        assert page.locator(STEP).count() == 8  # the generic journey's steps
        gaps = page.locator(".wb-browser dd.wb-gap")
        assert gaps.count() >= 1 and gaps.first.inner_text() == "Still to agree"
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
        assert "No relationship model has been agreed for this group yet." in card
        assert page.locator(CARD).locator(".wb-empty").count() == 1
        assert "The evidence suggests a cooperative relationship" in card
        assert "medium communality" in card
    finally:
        _back_to_first(page)


def test_principles_table_has_one_row_per_model_group(visit):
    page, _ = visit
    table = page.locator("table.wb-principles").last
    assert table.evaluate("t => t.closest('.wb-browser') === null")
    head = table.locator("thead th").all_inner_texts()
    assert head[0] == "Stakeholder group" and "Control ↔ trust" in head
    assert len(head) == 6  # group + five axes
    rows = table.locator("tbody tr")
    assert rows.count() == 6
    assert rows.locator("th").all_inner_texts() == MODEL_GROUPS
    assert table.evaluate("t => getComputedStyle(t.parentElement).overflowX") == "auto"


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
    assert found == {
        ("Partners", "Levels involved"),
        ("Regulators & Auditors", "KPIs"),
        ("Regulators & Auditors", "Journey step 7 (Review): risks to watch"),
        ("Suppliers", "Journey step 5 (Onboard): responsible role"),
    }
    partners = rows.filter(has=page.locator("th", has_text="Partners")).inner_text()
    assert "strategic" in partners
    chips = table.locator(".wb-chip")
    assert chips.count() == 4 and set(chips.all_inner_texts()) == {"Action needed"}
    assert "steps[" not in table.inner_text() and table.locator("code").count() == 0


def test_recommendations_cover_every_group_and_show_the_override(visit):
    page, _ = visit
    rows = page.locator("table.wb-recommendations tbody tr")
    assert rows.count() == 10
    assert rows.locator("th").all_inner_texts() == REGISTER_GROUPS
    executives = rows.filter(has=page.locator("th", has_text="Executives"))
    assert executives.count() == 1
    assert "Differs from the suggestion" in executives.inner_text()
    service_desk = rows.filter(has=page.locator("th", has_text="Service Desk"))
    assert "Not agreed yet" in service_desk.inner_text()
    assert "inputs/" not in page.locator("table.wb-recommendations").inner_text()


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


# --- the template, at a laptop's and a phone's width ------------------------------------------
VIEWPORTS = [{"width": 1440, "height": 900}, {"width": 390, "height": 844}]
OVERFLOW_JS = """() => {
  const width = window.innerWidth, wide = [];
  const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  for (const e of document.querySelectorAll('#rendered_cells *')) {
    const box = e.getBoundingClientRect();
    if (!box.width || box.right <= width + 1) continue;
    let up = e.parentElement;
    while (up && !scrolls(up)) up = up.parentElement;
    if (!up || up.id === 'rendered_cells') wide.push(`${e.tagName}.${e.className} ${box.right}`);
  }
  const cells = document.querySelector('#rendered_cells');
  return {page: document.documentElement.scrollWidth, cells: cells.scrollWidth, width, wide};
}"""


@pytest.fixture(scope="module")
def template_portal(tmp_path_factory):
    """A portal serving the design template (on the demo engagement) as it is now."""
    folder = tmp_path_factory.mktemp("design-template")
    name = Path(APP).name
    shutil.copy(paths.TEMPLATES_DIR / name, folder / name)
    with live.portal(folder) as server:
        yield server


@pytest.fixture(scope="module", params=VIEWPORTS, ids=lambda v: f"{v['width']}px")
def layout(request, template_portal, chromium):
    """The template's app at one viewport, once every output has drawn."""
    viewport = request.param
    page = chromium.new_page(viewport=viewport, has_touch=viewport["width"] < 600)
    page.set_default_timeout(120_000)  # the kernel starts and runs the notebook on the visit
    record = browser.record(page)
    page.goto(template_portal.url + APP, wait_until="domcontentloaded")
    browser.wait_until_rendered(page)
    browser.wait_until_settled(page, record)
    yield viewport, page, record
    page.close()


def test_nothing_is_wider_than_the_screen(layout):
    viewport, page, _ = layout
    found = page.evaluate(OVERFLOW_JS)
    assert found["page"] <= viewport["width"] + 1, found
    assert found["cells"] <= viewport["width"] + 1, found
    assert found["wide"] == [], found["wide"][:10]


def test_the_model_card_and_canvas_fit_the_screen(layout):
    viewport, page, _ = layout
    for selector in (CARD, CANVAS, ".wb-browser .wb-scales"):
        box = page.locator(selector).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], selector
    steps = page.locator(STEP)
    lefts = {round(steps.nth(i).bounding_box()["x"]) for i in range(steps.count())}
    if viewport["width"] < 600:
        assert len(lefts) == 1  # one column of step cards on a phone
    else:
        assert len(lefts) >= 4  # side by side on a laptop, wrapping onto a second row


def test_the_summary_chart_has_a_legend_and_readable_text(layout):
    _, page, _ = layout
    chart = page.locator("figure.wb-chart svg")
    assert chart.count() == 1
    assert chart.locator("g.role-legend").count() >= 1  # communality
    assert page.locator(".wb-legend", has_text="Suggested by the evidence").count() == 1
    heights = chart.evaluate(
        "s => [...s.querySelectorAll('text')].filter(t => t.textContent.trim())"
        ".map(t => t.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 9


def test_tables_fold_into_cards_on_a_phone_and_stay_tables_on_a_laptop(layout):
    viewport, page, _ = layout
    display = page.locator("table.wb-findings tbody td").first.evaluate(
        "td => getComputedStyle(td).display"
    )
    assert display == ("block" if viewport["width"] < 600 else "table-cell")
    align = page.locator("table.wb-findings tbody td").first.evaluate(
        "td => getComputedStyle(td).textAlign"
    )
    assert align in ("left", "start")  # not JupyterLab's right-aligned cells


def test_the_template_keeps_consultant_notes_and_jargon_from_the_client(layout):
    _, page, record = layout
    text = page.locator("body").inner_text()
    assert "For the consultant" not in text and page.locator(".wb-consultant").count() == 0
    for jargon in ("workbench run", ".toml", "steps[", "inputs/surveys", "passes the checks"):
        assert jargon not in text, jargon
    assert record.errors == [] and record.outside_requests() == []
