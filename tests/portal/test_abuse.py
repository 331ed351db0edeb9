"""The portal under abuse, against real Voila servers with real HTTP and websocket clients.

One shared public server on the demo with the product's defaults (a preheated kernel per app)
and small limits, and one password server on a one-cell app; a single Chromium visit checks
that the guards keep the apps working. Different visitors are told apart the way a proxy on
this machine tells them (X-Forwarded-For), which is also how nginx reaches the portal.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
import websockets
from jupyter_server.auth.security import passwd
from live import portal, wait_for

from workbench.core import paths
from workbench.portal import guards
from workbench.portal.serve import PortalSettings
from workbench.testing import browser

TOKEN = "abuse-test-token-0123456789abcdef"
PASSWORD = "correct horse battery"
APP = "/voila/render/relationship_model_design.ipynb"
KERNEL_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SHARE = 1


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _fetch(url: str, headers: dict | None = None, data: bytes | None = None, opener=None):
    """(status, body, headers) without following redirects."""
    opener = opener or urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=180) as response:
            return response.status, response.read().decode("utf-8", "replace"), response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), exc.headers


def _from(address: str) -> dict:
    return {"X-Forwarded-For": address}


def _ws(url: str) -> str:
    return url.replace("http://", "ws://", 1)


async def _ws_status(url: str) -> int:
    """101 when the websocket opens, else the HTTP status that refused it."""
    try:
        async with websockets.connect(url, open_timeout=30):
            return 101
    except websockets.InvalidStatus as exc:
        return exc.response.status_code


def _kernel_environments(server) -> list[str]:
    found = []
    for pid in server.kernel_pids():
        try:
            found.append(Path(f"/proc/{pid}/environ").read_bytes().decode("utf-8", "replace"))
        except OSError:
            continue  # it ended meanwhile
    return found


@pytest.fixture(scope="module")
def guarded():
    apps = len(list(paths.DEMO_NOTEBOOKS.glob("*.ipynb")))
    settings = PortalSettings(
        public=True,
        token=TOKEN,
        warm_kernels=1,
        max_kernels=apps + 2 * SHARE + 2,
        max_per_visitor=SHARE,
        unattached_seconds=4,
    )
    with portal(paths.DEMO_NOTEBOOKS, settings) as server:
        server.wait_until_warm()
        yield server


# --- 1 and 2: no secret in the query websocket, the log or a kernel ----------------------------


def test_the_query_websocket_is_gone_and_no_kernel_or_log_line_holds_the_token(guarded):
    status, body, _ = _fetch(f"{guarded.url}{APP}?token={TOKEN}&view=2", _from("10.1.0.1"))
    assert status == 200
    kernel = KERNEL_ID.search(body).group()
    # Voila's /voila/query/<kernel id> answered anyone with the visitor's request.
    assert asyncio.run(_ws_status(f"{_ws(guarded.url)}/voila/query/{kernel}")) == 404
    assert asyncio.run(_ws_status(f"{_ws(guarded.url)}/voila/query/{kernel}?token={TOKEN}")) == 404
    # 4xx and 5xx requests are logged with their URL; the token must not be in it.
    assert _fetch(f"{guarded.url}/no/such/page?token={TOKEN}")[0] == 404
    assert _fetch(f"{guarded.url}/voila/render/nothing.ipynb?token={TOKEN}")[0] == 404
    # The spare started after the visit carries the visit's URL (VOILA_REQUEST_URL).
    wait_for(lambda: "Kernel pool of relationship_model_design" in guarded.log_text(), "refill")
    environments = wait_for(lambda: _kernel_environments(guarded), "kernel processes")
    assert any("VOILA_REQUEST_URL" in env for env in environments)
    assert not any(TOKEN in env for env in environments)
    log = guarded.log_text()
    assert "404 GET /no/such/page?token=[secret]" in log
    assert TOKEN not in log
    assert kernel not in log and kernel[:8] + "…" in log  # kernel ids are shortened


# --- 3: a client that runs no JavaScript ---------------------------------------------------


def test_a_client_without_javascript_holds_only_its_share_and_others_still_get_in(guarded):
    url = f"{guarded.url}{APP}?token={TOKEN}"
    stopped = guarded.log_text().count("no browser connected to it")
    with ThreadPoolExecutor(6) as burst:
        answers = list(burst.map(lambda _: _fetch(url, _from("10.3.0.1")), range(6)))
    statuses = [status for status, _, _ in answers]
    assert statuses.count(200) <= SHARE and 429 in statuses
    refused = next(body for status, body, _ in answers if status == 429)
    assert "Too many open pages" in refused and "Traceback" not in refused
    status, body, _ = _fetch(url, _from("10.3.0.2"))  # another visitor is not locked out
    assert status == 200 and "jupyter-config-data" in body
    wait_for(
        lambda: (
            guarded.log_text().count("no browser connected to it") >= stopped + statuses.count(200)
        ),
        "the unattached kernels stopped",
        timeout=90,
    )


def test_the_share_follows_the_browser_cookie_across_addresses(guarded):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPCookieProcessor(jar))
    first = _fetch(f"{guarded.url}/?token={TOKEN}", _from("10.4.0.1"), opener=opener)
    assert first[0] == 200 and any(c.name.startswith("username-") for c in jar)
    app = f"{guarded.url}{APP}"  # signed in by the cookie from now on, from new addresses
    with ThreadPoolExecutor(SHARE + 1) as visits:
        answers = visits.map(
            lambda i: _fetch(app, _from(f"10.4.1.{i}"), opener=opener)[0], range(SHARE + 1)
        )
    assert sorted(answers) == [200] * SHARE + [429]


# --- 4: no traceback reaches a viewer ------------------------------------------------------


def _message(msg_type: str, content: dict, metadata: dict | None = None) -> str:
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "username": "viewer",
        "session": uuid.uuid4().hex,
        "version": "5.3",
        "date": "",
    }
    return json.dumps(
        {
            "header": header,
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
    )


async def _poke(url: str) -> list[str]:
    """Send what a hostile viewer could, and collect everything the kernel says back."""
    async with websockets.connect(url, open_timeout=30) as ws:
        control = {"comm_id": uuid.uuid4().hex, "target_name": "jupyter.widget.control"}
        await ws.send(_message("comm_open", {**control, "data": {}}, {"version": "9.9.9"}))
        widget = {"comm_id": uuid.uuid4().hex, "target_name": "jupyter.widget", "data": {}}
        await ws.send(_message("comm_open", widget))
        await ws.send(_message("comm_msg", {"comm_id": "nope", "data": {"method": "update"}}))
        await ws.send(_message("kernel_info_request", {}))
        got: list[str] = []
        with contextlib.suppress(asyncio.TimeoutError):
            while True:
                frame = await asyncio.wait_for(ws.recv(), 5)
                got.append(frame if isinstance(frame, str) else frame.decode("utf-8", "replace"))
        return got


def test_a_hostile_comm_message_gets_no_traceback_and_the_log_keeps_it(guarded):
    status, body, _ = _fetch(f"{guarded.url}{APP}?token={TOKEN}", _from("10.5.0.1"))
    assert status == 200
    kernel = KERNEL_ID.search(body).group()
    frames = asyncio.run(_poke(f"{_ws(guarded.url)}/api/kernels/{kernel}/channels?token={TOKEN}"))
    assert any('"kernel_info_reply"' in f for f in frames)  # the kernel did answer
    shipped = "".join(frames)
    for detail in ("Traceback", "site-packages", "ValueError", 'File \\"'):
        assert detail not in shipped
    wait_for(lambda: "Incompatible widget control" in guarded.log_text(), "the details logged")


# --- 5: headers on every response ------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", f"/?token={TOKEN}", "/voila/static/voila.js", "/no/such/page", "/login"],
)
def test_every_response_sends_the_security_headers(guarded, path):
    _, _, headers = _fetch(guarded.url + path, _from("10.6.0.1"))
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]


# --- 6: public mode: every endpoint needs the secret -----------------------------------------


def test_every_endpoint_and_websocket_needs_the_secret(guarded):
    kernel = str(uuid.uuid4())  # refused before anyone looks the kernel up
    protected = [
        "/",
        "/voila/tree",
        APP,
        "/voila/api/contents",
        f"/api/kernels/{kernel}",
        "/voila/labextensions/@jupyter-widgets/jupyterlab-manager/package.json",
        "/voila/api/themes/@jupyterlab/theme-light-extension/index.css",
        "/voila/files/relationship_model_design.ipynb",
    ]
    for path in protected:
        status, body, _ = _fetch(guarded.url + path)
        assert status in (302, 401, 403, 404), path
        assert "jupyter-config-data" not in body and "Stakeholder" not in body, path
    shutdown = _fetch(f"{guarded.url}/voila/api/shutdown/{kernel}", data=b"")
    assert shutdown[0] in (302, 401, 403)
    for socket in (f"/api/kernels/{kernel}/channels", f"/voila/query/{kernel}"):
        assert asyncio.run(_ws_status(_ws(guarded.url) + socket)) in (403, 404)
    # With the secret, what the apps need answers.
    asset = "/voila/labextensions/@jupyter-widgets/jupyterlab-manager/package.json"
    assert _fetch(f"{guarded.url}{asset}?token={TOKEN}")[0] == 200
    assert _fetch(f"{guarded.url}/voila/api/contents?token={TOKEN}")[0] == 200
    # Template files outside a static folder (the generated brand fragments) are never served.
    assert _fetch(f"{guarded.url}/voila/templates/workbench-portal/wb_client.html")[0] == 404


# --- the apps still work in a browser -----------------------------------------------------------


def test_a_browser_visit_renders_then_leaving_frees_the_kernel(guarded, context):
    page = context.new_page()
    record = browser.record(page)
    page.goto(f"{guarded.url}/?token={TOKEN}", wait_until="load")
    page.goto(guarded.url + APP, wait_until="domcontentloaded")
    browser.wait_until_rendered(page)
    browser.wait_until_settled(page, record)
    assert record.errors == [] and record.outside_requests() == []
    kernel = KERNEL_ID.search(page.content()).group()
    page.goto("about:blank")  # Voila's beacon (a POST without XSRF token) frees the kernel
    page.close()
    wait_for(
        lambda: f"Kernel shutdown: {kernel[:8]}" in guarded.log_text(),
        "the kernel freed on leaving",
        timeout=30,
    )
    assert f"Stopping kernel {kernel[:8]}" not in guarded.log_text()  # not by the reclaim


# --- 5: password mode --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def signin(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signin")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_markdown_cell("# Hello\n\nOne cell.")]
    nbformat.write(nb, folder / "hello.ipynb")
    settings = PortalSettings(public=True, password_hash=passwd(PASSWORD), warm_kernels=0)
    with portal(folder, settings) as server:
        yield server


def _sign_in(server, password: str, address: str, with_xsrf: bool = True):
    """(status, headers) of a sign-in POST, the form fetched first like a browser does."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPCookieProcessor(jar))
    _fetch(server.url + "/login", _from(address), opener=opener)
    xsrf = next((c.value for c in jar if c.name == "_xsrf"), "")
    form = {"password": password, **({"_xsrf": xsrf} if with_xsrf else {})}
    status, body, headers = _fetch(
        server.url + "/login",
        _from(address),
        urllib.parse.urlencode(form).encode(),
        opener=opener,
    )
    return status, body, headers


def test_sign_in_needs_the_xsrf_token_and_sets_a_strict_cookie(signin):
    assert _sign_in(signin, PASSWORD, "10.8.0.1", with_xsrf=False)[0] == 403
    status, _, headers = _sign_in(signin, PASSWORD, "10.8.0.2")
    assert status == 302
    (cookie,) = [c for c in headers.get_all("Set-Cookie") if c.startswith("username-")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert headers["Referrer-Policy"] == "no-referrer"


def test_guesses_are_throttled_per_address(signin):
    statuses = [_sign_in(signin, "wrong password", "10.9.0.1")[0] for _ in range(6)]
    assert statuses[:5] == [401] * 5 and statuses[5] == 429
    status, body, headers = _sign_in(signin, PASSWORD, "10.9.0.1")  # even the right one waits
    assert status == 429 and int(headers["Retry-After"]) >= 1 and "Too many tries" in body
    assert _sign_in(signin, PASSWORD, "10.9.0.2")[0] == 302  # another address is not blocked


def test_sign_out_answers_and_clears_the_cookie(signin):
    status, body, headers = _fetch(signin.url + "/logout")
    assert status == 200 and "Successfully logged out" in body and "Traceback" not in body
    assert headers["Referrer-Policy"] == "no-referrer"


def test_redaction_covers_query_secrets_and_kernel_ids():
    line = f"GET /x?token={TOKEN}&_xsrf=abc&a=1 Authorization: token {TOKEN}"
    assert TOKEN not in guards.redact(line, [TOKEN]) and "_xsrf=[secret]" in guards.redact(line)
