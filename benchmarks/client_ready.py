"""How soon a client sees each app, and how heavy its page is: the working tree beside a baseline.

Two portals run side by side, one for the working tree and one for a baseline revision
(default ``8882018``, the last commit before the presentation rework of issue 12):

- each serves its tree's own notebooks/demo plus a bare Voila page (one markdown cell and one
  slider), copied into a temporary folder, with one preheated kernel per page and the demo's
  branding. The baseline is checked out in a temporary ``git worktree``; each portal is
  started by its tree's own ``workbench`` in a child process of this script (the tree first
  on PYTHONPATH, so the Voila server and every kernel it starts import it too);
- in each round, every page of the baseline, then every page of the working tree, is visited
  once in a fresh browser context (empty cache) at 1440×900; VISITS rounds. A visit lasts
  from asking for the page until every output is visible
  (``workbench.testing.browser.wait_until_rendered``). Before each visit the script waits
  until that portal's processes have gone quiet, so the spare kernel that replaced the last
  one used has run its notebook again: every visit is a preheated one;
- page weight: the bodies of every HTTP response the page received (the page, its frames and
  their scripts, styles and images), counted once the page has settled; widget messages
  arrive over the websocket and are shown beside it.

Printed: per page, the median time, its ratio to the bare page of the same portal (the target
is 1.5× at most) and the weight, before and after, side by side. Nothing here asserts a time.

Run: ``.venv/bin/python benchmarks/client_ready.py [--baseline REV] [--visits N]``
(about 4 minutes on 2 cores with the defaults)
"""

# No `from __future__ import annotations`: the suite loads this file without registering it as
# a module, and dataclasses cannot resolve string annotations of such a module.
import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from app_latency import cpu_seconds, descendants  # noqa: E402

from workbench.portal.serve import _free_port  # noqa: E402
from workbench.testing import browser  # noqa: E402

BASELINE = "8882018"
VISITS = 5
BARE = "bare_slider.ipynb"
VIEWPORT = {"width": 1440, "height": 900}
TARGET = 1.5  # an app should be ready within 1.5 times the bare page's time
QUIET_CPU = 0.05  # CPU seconds per QUIET_WINDOW below which the portal counts as idle
QUIET_WINDOW = 1.0
QUIET_TIMEOUT = 240

# Runs in the child process, with the measured tree first on PYTHONPATH: that tree's portal,
# on the copied folder, branded like the demo. It reports when every pool is full, then serves
# until this script closes its stdin.
SERVE = """
import sys
from pathlib import Path

import workbench
from workbench.core import paths
from workbench.portal import serve

brand = serve.portal_brand(paths.DEMO_NOTEBOOKS)  # the demo's colours, name and logo
serve.portal_brand = lambda folder: brand
settings = serve.PortalSettings(port=int(sys.argv[2]), warm_kernels=1)
with serve.VoilaServer(Path(sys.argv[1]), settings, startup_timeout=120) as server:
    server.wait_until_warm(timeout=300)
    print("ready", server.url, Path(workbench.__file__).parent, flush=True)
    sys.stdin.read()
"""


@dataclass
class Page:
    """The visits of one page: seconds until ready, HTTP bytes and websocket bytes each."""

    seconds: list[float] = field(default_factory=list)
    http: list[int] = field(default_factory=list)
    websocket: list[int] = field(default_factory=list)


@dataclass
class Measured:
    """One tree's portal and what its pages measured."""

    label: str
    package: str  # where the portal's workbench was imported from
    url: str
    pid: int  # the child process that runs the portal
    pages: dict[str, Page]


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def served_folder(tree: Path, into: Path) -> Path:
    """The tree's demo apps and the bare page, in one folder for one portal."""
    folder = into / "apps"
    shutil.copytree(tree / "notebooks" / "demo", folder)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Bare page\n\nOne slider, to compare the apps with."),
        nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider()"),
    ]
    nbformat.write(nb, folder / BARE)
    return folder


def _body_bytes(response) -> int:
    try:
        return len(response.body())
    except Exception:  # a redirect or a response the browser already dropped has no body
        try:
            return max(response.request.sizes()["responseBodySize"], 0)
        except Exception:
            return 0


def visit(chromium, url: str) -> tuple[float, int, int]:
    """Seconds until every output is visible, then HTTP and websocket bytes once settled."""
    context = chromium.new_context(viewport=VIEWPORT)  # an empty cache: the whole weight
    page = context.new_page()
    record = browser.record(page)
    responses, socket_bytes = [], []
    page.on("response", lambda response: responses.append(response))

    def received(payload) -> None:
        socket_bytes.append(len(payload.encode() if isinstance(payload, str) else payload))

    page.on("websocket", lambda ws: ws.on("framereceived", received))
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    browser.wait_until_rendered(page)
    seconds = time.perf_counter() - start
    browser.wait_until_settled(page, record)
    http = sum(_body_bytes(r) for r in responses)
    page.goto("about:blank")  # Voila releases the visitor's kernel as the page unloads
    context.close()
    return seconds, http, sum(socket_bytes)


def wait_until_quiet(pid: int, kernels_at_least: int) -> None:
    """Until the portal's processes use (almost) no CPU: every spare kernel has run its
    notebook. Gives up after QUIET_TIMEOUT seconds and says so."""
    deadline = time.monotonic() + QUIET_TIMEOUT
    last = None
    while time.monotonic() < deadline:
        family = [pid, *descendants(pid)]
        used = cpu_seconds(family)
        # The spares, and any visitor's kernel not yet released.
        kernels = sum(b"ipykernel" in _cmdline(p) for p in family)
        if last is not None and used - last < QUIET_CPU and kernels >= kernels_at_least:
            return
        last = used
        time.sleep(QUIET_WINDOW)
    print(f"  (the portal was still busy after {QUIET_TIMEOUT} s; measuring anyway)")


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


@contextlib.contextmanager
def portal(tree: Path, label: str, into: Path) -> Iterator[Measured]:
    """``tree``'s demo apps served by that tree's own portal, until the block ends."""
    folder = served_folder(tree, into)
    names = sorted(p.name for p in folder.glob("*.ipynb"))
    path = [str(tree), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path))
    errors = into / "serve.err"
    with open(errors, "wb") as err:
        child = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(folder), str(_free_port())],
            cwd=tree,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
    try:
        line = child.stdout.readline().split()
        if not line or line[0] != "ready":
            child.wait(timeout=30)
            raise RuntimeError(
                f"the portal of {label} did not start:\n{errors.read_text()[-2000:]}"
            )
        yield Measured(label, line[2], line[1], child.pid, {name: Page() for name in names})
    finally:
        child.stdin.close()  # the child leaves its `with`: Voila and its kernels stop
        try:
            child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def settle(served: Measured) -> None:
    wait_until_quiet(served.pid, len(served.pages))


def visit_all(served: Measured, chromium) -> None:
    """One visit to every page of ``served``, each after the portal has gone quiet."""
    for name, page in served.pages.items():
        settle(served)
        seconds, http, socket = visit(chromium, f"{served.url}/voila/render/{name}")
        page.seconds.append(seconds)
        page.http.append(http)
        page.websocket.append(socket)


def _cells(measured: Measured, name: str) -> list[str]:
    page = measured.pages.get(name)
    if page is None:
        return ["–", "–", "–", "–"]
    ready = statistics.median(page.seconds)
    bare = statistics.median(measured.pages[BARE].seconds)
    ratio = ready / bare
    flag = "" if ratio <= TARGET or name == BARE else " over"
    return [
        f"{ready:.2f}",
        f"{ratio:.2f}{flag}",
        f"{statistics.median(page.http) / 1024:.0f}",
        f"{statistics.median(page.websocket) / 1024:.0f}",
    ]


def print_table(before: Measured, after: Measured, visits: int) -> None:
    print(
        f"Preheated time until every output is visible, median of {visits} visits at "
        f"{VIEWPORT['width']}×{VIEWPORT['height']}; × bare = ratio to the bare one-slider page "
        f"of the same portal (target ≤ {TARGET}); page KB = HTTP response bodies of the page, "
        "its frames and assets; ws KB = widget messages received over the websocket."
    )
    for measured in (before, after):
        print(f"  {measured.label}: portal imported workbench from {measured.package}")
    names = sorted({*before.pages, *after.pages} - {BARE}) + [BARE]
    heads = ["ready s", "× bare", "page KB", "ws KB"]
    rows = [["page", *heads, *heads]]
    rows += [[name, *_cells(before, name), *_cells(after, name)] for name in names]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells[:5]) + "  |  " + "  ".join(cells[5:]))
    left = len("  ".join(c.rjust(w) for c, w in zip(rows[0][1:5], widths[1:5], strict=True)))
    print(" " * (widths[0] + 2) + before.label.ljust(left) + "  |  " + after.label)
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help="revision to compare with")
    parser.add_argument("--visits", type=int, default=VISITS, help="visits per page")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    with (
        tempfile.TemporaryDirectory(prefix="client-ready-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        worktree = Path(tmp) / "baseline"
        _git("worktree", "add", "--detach", str(worktree), args.baseline)
        stack.callback(_git, "worktree", "remove", "--force", str(worktree))
        (Path(tmp) / "before").mkdir()
        (Path(tmp) / "after").mkdir()
        # Both portals run at once and are visited in turn, so both see the same machine.
        before = stack.enter_context(
            portal(worktree, f"baseline {args.baseline}", Path(tmp) / "before")
        )
        after = stack.enter_context(portal(ROOT, "now (working tree)", Path(tmp) / "after"))
        chromium = stack.enter_context(browser.chromium())
        for served in (before, after):
            settle(served)
            visit(chromium, f"{served.url}/voila/render/{BARE}")  # warms the browser too
        for _ in range(args.visits):
            for served in (before, after):
                visit_all(served, chromium)
    print_table(before, after, args.visits)
    print(f"Load average (1 min) at the start: {load:.1f}, at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
