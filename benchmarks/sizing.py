"""How much one machine serves: memory per preheated kernel, kernel start, render under load.

Measured on this machine, for each demo app and, as the baseline beside them, a bare page with
one slider (what any Voila kernel costs before an app adds its own):

- memory: PSS and RSS of a preheated kernel that has run its notebook (median of WARM
  kernels per page), and the Voila server's own PSS;
- start: a bare ipykernel's start until it answers, and a cold visit (no preheated kernel:
  kernel start, notebook run and page, over plain HTTP);
- load: 1, 2 and 4 visitors per core opening the apps at the same moment in Chromium against
  preheated pools: failures, render p50/p95, and the CPU seconds spent (browsers included,
  since they share the cores).

Then what follows for one machine: kernels and portals per 8 GB, visitors per core.
Helpers (PSS, CPU seconds, the concurrent Chromium sessions) come from app_latency.py.

Run: .venv/bin/python benchmarks/sizing.py [memory] [start] [load]   (all by default; about
6 minutes on 2 cores)
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import app_latency as latency  # noqa: E402 (it puts the repository on sys.path)

from workbench.core import paths  # noqa: E402
from workbench.portal.serve import PortalSettings, VoilaServer, _free_port  # noqa: E402

WARM = 2  # preheated kernels per page in the memory part
COLD_VISITS = 3
STARTS = 5
PER_CORE = (1, 2, 4)
GB = 1024**3
CORES = os.cpu_count() or 1
APPS = [p.name for p in sorted(paths.DEMO_NOTEBOOKS.glob("*.ipynb"))]


def settle(server: VoilaServer, kernels: int, timeout: float = 300) -> list[int]:
    """Wait until ``kernels`` kernels run and none has used CPU for two seconds (each has
    finished running its notebook); their process ids."""
    deadline = time.monotonic() + timeout
    quiet_since, last = time.monotonic(), -1.0
    while time.monotonic() < deadline:
        pids = server.kernel_pids()
        used = latency.cpu_seconds(pids)
        if len(pids) < kernels or used - last > 0.05:
            quiet_since, last = time.monotonic(), used
        elif time.monotonic() - quiet_since >= 2:
            return pids
        time.sleep(0.5)
    raise TimeoutError(f"the kernels did not settle within {timeout} s")


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def one_page(page: str) -> Path:
    """A folder holding only ``page`` (a demo app, or the bare slider page)."""
    source = latency.served_folder()  # the demo apps plus the bare page
    folder = source.parent / f"only-{Path(page).stem}"
    folder.mkdir()
    shutil.copy(source / page, folder / page)
    return folder


def memory() -> dict[str, dict]:
    print(f"Memory: {WARM} preheated kernels per page, each after running its notebook")
    print(f"{'page':34} {'kernel PSS MB':>14} {'RSS MB':>7} {'server PSS MB':>14} {'warm s':>7}")
    figures = {}
    for page in [*APPS, latency.BARE]:
        folder = one_page(page)
        settings = PortalSettings(port=_free_port(), warm_kernels=WARM, max_kernels=WARM + 2)
        start = time.perf_counter()
        with VoilaServer(folder, settings, startup_timeout=120) as server:
            server.wait_until_warm(timeout=300)
            pids = settle(server, WARM)
            warm = time.perf_counter() - start
            pss = statistics.median(latency.pss_kb(p) for p in pids) / 1024
            rss = statistics.median(rss_kb(p) for p in pids) / 1024
            own = (latency.pss_kb(server.process.pid) - sum(latency.pss_kb(p) for p in pids)) / 1024
        shutil.rmtree(folder.parent, ignore_errors=True)
        figures[page] = {"pss": pss, "rss": rss, "server": own, "warm": warm}
        print(f"{page:34} {pss:14.0f} {rss:7.0f} {own:14.0f} {warm:7.1f}")
    return figures


def starts() -> None:
    from jupyter_client.manager import start_new_kernel

    times = []
    for _ in range(STARTS):
        began = time.perf_counter()
        manager, client = start_new_kernel(kernel_name="python3")
        times.append(time.perf_counter() - began)
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    print(f"Kernel start (bare ipykernel until it answers): median {statistics.median(times):.2f} s"
          f", max {max(times):.2f} s over {STARTS}")  # fmt: skip
    folder = latency.served_folder()
    settings = PortalSettings(port=_free_port(), warm_kernels=0, max_per_visitor=0)
    print(f"Cold visit over HTTP (no preheated kernel), median of {COLD_VISITS}:")
    with VoilaServer(folder, settings) as server:
        for page in [*APPS, latency.BARE]:
            spent = []
            for _ in range(COLD_VISITS):
                began = time.perf_counter()
                with urllib.request.urlopen(f"{server.url}/voila/render/{page}", timeout=300) as r:
                    r.read()
                spent.append(time.perf_counter() - began)
            print(f"  {page:34} {statistics.median(spent):6.2f} s")
    shutil.rmtree(folder.parent, ignore_errors=True)


def load() -> list[dict]:
    print(f"Concurrent visitors opening the three apps in Chromium ({CORES} cores, preheated):")
    print(f"{'per core':>8} {'at once':>7} {'failed':>6} {'p50 s':>6} {'p95 s':>6} {'wall s':>7} "
          f"{'CPU s kernels':>13} {'server':>7} {'browsers':>8}")  # fmt: skip
    rows = []
    for per_core in PER_CORE:
        visitors = per_core * CORES
        warm = -(-visitors // len(APPS))
        spares = warm * len(APPS)
        settings = PortalSettings(
            port=_free_port(), warm_kernels=warm, max_kernels=spares + visitors + 2
        )
        with VoilaServer(paths.DEMO_NOTEBOOKS, settings, startup_timeout=120) as server:
            server.wait_until_warm(timeout=300)
            settle(server, spares)
            latency.SESSIONS = visitors  # read by concurrent_sessions when it runs
            f = asyncio.run(latency.concurrent_sessions(server, APPS))
        times = [r for r in f["results"] if isinstance(r, float)]
        row = {
            "per_core": per_core,
            "visitors": visitors,
            "failed": len(f["results"]) - len(times),
            "p50": statistics.median(times) if times else float("nan"),
            "p95": latency.p95(times) if times else float("nan"),
        }
        rows.append(row)
        print(f"{per_core:8} {visitors:7} {row['failed']:6} {row['p50']:6.1f} {row['p95']:6.1f} "
              f"{f['wall']:7.1f} {f['cpu kernels']:13.1f} {f['cpu server']:7.1f} "
              f"{f['cpu browser']:8.1f}")  # fmt: skip
        for failure in [r for r in f["results"] if not isinstance(r, float)][:2]:
            print(f"         failure: {str(failure).splitlines()[0][:160]}")
    return rows


def machine() -> str:
    total = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    return f"{CORES} cores, {total / GB:.0f} GiB (shared with other work while measured)"


def derived(mem: dict[str, dict], rows: list[dict]) -> None:
    kernel = max(mem[a]["pss"] for a in APPS)  # size for the heaviest app
    server = statistics.median(m["server"] for m in mem.values())
    bare = mem[latency.BARE]["pss"]
    portal_idle = server + len(APPS) * kernel  # one engagement's portal at --warm 1
    budget = 8 * 1024  # MB
    print("What one machine serves (from the figures above):")
    print(f"  An app's kernel: up to {kernel:.0f} MB PSS (the bare page's: {bare:.0f} MB).")
    print(f"  One engagement's portal, idle at --warm 1: {portal_idle:.0f} MB "
          f"(server {server:.0f} MB + {len(APPS)} preheated kernels).")  # fmt: skip
    print(
        f"  Per 8 GB: {int(budget // kernel)} kernels, i.e. about {int(budget // kernel)} "
        f"open app pages; or {int(budget // portal_idle)} idle portals at --warm 1."
    )
    good = [r for r in rows if not r["failed"] and r["p95"] <= 10]
    if good:
        best = max(good, key=lambda r: r["per_core"])
        print(
            f"  Per core: {best['per_core']} visitors opening an app at the same moment "
            f"with p95 {best['p95']:.1f} s (the limit taken is p95 <= 10 s, no failure)."
        )
    else:
        print("  Per core: even 1 visitor at once per core went past p95 10 s on this run.")


def main(parts: list[str]) -> None:
    print(f"Machine: {machine()}")
    mem = memory() if "memory" in parts else {}
    if "start" in parts:
        starts()
    rows = load() if "load" in parts else []
    if mem and rows:
        derived(mem, rows)


if __name__ == "__main__":
    main(sys.argv[1:] or ["memory", "start", "load"])
