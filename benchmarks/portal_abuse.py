"""The portal under abuse, before (commit e23d846) and now, side by side.

For each code base, a real portal on the demo with a token and a cap of CAP kernels:

- a client that runs no JavaScript sends BURST rapid GETs of an app: how many got a kernel,
  and how many visits' kernels (no browser attached) still run RECLAIM_CHECK s after its last
  answer;
- meanwhile another visitor asks for the app every 2 s: how long until it gets a page
  (given up after VISITOR_LIMIT s; before, the client held the kernels until the 10-minute cull);
- a password portal takes wrong guesses for GUESS_SECONDS s: guesses per second that were
  actually checked (the others were told to wait).

Visitors are told apart as a proxy on this machine tells them (X-Forwarded-For); the old
portal ignores that header. The baseline is exported with `git archive` into a temporary folder
(nothing in the repository's git state changes) and run by the same .venv Python with
PYTHONPATH pointing at it, so the old code and its kernels use the old portal.

Run: .venv/bin/python benchmarks/portal_abuse.py   (about 8 minutes on 2 cores)
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "e23d846"
CAP = 8
BURST = 16
RECLAIM_CHECK = 45  # seconds after the burst's last answer
VISITOR_LIMIT = 90
GUESS_SECONDS = 10
TOKEN = "benchmark-token-0123456789abcdef"
PASSWORD = "correct horse battery"
APP = "/voila/render/relationship_model_design.ipynb"


def _fetch(url: str, headers: dict | None = None, data: bytes | None = None, opener=None):
    opener = opener or urllib.request.build_opener()
    try:
        request = urllib.request.Request(url, data=data, headers=headers or {})
        with opener.open(request, timeout=300) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""


def no_javascript_client() -> dict:
    """Kernels the client holds and how long another visitor waits (runs in this code base)."""
    from workbench.core import paths
    from workbench.portal.serve import PortalSettings, VoilaServer

    settings = PortalSettings(token=TOKEN, max_kernels=CAP)
    with VoilaServer(paths.DEMO_NOTEBOOKS, settings) as server:
        server.wait_until_warm()
        url = f"{server.url}{APP}?token={TOKEN}"
        started = time.monotonic()
        with ThreadPoolExecutor(4) as burst:
            answers = list(
                burst.map(lambda _: _fetch(url, {"X-Forwarded-For": "10.0.0.66"})[0], range(BURST))
            )
        burst_seconds = time.monotonic() - started
        held = max(0, len(server.kernel_pids()) - len(server.apps))
        waited = None
        asked = time.monotonic()
        while time.monotonic() - asked < VISITOR_LIMIT:
            if _fetch(url, {"X-Forwarded-For": "10.0.0.7"})[0] == 200:
                waited = time.monotonic() - asked
                break
            time.sleep(2)
        time.sleep(max(0.0, RECLAIM_CHECK - (time.monotonic() - started - burst_seconds)))
        # Everything beyond one preheated spare per app is a visit's kernel: the client's, and
        # the other visitor's (neither ever had a browser attached).
        still = max(0, len(server.kernel_pids()) - len(server.apps))
    return {
        "kernels": answers.count(200),
        "held_after_burst": held,
        "refused": len(answers) - answers.count(200),
        "burst_seconds": round(burst_seconds, 1),
        "visitor_wait": None if waited is None else round(waited, 1),
        "still_running": still,
    }


def password_guesses() -> dict:
    """Wrong passwords per second that the server actually checked."""
    import nbformat
    from jupyter_server.auth.security import passwd

    from workbench.portal.serve import PortalSettings, VoilaServer

    folder = Path(tempfile.mkdtemp(prefix="guesses-"))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Hello\n\nOne cell.")]
    nbformat.write(nb, folder / "hello.ipynb")
    settings = PortalSettings(password_hash=passwd(PASSWORD), warm_kernels=0)
    checked = refused = 0
    with VoilaServer(folder, settings) as server:
        deadline = time.monotonic() + GUESS_SECONDS
        while time.monotonic() < deadline:
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            _fetch(server.url + "/login", opener=opener)
            xsrf = next((c.value for c in jar if c.name == "_xsrf"), "")
            form = urllib.parse.urlencode({"password": "wrong guess", "_xsrf": xsrf}).encode()
            status, _ = _fetch(server.url + "/login", data=form, opener=opener)
            checked += status == 401
            refused += status == 429
    return {
        "checked_per_second": round(checked / GUESS_SECONDS, 2),
        "checked": checked,
        "told_to_wait": refused,
    }


def measure() -> None:
    """One code base (whichever `workbench` is first on the path): print its figures as JSON."""
    print(json.dumps({"no_js": no_javascript_client(), "password": password_guesses()}))


def baseline_tree() -> Path:
    target = Path(tempfile.gettempdir()) / f"workbench-baseline-{BASELINE}"
    if not (target / "workbench").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", BASELINE], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def run_in(tree: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--measure"],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _wait(seconds) -> str:
    return f"> {VISITOR_LIMIT} s (still refused)" if seconds is None else f"{seconds} s"


def main() -> None:
    if "--measure" in sys.argv:
        measure()
        return
    before, now = run_in(baseline_tree()), run_in(ROOT)
    rows = [
        (f"kernels the client got with {BURST} rapid GETs", "kernels"),
        ("  ... its GETs refused (429 share / 503 cap)", "refused"),
        (f"  ... visits' kernels still running {RECLAIM_CHECK} s later", "still_running"),
        ("another visitor waits for a page", "visitor_wait"),
    ]
    print(f"Portal abuse, cap {CAP} kernels, demo apps       before ({BASELINE})   now")
    for label, key in rows:
        old, new = before["no_js"][key], now["no_js"][key]
        if key == "visitor_wait":
            old, new = _wait(old), _wait(new)
        print(f"{label:52} {old!s:>20}   {new}")
    label = f"password guesses checked per second ({GUESS_SECONDS} s)"
    old, new = before["password"], now["password"]
    print(f"{label:52} {old['checked_per_second']!s:>20}   {new['checked_per_second']}")
    print(f"{'  ... guesses told to wait':52} {old['told_to_wait']!s:>20}   {new['told_to_wait']}")


if __name__ == "__main__":
    main()
