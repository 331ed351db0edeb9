"""Relationship-model design: analysis, autosave, 200 groups, template, and the client app.

Prints:
- design_workshop.analyse on a copy of the demo engagement (models, map, culture, advice);
- autosave latency, what the consultant waits for after each edit in the workshop editor
  (validate + atomic write of the model and of its dated history copy), and restoring an
  older version;
- scale: 200 groups, each with a model (copies of the starter library): loading and
  validating every file, recommending and checking them, and writing the playbooks and
  relationship_models.xlsx;
- the relationship-model design template executed by a real kernel, and its HTML export;
- the client app served by a real Voila, in Debian's Chromium: time from navigation until
  the group browser's canvas and the findings table are on screen (Voila starts a kernel
  and executes the notebook on every visit), with the stakeholder app as a reference;
- peak memory of this process.

Run: ``.venv/bin/python benchmarks/model_design.py [--visits 5]``
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.commands import (
    cli,  # noqa: E402
    run,  # noqa: E402
)
from workbench.core import paths  # noqa: E402
from workbench.core.engagement import Engagement  # noqa: E402
from workbench.deliver import html  # noqa: E402
from workbench.design import (
    consistency,  # noqa: E402
    playbook,  # noqa: E402
    recommend,  # noqa: E402
)
from workbench.design import store as model_store  # noqa: E402
from workbench.design import workshop as design_workshop  # noqa: E402
from workbench.portal.serve import VoilaServer  # noqa: E402
from workbench.testing import browser  # noqa: E402

DESIGN_APP = "/voila/render/relationship_model_design.ipynb"
STAKEHOLDER_APP = "/voila/render/stakeholder_mapping.ipynb"
SCALE_GROUPS = 200
AUTOSAVES = 200
RESTORES = 20


def new_engagement(*argv: str) -> Engagement:
    """`workbench new`, without its "Created ..., Next: ..." lines in the benchmark output."""
    with contextlib.redirect_stdout(io.StringIO()):
        cli.main(["new", *argv])
    return Engagement.load(argv[0])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def clocked(func, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


def analyse_demo(eng: Engagement, calls: int = 5) -> None:
    times = [clocked(design_workshop.analyse, eng)[0] for _ in range(calls)]
    print(
        f"design_workshop.analyse on the demo copy (models + map + culture + advice + checks): "
        f"median {statistics.median(times):.2f} s, max {max(times):.2f} s ({calls} calls)"
    )


def autosave(eng: Engagement) -> None:
    models = model_store.require_models(eng)
    group = sorted(models)[0]
    model = models[group]
    times = []
    for number in range(AUTOSAVES):
        principles = {**model.principles, "control_trust": number % 2}
        model = dataclasses.replace(model, principles=principles)
        times.append(clocked(model_store.save_model, eng, model)[0] * 1000)
    print(
        f"autosave after an edit (save_model: validate, write model + history copy), "
        f"'{group}': p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms, "
        f"max {max(times):.1f} ms ({AUTOSAVES} saves)"
    )
    versions = model_store.history(eng, group)  # newest first
    older = versions[len(versions) // 2 :]
    times = [
        clocked(model_store.restore, eng, group, older[i % len(older)])[0] * 1000
        for i in range(RESTORES)
    ]
    print(
        f"restore an older version (load + validate it, save it as the newest): "
        f"p50 {statistics.median(times):.1f} ms, max {max(times):.1f} ms "
        f"({RESTORES} restores; {len(model_store.history(eng, group))} versions in the history)"
    )


def scale(root: Path) -> None:
    eng = new_engagement(str(root), "--client", "Scale Ltd")
    starters = list(model_store.library().values())
    groups = [f"Group {n:03d}" for n in range(1, SCALE_GROUPS + 1)]
    start = time.perf_counter()
    for number, group in enumerate(groups):
        starter = starters[number % len(starters)]
        model_store.save_model(eng, dataclasses.replace(starter, group=group))
    print(
        f"{SCALE_GROUPS} groups: wrote {SCALE_GROUPS} model files (starter copies) in "
        f"{time.perf_counter() - start:.2f} s"
    )

    loads = [clocked(model_store.load_models, eng) for _ in range(3)]
    models, problems = loads[-1][1]
    assert len(models) == SCALE_GROUPS and not problems, (len(models), problems[:3])
    print(
        f"  load + validate all {SCALE_GROUPS} model files (load_models): "
        f"median {statistics.median(t for t, _ in loads):.2f} s (3 calls)"
    )

    def advise():
        evidence = recommend.group_evidence(
            None,
            groups,
            assessments={g: (m.service_profile, m.environment) for g, m in models.items()},
        )
        recommendations = recommend.recommend(evidence)
        return evidence, recommendations, consistency.findings(models, evidence, recommendations)

    seconds, (evidence, recommendations, findings) = clocked(advise)
    print(
        f"  evidence + recommend + consistency findings for {SCALE_GROUPS} groups: "
        f"{seconds:.2f} s ({len(findings)} findings)"
    )
    design = design_workshop.ModelDesign(
        engagement=eng,
        groups=groups,
        models=models,
        evidence=evidence,
        recommendations=recommendations,
        findings=findings,
        kinds={},
        problems=[],
    )
    seconds, pages = clocked(playbook.playbooks, design)
    size = sum(len(html.encode("utf-8")) for html in pages.values())
    print(
        f"  playbooks (one printable HTML page per group): {seconds:.2f} s "
        f"({len(pages)} pages, {size / 1e6:.1f} MB)"
    )
    seconds, workbook = clocked(playbook.workbook_bytes, design)
    print(
        f"  relationship_models.xlsx (summary + one sheet per group): {seconds:.2f} s "
        f"({len(workbook) / 1024:.0f} KB)"
    )


def template(folder: Path) -> None:
    target = folder / "relationship_model_design.ipynb"
    seconds, _ = clocked(
        run.execute,
        paths.TEMPLATES_DIR / "relationship_model_design.ipynb",
        target,
        engagement_path="demo",
    )
    print(f"relationship-model design template executed by a kernel (demo): {seconds:.2f} s")
    seconds, page = clocked(html.notebook_file_html, target)
    print(f"  its HTML export: {seconds:.2f} s ({len(page) / 1e6:.1f} MB HTML)")


def visits(chromium, server: VoilaServer, app: str, selectors: list[str], count: int):
    times = []
    for _ in range(count):
        page = chromium.new_page()
        start = time.perf_counter()
        page.goto(server.url + app, wait_until="domcontentloaded")
        for selector in selectors:
            page.wait_for_selector(selector, state="visible", timeout=120_000)
        times.append(time.perf_counter() - start)
        page.close()
    return times


def client_apps(count: int) -> None:
    with browser.chromium() as chromium, VoilaServer(paths.DEMO_NOTEBOOKS) as server:
        times = visits(
            chromium,
            server,
            DESIGN_APP,
            [".wb-browser table.wb-canvas", "table.wb-findings"],
            count,
        )
        print(
            f"relationship-model app (Voila, cold kernel per visit) until the canvas and the "
            f"findings show: p50 {statistics.median(times):.2f} s, "
            f"p95 {percentile(times, 0.95):.2f} s, min {min(times):.2f} s, "
            f"max {max(times):.2f} s ({count} visits)"
        )
        times = visits(chromium, server, STAKEHOLDER_APP, [".wb-explorer svg.wb-grid"], count)
        print(
            f"  reference: stakeholder app, same server, until its grid shows: "
            f"p50 {statistics.median(times):.2f} s, max {max(times):.2f} s ({count} visits)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        eng = new_engagement(str(tmp / "bench"), "--client", "Bench", "--demo")
        analyse_demo(eng)
        autosave(eng)
        scale(tmp / "scale")
        template(tmp)
    client_apps(args.visits)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"peak memory: this process {own:.0f} MB; "
        f"largest finished child (kernel, Voila, Chromium) {children:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
