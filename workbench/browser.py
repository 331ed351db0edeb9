"""Debian's Chromium driven by Playwright, set up the same way for tests and benchmarks."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
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
