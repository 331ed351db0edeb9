"""The house in order: module sizes and the test suite's wall time, beside a baseline revision.

Prints, for the working tree and for a baseline revision of the same repository (default
``fe889ca``, the last commit of the flat package):

- the number of modules, the largest one, and how many are over 400 lines (always);
- with ``--suite``, the wall time of the test command's pytest run on each (the baseline in a
  temporary git worktree, imported ahead of the installed package through PYTHONPATH, with
  the same virtualenv and Chromium). Both runs happen one after the other in this process,
  so they see the same machine.

Run: ``.venv/bin/python benchmarks/house.py [--baseline REV] [--suite]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "fe889ca"
LIMIT = 400


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def module_lines(rev: str | None) -> dict[str, int]:
    """Lines per module of the package, in the working tree (``None``) or at ``rev``."""
    if rev is None:
        return {
            str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
            for p in (ROOT / "workbench").rglob("*.py")
        }
    names = [n for n in _git("ls-tree", "-r", "--name-only", rev, "workbench").split() if n]
    return {n: len(_git("show", f"{rev}:{n}").splitlines()) for n in names if n.endswith(".py")}


def describe(sizes: dict[str, int]) -> tuple[int, str, int]:
    largest = max(sizes, key=sizes.get)
    return len(sizes), f"{largest} ({sizes[largest]} lines)", sum(v > LIMIT for v in sizes.values())


def suite_seconds(tree: Path) -> tuple[float, int, str]:
    """Wall time, exit code and pytest summary of the test run on the checkout at ``tree``."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    command = [
        str(ROOT / ".venv" / "bin" / "python"), "-m", "pytest", "tests", "notebooks", "-q",
        "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
        "-p", "no:cacheprovider",
    ]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    summary = next(
        (ln.strip("= ") for ln in reversed(done.stdout.splitlines()) if " in " in ln), ""
    )
    return seconds, done.returncode, summary.split(" in ")[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help="revision to compare with")
    parser.add_argument("--suite", action="store_true", help="also time both test suites")
    args = parser.parse_args(argv)

    rows = [("", "baseline " + args.baseline, "now")]
    before, after = describe(module_lines(args.baseline)), describe(module_lines(None))
    rows += [
        ("modules", str(before[0]), str(after[0])),
        ("largest module", before[1], after[1]),
        (f"modules over {LIMIT} lines", str(before[2]), str(after[2])),
    ]
    if args.suite:
        with tempfile.TemporaryDirectory() as tmp:
            worktree = Path(tmp) / "baseline"
            _git("worktree", "add", "--detach", str(worktree), args.baseline)
            try:
                old_s, old_rc, old_tests = suite_seconds(worktree)
            finally:
                _git("worktree", "remove", "--force", str(worktree))
        new_s, new_rc, new_tests = suite_seconds(ROOT)
        rows.append(
            ("pytest wall time", f"{old_s:.0f} s (exit {old_rc})", f"{new_s:.0f} s (exit {new_rc})")
        )
        rows.append(("tests", old_tests, new_tests))
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, width, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
