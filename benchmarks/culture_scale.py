"""Culture analysis at scale: 100,000 respondents x 40 items.

Prints:
- reading the export (surveys.read_survey) and validating it into numbers (responses.prepare);
- scoring: every dimension for the whole organization and for each of four demographics
  (summarise + anonymity heatmap), plus per-respondent scores (goal: scoring <= 1 s);
- the full culture template executed by a real kernel and exported to HTML (goal <= 20 s);
- peak memory of this process and of the kernel (goal <= 2 GB).

The survey is a plain CSV with 35 items of the shipped instruments (relationship culture,
Westrum, psychological safety, eNPS) plus a 5-item custom instrument placed in the
engagement's inputs/instruments/, i.e. 40 items, four demographics and a comment column.

Run: ``.venv/bin/python benchmarks/culture_scale.py [--respondents 100000]``
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.commands import cli  # noqa: E402
from workbench.core import paths  # noqa: E402
from workbench.core.engagement import Engagement  # noqa: E402
from workbench.culture import anonymity as segments  # noqa: E402
from workbench.culture import (
    instruments,  # noqa: E402
    responses,  # noqa: E402
    surveys,
)
from workbench.culture import scoring as culture  # noqa: E402

SHIPPED = ["relationship_culture", "westrum", "psych_safety", "enps"]
CUSTOM = """id = "service_climate"
name = "Service climate (benchmark)"
kind = "likert"
scale_min = 1
scale_max = 5
labels = "agree5"
source = "benchmark only"
about = "Five extra items so the benchmark survey has 40 items."

[dimensions.service_climate]
name = "Service climate"
about = "How much the organization cares about the service it gives."
""" + "".join(
    f'\n[[items]]\nid = "SC{i}"\ntext = "Service item {i}"\n'
    f'dimension = "service_climate"\nreverse = false\n'
    for i in range(1, 6)
)
DEMOGRAPHICS = {
    "team": [f"Team {c}" for c in "ABCDEFGHIJKL"],
    "role": ["individual contributor", "team lead", "manager"],
    "location": ["Leeds", "Lyon", "Lisbon", "Leipzig"],
    "tenure": ["<1 year", "1-3 years", "3-5 years", "5+ years"],
}


def make_engagement(root: Path, n: int, seed: int = 7) -> Path:
    """A copy of the demo engagement whose only survey wave is a large synthetic export."""
    target = root / "bench"
    cli.main(["new", str(target), "--client", "Benchmark Ltd", "--demo"])
    toml = target / paths.ENGAGEMENT_FILE
    text = toml.read_text().replace(
        '"psych_safety", "ocai", "enps"]', '"psych_safety", "enps", "service_climate"]'
    )
    toml.write_text(text)
    custom = target / paths.CUSTOM_INSTRUMENTS
    custom.mkdir(parents=True)
    (custom / "service_climate.toml").write_text(CUSTOM)
    surveys = target / paths.SURVEYS
    for wave in list(surveys.iterdir()):
        if wave.is_dir():
            for file in wave.iterdir():
                file.unlink()
            wave.rmdir()
    chosen = instruments.load_instruments(SHIPPED + ["service_climate"], extra_dir=custom)
    table = instruments.item_table(chosen)
    rng = np.random.default_rng(seed)
    climate = rng.normal(0, 1, n)
    data = {"respondent_id": [f"B{i:06d}" for i in range(n)]}
    for name, values in DEMOGRAPHICS.items():
        data[name] = rng.choice(values, n)
    for item in table.itertuples():
        low, high = item.scale_min, item.scale_max
        sign = -1 if item.reverse else 1
        mid = (low + high) / 2
        raw = mid + sign * climate * (high - low) / 5 + rng.normal(0, (high - low) / 5, n)
        data[item.item] = np.clip(np.rint(raw), low, high).astype(int)
    data["comments"] = np.where(rng.random(n) < 0.1, "More time to talk with other teams", "")
    wave = surveys / "2026-05"
    wave.mkdir(parents=True)
    pd.DataFrame(data).to_csv(wave / "survey.csv", index=False)
    return target


def timed(label: str, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        root = make_engagement(Path(tmp), args.respondents)
        print(
            f"generated {args.respondents:,} respondents x 40 items in "
            f"{time.perf_counter() - start:.1f} s"
        )
        eng = Engagement.load(root)
        settings = eng.culture
        chosen = instruments.load_instruments(
            settings["instruments"], extra_dir=root / paths.CUSTOM_INSTRUMENTS
        )
        labels = instruments.load_label_sets()
        file = root / paths.SURVEYS / "2026-05" / "survey.csv"
        raw = timed(
            "read the export (surveys.read_survey)",
            surveys.read_survey,
            file,
            keep=tuple(DEMOGRAPHICS),
        )
        prepared, problems = timed(
            "validate into numbers (responses.prepare)",
            responses.prepare,
            raw,
            "2026-05",
            chosen,
            labels,
            settings["demographics"],
            settings["comment_columns"],
        )
        assert not [p for p in problems if p.severity == "error"], problems[:3]
        table = instruments.item_table(chosen)

        def score():
            culture.summarise(prepared.items, table)
            for demographic in settings["demographics"]:
                groups = segments.segment_labels(prepared.demographics[demographic])
                segments.heatmap(culture.summarise(prepared.items, table, by=groups), 5)
            return culture.respondent_scores(prepared.items, table)

        timed("scoring: all dimensions, overall + 4 demographics, anonymity applied", score)
        timed("  of which overall summarise only", culture.summarise, prepared.items, table)

        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # In a fresh small process, so the kernel's peak is not masked by this one's: a child
        # forked from a large parent reports the parent's size as its own peak.
        out = Path(tmp) / "culture_analysis.ipynb"
        script = (
            "import sys, time; from pathlib import Path\n"
            "from workbench.commands import run\n"
            "from workbench.core import paths\n"
            "from workbench.deliver import html\n"
            "start = time.perf_counter()\n"
            "run.execute(paths.TEMPLATES_DIR / 'culture_analysis.ipynb', Path(sys.argv[1]),"
            " engagement_path=sys.argv[2])\n"
            "executed = time.perf_counter() - start\n"
            "html = html.notebook_file_html(Path(sys.argv[1]))\n"
            "print(f'culture template executed by a kernel: {executed:.2f} s; with the HTML '"
            "f'export: {time.perf_counter() - start:.2f} s ({len(html) / 1e6:.1f} MB HTML)')\n"
        )
        subprocess.run([sys.executable, "-c", script, str(out), str(root)], check=True)
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"peak memory: this process {own:.0f} MB; largest child (the kernel) {children:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
