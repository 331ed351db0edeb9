"""Debian's Chromium driven by Playwright, set up the same way for tests and benchmarks."""

from __future__ import annotations

import re
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlparse

# Flags from the project's rules: no sandbox as root, and no background traffic to the internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
_STATE = re.compile(r'"execution_state":\s*"(\w+)"')


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    return path


def is_local(url: str) -> bool:
    """True for requests that stay on this machine (loopback, data:, blob:, about:srcdoc)."""
    parsed = urlparse(url)
    if parsed.scheme in {"data", "blob", "about"}:
        return True
    return parsed.hostname in LOCAL_HOSTS


@contextmanager
def chromium():
    """A headless Chromium browser (Playwright's sync API)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Record:
    """What one page did: console errors, dialogs, every request and every widget message."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)  # websocket frames, both directions
    # The page's side of the kernel conversation, in order: "asked" for each frame sent,
    # then the kernel's status ("busy", "idle") as it answers.
    kernel: list[str] = field(default_factory=list)

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]

    def kernel_idle(self) -> bool:
        """True once the kernel has gone idle after the last thing the page asked of it."""
        return bool(self.kernel) and self.kernel[-1] == "idle"

    def __getitem__(self, key: str) -> list[str]:  # record["errors"] reads like the old dicts
        return getattr(self, key)


def record(page) -> Record:
    """Start recording ``page``; dialogs are dismissed so a stray alert() cannot hang a test."""
    rec = Record()
    page.on("console", lambda m: m.type == "error" and rec.errors.append(m.text))
    page.on("pageerror", lambda e: rec.errors.append(str(e)))
    page.on("request", lambda r: rec.requests.append(r.url))
    page.on("dialog", lambda d: (rec.dialogs.append(d.message), d.dismiss()))

    def received(payload) -> None:
        rec.frames.append(str(payload))
        rec.kernel.extend(_STATE.findall(rec.frames[-1]))

    def sent(payload) -> None:
        rec.frames.append(str(payload))
        rec.kernel.append("asked")

    def on_socket(ws) -> None:
        ws.on("framereceived", received)
        ws.on("framesent", sent)

    page.on("websocket", on_socket)
    return rec


# True once Voila has revealed the cells and every output has drawn: no output area is still
# empty (a widget's area has no element until its view renders) and every embedded frame
# (the network map) has finished loading.
RENDERED_JS = """() => {
  const cells = document.querySelector('#rendered_cells');
  if (!cells || getComputedStyle(cells).display === 'none') return false;
  if (document.querySelector('script[type="application/vnd.voila.cell-output+json"]')) return false;
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
  if (!outputs.length) return false;
  return !outputs.some(o => !o.firstElementChild || o.getBoundingClientRect().height < 2);
}"""


def open_recorded(chromium, url: str, ready: str, **page_options):
    """A new page at ``url``, recorded from its first request, once ``ready`` is on it."""
    page = chromium.new_page(**page_options)
    rec = record(page)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(ready, timeout=120_000)
    return page, rec


def wait_until_rendered(page, timeout_ms: int = 120_000) -> None:
    """Wait until every output of a Voila app is visible (see RENDERED_JS), frames included."""
    page.wait_for_function(RENDERED_JS, timeout=timeout_ms, polling=50)
    for frame in page.frames[1:]:  # sandboxed frames are opaque to the page's own script
        frame.wait_for_load_state("load", timeout=timeout_ms)


def wait_until_settled(page, rec: Record, quiet_ms: int = 200, timeout_ms: int = 60_000) -> None:
    """Wait until the page has stopped talking: its kernel answered everything it was asked and
    no frame, request or console message arrived for ``quiet_ms``. Late widget messages and
    console errors then are in ``rec``, however loaded the machine is."""
    deadline = time.monotonic() + timeout_ms / 1000
    seen, quiet_since = None, time.monotonic()
    while True:
        now = (len(rec.frames), len(rec.requests), len(rec.errors), len(rec.dialogs))
        if now != seen or not rec.kernel_idle():
            seen, quiet_since = now, time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_ms / 1000:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"the page was still busy after {timeout_ms} ms: {rec.kernel[-5:]}")
        page.wait_for_timeout(25)  # lets Playwright deliver the events recorded above
