"""Culture analysis of 100,000 respondents x 40 items from raw Qualtrics exports, end to end.

Writes two seeded survey waves as Qualtrics writes its CSV export (three header rows:
column ids, question texts, ImportId JSON; the metadata and personal-data columns
StartDate ... UserLanguage; answers as choice text such as "Somewhat agree") into a copy of
the demo engagement (``workbench new PATH --demo``, its surveys replaced), then times:

- ``read + validate``: reading both exports and validating them into numbers
  (``culture.workshop.load_waves``);
- ``scoring core``: the latest wave's dimensions for the whole organization and for each
  of the four demographics (summaries with the anonymity heatmap) plus per-respondent
  scores; the issue's goal is <= 1 s;
- ``analyse``: ``culture.workshop.analyse`` (both waves, change between them, drivers);
- ``workbench run``: ``run(path, templates=("culture_analysis.ipynb",), progress=False)``:
  every in-process analysis, the run's frozen copy, the kernel executing the culture
  template, its HTML export, results.xlsx, the deck and the playbooks (goal <= 60 s);

and the peak memory of the measuring process and of the notebook kernel (goal <= 2 GB
each), with the size of the exported culture page. The kernel's peak is its own VmHWM,
sampled from /proc while the run goes: ``getrusage(RUSAGE_CHILDREN)`` would report the
parent's size for a child it spawned.

With ``--baseline DIR`` (an older commit exported with
``git archive e23d846 | tar -x -C DIR``) the same measurements run again in a child process
with ``PYTHONPATH=DIR``, printed side by side. Each measurement runs in a fresh child
process so that neither inherits the other's memory. Times are CPU seconds of the measuring
process, wall seconds in brackets; the kernel's own CPU seconds are printed on their own
line. The machine (2 cores) may be shared with other work, which shows in the wall time.

Run: ``.venv/bin/python benchmarks/big_culture.py [--respondents 100000] [--baseline DIR]``
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
if not os.environ.get("PYTHONPATH"):  # with PYTHONPATH, measure the code it points at
    sys.path.insert(0, str(REPO))

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
    f'\n[[items]]\nid = "SC{i}"\ntext = "Our service to customer group {i} is taken seriously."\n'
    f'dimension = "service_climate"\nreverse = false\n'
    for i in range(1, 6)
)
# Question blocks in survey order: instrument, stem of its matrix ("" for a single question).
BLOCKS = [
    ("relationship_culture", "Thinking about how people in your team work together, how far "
     "do you agree with each statement?"),
    ("westrum", "How far do you agree with these statements about your organisation?"),
    ("psych_safety", "How far do you agree with these statements about your team?"),
    ("enps", ""),
    ("service_climate", "How far do you agree with these statements about our service?"),
]  # fmt: skip
CHOICES = {  # Qualtrics' standard choice texts, from scale_min up
    "agree5": ["Strongly disagree", "Somewhat disagree", "Neither agree nor disagree",
               "Somewhat agree", "Strongly agree"],
    "agree7": ["Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree",
               "Somewhat agree", "Agree", "Strongly agree"],
    "likely11": ["0 - Not at all likely", *map(str, range(1, 10)), "10 - Extremely likely"],
}  # fmt: skip
DEMOGRAPHICS = {
    "team": [f"Team {c}" for c in "ABCDEFGHIJKL"] + ["Legal"],  # Legal: a handful of people
    "role": ["individual contributor", "team lead", "manager"],
    "location": ["Leeds", "Lyon", "Lisbon", "Leipzig"],
    "tenure": ["<1 year", "1-3 years", "3-5 years", "5+ years"],
}
COMMENTS = ["More time to talk with other teams", "Good team, too many meetings",
            "Decisions come too late", "I feel listened to"]  # fmt: skip
FIRST = ["Alex", "Sam", "Priya", "Tomasz", "Aisha", "Liam", "Mei", "Olga", "Ravi", "Sofia"]
LAST = ["Archer", "Bennett", "Gupta", "Hughes", "Jansen", "Moreno", "Novak", "Osei", "Patel"]
WAVES = ("2025-11", "2026-05")
SETTINGS = '["relationship_culture", "westrum", "psych_safety", "enps", "service_climate"]'


def _item_specs(root: Path) -> list[dict]:
    """The 40 items in survey order: id, text, scale, label set, reverse, dimension, stem."""
    from workbench.culture import instruments

    chosen = instruments.load_instruments(
        [name for name, _ in BLOCKS], extra_dir=root / "inputs" / "instruments"
    )
    specs = []
    for q, (name, stem) in enumerate(BLOCKS, start=1):
        ins = chosen[name]
        for k, item in enumerate(ins.items, start=1):
            code = f"Q{q}" if len(ins.items) == 1 else f"Q{q}_{k}"
            specs.append({
                "id": item.id, "code": code, "import": code.replace("Q", "QID", 1),
                "text": f"{stem} - {item.text}" if stem else item.text,
                "low": int(ins.scale_min), "high": int(ins.scale_max), "labels": ins.labels,
                "reverse": bool(item.reverse), "dimension": item.dimension, "kind": ins.kind,
            })  # fmt: skip
    return specs


def answers(specs: list[dict], n: int, seed: int, wave: int) -> pd.DataFrame:
    """Seeded answers as numbers (NaN = skipped), with demographics and comments.

    A latent climate factor per respondent (with team effects) drives every dimension; the
    second wave is better on psychological safety and communication, worse for Team C.
    """
    rng = np.random.default_rng(seed + wave)
    team_share = np.r_[np.full(12, 0.99 / 12), 0.01]
    people = {"team": rng.choice(DEMOGRAPHICS["team"], n, p=team_share / team_share.sum())}
    for name in ("role", "location", "tenure"):
        people[name] = rng.choice(DEMOGRAPHICS[name], n)
    frame = pd.DataFrame(people)
    climate = rng.normal(0, 1, n) - 0.6 * wave * (frame["team"] == "Team C").to_numpy()
    columns = {}
    for dim in dict.fromkeys(s["dimension"] for s in specs):
        shift = 0.4 * wave if dim in ("psych_safety", "communication", "safety") else 0.0
        factor = 0.7 * climate + 0.7 * rng.normal(0, 1, n) + shift
        for spec in (s for s in specs if s["dimension"] == dim):
            low, high = spec["low"], spec["high"]
            sign = -1 if spec["reverse"] else 1
            raw = (low + high) / 2 + 0.2 * (high - low) * (sign * factor + rng.normal(0, 0.8, n))
            value = np.clip(np.rint(raw), low, high)
            columns[spec["id"]] = np.where(rng.random(n) < 0.02, np.nan, value)
    frame = pd.concat([frame, pd.DataFrame(columns)], axis=1)
    says = rng.random(n) < 0.15
    frame["comments"] = np.where(says, rng.choice(COMMENTS, n), "")
    return frame


def _ids(rng: np.random.Generator, n: int) -> np.ndarray:
    """Qualtrics response ids: R_ and 15 random letters and digits."""
    letters = np.array(list("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"))
    return np.char.add("R_", np.ascontiguousarray(rng.choice(letters, (n, 15))).view("<U15")[:, 0])


def _import(value: str, zone: bool = False) -> str:
    cell = {"ImportId": value, **({"timeZone": "Europe/London"} if zone else {})}
    return json.dumps(cell, separators=(",", ":"))


def qualtrics_export(path: Path, specs: list[dict], frame: pd.DataFrame, seed: int) -> Path:
    """Write ``frame``'s answers as a Qualtrics CSV export (UTF-8 with a byte-order mark)."""
    n, rng = len(frame), np.random.default_rng(seed + 100)
    start = pd.Timestamp("2026-05-04 08:00") + pd.to_timedelta(rng.integers(0, 10**6, n), "s")
    took = rng.integers(240, 1500, n)
    stamp = "%Y-%m-%d %H:%M:%S"
    first, last = rng.choice(FIRST, n), rng.choice(LAST, n)
    number = pd.Series(np.arange(n)).astype(str)
    end, recorded = start + pd.to_timedelta(took, "s"), start + pd.to_timedelta(took + 2, "s")
    ips = ("192.0.2." + pd.Series(rng.integers(1, 255, n)).astype(str)).to_numpy()
    mails = ("person" + number + "@example.com").to_numpy()
    lat, lon = (np.char.mod("%.4f", rng.normal(mid, 0.1, n)) for mid in (53.8, -1.5))
    meta = [
        ("StartDate", "Start Date", "startDate", start.strftime(stamp)),
        ("EndDate", "End Date", "endDate", end.strftime(stamp)),
        ("Status", "Response Type", "status", "IP Address"),
        ("IPAddress", "IP Address", "ipAddress", ips),
        ("Progress", "Progress", "progress", "100"),
        ("Duration (in seconds)", "Duration (in seconds)", "duration", took.astype(str)),
        ("Finished", "Finished", "finished", "True"),
        ("RecordedDate", "Recorded Date", "recordedDate", recorded.strftime(stamp)),
        ("ResponseId", "Response ID", "_recordId", _ids(rng, n)),
        ("RecipientLastName", "Recipient Last Name", "recipientLastName", last),
        ("RecipientFirstName", "Recipient First Name", "recipientFirstName", first),
        ("RecipientEmail", "Recipient Email", "recipientEmail", mails),
        ("ExternalReference", "External Data Reference", "externalDataReference",
         ("EMP" + number).to_numpy()),
        ("LocationLatitude", "Location Latitude", "locationLatitude", lat),
        ("LocationLongitude", "Location Longitude", "locationLongitude", lon),
        ("DistributionChannel", "Distribution Channel", "distributionChannel", "email"),
        ("UserLanguage", "User Language", "userLanguage", "EN-GB"),
    ]  # fmt: skip
    columns = [(c, t, _import(i, "Date" in c), v) for c, t, i, v in meta]
    for spec in specs:
        texts = np.array([*CHOICES[spec["labels"]], ""], dtype=object)
        codes = frame[spec["id"]].to_numpy()
        at = np.where(np.isnan(codes), len(texts) - 1, np.nan_to_num(codes) - spec["low"])
        columns.append((spec["code"], spec["text"], _import(spec["import"]), texts[at.astype(int)]))
    q = len(BLOCKS) + 1
    columns.append((f"Q{q}", "Comments", _import(f"QID{q}_TEXT"), frame["comments"].to_numpy()))
    columns += [(d, d, _import(d), frame[d].to_numpy()) for d in DEMOGRAPHICS]  # embedded data
    header = io.StringIO()
    writer = csv.writer(header, lineterminator="\r\n")
    for row in range(3):
        writer.writerow([c[row] for c in columns])
    body = pd.DataFrame({str(i): c[3] for i, c in enumerate(columns)}, index=range(n))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        handle.write(header.getvalue())
        body.to_csv(handle, header=False, index=False, lineterminator="\r\n")
    return path


def make_engagement(root: Path, n: int, seed: int = 7) -> Path:
    """A copy of the demo engagement whose two survey waves are large Qualtrics exports."""
    from workbench.commands import cli

    cli.main(["new", str(root), "--client", "Benchmark Ltd", "--demo"])
    toml = root / "engagement.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("instruments = [")
    text = text[:start] + f"instruments = {SETTINGS}" + text[text.index("]", start) + 1 :]
    toml.write_text(text, encoding="utf-8")
    (root / "inputs" / "instruments").mkdir(parents=True)
    (root / "inputs" / "instruments" / "service_climate.toml").write_text(CUSTOM, "utf-8")
    specs = _item_specs(root)
    for number, wave in enumerate(WAVES):
        path = root / "inputs" / "surveys" / wave / "survey.csv"
        path.unlink()
        qualtrics_export(path, specs, answers(specs, n, seed, number), seed + number)
    return root


class PeakWatcher:
    """The largest VmHWM (peak resident memory) of this process's descendants, from /proc."""

    def __init__(self, every: float = 0.1):
        self.every, self.peaks = every, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()

    def _children(self, pid: int) -> list[int]:
        found = []
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(OSError):  # the task ended meanwhile
                found += [int(c) for c in (task / "children").read_text().split()]
        return found

    def _watch(self) -> None:
        while not self._stop.wait(self.every):
            todo = self._children(os.getpid())
            while todo:
                pid = todo.pop()
                todo += self._children(pid)
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        kb = int(line.split()[1])
                        key = (pid, command.decode(errors="replace")[:200])
                        self.peaks[key] = max(self.peaks.get(key, 0), kb)

    def kernel_mb(self) -> float:
        """Peak of the notebook kernel (ipykernel_launcher), 0 if none was seen."""
        kernels = [kb for (_, cmd), kb in self.peaks.items() if "ipykernel" in cmd]
        return max(kernels, default=0) / 1024


def _timed(what, *args, **kwargs):
    """((CPU seconds, wall seconds), result) of ``what(*args, **kwargs)``."""
    start, wall = time.process_time(), time.perf_counter()
    result = what(*args, **kwargs)
    return (time.process_time() - start, time.perf_counter() - wall), result


def measure(root: Path, step: str) -> dict[str, object]:
    """One step's figures, in the code on sys.path (a fresh process per step)."""
    from workbench.core.engagement import Engagement
    from workbench.culture import anonymity, instruments, scoring
    from workbench.culture import workshop as culture_workshop

    figures: dict[str, object] = {}
    if step == "analysis":
        eng = Engagement.load(root)
        figures["read + validate"], (chosen, parsed, _) = _timed(culture_workshop.load_waves, eng)
        table = instruments.item_table(chosen)
        latest = parsed[WAVES[-1]]
        k = eng.privacy["min_group_size"]

        def score():
            scoring.summarise(latest.items, table)
            for demographic in eng.culture["demographics"]:
                groups = anonymity.segment_labels(latest.demographics[demographic])
                anonymity.heatmap(scoring.summarise(latest.items, table, by=groups), k)
            return scoring.respondent_scores(latest.items, table)

        figures["scoring core"], _ = _timed(score)
        del chosen, parsed, latest
        figures["analyse"], analysis = _timed(culture_workshop.analyse, root)
        figures["drivers"] = len(analysis.drivers)
        figures["changes"] = len(analysis.changes)
        figures["peak MB (analysis process)"] = _peak_self()
        return figures
    from workbench.commands.run import run

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with PeakWatcher() as watcher:
        figures["workbench run"], folder = _timed(
            run, root, templates=("culture_analysis.ipynb",), progress=False
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the kernel, once it has ended
    kernel_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    figures["  kernel CPU s"] = round(kernel_cpu, 2)
    figures["peak MB (run process)"] = _peak_self()
    figures["peak MB (kernel)"] = round(watcher.kernel_mb())
    page = Path(folder) / "culture_analysis.html"
    figures["culture page MB"] = round(page.stat().st_size / 1e6, 2)
    return figures


def _peak_self() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _child(root: Path, step: str, pythonpath: str | None) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    command = [sys.executable, __file__, "--measure", str(root), step]
    out = subprocess.run(command, env=env, capture_output=True, text=True)
    if out.returncode:
        return {"error": (out.stderr.strip().splitlines() or ["?"])[-1][:200]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _print_table(runs: dict[str, dict]) -> None:
    keys = list(dict.fromkeys(k for figures in runs.values() for k in figures))
    print(f"{'CPU s (wall s)':28}" + "".join(f"{name:>18}" for name in runs))
    for key in keys:
        cells = [runs[name].get(key, "-") for name in runs]
        text = [f"{c[0]:.2f} ({c[1]:.2f})" if isinstance(c, list) else str(c) for c in cells]
        print(f"{key:28}" + "".join(f"{t:>18}" for t in text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--baseline", help="folder holding an older workbench package")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)  # child: ROOT STEP
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), args.measure[1])))
        return 0
    with tempfile.TemporaryDirectory(prefix="big-culture-") as tmp:
        started = time.perf_counter()
        root = make_engagement(Path(tmp) / "bench", args.respondents)
        size = sum((root / "inputs" / "surveys" / w / "survey.csv").stat().st_size for w in WAVES)
        print(
            f"two Qualtrics waves of {args.respondents:,} respondents x 40 items "
            f"({size / 1e6:.0f} MB) written in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        sources = {"now": None}
        if args.baseline:
            sources = {"baseline": str(Path(args.baseline).resolve()), **sources}
        runs = {}
        for name, pythonpath in sources.items():
            runs[name] = _child(root, "analysis", pythonpath)
            runs[name] |= _child(root, "run", pythonpath)
    print(f"2-core machine, shared with other work; {os.cpu_count()} CPUs seen")
    _print_table(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
