"""The demo app in the session's demo portal, opened in Debian's Chromium through Playwright.

The hostile-name checks and the phone and laptop layout checks visit the template itself,
served on their own demo copy whose supplier carries HTML in its name (tests/demo/hostile.py):
they test the app as the template builds it, before notebooks/demo is re-executed."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import live
import nbformat
import pytest
from demo import hostile
from live import wait_for

from workbench.core import paths
from workbench.portal import pages as portal
from workbench.portal.serve import _free_port
from workbench.testing import browser

pytestmark = pytest.mark.browser

APP = "/voila/render/stakeholder_mapping.ipynb"
HTML_NAME = hostile.HOSTILE_NAME
VIEWPORTS = [{"width": 1440, "height": 900}, {"width": 390, "height": 844}]


def _open(chromium, url: str):
    page, record = _visit(chromium, url)
    page.wait_for_selector(".wb-explorer svg.wb-grid")
    page.wait_for_selector(".wb-explorer iframe[sandbox]")
    return page, record


@pytest.fixture(scope="module")
def visit(demo_portal, chromium):
    """One visit to the app, recording console errors, dialogs and every request."""
    page, record = _open(chromium, demo_portal.url + APP)
    yield page, record
    page.close()


def _template_app(engagement: Path, folder: Path) -> Path:
    """The stakeholder template, copied into ``folder``, reading ``engagement``."""
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(APP).name
    nb = nbformat.read(paths.TEMPLATES_DIR / name, as_version=4)
    default = f"engagement_path = {json.dumps(paths.DEMO_NAME)}"
    (cell,) = [c for c in nb.cells if c.cell_type == "code" and default in c.source]
    cell.source = cell.source.replace(default, f"engagement_path = {json.dumps(str(engagement))}")
    nbformat.write(nb, folder / name)
    return folder


@pytest.fixture(scope="module")
def template_portal(tmp_path_factory):
    """A portal serving the template on a demo copy whose supplier S046 carries HTML.

    The shipped demo holds only names fit for a client, so this module serves its own copy."""
    root = tmp_path_factory.mktemp("hostile")
    engagement = hostile.hostile_copy(root / "northwind")
    with live.portal(_template_app(engagement, root / "apps")) as server:
        yield server


def _visit(chromium, url: str, **options):
    """A page at ``url`` once every output has drawn and the kernel is quiet, recorded."""
    page = chromium.new_page(**options)
    page.set_default_timeout(120_000)  # the kernel starts and runs the notebook on the visit
    record = browser.record(page)
    page.goto(url, wait_until="domcontentloaded")
    browser.wait_until_rendered(page)
    browser.wait_until_settled(page, record)
    return page, record


@pytest.fixture(scope="module")
def hostile_visit(template_portal, chromium):
    """One visit to the template's app with the hostile name in the register."""
    page, record = _visit(chromium, template_portal.url + APP)
    yield page, record
    page.close()


@pytest.fixture(scope="module", params=VIEWPORTS, ids=lambda v: f"{v['width']}px")
def layout(request, template_portal, chromium):
    """The template's app on a laptop and on a (touch) phone."""
    viewport = request.param
    page, record = _visit(
        chromium, template_portal.url + APP, viewport=viewport, has_touch=viewport["width"] < 600
    )
    yield viewport, page, record
    page.close()


def test_grid_and_map_are_visible(visit):
    page, _ = visit
    grid = page.locator(".wb-explorer svg.wb-grid").first
    assert grid.is_visible()
    assert grid.locator("circle").count() >= 60
    frame = page.frame_locator(".wb-explorer iframe[sandbox]").first
    frame.locator("canvas").first.wait_for(state="visible", timeout=30_000)
    frame.locator("body[data-drawn='1']").wait_for(state="attached", timeout=30_000)
    assert page.locator(".wb-explorer iframe[sandbox]").first.bounding_box()["height"] > 300


def test_the_map_loads_vis_network_from_the_portal_not_inline(visit):
    """A map (and each redraw a filter sends) carries data, not half a megabyte of library."""
    page, _ = visit
    srcdoc = page.locator(".wb-explorer iframe[sandbox]").first.get_attribute("srcdoc")
    folder = portal.vis_url()
    assert f'<script src="{folder}vis-network.min.js">' in srcdoc
    assert f'<link rel="stylesheet" href="{folder}vis-network.css">' in srcdoc
    assert len(srcdoc) < 60_000
    (frame,) = [f for f in page.frames if f.url == "about:srcdoc"][:1]
    loaded = frame.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any(url.endswith(f"{folder}vis-network.min.js") for url in loaded)
    assert frame.evaluate("typeof vis") == "object"  # the library ran in the map's frame


def test_changing_a_filter_changes_the_table(visit):
    page, _ = visit
    table = page.locator(".wb-explorer table.wb-table").first
    before = table.inner_text()
    map_before = page.locator(".wb-explorer iframe[sandbox]").first.get_attribute("srcdoc")
    rows_before = table.locator("tbody tr").count()
    select = page.locator(".wb-explorer .widget-dropdown select").nth(1)  # quadrant
    select.select_option(label="Key players: manage closely")
    page.wait_for_function(
        "n => document.querySelectorAll('.wb-explorer table.wb-table tbody tr').length !== n",
        arg=rows_before,
        timeout=30_000,
    )
    after = table.inner_text()
    assert after != before
    page.wait_for_function(
        "old => document.querySelector('.wb-explorer iframe[sandbox]').srcdoc !== old",
        arg=map_before,
        timeout=30_000,
    )
    # The map redraws for the selection; it dims the others instead of dropping them, and
    # tests/stakeholders/test_netmap.py checks who is highlighted.
    strategies = table.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert strategies and set(strategies) == {"manage closely"}
    assert page.locator(".wb-explorer svg.wb-grid circle").count() == len(strategies)
    select.select_option(label="All")
    page.wait_for_function(
        "n => document.querySelectorAll('.wb-explorer table.wb-table tbody tr').length === n",
        arg=rows_before,
        timeout=30_000,
    )
    page.wait_for_function(
        "old => document.querySelector('.wb-explorer iframe[sandbox]').srcdoc === old",
        arg=map_before,
        timeout=30_000,
    )


def test_html_in_a_name_is_shown_as_text(hostile_visit):
    page, record = hostile_visit
    assert HTML_NAME in page.locator(".wb-explorer table.wb-table").first.inner_text()
    assert page.locator('img[src="x"]').count() == 0
    assert page.evaluate("document.querySelectorAll('img[onerror]').length") == 0
    assert record["dialogs"] == []


def test_no_console_errors(visit):
    _, record = visit
    assert record["errors"] == []


def test_no_request_leaves_localhost(visit):
    _, record = visit
    assert record["requests"], "the page made no request at all?"
    outside = [url for url in record["requests"] if not browser.is_local(url)]
    assert outside == []


def test_code_and_consultant_cells_are_hidden(visit):
    page, _ = visit
    text = page.locator("body").inner_text()
    assert "mapping.analyse" not in text
    assert "adjust ratings live" not in text


def test_the_template_hides_consultant_notes_and_names_no_file(hostile_visit):
    page, record = hostile_visit
    text = page.locator("body").inner_text()
    assert "For the consultant" not in text and "views." not in text
    for word in ("engagement.toml", "workbench run", ".csv", "S046", "True", "False"):
        assert word not in text, word
    assert record["errors"] == []


def test_app_list_links_every_notebook_and_stays_offline(demo_portal, context):
    page = context.new_page()
    record = browser.record(page)
    page.goto(demo_portal.url + "/", wait_until="load")
    links = page.locator("ul.wb-apps a")
    expected = sorted(p.name for p in paths.DEMO_NOTEBOOKS.glob("*.ipynb"))
    hrefs = sorted(
        href.rsplit("/", 1)[-1] for href in links.evaluate_all("a => a.map(x => x.href)")
    )
    assert hrefs == expected
    assert "Stakeholder map" in links.all_inner_texts()
    assert record.outside_requests() == []
    assert record.errors == []
    page.close()


def test_html_name_is_inert_inside_the_map_too(hostile_visit):
    page, record = hostile_visit
    (map_frame,) = [f for f in page.frames if f.url == "about:srcdoc"][:1]
    assert map_frame.evaluate("document.querySelectorAll('img').length") == 0
    data = "JSON.stringify(JSON.parse(document.getElementById('network-data').textContent))"
    assert HTML_NAME in map_frame.evaluate(data)  # the name is there, as data, not markup
    assert record["dialogs"] == []


def _runtime_of_voila_under(pid: int) -> Path | None:
    """The runtime folder of the Voila that process ``pid`` started, from its command line."""
    for proc in (p for p in Path("/proc").iterdir() if p.name.isdigit()):
        try:
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            argv = (proc / "cmdline").read_bytes().decode().split("\0")
        except (OSError, IndexError, ValueError):
            continue  # it ended while we looked
        if parent == pid:
            for arg in argv:
                if arg.startswith("--Voila.config_file_paths="):
                    return Path(arg.split("=", 1)[1])
    return None


def _home_page(port: int) -> bytes:
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
    except OSError:
        return b""  # not answering yet


def test_workbench_serve_command_serves_the_demo_on_loopback():
    port = _free_port()
    command = [sys.executable, "-m", "workbench.commands.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        page = wait_for(lambda: _home_page(port), "the portal of `workbench serve` to answer")
        assert b"Stakeholder map</a>" in page and b"Northwind Digital Services" in page
        runtime = _runtime_of_voila_under(process.pid)  # this server's, not another test run's
        assert runtime is not None and runtime.is_dir()
    finally:
        process.terminate()  # SIGTERM, as systemd or docker stop sends it
        process.wait(timeout=30)
    with pytest.raises(OSError):  # Voila went with the command, kernels and all
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
    assert not runtime.exists()  # its runtime folder (which may hold a token) is gone


# --- the template's app on a laptop and on a phone -------------------------------------------
PAGE_WIDTHS_JS = """() => [document.documentElement, document.body,
  ...document.querySelectorAll('#rendered_cells')].map(e => [e.scrollWidth, e.clientWidth])"""

# Every visible <text> of the grid, with its font size as drawn: the SVG scales with the page.
GRID_TEXT_JS = """() => {
  const svg = document.querySelector('.wb-explorer svg.wb-grid');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')]
    .filter(t => t.getBoundingClientRect().width > 0)
    .map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]);
}"""

# Each chart (and the grid) with whether a legend follows it in the same output.
LEGENDS_JS = """() => [...document.querySelectorAll('figure.wb-chart, svg.wb-grid')].map(c => {
  const area = c.closest('.jp-OutputArea-output');
  const legends = [...area.querySelectorAll('.wb-legend, g.role-legend')];
  return [c.querySelector('svg') ? c.querySelector('svg').getAttribute('aria-label')
          : c.getAttribute('aria-label'), legends.length];
})"""


def test_the_page_never_scrolls_sideways(layout):
    viewport, page, _ = layout
    for scroll_width, client_width in page.evaluate(PAGE_WIDTHS_JS):
        assert scroll_width <= max(client_width, viewport["width"]) + 1
    box = page.locator(".wb-explorer .wb-filters").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1
    grid = page.locator(".wb-explorer svg.wb-grid").first.bounding_box()
    assert grid["x"] + grid["width"] <= viewport["width"] + 1


def test_grid_text_stays_readable_and_names_are_written(layout):
    viewport, page, _ = layout
    texts = page.evaluate(GRID_TEXT_JS)
    small = [(text, round(size, 1)) for text, size in texts if size < 10]
    assert not small, f"at {viewport['width']} px: {small}"
    names = page.locator(".wb-explorer svg.wb-grid text.wb-name")
    assert 6 <= names.count() <= 12
    assert all(n.strip() for n in names.all_text_contents())


def test_every_chart_and_the_grid_has_a_legend(layout):
    _, page, _ = layout
    found = page.evaluate(LEGENDS_JS)
    labels = [label for label, _ in found]
    assert "Influence and interest grid" in labels and len(found) >= 4
    assert all(count for _, count in found), found


def test_a_tap_on_a_dot_shows_its_name(layout):
    viewport, page, _ = layout
    dot = page.locator(".wb-explorer svg.wb-grid .wb-dot").nth(3)
    tip = page.locator('.wb-explorer svg.wb-grid .wb-tips [data-k="3"]')
    assert not tip.is_visible()
    if viewport["width"] < 600:
        dot.tap()
    else:
        dot.click()
    tip.wait_for(state="visible", timeout=10_000)
    assert (tip.text_content() or "").strip()
    assert tip.bounding_box()["width"] > 20


def test_at_risk_cards_wrap_to_one_column_on_a_phone(layout):
    viewport, page, _ = layout
    cards = page.locator(".wb-cards .wb-card")
    assert cards.count() >= 5
    lefts = {round(cards.nth(i).bounding_box()["x"]) for i in range(cards.count())}
    if viewport["width"] < 600:
        assert len(lefts) == 1
    else:
        assert len(lefts) >= 2
    for i in range(cards.count()):
        box = cards.nth(i).bounding_box()
        assert box["x"] + box["width"] <= viewport["width"] + 1


def test_tables_scroll_inside_their_box_and_keep_whole_words(layout):
    viewport, page, _ = layout
    wraps = page.locator(".wb-explorer .wb-table-wrap")
    box = wraps.first.bounding_box()
    assert box["x"] + box["width"] <= viewport["width"] + 1
    first_cell = page.locator(".wb-explorer table.wb-table tbody td").first
    assert first_cell.bounding_box()["width"] >= 60  # never squeezed to a letter a line
