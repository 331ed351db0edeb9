"""How fast the client portal's apps appear, cold and preheated, alone and 20 at once.

Prints, for every app in notebooks/demo/ and for a bare one-slider Voila page served by the same
server: the time from asking for the page until every output is visible (workbench.testing.browser's
wait_until_rendered), p50 and p95 over VISITS visits, with a kernel started per visit (cold)
and with preheated kernels. Then 20 concurrent sessions against preheated pools: failures, p95
render time and memory (PSS) per session. Last, kernels started by visitors without JavaScript
are shown to be culled.

Run: .venv/bin/python benchmarks/app_latency.py [latency] [concurrency] [culling]
(all three by default; about 12 minutes on 2 cores)
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.core import paths  # noqa: E402
from workbench.portal.serve import PortalSettings, VoilaServer, _free_port  # noqa: E402
from workbench.testing import browser  # noqa: E402

VISITS = 5
SESSIONS = 20
REFILL_WAIT = 12  # seconds between preheated visits, so the pool's kernel has run the notebook
BARE = "bare_slider.ipynb"
POLL_MS = 250  # how often a burst session checks its page (1000 ms gave the same figures)


def served_folder() -> Path:
    """The demo apps plus a bare one-slider page, so both are measured by one server."""
    folder = Path(tempfile.mkdtemp(prefix="latency-")) / "apps"
    shutil.copytree(paths.DEMO_NOTEBOOKS, folder)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Bare page\n\nOne slider, for reference."),
        nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider()"),
    ]
    nbformat.write(nb, folder / BARE)
    return folder


def visit(chromium, url: str) -> tuple[float, int]:
    """Seconds until every output is visible, and bytes received."""
    page = chromium.new_page()
    received = []
    page.on("response", lambda r: received.append(int(r.headers.get("content-length", 0))))
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    browser.wait_until_rendered(page)
    elapsed = time.perf_counter() - start
    size = len(page.content().encode())
    page.close()
    return elapsed, size


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def sequential(folder: Path, warm: int) -> dict[str, list[float]]:
    settings = PortalSettings(port=_free_port(), warm_kernels=warm)
    times: dict[str, list[float]] = {}
    with VoilaServer(folder, settings) as server, browser.chromium() as chromium:
        if warm:
            server.wait_until_warm()
            time.sleep(REFILL_WAIT)
        visit(chromium, f"{server.url}/voila/render/{BARE}")  # the browser's own warm-up
        if warm:
            time.sleep(REFILL_WAIT)
        for app in server.apps:
            for _ in range(VISITS):
                elapsed, size = visit(chromium, f"{server.url}/voila/render/{app.path}")
                times.setdefault(app.path, []).append(elapsed)
                times.setdefault(f"{app.path} size", []).append(size)
                if warm:
                    time.sleep(REFILL_WAIT)
    return times


def print_table(cold: dict, warm: dict) -> None:
    bare_cold = statistics.median(cold[BARE])
    bare_warm = statistics.median(warm[BARE])
    print(f"{'app':34} {'cold p50':>9} {'p95':>6} {'warm p50':>9} {'p95':>6} "
          f"{'warm/bare warm':>15} {'warm/bare cold':>15} {'page KB':>8}")  # fmt: skip
    for app in [k for k in cold if not k.endswith(" size")]:
        c, w = cold[app], warm[app]
        kb = statistics.median(warm[f"{app} size"]) / 1024
        print(
            f"{app:34} {statistics.median(c):9.2f} {p95(c):6.2f} {statistics.median(w):9.2f} "
            f"{p95(w):6.2f} {statistics.median(w) / bare_warm:15.2f} "
            f"{statistics.median(w) / bare_cold:15.2f} {kb:8.0f}"
        )


def pss_kb(pid: int) -> int:
    """Proportional set size of a process and all its descendants (shared pages split fairly)."""
    total = 0
    for proc in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{proc}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(proc.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


async def concurrent_sessions(server: VoilaServer, apps: list[str]) -> dict:
    """SESSIONS browser contexts (separate cookies and caches) open the apps at the same time."""
    from playwright.async_api import async_playwright

    async def one(chromium, url: str):
        context = await chromium.new_context()
        page = await context.new_page()
        start = time.perf_counter()
        try:
            await page.goto(url, wait_until="commit", timeout=300_000)
            await page.wait_for_function(browser.RENDERED_JS, timeout=300_000, polling=POLL_MS)
            for frame in page.frames[1:]:
                await frame.wait_for_load_state("load", timeout=300_000)
            return time.perf_counter() - start
        except Exception as exc:  # a failed session is a figure, not a crash
            return exc

    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(
            executable_path=browser.chromium_path(), headless=True, args=browser.CHROMIUM_ARGS
        )
        server_pids = {server.process.pid, *descendants(server.process.pid)}
        browser_pids = [p for p in descendants(os.getpid()) if p not in server_pids]
        before = (cpu_seconds([server.process.pid]), cpu_seconds(browser_pids))
        kernels_before = cpu_seconds(server.kernel_pids())
        urls = [f"{server.url}/voila/render/{apps[i % len(apps)]}" for i in range(SESSIONS)]
        wall = time.perf_counter()
        results = await asyncio.gather(*(one(chromium, u) for u in urls))
        wall = time.perf_counter() - wall
        browser_pids = [p for p in descendants(os.getpid()) if p not in server_pids]
        kernel_pids = server.kernel_pids()
        figures = {
            "results": results,
            "wall": wall,
            "cpu server": cpu_seconds([server.process.pid]) - before[0],
            "cpu browser": cpu_seconds(browser_pids) - before[1],
            "cpu kernels": cpu_seconds(kernel_pids) - kernels_before,  # refills included
            "kernel pss": [pss_kb(p) for p in kernel_pids],
            "server pss": pss_kb(server.process.pid) - sum(pss_kb(p) for p in kernel_pids),
        }
        await chromium.close()
    return figures


def culling() -> None:
    settings = PortalSettings(
        port=_free_port(), warm_kernels=0, cull_idle_seconds=10, cull_interval_seconds=2
    )
    with VoilaServer(paths.DEMO_NOTEBOOKS, settings) as server:
        for _ in range(3):  # plain HTTP: the page arrives, no JavaScript ever connects
            with urllib.request.urlopen(
                server.url + "/voila/render/relationship_model_design.ipynb", timeout=120
            ) as response:
                response.read()
        started = len(server.kernel_pids())
        t0 = time.perf_counter()
        while server.kernel_pids() and time.perf_counter() - t0 < 60:
            time.sleep(0.5)
        culled = server.log_text().count("Culling 'idle' kernel")
        print(
            f"Visitors without JavaScript: {started} kernels started, "
            f"{len(server.kernel_pids())} left {time.perf_counter() - t0:.0f} s later "
            f"(cull after 10 s idle, checked every 2 s); culled in the log: {culled}"
        )


def main(parts: list[str]) -> None:
    if "latency" in parts:
        latency()
    if "concurrency" in parts:
        concurrency()
    if "culling" in parts:
        culling()


def latency() -> None:
    folder = served_folder()
    print(f"{VISITS} visits per app; a visit ends when every output is visible.")
    cold = sequential(folder, warm=0)
    warm = sequential(folder, warm=1)
    print_table(cold, warm)
    shutil.rmtree(folder.parent, ignore_errors=True)


def concurrency() -> None:
    apps = [p.name for p in sorted(paths.DEMO_NOTEBOOKS.glob("*.ipynb"))]
    bare = served_folder()
    for name in apps:
        (bare / name).unlink()  # the bare page alone, so only it gets a kernel pool
    for folder, pages in ((paths.DEMO_NOTEBOOKS, apps), (bare, [BARE])):
        per_app = -(-SESSIONS // len(pages))
        settings = PortalSettings(port=_free_port(), warm_kernels=per_app, max_kernels=80)
        with VoilaServer(folder, settings, startup_timeout=120) as server:
            server.wait_until_warm(timeout=300)
            time.sleep(90)  # every pooled kernel has run its notebook
            f = asyncio.run(concurrent_sessions(server, pages))
        report(f, "the three apps" if len(pages) > 1 else "the bare one-slider page", per_app)
    shutil.rmtree(bare.parent, ignore_errors=True)


def report(f: dict, what: str, per_app: int) -> None:
    times = [r for r in f["results"] if isinstance(r, float)]
    failures = [r for r in f["results"] if not isinstance(r, float)]
    print(
        f"{SESSIONS} concurrent sessions of {what} ({per_app} preheated kernels per page, "
        f"browsers on the same 2 cores): {len(failures)} failed; render p50 "
        f"{statistics.median(times):.1f} s, p95 {p95(times):.1f} s; all done in {f['wall']:.1f} s"
    )
    print(
        f"  CPU during the burst: browsers {f['cpu browser']:.0f} s, Voila server "
        f"{f['cpu server']:.0f} s, kernels {f['cpu kernels']:.0f} s (spares refilling included)"
    )
    per_kernel = statistics.median(f["kernel pss"]) / 1024
    per_session = per_kernel + f["server pss"] / 1024 / SESSIONS
    print(
        f"  Memory (PSS): {per_session:.0f} MB per session = one kernel "
        f"(median {per_kernel:.0f} MB over {len(f['kernel pss'])} kernels) + a 1/{SESSIONS} "
        f"share of the Voila server ({f['server pss'] / 1024:.0f} MB)"
    )
    for failure in failures[:3]:
        print(f"  failure: {str(failure)[:200]}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["latency", "concurrency", "culling"])
