"""How the workbench meets bad input: a corpus of spoiled engagements, each checked (and some run).

Every case of :mod:`bad_input_cases` is a fresh engagement (``workbench new PATH --demo``, the
demo with its register as XLSX, or a blank one) spoiled in one way. For each case
``workbench check PATH`` runs as a subprocess; ``workbench run PATH`` runs only for the cases
about running (folders, links, faults: about ten real runs of 60-90 s each). Recorded per case:
the exit code; whether the output holds a Python traceback; whether the message is clear (names
the file and, where the case has one, the row, column or field, and says "Fix:"); whether
anything in ``inputs/``, ``workshop/`` or ``engagement.toml`` changed; whether a failed run still
published a run folder. A table per kind, the totals and every unclear case follow.

Run: ``.venv/bin/python benchmarks/bad_inputs.py [--quick] [--only TEXT] [--keep]``
(``--quick`` runs no ``workbench run``; the cases about running are then skipped). No network.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bad_input_cases import ACCEPT, EITHER, REFUSE, WARN, Case, all_cases, edit, surveys  # noqa: E402
from bad_input_cases.folders import PRIVATE_MARKER, ROOT  # noqa: E402
from bad_input_cases.runner import (  # noqa: E402
    Result,
    command,
    faulty_run,
    fingerprint,
    published,
    walk,
)

REPO = Path(__file__).resolve().parents[1]
WORKBENCH = REPO / ".venv" / "bin" / "workbench"
RUN_TIMEOUT = 900.0
TRACEBACK = "Traceback (most recent call last)"


def make_engagement(case: Case, root: Path) -> None:
    """A fresh engagement for ``case`` at ``root``, spoiled as the case says."""
    from workbench.commands.cli import main as cli

    argv = ["new", str(root), "--client", "Northwind Logistics"]
    argv += ["--format", "csv"] if case.base == "blank" else ["--demo"]
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli(argv) == 0, f"workbench new failed for {case.name}"
    if case.base == "xlsx":
        edit.to_xlsx(root)
    case.spoil(root)


# --- reading the answers ---------------------------------------------------------------------


def blocks(text: str) -> list[tuple[str, str]]:
    """(severity, text) of each problem or error message in a command's output."""
    found: list[list[str]] = []
    severity = "error"
    for line in text.splitlines():
        if re.match(r"^\d+ (error|warning)\(s\):", line):
            severity = "warning" if "warning" in line else "error"
            found.append(["header", line])
        elif re.match(r"^(OK|FAILED): ", line) or line.startswith("Run finished"):
            found.append(["summary", line])
        elif line.startswith("  - ") or line.startswith("error: "):
            found.append([severity, line.removeprefix("  - ").removeprefix("error: ")])
        elif found and found[-1][0] not in ("header", "summary"):
            found[-1][1] += "\n" + line
        else:
            found.append(["other", line])
    return [(s, t) for s, t in found if s in ("error", "warning", "other")]


def _hint_in(hint: str, text: str) -> bool:
    low = text.lower()
    for alternative in hint.split("|"):
        alt = alternative.lower()
        if alt and (alt in low or Path(alt).name in low):
            return True
    return False


def names_it(case: Case, root: Path, text: str) -> bool:
    """Whether ``text`` names the case's file and all its where-words, and gives a fix."""
    file = case.file.replace(ROOT, str(root))
    return (
        "Fix:" in text
        and (not file or _hint_in(file, text))
        and all(_hint_in(h, text) for h in case.where)
    )


def first_line(text: str, root: Path, work: Path) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "(no output)")
    line = line.replace(str(root), "<engagement>").replace(str(work), "<tmp>")
    return line[:160] + (" ..." if len(line) > 160 else "")


def judge_check(case: Case, root: Path, result: Result) -> tuple[str, str]:
    """(outcome, the message's first text) of ``workbench check`` for ``case``.

    Outcomes: ``clear`` (refused or warned, naming what the case needs, with a fix),
    ``read`` (check passed where the file may be read), ``unclear`` and ``traceback``.
    """
    if result.timed_out:
        return "unclear", f"no answer within {case.timeout:.0f} s"
    if TRACEBACK in result.output:
        lines = [ln for ln in result.output.splitlines() if ln.strip()]
        return "traceback", lines[-1] if lines else TRACEBACK
    found = blocks(result.output)
    errors = [t for s, t in found if s == "error"]
    named = [(s, t) for s, t in found if s in ("error", "warning") and names_it(case, root, t)]
    passed = result.code == 0
    if case.expect == ACCEPT:
        return ("read", "") if passed else ("unclear", "refused: " + (errors or ["?"])[0])
    if case.expect == EITHER and passed:
        return "read", ""
    if case.expect in (REFUSE, EITHER) and not passed and any(s == "error" for s, _ in named):
        return "clear", ""
    if case.expect == WARN and named:
        return "clear", ""
    file = case.file.replace(ROOT, str(root))
    about = [t for s, t in found if s in ("error", "warning") and file and _hint_in(file, t)]
    shown = (about or errors or [t for s, t in found if s == "warning"] or [result.output])[0]
    if passed and not about:
        summary = next((ln for ln in result.output.splitlines() if ln.startswith("OK:")), "OK")
        return "unclear", "check passed without a word: " + summary
    return "unclear", shown


def judge_run(case: Case, root: Path, check: tuple[str, str], run: Result, leak: bool):
    """(outcome, first text) of a case about running, from its check and its run."""
    if TRACEBACK in run.output:
        lines = [ln for ln in run.output.splitlines() if ln.strip()]
        return "traceback", "run: " + (lines[-1] if lines else TRACEBACK)
    if run.timed_out:
        return "unclear", "run: no answer in time"
    if leak:
        return "unclear", "run published a file from outside the engagement"
    if run.code != 0:
        said = [t for s, t in blocks(run.output) if s in ("error", "other") and "Fix:" in t]
        if any(names_it(case, root, t) for t in said):
            return "clear", ""
        return "unclear", "run: " + (said or [run.output or "(no output)"])[0]
    if check[0] == "clear" or case.expect in (ACCEPT, EITHER):
        return "clear" if check[0] == "clear" else "read", ""
    return "unclear", "run succeeded, check said nothing: " + (check[1] or "")


# --- one case --------------------------------------------------------------------------------


def try_case(case: Case, root: Path, work: Path, quick: bool) -> dict:
    make_engagement(case, root)
    if case.as_nobody:
        _open_for_nobody(work, root)
    before = fingerprint(root)
    runs_before = published(root)
    check = command(WORKBENCH, "check", root, work, case.timeout, case.as_nobody)
    verdict = judge_check(case, root, check)
    row = {"case": case, "check": check, "outcome": verdict[0], "line": verdict[1],
           "published_after_failure": False, "note": ""}  # fmt: skip
    if case.run and not quick:
        if case.fault:
            outcome, line, bad_publish, note = faulty_run(WORKBENCH, case.fault, root, work)
            row.update(outcome=outcome if verdict[0] != "traceback" else "traceback", note=note)
            row.update(line=line or verdict[1], published_after_failure=bad_publish)
        else:
            run = command(WORKBENCH, "run", root, work, RUN_TIMEOUT, case.as_nobody)
            new = published(root) - runs_before
            leak = any(_holds(root / "outputs" / n, PRIVATE_MARKER) for n in new)
            row["published_after_failure"] = run.code != 0 and bool(new)
            row["run"] = run
            if verdict[0] != "traceback":
                row["outcome"], row["line"] = judge_run(case, root, verdict, run, leak)
    log = [f"# {case.kind} / {case.name}", "$ workbench check", check.output]
    if "run" in row:
        log += ["$ workbench run", row["run"].output]
    (work / f"{root.name}.log").write_text("\n".join(log), encoding="utf-8")
    row["line"] = first_line(row["line"], root, work) if row["line"] else ""
    row["changed"] = fingerprint(root) != before
    return row


def _holds(folder: Path, marker: str) -> bool:
    for path in walk(folder):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink() and marker.encode() in path.read_bytes():
                return True
    return False


def _open_for_nobody(work: Path, root: Path) -> None:
    """Let user 'nobody' read (not write) the engagement: its parents must be traversable."""
    for folder in (work, *root.parents):
        if folder == Path(tempfile.gettempdir()) or folder == folder.parent:
            break
        folder.chmod(0o755)
    (work / "home").mkdir(exist_ok=True)
    (work / "home").chmod(0o777)


# --- the report ------------------------------------------------------------------------------

COLUMNS = ("cases", "clear", "read fine", "unclear", "tracebacks", "inputs changed",
           "published after failure")  # fmt: skip


def tally(rows: list[dict]) -> list[int]:
    return [
        len(rows),
        sum(r["outcome"] == "clear" for r in rows),
        sum(r["outcome"] == "read" for r in rows),
        sum(r["outcome"] == "unclear" for r in rows),
        sum(r["outcome"] == "traceback" for r in rows),
        sum(r["changed"] for r in rows),
        sum(r["published_after_failure"] for r in rows),
    ]


def print_report(rows: list[dict], skipped: list[Case], seconds: float) -> None:
    kinds = list(dict.fromkeys(r["case"].kind for r in rows))
    width = max(len(k) for k in [*kinds, "total"])
    print(f"\n{'kind':<{width}}  " + "  ".join(COLUMNS))
    for kind in [*kinds, "total"]:
        chosen = rows if kind == "total" else [r for r in rows if r["case"].kind == kind]
        cells = [f"{n:>{len(c)}}" for n, c in zip(tally(chosen), COLUMNS, strict=True)]
        if kind == "total":
            print("-" * (width + 2 + sum(len(c) + 2 for c in COLUMNS)))
        print(f"{kind:<{width}}  " + "  ".join(cells))
    total = tally(rows)
    print(
        f"\nTotals: {total[0]} cases, {total[1]} clear errors, {total[2]} read fine, "
        f"{total[3]} unclear, {total[4]} tracebacks (goal 0), {total[5]} inputs changed "
        f"(goal 0), {total[6]} runs published after failure (goal 0)."
    )
    runs = sum(1 for r in rows if r["case"].run)
    print(f"Real runs tried: {runs} case(s); {len(skipped)} case(s) about running skipped.")
    print(f"Time: {seconds:.0f} s.")
    failing = [r for r in rows if r["outcome"] in ("unclear", "traceback") or r["changed"]
               or r["published_after_failure"]]  # fmt: skip
    if failing:
        print("\nCases that still fail:")
    for r in failing:
        flags = [r["outcome"]] + ["inputs changed"] * r["changed"]
        flags += ["published after failure"] * r["published_after_failure"]
        rc = r["check"].code
        print(f"  [{', '.join(flags)}] {r['case'].kind} / {r['case'].name} (check exit {rc})")
        if r["line"]:
            print(f"      {r['line']}")
        if r["note"]:
            print(f"      note: {r['note']}")


def controls(work: Path) -> list[str]:
    """Unspoiled starting points that must pass `check`, or their cases mean nothing."""
    nothing = edit.both()
    bases = [Case("control", b, nothing, base=b, expect=ACCEPT) for b in ("demo", "xlsx", "blank")]
    failed = []
    for n, case in enumerate([*bases, *surveys.CONTROLS]):
        root = work / f"control-{n:02d}"
        make_engagement(case, root)
        result = command(WORKBENCH, "check", root, work, 240.0, False)
        if result.code != 0 or TRACEBACK in result.output:
            failed.append(f"{case.name}: {first_line(result.output, root, work)}")
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="no `workbench run` at all")
    parser.add_argument("--only", default="", help="only the cases whose kind/name holds this")
    parser.add_argument("--keep", action="store_true", help="keep the engagements for a look")
    args = parser.parse_args(argv)
    # A shell that starts this in the background ignores SIGINT, and children inherit that:
    # restore it, so the Ctrl-C case reaches the run as a terminal's Ctrl-C would.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if not WORKBENCH.exists():
        print(f"{WORKBENCH} is missing. Fix: `make install` first.")
        return 1
    cases = [c for c in all_cases() if args.only.lower() in f"{c.kind}/{c.name}".lower()]
    skipped = [c for c in cases if c.run and args.quick]
    cases = [c for c in cases if c not in skipped]
    work = Path(tempfile.mkdtemp(prefix="bad-inputs-"))
    start = time.perf_counter()
    try:
        broken = controls(work)
        for line in broken:
            print(f"WARNING: an unspoiled control fails `check`, its cases mean little: {line}")
        rows, broken_cases = [], []
        for n, case in enumerate(cases, 1):
            try:
                row = try_case(case, work / f"case-{n:03d}", work, args.quick)
            except Exception as exc:  # a case that cannot be built is the corpus's bug
                broken_cases.append(f"{case.kind} / {case.name}: {exc!r}")
                print(f"{n:3d}/{len(cases)} NOT BUILT {case.kind} / {case.name}: {exc!r}")
                continue
            rows.append(row)
            print(f"{n:3d}/{len(cases)} {row['outcome']:<9} {case.kind} / {case.name}", flush=True)
        print_report(rows, skipped, time.perf_counter() - start)
        for line in broken_cases:
            print(f"NOT BUILT (a bug of the corpus, not counted): {line}")
    finally:
        if args.keep:
            print(f"\nThe engagements, and each case's output (case-NNN.log), are in {work}")
        else:
            _remove_tree(work)
    return 0


def _remove_tree(folder: Path) -> None:
    """Delete the benchmark's folder, unlocking chmod-000 files and read-only folders first."""
    for path in walk(folder):
        with contextlib.suppress(OSError):
            if not path.is_symlink():
                path.chmod(0o700)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
