"""The client portal in a real Voila server and Chromium: home page, branding, errors, security.

The served folder is a finished run of an engagement whose client name and app titles carry
HTML and Jinja, with one app that fails: what a careless or hostile input would look like.
That server, the public one and the capped one are this module's own (their settings or
folders differ from the session's demo portal); the Chromium is the session's.
"""

from __future__ import annotations

import re
import shutil
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from live import portal, wait_for

from workbench.commands import cli
from workbench.core import paths
from workbench.core.errors import EngagementError
from workbench.portal.serve import PortalSettings, VoilaServer
from workbench.testing import browser

pytestmark = pytest.mark.browser

DEMO = paths.DEMO_NOTEBOOKS
HOSTILE = "<img src=x onerror=alert(1)>{{ 7*7 }} & Co"
SECRET = "secret-detail-4711"
TOKEN = "t0ken-for-the-portal-test-0123456789"


def _notebook(cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = cells
    return nb


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory) -> Path:
    """outputs/<run>/ of an engagement with hostile branding, the demo apps and two extra apps."""
    root = tmp_path_factory.mktemp("portal") / "hostile"
    assert cli.main(["new", str(root), "--client", HOSTILE, "--demo"]) == 0
    toml = root / "engagement.toml"
    assert 'logo = "inputs/logo.svg"' in toml.read_text(encoding="utf-8")  # copied with the demo
    toml.write_text(toml.read_text(encoding="utf-8").replace("#1f4e79", "#7a1f5c"), "utf-8")
    run = root / "outputs" / "2026-11-30T101500"
    run.mkdir(parents=True)
    for notebook in paths.DEMO_NOTEBOOKS.glob("*.ipynb"):
        shutil.copy(notebook, run / notebook.name)
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    hidden = code(f"raise RuntimeError('{SECRET} in a hidden cell')")
    hidden.metadata["tags"] = ["skip-voila"]
    nbformat.write(
        _notebook(
            [md(f"# Broken {HOSTILE}\n\nThis app fails on purpose. Second sentence."), hidden]
        ),
        run / "zz_broken_hidden.ipynb",
    )
    nbformat.write(
        _notebook([md("# Fails in sight\n\nA visible cell fails."), code(f"1 / 0  # {SECRET}")]),
        run / "zz_broken_visible.ipynb",
    )
    return run


@pytest.fixture(scope="module")
def server(run_folder):
    with portal(run_folder, PortalSettings(warm_kernels=0)) as running:
        yield running


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.goto("about:blank")  # leave as a visitor does: Voila frees the app's kernel at once
    page.close()


def test_home_lists_every_app_with_its_description(server, run_folder, page):
    record = browser.record(page)
    page.goto(server.url + "/", wait_until="load")
    items = page.locator("ul.wb-apps li")
    assert items.count() == len(list(run_folder.glob("*.ipynb")))
    first = items.first
    assert first.locator("a").inner_text() == "Stakeholder map"
    assert first.locator(".wb-app-description").inner_text().startswith("Who matters")
    assert "This app fails on purpose." in page.locator("body").inner_text()
    assert "Second sentence" not in page.locator("body").inner_text()
    assert "Results of the run of 2026-11-30T101500" in page.locator(".wb-source").inner_text()
    assert record.errors == [] and record.outside_requests() == []


def test_home_is_branded_and_hostile_names_stay_text(server, page):
    record = browser.record(page)
    page.goto(server.url + "/", wait_until="load")
    bar = page.locator(".wb-brand-bar")
    assert HOSTILE in bar.inner_text()  # shown literally: neither HTML nor Jinja ran
    assert bar.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(122, 31, 92)"
    assert bar.locator("img.wb-logo").evaluate("i => i.complete && i.naturalWidth > 0")
    assert f"Broken {HOSTILE}" in page.locator("ul.wb-apps").inner_text()
    assert page.locator('img[src="x"]').count() == 0
    assert "49" not in page.locator("body").inner_text()
    assert record.dialogs == []


def test_an_app_keeps_the_branding_and_links_home(server, page):
    record = browser.record(page)
    page.goto(server.url + "/voila/render/stakeholder_mapping.ipynb", wait_until="load")
    browser.wait_until_rendered(page)
    assert HOSTILE in page.locator(".wb-brand-bar").inner_text()
    page.locator(".wb-brand-bar a.wb-home").click()
    page.wait_for_selector("ul.wb-apps")
    assert record.errors == [] and record.outside_requests() == [] and record.dialogs == []


@pytest.mark.parametrize("app", ["zz_broken_hidden.ipynb", "zz_broken_visible.ipynb"])
def test_a_failing_app_shows_a_friendly_note_and_logs_the_details(server, page, app):
    record = browser.record(page)
    page.goto(f"{server.url}/voila/render/{app}", wait_until="load")
    note = page.locator(".wb-app-error")
    note.first.wait_for(state="visible", timeout=60_000)
    assert "could not be shown" in note.first.inner_text()
    shipped = page.content() + "".join(record.frames)
    for detail in (SECRET, "Traceback", "RuntimeError", "ZeroDivisionError", "show_tracebacks"):
        assert detail not in shipped
    assert record.outside_requests() == []
    wait_for(lambda: SECRET in server.log_text(), "the failure in the server log", timeout=30)
    assert SECRET in server.log_text()  # the consultant finds the cause in the server log


def test_a_missing_page_is_friendly_branded_and_offline(server, page):
    record = browser.record(page)
    response = page.goto(server.url + "/voila/render/no_such_app.ipynb", wait_until="load")
    assert response.status == 404
    assert "This page does not exist" in page.locator(".wb-app-error").inner_text()
    assert HOSTILE in page.locator(".wb-brand-bar").inner_text()
    assert record.outside_requests() == []


def test_files_beside_the_apps_are_not_served(server, run_folder):
    (run_folder / "respondents.png").write_bytes(b"\x89PNG not really")
    for path in ("/voila/files/respondents.png", "/voila/files/stakeholder_mapping.ipynb"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(server.url + path, timeout=30)
        assert refused.value.code in (403, 404)


# --- public mode ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def public_server():
    settings = PortalSettings(
        public=True,
        token=TOKEN,
        warm_kernels=0,
        max_kernels=2,
        cull_idle_seconds=4,
        cull_interval_seconds=1,
    )
    with portal(paths.DEMO_NOTEBOOKS, settings) as running:
        yield running


def _status(url: str) -> tuple[int, str]:
    """Status and final URL, without following a redirect to the sign-in page."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=120) as response:
            return response.status, _remember(response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


SEEN_KERNELS: set[str] = set()  # every kernel id a page of this module was given


def _remember(page: str) -> str:
    SEEN_KERNELS.update(re.findall(r"[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}", page))
    return page


def _kernels_held(server, query: str = "") -> list[str]:
    """Kernels the server's kernel manager still holds, which is what its cap counts.

    A culled kernel's process ends a moment before the manager lets go of it, so the
    processes alone (server.kernel_pids()) cannot say that there is room again. The log names
    kernels by 8 characters only (a whole id is a capability), so the ids come from the pages.
    """
    return [k for k in SEEN_KERNELS if _status(f"{server.url}/api/kernels/{k}{query}")[0] == 200]


def _no_kernels(server, query: str = "") -> bool:
    return not server.kernel_pids() and not _kernels_held(server, query)


def test_public_mode_refuses_requests_without_the_token(public_server):
    base = public_server.url
    apps = [f"/voila/render/{app.path}" for app in public_server.apps]  # every app, no list
    for path in ("/", "/voila/tree", *apps):
        status, body = _status(base + path)
        assert status in (302, 401, 403), path
        assert "Stakeholder" not in body and "jupyter-config-data" not in body
    status, _ = _status(base + "/?token=wrong-token-wrong-token")
    assert status in (302, 401, 403)
    status, body = _status(base + "/?token=" + TOKEN)
    assert status == 200 and "Stakeholder map" in body


def test_public_mode_in_the_browser_token_once_then_cookie(public_server, page):
    record = browser.record(page)
    page.goto(public_server.url + "/?token=" + TOKEN, wait_until="load")
    page.locator("ul.wb-apps a").first.click()
    browser.wait_until_rendered(page)
    _remember(page.content())
    assert page.locator(".wb-explorer").count() == 1
    assert record.outside_requests() == [] and record.errors == []


def test_kernels_of_visitors_without_javascript_are_capped_then_culled(public_server):
    """Plain HTTP visits start kernels that no browser ever connects to."""
    app = public_server.url + "/voila/render/relationship_model_design.ipynb?token=" + TOKEN
    held = "?token=" + TOKEN
    # Kernels of earlier tests in this module (a closed browser page) are culled first.
    wait_for(lambda: _no_kernels(public_server, held), "earlier kernels culled", timeout=120)
    # Both visits at once: one after the other, the first kernel could sit idle for the whole
    # second visit and be culled (4 s) before the third visit on a loaded machine.
    with ThreadPoolExecutor(2) as visits:
        first, second = visits.map(_status, [app, app])
    assert first[0] == 200
    assert second[0] == 200
    status, body = _status(app)
    assert status == 503 and "All app sessions are in use" in body
    assert len(public_server.kernel_pids()) == 2
    wait_for(lambda: not public_server.kernel_pids(), "the idle kernels culled", timeout=120)
    assert public_server.kernel_pids() == []
    assert re.search(r"Culling 'idle' kernel .* with 0 connections", public_server.log_text())
    wait_for(lambda: not _kernels_held(public_server, held), "the manager to let go", timeout=60)
    assert _status(app)[0] == 200  # room again


def test_the_cap_holds_with_preheated_kernels_and_pools_refill_after_culling():
    """Spares count towards the cap; when idle kernels are culled the pools fill again."""
    apps = len(list(paths.DEMO_NOTEBOOKS.glob("*.ipynb")))
    settings = PortalSettings(
        warm_kernels=1,
        max_kernels=apps + 1,
        cull_idle_seconds=4,
        cull_interval_seconds=1,
    )
    with portal(paths.DEMO_NOTEBOOKS, settings) as server:  # its own: kernels are counted
        server.wait_until_warm()
        app = server.url + "/voila/render/relationship_model_design.ipynb"
        statuses = [_status(app)[0] for _ in range(4)]
        assert statuses.count(200) >= 1 and 503 in statuses
        assert len(server.kernel_pids()) <= apps + 1
        assert "refusing a preheated spare" in server.log_text()
        used = server.log_text().count("Using pre-heated kernel")
        # A refused visit starts no kernel, so asking again and again is harmless.
        wait_for(
            lambda: _status(app)[0] == 200,
            "room after the idle kernels were culled",
            timeout=120,
            every=0.5,
        )
        # The visit that got in took the spare that was topped up after the culling.
        assert server.log_text().count("Using pre-heated kernel") == used + 1


def test_a_template_or_theme_in_the_url_cannot_bypass_the_portal(server):
    page = _status(server.url + "/voila/render/stakeholder_mapping.ipynb?template=lab")[1]
    assert "wb-brand-bar" in page and "cdn.jsdelivr.net" not in page
    assert "adjust ratings live" not in page  # a consultant-only heading stays hidden
    page = _status(server.url + "/voila/render/stakeholder_mapping.ipynb?theme=dark")[1]
    assert "theme-dark" not in page


def test_a_busy_port_is_an_error_not_another_port():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = PortalSettings(port=port, warm_kernels=0)
        with pytest.raises(EngagementError, match="--port") as refused, VoilaServer(DEMO, settings):
            pass
        # Voila's exit was noticed, not the start-up deadline (60 s) running out.
        assert "Voila stopped while starting" in str(refused.value)
