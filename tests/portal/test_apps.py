"""Every app in notebooks/, found by the portal itself, served the way clients get it.

No list of apps is kept here: a notebook added to notebooks/demo/ is tested on the next run.
The server is the session's demo portal, with the product's defaults (one preheated kernel per
app).
"""

from __future__ import annotations

import json

import pytest

from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.culture.workshop import analyse as analyse_culture
from workbench.portal import pages as portal
from workbench.testing import browser

pytestmark = pytest.mark.browser

APPS = portal.discover_apps(paths.DEMO_NOTEBOOKS)
DEMO = Engagement.load(paths.DEMO_NAME)


@pytest.fixture(scope="module", params=APPS, ids=[a.path for a in APPS])
def visit(request, demo_portal, chromium):
    """One visit per app: recorded from the first request until every output is visible."""
    app: portal.App = request.param
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    record = browser.record(page)
    page.goto(f"{demo_portal.url}/voila/render/{app.path}", wait_until="domcontentloaded")
    browser.wait_until_rendered(page)
    browser.wait_until_settled(page, record)  # late widget messages and console errors count
    yield app, page, record
    page.close()


def test_demo_has_apps_to_test():
    assert len(APPS) >= 3
    assert {a.path for a in APPS} == {p.name for p in paths.DEMO_NOTEBOOKS.glob("*.ipynb")}


def test_app_renders_every_output_without_an_error_note(visit):
    _, page, _ = visit
    assert page.locator(".jp-OutputArea-output").count() > 0
    assert page.locator(".wb-app-error").count() == 0
    assert "Traceback" not in page.locator("body").inner_text()


def test_app_is_branded_with_the_engagement(visit):
    _, page, _ = visit
    bar = page.locator(".wb-brand-bar")
    assert bar.is_visible()
    assert DEMO.client in bar.inner_text()
    colour = bar.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == _rgb(DEMO.branding["primary_color"])
    logo = bar.locator("img.wb-logo")
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert bar.locator("a.wb-home").get_attribute("href") == "/"


def test_no_console_errors_no_dialogs_and_no_request_leaves_the_server(visit):
    _, _, record = visit
    assert record.requests  # the recorder saw the page load
    assert record.errors == []
    assert record.dialogs == []
    assert record.outside_requests() == []


def test_no_code_and_no_consultant_cell_reaches_the_client(visit):
    app, page, _ = visit
    assert page.locator(".jp-InputArea-editor, .jp-CodeMirrorEditor").count() == 0
    html = page.content()
    notebook = json.loads((paths.DEMO_NOTEBOOKS / app.path).read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        source = "".join(cell["source"]).strip()
        if cell["cell_type"] == "code" and source and not source.startswith("#"):
            assert source not in html  # strip_sources: no code anywhere in the page
        if "skip-voila" in cell["metadata"].get("tags", []) and cell["cell_type"] == "markdown":
            heading = source.splitlines()[0].lstrip("#").strip()
            assert heading not in page.locator("body").inner_text()


def test_names_that_carry_html_stay_inert(visit):
    _, page, record = visit
    assert page.locator('img[src="x"]').count() == 0
    for frame in page.frames:
        assert frame.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert record.dialogs == []


def test_only_aggregates_reach_the_browser(visit):
    """No respondent id or personal data is in the page or in any widget message."""
    _, page, record = visit
    shipped = page.content() + "".join(record.frames)
    culture = analyse_culture(paths.DEMO_NAME)
    respondent_ids = [
        str(rid) for r in culture.responses.values() for rid in r.items.index if len(str(rid)) > 4
    ]
    assert respondent_ids
    assert [rid for rid in respondent_ids if rid in shipped] == []
    assert "@example.com" not in shipped  # the Qualtrics wave carries fake e-mail addresses


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"
