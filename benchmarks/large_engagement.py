"""A group-wide engagement: 5,000 stakeholders and 25,000 relationships, old code and new.

Writes the seeded register of ``benchmarks/big_register.py`` (5,000 stakeholders, 25,000
relationships, 5,000 ratings; no survey) into a temporary engagement and prints, for the
code in this checkout and, with ``--baseline DIR``, for an older checkout side by side:

- ``workbench check`` (goal: <= 5 s);
- the stakeholder analysis alone (``stakeholders.workshop.analyse``; goal: <= 5 s);
- ``workbench run`` of the whole engagement: every notebook executed by its own kernel,
  HTML, results.xlsx, deck and playbooks (goal: <= 60 s);
- peak memory of each: the largest resident size of the process, and of the kernels
  and helpers it started.

Each step runs in a fresh child process, so its peak memory is its own. Then, on the
same graph and for this checkout only, the engine's parts against networkx: exact
betweenness (igraph on one core and shared over the cores, networkx exact, and the 500-source
sample the old code took above 2,000 stakeholders), communities (Leiden against networkx
Louvain) and the what-if of every stakeholder in one pass against one removal at a time.

Figures are CPU seconds of the process and its children, with wall seconds in brackets;
on a shared machine the wall time also measures the other processes.

Run: ``.venv/bin/python benchmarks/large_engagement.py [--baseline DIR] [--check-only DIR]
[--quick]``; a baseline folder's name ends in its commit (``build/baseline-0d1c9e8``).
(``--quick`` skips networkx's exact betweenness, about four minutes, and the baseline's
run; the baseline's check alone takes about four minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if not os.environ.get("PYTHONPATH"):  # with PYTHONPATH, measure the code it points at
    sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from big_register import make_engagement  # noqa: E402

STEPS = ("check", "analyse", "run")


def _step(name: str, engagement: Path) -> dict:
    """Do one step here and say what it cost (this is the child process)."""
    start, wall = _cpu(), time.perf_counter()
    if name == "check":
        from workbench.commands.check import check

        report = check(engagement)
        # Older code has no summary(): count its errors instead.
        said = report.summary() if hasattr(report, "summary") else f"{report.errors} error(s)"
    elif name == "analyse":
        from workbench.stakeholders import workshop

        mapping = workshop.analyse(engagement)
        said = f"{int(mapping.centrality['broker'].sum())} brokers"
    else:
        from workbench.commands.run import run

        said = f"run {run(engagement, progress=False).name}"
    return {
        "seconds": [_cpu() - start, time.perf_counter() - wall],
        "peak MB": _peak_mb(resource.RUSAGE_SELF),
        "children peak MB": _peak_mb(resource.RUSAGE_CHILDREN),
        "says": said,
    }


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _in_child(step: str, engagement: Path, code: Path | None, give_up: int) -> dict:
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    started = time.perf_counter()
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--step", step, str(engagement)],
            env=env,
            capture_output=True,
            text=True,
            timeout=give_up,
        )
    except subprocess.TimeoutExpired:
        return {"says": f"no answer within {give_up} s"}
    if out.returncode:
        last = out.stderr.strip().splitlines()[-1][:120]
        return {"says": f"failed after {time.perf_counter() - started:.0f} s: {last}"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _timed(what, *args) -> tuple[float, object]:
    start = time.process_time()
    result = what(*args)
    return time.process_time() - start, result


def engine_parts(engagement: Path, exact_networkx: bool) -> list[tuple[str, float, float]]:
    """(what, seconds, seconds of the networkx way) for the engine's parts."""
    import networkx as nx

    from workbench.stakeholders import engine, network, register, whatif

    tables, _ = register.load_tables(engagement / "inputs")
    graph = network.build_graph(tables["stakeholders"], tables["relationships"])
    view = engine.indexed(graph)

    def length(_u, _v, data):
        return 1.0 / data["strength"]

    rows = []
    start, wall = time.process_time(), time.perf_counter()
    engine.betweenness(view)
    shared_cpu, shared_wall = time.process_time() - start, time.perf_counter() - wall
    one, _ = _timed(engine.betweenness, view, 1)
    sampled, _ = _timed(lambda: nx.betweenness_centrality(graph, k=500, weight=length, seed=42))
    rows.append(("betweenness, one core vs networkx 500-source sample", one, sampled))
    if exact_networkx:
        exact, _ = _timed(lambda: nx.betweenness_centrality(graph, weight=length))
        rows.append(("betweenness, one core vs networkx exact", one, exact))
    rows.append(("betweenness shared over cores (wall) vs one core", shared_wall, one))
    print(f"  (shared betweenness: {shared_cpu:.1f} s CPU in this process)", flush=True)
    leiden, _ = _timed(engine.communities, view, 42)
    louvain, _ = _timed(lambda: nx.community.louvain_communities(graph, weight="strength", seed=42))
    rows.append(("communities: Leiden vs networkx Louvain", leiden, louvain))
    one_pass, table = _timed(whatif.what_if_all, graph)
    candidates = table.loc[table["reach_lost"] > 0, "removed"].tolist()
    candidates += table.loc[table["reach_lost"] == 0, "removed"].head(1000).tolist()
    each, _ = _timed(lambda: [whatif.what_if_remove(graph, i) for i in candidates])
    rows.append(
        (f"what-if of everyone vs one removal at a time ({len(candidates):,})", one_pass, each)
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stakeholders", type=int, default=5_000)
    parser.add_argument("--ties", type=int, default=25_000)
    parser.add_argument("--ratings", type=int, default=5_000)
    parser.add_argument(
        "--baseline",
        action="append",
        default=[],
        help="folder holding an older workbench package (repeat for several)",
    )
    parser.add_argument(
        "--check-only",
        action="append",
        default=[],
        help="a baseline folder to time only `check` in (the slowest old code)",
    )
    parser.add_argument("--quick", action="store_true", help="skip the slowest comparisons")
    parser.add_argument("--give-up", type=int, default=1800, help="seconds per step")
    parser.add_argument("--step", nargs=2, help=argparse.SUPPRESS)  # child: STEP ENGAGEMENT
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(_step(args.step[0], Path(args.step[1]))))
        return 0
    with tempfile.TemporaryDirectory(prefix="large-engagement-") as tmp:
        big = make_engagement(Path(tmp) / "big", args.stakeholders, args.ties, args.ratings)
        print(
            f"register: {args.stakeholders:,} stakeholders, {args.ties:,} relationships, "
            f"{args.ratings:,} ratings, no survey; {os.cpu_count()} cores",
            flush=True,
        )
        older = [*args.check_only, *args.baseline]
        codes = {_label(folder): Path(folder).resolve() for folder in older}
        codes["now"] = None
        only_check = {_label(folder) for folder in args.check_only}
        results: dict[str, dict[str, dict]] = {}
        for label, code in codes.items():
            results[label] = {}
            for step in STEPS:
                if label in only_check and step != "check":
                    results[label][step] = {"says": "not measured"}
                    continue
                if step == "run" and label != "now" and args.quick:
                    results[label][step] = {"says": "skipped (--quick)"}
                    continue
                copy = Path(tmp) / f"{label}-{step}"
                shutil.copytree(big, copy)
                results[label][step] = _in_child(step, copy, code, args.give_up)
                print(f"  {label} {step}: {results[label][step].get('says')}", flush=True)
        _print_steps(results)
        print("\nThe engine's parts on the same graph (CPU seconds, this checkout):")
        for what, new, old in engine_parts(big, exact_networkx=not args.quick):
            print(f"  {what:62} {new:7.2f} s  vs {old:8.2f} s  ({old / max(new, 1e-9):5.0f}x)")
    return 0


def _label(folder: str) -> str:
    """A baseline's column title: the commit in its folder name, e.g. baseline-0d1c9e8."""
    return Path(folder).name.removeprefix("baseline-")


def _print_steps(results: dict[str, dict[str, dict]]) -> None:
    labels = list(results)
    print(f"\n{'step':10}" + "".join(f"{label:>38}" for label in labels))
    for step in STEPS:
        cells = []
        for label in labels:
            found = results[label][step]
            if "seconds" not in found:
                cells.append(f"{found['says'][:36]:>38}")
                continue
            cpu, wall = found["seconds"]
            memory = max(found["peak MB"], found["children peak MB"])
            cells.append(f"{cpu:9.1f} s ({wall:5.1f} s), peak {memory:6.0f} MB  ")
        print(f"{step:10}" + "".join(cells))
    new = results["now"]["check"].get("seconds", [0])[0]
    for label in labels[:-1]:
        old = results[label]["check"].get("seconds", [0])[0]
        if old and new:
            print(f"check: {old / new:.0f}x less CPU than {label}")
    print("(peak: the larger of the process's and its children's, e.g. the run's kernels)")


if __name__ == "__main__":
    sys.exit(main())
