"""The engagement folder spoiled (missing, files for folders, links, read-only), and faults in runs.

Files "outside the engagement" are written next to it, in the benchmark's own temporary
folder, and carry :data:`PRIVATE_MARKER` so a published run that holds them can be found.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bad_input_cases import (
    ACCEPT,
    CONCURRENT,
    EITHER,
    INTERRUPT,
    KILL_THEN_RERUN,
    REFUSE,
    TERMINATE,
    WARN,
    Case,
)
from bad_input_cases import edit as e

K = "folders"
F = "faults"
PRIVATE_MARKER = "PRIVATE-7f3a-salaries"
ROOT = "{root}"  # the engagement folder itself: the runner puts its path here


def outside(root: Path) -> Path:
    """A private folder next to the engagement, as on a consultant's laptop."""
    folder = root.parent / f"{root.name}-private"
    folder.mkdir(exist_ok=True)
    (folder / "salaries.csv").write_text(
        f"name,salary,note\nAnn Lee,91000,{PRIVATE_MARKER}\n", encoding="utf-8"
    )
    return folder


def _replace_with_file(relative: str):
    def spoil(root: Path) -> None:
        target = root / relative
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        target.write_text("not a folder\n", encoding="utf-8")

    return spoil


def _remove(relative: str):
    def spoil(root: Path) -> None:
        shutil.rmtree(root / relative)

    return spoil


def _dangling(root: Path) -> None:
    (root / "inputs/old register.csv").symlink_to(root.parent / "deleted-long-ago.csv")


def _link_outside_folder(root: Path) -> None:
    (root / "inputs/shared drive").symlink_to(outside(root), target_is_directory=True)


def _link_outside_file(root: Path) -> None:
    copy = outside(root) / "stakeholders.csv"
    shutil.move(root / e.SH, copy)
    (root / e.SH).symlink_to(copy)


def _link_loop(root: Path) -> None:
    (root / "inputs/surveys/loop").symlink_to(root / "inputs/surveys/loop")


def _fifo(root: Path) -> None:
    os.mkfifo(root / "inputs/pipe.csv")


def _no_root(root: Path) -> None:
    shutil.rmtree(root)


def _root_is_file(root: Path) -> None:
    shutil.rmtree(root)
    root.write_text("engagement\n", encoding="utf-8")


def _unreadable(root: Path) -> None:
    (root / e.SH).chmod(0o000)


def _outputs_clutter(root: Path) -> None:
    (root / "outputs/.running-abc123").mkdir()
    (root / "outputs/.running-abc123/stakeholder_mapping.ipynb").write_text("{}")
    (root / "outputs/notes.txt").write_text("sent to Priya\n", encoding="utf-8")
    (root / "outputs/2026-01-01T000000").mkdir()  # an empty run folder, damaged by hand


def _nothing(root: Path) -> None:
    """The demo as it is: the fault is in how the run is treated, not in the files."""


CASES = [
    Case(K, "engagement folder missing", _no_root, ROOT),
    Case(K, "engagement path is a file", _root_is_file, ROOT),
    Case(K, "inputs missing", _remove("inputs"), "inputs"),
    Case(K, "inputs is a file", _replace_with_file("inputs"), "inputs"),
    Case(K, "workshop is a file", _replace_with_file("workshop"), "workshop"),
    Case(K, "surveys is a file", _replace_with_file("inputs/surveys"), "surveys"),
    Case(K, "register unreadable", _unreadable, e.SH, (), REFUSE, as_nobody=True),
    Case(K, "named pipe in inputs", _fifo, "pipe.csv", (), EITHER, timeout=60),
    Case(K, "symlink loop in surveys", _link_loop, "loop", (), EITHER),
    Case(K, "register linked from outside", _link_outside_file, e.SH, (), EITHER),
    Case(K, "stale files in outputs", _outputs_clutter, "outputs", (), ACCEPT),
    Case(K, "outputs is a file", _replace_with_file("outputs"), "outputs", (), WARN, run=True),
    Case(
        K,
        "read-only engagement",
        _nothing,
        "outputs|read-only|write",
        (),
        WARN,
        run=True,
        as_nobody=True,
    ),  # noqa: E501
    Case(K, "dangling symlink in inputs", _dangling, "old register.csv", (), WARN, run=True),
    Case(K, "folder linked to outside", _link_outside_folder, "shared drive", (), WARN, run=True),
]

FAULTS = [
    Case(F, "Ctrl-C during a run", _nothing, "", (), ACCEPT, run=True, fault=INTERRUPT),
    Case(F, "SIGTERM during a run", _nothing, "", (), ACCEPT, run=True, fault=TERMINATE),
    Case(F, "kill -9, then run again", _nothing, "", (), ACCEPT, run=True, fault=KILL_THEN_RERUN),
    Case(F, "two runs at once", _nothing, "", (), ACCEPT, run=True, fault=CONCURRENT),
]
