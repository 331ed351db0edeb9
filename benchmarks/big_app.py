"""The stakeholder app of a 5,000-person register, preheated: time to visible and page weight.

Serves the stakeholder template with the portal (a VoilaServer with one preheated kernel
per app, as `workbench serve` does), pointed at a seeded register of 5,000 stakeholders,
25,000 relationships and 5,000 ratings (``big_register.make_engagement``), and at the demo
(73 stakeholders). Each visit is a fresh Chromium page; it ends when every output is
visible (``workbench.testing.browser.wait_until_rendered``). Printed per visit set:

- seconds until every output is visible (median of VISITS visits);
- bytes sent to the browser: HTTP response bodies, and widget messages (websocket frames
  received), the latter being where the outputs' widget values travel;
- the page's HTML after rendering, and its largest outputs (HTML size per cell);
- CPU seconds of the Voila server, its kernels and the browser during the visits.

With ``--baseline DIR`` (a tree exported with ``git archive HEAD | tar -x -C DIR``) the
same measurements run on that code, served with ``PYTHONPATH=DIR``, side by side.

The machine has 2 cores shared with other work: compare CPU seconds, and read wall seconds
as an upper bound.

Run: ``.venv/bin/python benchmarks/big_app.py [--baseline DIR] [--visits 3] [--only big|demo]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT))

from app_latency import cpu_seconds, descendants  # noqa: E402
from big_register import make_engagement  # noqa: E402

from workbench.portal.serve import PortalSettings, VoilaServer, _free_port  # noqa: E402
from workbench.testing import browser  # noqa: E402

APP = "stakeholder_mapping.ipynb"
SIZE = (5_000, 25_000, 5_000)  # stakeholders, relationships, ratings
# Per output: its size and what it is (the first heading, or the widget's panel class).
OUTPUTS_JS = """() => [...document.querySelectorAll('.jp-OutputArea-output')].map(o => {
  const head = o.querySelector('h3');
  const name = o.querySelector('.wb-explorer') ? 'explorer'
    : o.querySelector('.wb-what-if') ? 'what-if' : head ? head.textContent : '';
  return [name.replace(/\\s+/g, ' ').slice(0, 40), o.outerHTML.length];
})"""


def app_folder(code_root: Path, engagement: str, folder: Path) -> Path:
    """The template of ``code_root``, reading ``engagement``, alone in ``folder``."""
    folder.mkdir(parents=True)
    nb = nbformat.read(code_root / "templates" / APP, as_version=4)
    default = 'engagement_path = "demo"'
    (cell,) = [c for c in nb.cells if c.cell_type == "code" and default in c.source]
    cell.source = cell.source.replace(default, f"engagement_path = {json.dumps(engagement)}")
    nbformat.write(nb, folder / APP)
    return folder


@contextmanager
def python_path(code_root: Path | None):
    """The server and its kernels import the workbench from ``code_root`` (None: this tree)."""
    before = os.environ.get("PYTHONPATH")
    if code_root is not None:
        os.environ["PYTHONPATH"] = str(code_root)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = before


def wait_until_preheated(server: VoilaServer, timeout: float = 600) -> None:
    """Until the pool's kernel has run the notebook: its CPU time stops growing for 2 s."""
    deadline = time.monotonic() + timeout
    server.wait_until_warm(timeout=timeout)
    last, quiet_since = -1.0, time.monotonic()
    while time.monotonic() < deadline:
        used = cpu_seconds(server.kernel_pids())
        if used - last > 0.05:
            last, quiet_since = used, time.monotonic()
        elif used > 1 and time.monotonic() - quiet_since > 2:
            return
        time.sleep(0.25)
    raise TimeoutError(f"the preheated kernel was still busy after {timeout} s")


def visit(chromium, url: str) -> dict:
    """One visit: seconds to visible, bytes received, the rendered page's outputs."""
    page = chromium.new_page(viewport={"width": 1440, "height": 900})
    responses, frames = [], []
    page.on("requestfinished", lambda r: responses.append(r))
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: frames.append(len(p))))
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=600_000)
    browser.wait_until_rendered(page, timeout_ms=600_000)
    seconds = time.perf_counter() - start
    outputs = page.evaluate(OUTPUTS_JS)
    html = len(page.content().encode())
    page_url = f"/voila/render/{APP}"
    http = sum(r.sizes()["responseBodySize"] for r in responses if page_url not in r.url)
    document = sum(r.sizes()["responseBodySize"] for r in responses if page_url in r.url)
    page.close()
    return {
        "seconds": seconds,
        "document": document,
        "http": http,
        "ws": sum(frames),
        "html": html,
        "outputs": outputs,
    }


def measure(code_root: Path, engagement: str, visits: int, label: str, tmp: Path) -> dict:
    folder = app_folder(code_root, engagement, tmp / f"apps-{label}")
    settings = PortalSettings(port=_free_port(), warm_kernels=1, max_kernels=8)
    runs = []
    # The server and its kernels read PYTHONPATH when they start, inside the block.
    with (
        python_path(None if code_root == ROOT else code_root),
        VoilaServer(folder, settings, startup_timeout=120) as server,
        browser.chromium() as chromium,
    ):
        me = os.getpid()
        server_pids = {server.process.pid, *descendants(server.process.pid)}
        for _ in range(visits):
            wait_until_preheated(server)
            browser_pids = [p for p in descendants(me) if p not in server_pids]
            before = cpu_seconds([server.process.pid]), cpu_seconds(browser_pids)
            kernels = server.kernel_pids()
            kernel_cpu = cpu_seconds(kernels)
            found = visit(chromium, f"{server.url}/voila/render/{APP}")
            browser_pids = [p for p in descendants(me) if p not in server_pids]
            found["cpu server"] = cpu_seconds([server.process.pid]) - before[0]
            found["cpu kernel"] = cpu_seconds(kernels) - kernel_cpu  # the visit's own kernel
            found["cpu browser"] = cpu_seconds(browser_pids) - before[1]
            runs.append(found)
            server_pids |= set(descendants(server.process.pid))
    return {
        "seconds": [r["seconds"] for r in runs],
        **{
            k: statistics.median(r[k] for r in runs)
            for k in runs[0]
            if k not in ("outputs", "seconds")
        },
        "outputs": runs[-1]["outputs"],
    }


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB"


def report(what: str, found: dict[str, dict]) -> None:
    names = list(found)
    print(f"\n{what}" + "".join(f"{n:>22}" for n in names))
    rows = [
        ("until every output is visible", lambda r: f"{r['seconds_median']:.1f} s"),
        ("  each visit", lambda r: " ".join(f"{s:.1f}" for s in r["seconds"])),
        ("bytes sent: the page (HTML)", lambda r: kb(r["document"])),
        ("bytes sent: widget messages", lambda r: kb(r["ws"])),
        ("bytes sent: page + widgets", lambda r: kb(r["document"] + r["ws"])),
        ("bytes sent: scripts, styles, fonts", lambda r: kb(r["http"])),
        ("rendered page HTML", lambda r: kb(r["html"])),
        ("CPU: Voila server", lambda r: f"{r['cpu server']:.1f} s"),
        ("CPU: the visit's kernel", lambda r: f"{r['cpu kernel']:.1f} s"),
        ("CPU: Chromium", lambda r: f"{r['cpu browser']:.1f} s"),
    ]
    for label, cell in rows:
        print(f"{label:32}" + "".join(f"{cell(found[n]):>22}" for n in names))
    for name in names:
        heavy = sorted(found[name]["outputs"], key=lambda o: -o[1])[:6]
        listed = ", ".join(f"{o[0] or '(untitled)'} {kb(o[1])}" for o in heavy)
        print(f"  largest outputs ({name}): {listed}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="a tree of older code (git archive ... | tar -x)")
    parser.add_argument("--visits", type=int, default=3)
    parser.add_argument("--only", choices=["big", "demo"])
    parser.add_argument("--baseline-only", action="store_true", help="skip this tree's code")
    args = parser.parse_args(argv)
    roots = {} if args.baseline_only else {"now": ROOT}
    if args.baseline:
        roots = {"baseline": Path(args.baseline).resolve(), **roots}
    tmp = Path(tempfile.mkdtemp(prefix="big-app-"))
    try:
        engagements = {}
        if args.only != "demo":
            big = make_engagement(tmp / "big", *SIZE)
            engagements["big"] = (
                str(big),
                "{:,} stakeholders, {:,} ties, {:,} ratings".format(*SIZE),
            )
        if args.only != "big":
            engagements["demo"] = ("demo", "the demo (73 stakeholders)")
        print(
            f"Stakeholder app, preheated (1 warm kernel), {args.visits} visits each; "
            "2 shared cores, so compare CPU seconds too.",
            flush=True,
        )
        for key, (engagement, what) in engagements.items():
            found = {}
            for name, root in roots.items():
                found[name] = measure(root, engagement, args.visits, f"{key}-{name}", tmp)
                found[name]["seconds_median"] = statistics.median(found[name]["seconds"])
            report(what, found)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
