"""The demo app in the session's demo portal, opened in Debian's Chromium through Playwright."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from live import wait_for

from workbench.core import paths
from workbench.portal import pages as portal
from workbench.portal.serve import _free_port
from workbench.testing import browser

pytestmark = pytest.mark.browser

APP = "/voila/render/stakeholder_mapping.ipynb"
HTML_NAME = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def visit(demo_portal, chromium):
    """One visit to the app, recording console errors, dialogs and every request."""
    url = demo_portal.url + APP
    page, record = browser.open_recorded(chromium, url, ".wb-explorer svg.wb-grid")
    page.wait_for_selector(".wb-explorer iframe[sandbox]", timeout=30_000)
    yield page, record
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
    select.select_option(label="key players: manage closely")
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
    map_after = page.locator(".wb-explorer iframe[sandbox]").first.get_attribute("srcdoc")
    assert map_after.count('"S0') < map_before.count('"S0')  # fewer stakeholders on the map
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


def test_html_in_a_name_is_shown_as_text(visit):
    page, record = visit
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


def test_html_name_is_inert_inside_the_map_too(visit):
    page, record = visit
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
