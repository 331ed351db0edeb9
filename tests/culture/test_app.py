"""The culture-analysis demo app in the session's demo portal, opened in Debian's Chromium."""

from __future__ import annotations

import pytest

from workbench.testing import browser

pytestmark = pytest.mark.browser

APP = "/voila/render/culture_analysis.ipynb"
HEAT = ".wb-culture table.wb-heat"


@pytest.fixture(scope="module")
def visit(demo_portal, chromium):
    """One visit to the app, recording console errors, requests and the widget messages."""
    page, record = browser.open_recorded(chromium, demo_portal.url + APP, HEAT)
    yield page, record
    page.close()


def _heat_header(page) -> list[str]:
    return page.locator(f"{HEAT} thead th").all_inner_texts()


def test_heatmap_shows_segments_and_suppresses_the_small_team(visit):
    page, _ = visit
    header = _heat_header(page)
    assert header[:2] == ["dimension", "All"]
    assert len(header) >= 7  # All + at least 5 teams
    assert page.locator(f"{HEAT} td.wb-suppressed").count() > 0
    assert page.locator(f"{HEAT} td.wb-dim").count() >= 10


def test_segment_by_filter_changes_the_heatmap(visit):
    page, _ = visit
    before = _heat_header(page)
    by = page.locator(".wb-culture .widget-dropdown select").nth(1)  # segment by
    by.select_option(label="tenure")
    page.wait_for_function(
        "old => Array.from(document.querySelectorAll("
        "'.wb-culture table.wb-heat thead th')).map(t => t.innerText).join('|') !== old",
        arg="|".join(before),
        timeout=30_000,
    )
    after = _heat_header(page)
    assert after != before
    assert any("year" in label for label in after)
    by.select_option(label="team")
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


def test_scales_and_profile_are_shown(visit):
    page, _ = visit
    assert page.locator(".wb-scale").count() >= 4
    assert page.locator(".wb-culture svg.wb-profile rect").count() == 8


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
    assert "culture_workshop.analyse" not in text
    assert "About the data (consultant only)" not in text
