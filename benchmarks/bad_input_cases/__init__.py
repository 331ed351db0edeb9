"""The bad-input corpus of ``benchmarks/bad_inputs.py``: one :class:`Case` per way to spoil a file.

Each case starts from a fresh engagement (a copy of the demo, the demo with its register as
``register.xlsx``, or a blank engagement), spoils it in one way, and says what a good answer
looks like: which file the message must name, which row, column or field words it must hold,
and whether ``workbench check`` should refuse it, warn about it, or may accept it.

The corpus is written for this benchmark; no case is taken from elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# What `workbench check` should do with the case.
REFUSE = "refuse"  # an error naming the file (and row/column/field) with a fix
WARN = "warn"  # an error or a warning naming the file (and row/column/field) with a fix
EITHER = "either"  # read correctly (check passes), or refused with a clear message
ACCEPT = "accept"  # a file as real tools write it: check must pass

# Faults: how a `workbench run` is disturbed.
INTERRUPT = "interrupt"  # Ctrl-C (SIGINT to the process group) while notebooks execute
TERMINATE = "terminate"  # SIGTERM to the run, as `kill` or systemd do
KILL_THEN_RERUN = "kill-rerun"  # kill -9 mid-run, then a second run must clean up
CONCURRENT = "concurrent"  # two runs of one engagement started together


@dataclass(frozen=True)
class Case:
    """One bad input: how to make it and what a clear answer names.

    ``where`` holds the row, column or field words the message must name, and for files that
    are not what their name says, the word that says what they are ("empty", "PDF"). ``file``
    and each ``where`` entry may list alternatives separated by ``|``; matching is
    case-insensitive, and ``file`` also matches by the file's base name.
    """

    kind: str
    name: str
    spoil: Callable[[Path], None]
    file: str = ""
    where: tuple[str, ...] = ()
    expect: str = REFUSE
    base: str = "demo"  # "demo" (CSV register), "xlsx" (demo register as XLSX), "blank"
    run: bool = False  # the case is about running: `workbench run` is tried too
    fault: str = ""  # one of the fault names above, for cases that disturb a run
    as_nobody: bool = False  # run the commands as user 'nobody' (read-only folders)
    timeout: float = 240.0  # seconds before `check` counts as having given no answer


def all_cases() -> list[Case]:
    """The whole corpus, in a fixed order (kinds as printed, cases in the order written)."""
    from bad_input_cases import folders, registers, settings, surveys, workbook, workshop

    cases = [
        *registers.CSV_CASES,
        *workbook.CASES,
        *surveys.CASES,
        *settings.CASES,
        *workshop.CASES,
        *folders.CASES,
        *folders.FAULTS,
    ]
    names = [f"{c.kind}/{c.name}" for c in cases]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"case names must be unique: {sorted(duplicates)}"
    return cases
