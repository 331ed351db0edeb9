"""Which file of a wave folder is its survey export, and whether it really is one.

Examples
--------
>>> SURVEY_SUFFIXES
('.csv', '.xlsx', '.xlsm')
"""

from __future__ import annotations

from pathlib import Path

from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.core.errors import Problem
from workbench.core.sniff import file_kind

SURVEY_SUFFIXES = (".csv", ".xlsx", ".xlsm")


def is_export_name(path: Path) -> bool:
    """A survey export's name: .csv/.xlsx/.xlsm, not an Excel lock file or a hidden file."""
    return path.suffix.lower() in SURVEY_SUFFIXES and not path.name.startswith(("~", "."))


def survey_file(eng: Engagement, wave: str) -> tuple[Path | None, list[Problem]]:
    """The one survey export in ``inputs/surveys/<wave>/``, or a problem saying what to do."""
    folder = eng.surveys / wave
    label = f"{paths.SURVEYS}/{wave}"
    found = sorted(p for p in folder.iterdir() if p.is_file() and is_export_name(p))
    if len(found) == 1:
        return found[0], []
    if not found:
        message, fix = (
            "This wave folder holds no survey export (.csv or .xlsx).",
            "Put the export of this wave into the folder, or delete the empty folder.",
        )
    else:
        names = ", ".join(p.name for p in found)
        message, fix = (
            f"This wave folder holds {len(found)} survey files ({names}); one is expected.",
            "Keep one export per wave: move the others into their own wave folders.",
        )
    return None, [Problem(file=label, message=message, fix=fix)]


def not_a_survey(path: Path, label: str) -> Problem | None:
    """A problem when the file's first bytes show it is no CSV or workbook (a PDF, an image)."""
    kind = file_kind(path)
    workbook = path.suffix.lower() in (".xlsx", ".xlsm") and kind is not None and "ZIP" in kind
    if kind is None or workbook:
        return None
    return Problem(
        label,
        f"This file is {kind}, not a survey export, although its name ends in {path.suffix}.",
        "Export the responses from the survey tool as CSV or Excel (.xlsx) and put that file "
        "in the wave folder instead"
        + (" (if this is the Excel workbook, name it .xlsx)." if "ZIP" in kind else "."),
    )


def loose_exports(eng: Engagement) -> list[Problem]:
    """Survey exports put straight into inputs/surveys/ instead of a wave folder (unread),
    or inputs/surveys being a file: each said, so nothing is ignored without a word."""
    if eng.surveys.is_file():
        return [
            Problem(
                paths.SURVEYS,
                "This is a file, but survey waves live in a folder of that name.",
                "Rename the file, make inputs/surveys a folder and put each wave's export "
                "in its own subfolder, e.g. inputs/surveys/2026-05/.",
            )
        ]
    if not eng.surveys.is_dir():
        return []
    return [
        Problem(
            f"{paths.SURVEYS}/{p.name}",
            "This survey export is not in a wave folder, so it is not read.",
            f"Move it into a folder named for its wave, e.g. {paths.SURVEYS}/2026-05/.",
            severity="warning",
        )
        for p in sorted(eng.surveys.iterdir())
        if p.is_file() and is_export_name(p)
    ]
