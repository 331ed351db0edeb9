"""The culture-analysis demo app in the session's demo portal, opened in Debian's Chromium."""

from __future__ import annotations

import pytest

from workbench.testing import browser

pytestmark = pytest.mark.browser

APP = "/voila/render/culture_analysis.ipynb"
HEAT = ".wb-culture table.wb-heat"
TENURE = ["<1 year", "1-3 years", "3-5 years", "5+ years"]
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
# Elements whose right edge is beyond the window, outside the boxes that scroll on purpose.
OVERFLOWING_JS = """() => [...document.querySelectorAll('#rendered_cells *')].filter(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.right > window.innerWidth + 1 && !e.closest('.wb-table-wrap');
}).map(e => e.tagName + '.' + e.className.toString().slice(0, 60))"""
# Boxes that scroll sideways although they should not: everything but the table boxes.
SCROLLING_JS = """() => [...document.querySelectorAll('#rendered_cells, #rendered_cells *')].filter(
  e => e.scrollWidth > e.clientWidth + 1 && !e.closest('.wb-table-wrap')
    && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
).map(e => e.tagName + '.' + e.className.toString().slice(0, 60))"""


@pytest.fixture(scope="module")
def visit(demo_portal, chromium):
    """One visit to the app, recording console errors, requests and the widget messages."""
    page, record = browser.open_recorded(chromium, demo_portal.url + APP, HEAT)
    yield page, record
    page.close()


@pytest.fixture(scope="module", params=list(SIZES), ids=list(SIZES))
def sized(request, demo_portal, chromium):
    """The app at a desktop and at a phone window size, every output rendered."""
    width, height = SIZES[request.param]
    page, _ = browser.open_recorded(
        chromium, demo_portal.url + APP, HEAT, viewport={"width": width, "height": height}
    )
    browser.wait_until_rendered(page)
    yield page
    page.close()


def _heat_header(page) -> list[str]:
    return page.locator(f"{HEAT} thead th").all_inner_texts()


def test_heatmap_shows_segments_and_suppresses_the_small_team(visit):
    page, _ = visit
    header = _heat_header(page)
    assert header[:2] == ["Dimension", "All"]
    assert len(header) >= 7  # All + at least 5 teams
    assert page.locator(f"{HEAT} td.wb-suppressed").count() > 0
    assert page.locator(f"{HEAT} td.wb-dim").count() >= 10


def test_segment_by_filter_changes_the_heatmap_and_orders_tenure(visit):
    page, _ = visit
    before = _heat_header(page)
    by = page.locator(".wb-culture .widget-dropdown select").nth(1)  # group by
    by.select_option(label="Tenure")
    page.wait_for_function(
        "old => Array.from(document.querySelectorAll("
        "'.wb-culture table.wb-heat thead th')).map(t => t.innerText).join('|') !== old",
        arg="|".join(before),
        timeout=30_000,
    )
    assert _heat_header(page) == ["Dimension", "All", *TENURE]
    group = page.locator(".wb-culture .widget-dropdown select").nth(2)
    options = [t.replace("\xa0", " ") for t in group.locator("option").all_inner_texts()]
    assert options == ["All", *TENURE]  # ipywidgets shows spaces as no-break spaces
    by.select_option(label="Team")
    page.wait_for_function(
        "old => Array.from(document.querySelectorAll("
        "'.wb-culture table.wb-heat thead th')).map(t => t.innerText).join('|') === old",
        arg="|".join(before),
        timeout=30_000,
    )


def test_dimension_filter_narrows_the_heatmap_to_one_row(visit):
    page, _ = visit
    dimension = page.locator(".wb-culture .widget-dropdown select").nth(3)
    dimension.select_option(index=1)
    page.wait_for_function(
        "() => document.querySelectorAll('.wb-culture table.wb-heat td.wb-dim').length === 1",
        timeout=30_000,
    )
    dimension.select_option(label="All")
    page.wait_for_function(
        "() => document.querySelectorAll('.wb-culture table.wb-heat td.wb-dim').length > 1",
        timeout=30_000,
    )


def test_scales_charts_and_profile_are_shown(visit):
    page, _ = visit
    assert page.locator(".wb-scale").count() >= 4
    page.wait_for_selector(".wb-culture-charts figure.wb-chart svg", timeout=30_000)
    labels = page.locator(".wb-culture-charts svg[role=img]").evaluate_all(
        "svgs => svgs.map(s => s.getAttribute('aria-label'))"
    )
    assert labels[0].startswith("Share of favourable") and len(labels) == 3
    assert "Culture types now and preferred" in labels


def test_no_console_errors_and_nothing_leaves_localhost(visit):
    page, record = visit
    assert record["errors"] == []
    assert record["requests"]
    assert [url for url in record["requests"] if not browser.is_local(url)] == []


def test_only_aggregates_reach_the_browser(visit):
    """No respondent id, personal data or respondent-level answer is in the page or messages."""
    from workbench.culture.workshop import analyse

    page, record = visit
    analysis = analyse("demo")
    shipped = page.content() + "".join(str(f) for f in record["frames"])
    respondent_ids = [rid for r in analysis.responses.values() for rid in r.items.index[:50]]
    assert respondent_ids
    leaked = [rid for rid in respondent_ids if len(rid) > 4 and rid in shipped]
    assert leaked == []
    assert "@example.com" not in shipped  # the Qualtrics wave carries fake e-mail addresses


def test_code_and_consultant_cells_are_hidden(visit):
    page, _ = visit
    text = page.locator("body").inner_text()
    assert "culture_workshop.analyse" not in text and "views." not in text
    assert page.locator(".wb-consultant").count() == 0
    assert "workbench run" not in text and "inputs/surveys" not in text


def test_the_page_never_scrolls_sideways(sized):
    page = sized
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(OVERFLOWING_JS) == []
    assert page.evaluate(SCROLLING_JS) == []  # Voila's own scroller and the filter rows too


def test_charts_and_the_heatmap_key_are_visible_and_readable(sized):
    page = sized
    width = page.evaluate("window.innerWidth")
    charts = page.locator(".wb-chart svg")
    assert charts.count() >= 5  # favourability, profile, change twice, drivers
    for box in charts.evaluate_all("svgs => svgs.map(s => s.getBoundingClientRect().toJSON())"):
        assert box["width"] > 200 and box["height"] > 100 and box["right"] <= width
    # Charts are drawn with text of 11 px or more: shrinking them must keep it at 10 px or more.
    scales = charts.evaluate_all(
        "svgs => svgs.map(s => s.getBoundingClientRect().width / s.viewBox.baseVal.width)"
    )
    assert min(scales) >= 10 / 11
    key = page.locator(".wb-culture .wb-heat-key")
    assert key.is_visible() and "needs attention" in key.inner_text()
    assert key.bounding_box()["x"] + key.bounding_box()["width"] <= width
    ramp = key.locator(".wb-gradient").bounding_box()
    assert ramp["width"] > 50 and ramp["height"] > 5
