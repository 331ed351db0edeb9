"""`workbench check` and the in-process analyses of `workbench run` on a big register.

Writes a seeded register of 25,000 stakeholders with 50,000 relationships and 25,000
ratings (75,000 ties and ratings) as CSV into a temporary engagement, then times:

- ``check()``: everything `workbench check` does;
- the in-process analyses of ``run()``: stakeholder map, culture, design (what ``run``
  does before it executes the notebooks);
- ``check()`` on a 50 MB register (an oversized stakeholders.csv): it must answer in
  seconds, refused early with its size and the limit.

With ``--baseline DIR`` (a checkout of an older commit, e.g. made with
``git archive e23d846 | tar -x -C /tmp/wb-base``) the same measurements run again in a
child process with ``PYTHONPATH=DIR`` and both are printed side by side.

Figures are CPU seconds (wall seconds in brackets): on a shared machine the wall time
mostly measures the other processes. The 5,000-stakeholder figures of issue 14 (check,
analysis, run, the graph engine against networkx) are printed by
``benchmarks/large_engagement.py``.

Run: ``.venv/bin/python benchmarks/big_register.py [--stakeholders 25000] [--baseline DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

if not os.environ.get("PYTHONPATH"):  # with PYTHONPATH, measure the code it points at
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KINDS = ["works with", "reports to", "informs", "influences", "supplies", "partners with"]
STAKEHOLDER_KINDS = ["customer", "partner", "supplier", "executive", "manager", "regulator"]
CADENCES = ["weekly", "monthly", "quarterly", "annually", "ad hoc"]
SYLLABLES = [
    "an", "bel", "cor", "dan", "el", "fin", "gar", "hol", "is", "jun", "kal", "lor", "mi",
    "nor", "ov", "pet", "quin", "ros", "sal", "tor", "ul", "ven", "wil", "xa", "yor", "zed",
]  # fmt: skip
TOML = """[engagement]
client = "Benchmark client"
[inputs]
format = "csv"
"""


def _names(rng: np.random.Generator, count: int) -> list[str]:
    """Distinct made-up names (two words of 2-4 syllables), so few look like duplicates."""
    seen: set[str] = set()
    while len(seen) < count:
        words = ["".join(rng.choice(SYLLABLES, rng.integers(2, 5))).capitalize() for _ in range(2)]
        seen.add(" ".join(words))
    return sorted(seen)[:count]


def write_register(inputs: Path, stakeholders: int, ties: int, ratings: int, seed: int) -> None:
    """stakeholders.csv, relationships.csv and ratings.csv, seeded, in ``inputs``."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"S{i:05d}" for i in range(stakeholders)])
    groups = rng.integers(0, 20, stakeholders)

    def scores(low: int, high: int, count: int) -> np.ndarray:
        return rng.integers(low, high + 1, count)

    def flags(count: int) -> np.ndarray:
        return rng.choice(["true", "false"], count)

    pd.DataFrame(
        {
            "id": ids,
            "name": rng.permutation(_names(rng, stakeholders)),
            "group": [f"Group {g + 1:02d}" for g in groups],
            "kind": rng.choice(STAKEHOLDER_KINDS, stakeholders),
            "internal": flags(stakeholders),
            "influence": scores(1, 5, stakeholders),
            "interest": scores(1, 5, stakeholders),
            "attitude": scores(-2, 2, stakeholders),
            "power": flags(stakeholders),
            "legitimacy": flags(stakeholders),
            "urgency": flags(stakeholders),
            "owner": "",
            "cadence": rng.choice(CADENCES, stakeholders),
        }
    ).to_csv(inputs / "stakeholders.csv", index=False)
    source = rng.integers(0, stakeholders, ties * 2)
    target = rng.integers(0, stakeholders, ties * 2)
    pairs = pd.DataFrame({"a": np.minimum(source, target), "b": np.maximum(source, target)})
    pairs = pairs[pairs["a"] != pairs["b"]].drop_duplicates().head(ties)
    pd.DataFrame(
        {
            "source": ids[pairs["a"]],
            "target": ids[pairs["b"]],
            "kind": rng.choice(KINDS, len(pairs)),
            "strength": scores(1, 5, len(pairs)),
            "sentiment": scores(-2, 2, len(pairs)),
        }
    ).to_csv(inputs / "relationships.csv", index=False)
    raters = np.array(["Consultant A", "Relationship manager", "Account lead"])
    rated = pd.DataFrame(
        {
            "rater": rng.choice(raters, ratings),
            "stakeholder": ids[rng.integers(0, stakeholders, ratings)],
        }
    ).drop_duplicates()
    rated["influence"] = scores(1, 5, len(rated))
    rated["interest"] = scores(1, 5, len(rated))
    rated["attitude"] = scores(-2, 2, len(rated))
    rated.to_csv(inputs / "ratings.csv", index=False)


def make_engagement(root: Path, stakeholders: int, ties: int, ratings: int) -> Path:
    (root / "inputs").mkdir(parents=True)
    (root / "workshop").mkdir()
    (root / "engagement.toml").write_text(TOML, encoding="utf-8")
    write_register(root / "inputs", stakeholders, ties, ratings, seed=42)
    return root


def make_huge(root: Path, big: Path, megabytes: int) -> Path:
    """A copy of ``big`` whose stakeholders.csv is repeated up to ``megabytes`` MB."""
    make_engagement(root, 10, 10, 0)
    text = (big / "inputs" / "stakeholders.csv").read_text(encoding="utf-8")
    header, body = text.split("\n", 1)
    copies = max(1, -(-megabytes * 1_000_000 // len(body.encode())))  # rounded up
    (root / "inputs" / "stakeholders.csv").write_text(header + "\n" + body * copies, "utf-8")
    return root


def _timed(what, *args):
    """(CPU seconds, wall seconds), and what ``what`` returned or the error it raised.

    CPU time is the figure to compare: on a shared machine the wall time mostly measures
    the other processes.
    """
    start, wall = time.process_time(), time.perf_counter()
    try:
        result = what(*args)
    except Exception as exc:  # the baseline may fail where the new code answers
        result = f"{type(exc).__name__}: {str(exc)[:200]}"
    return (time.process_time() - start, time.perf_counter() - wall), result


def _within(seconds: int, what):
    """``what``, stopped with TimeoutError after ``seconds`` (the old code may hang)."""

    def stop(*_):
        raise TimeoutError(f"no answer within {seconds} s")

    def bounded(*args):
        signal.signal(signal.SIGALRM, stop)
        signal.alarm(seconds)
        try:
            return what(*args)
        finally:
            signal.alarm(0)

    return bounded


def measure(big: Path, huge: Path, give_up: int = 300) -> dict[str, object]:
    """Seconds for each step, with what `check` said, in the code on sys.path."""
    from workbench.commands.check import check
    from workbench.culture import workshop as culture_workshop
    from workbench.design import workshop as design_workshop
    from workbench.stakeholders import register
    from workbench.stakeholders import workshop as stakeholder_workshop

    figures: dict[str, object] = {"workbench": str(Path(sys.modules["workbench"].__file__).parent)}
    seconds, report = _timed(check, big)
    figures["check"] = seconds
    figures["check says"] = report if isinstance(report, str) else f"{report.errors} error(s)"

    def run_analyses():
        workshop = stakeholder_workshop.analyse(big)
        culture = culture_workshop.analyse(big)
        return design_workshop.analyse(big, stakeholder_map=workshop, culture=culture)

    figures["run analyses"], _ = _timed(run_analyses)
    # The part of both that reads and validates the register (the rest is mostly the
    # network analysis).
    figures["read + validate"], _ = _timed(register.load_tables, big / "inputs")
    seconds, report = _timed(_within(give_up, check), huge)
    figures["check 50 MB"] = seconds
    if not isinstance(report, str):
        report = "; ".join(str(p) for p in report.problems if p.severity == "error")[:200]
    figures["check 50 MB says"] = report
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stakeholders", type=int, default=25_000)
    parser.add_argument("--ties", type=int, default=50_000)
    parser.add_argument("--ratings", type=int, default=25_000)
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--baseline", help="folder holding an older workbench package")
    parser.add_argument("--give-up", type=int, default=300, help="seconds for the 50 MB check")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)  # child: BIG HUGE
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), Path(args.measure[1]), args.give_up)))
        return 0
    with tempfile.TemporaryDirectory(prefix="big-register-") as tmp:
        big = make_engagement(Path(tmp) / "big", args.stakeholders, args.ties, args.ratings)
        huge = make_huge(Path(tmp) / "huge", big, args.megabytes)
        print(
            f"register: {args.stakeholders:,} stakeholders, {args.ties:,} ties, "
            f"{args.ratings:,} ratings; huge stakeholders.csv: "
            f"{(huge / 'inputs' / 'stakeholders.csv').stat().st_size / 1e6:.0f} MB",
            flush=True,
        )
        runs = {"now": measure(big, huge, args.give_up)}
        if args.baseline:
            env = {**os.environ, "PYTHONPATH": str(Path(args.baseline).resolve())}
            child = [sys.executable, __file__, "--measure", str(big), str(huge)]
            child += ["--give-up", str(args.give_up)]
            out = subprocess.run(child, env=env, capture_output=True, text=True, check=True)
            runs = {"baseline": json.loads(out.stdout.strip().splitlines()[-1]), **runs}
    keys = [k for k in runs["now"] if k != "workbench"]
    print(f"{'CPU (wall) time':18}" + "".join(f"{name:>15}" for name in runs))
    for key in keys:
        cells = [runs[name][key] for name in runs]
        if all(isinstance(c, list | tuple) for c in cells):  # (CPU, wall) seconds
            print(f"{key:18}" + "".join(f"{c[0]:8.1f}s ({c[1]:.0f}s)" for c in cells))
        else:
            for name, cell in zip(runs, cells, strict=True):
                print(f"{key} ({name}): {cell}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
