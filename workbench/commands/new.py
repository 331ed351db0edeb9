"""`workbench new`: scaffold an engagement folder, blank (input templates) or from the demo.

Examples
--------
>>> import tempfile
>>> root = new(Path(tempfile.mkdtemp()) / "acme", "Acme Ltd", fmt="csv")
>>> sorted(p.name for p in root.iterdir())
['engagement.toml', 'inputs', 'outputs', 'workshop']
"""

from __future__ import annotations

import shutil
from pathlib import Path

from workbench.core import paths
from workbench.core.engagement import render_toml
from workbench.core.errors import EngagementError

SURVEYS_README = """Survey waves for the culture-analysis workshop.

Make one folder per wave, named so that the folders sort in time order (for example 2026-05),
and put that wave's export in it, exactly as the survey tool produced it: Qualtrics CSV,
SurveyMonkey CSV, Microsoft Forms XLSX, Google Forms CSV, or a plain CSV/XLSX with one row per
respondent. Then run `workbench check` and `workbench run`. Personal data (emails, names,
IP addresses, locations) is dropped when the file is read; the file itself is never changed.
"""


def new(path: str | Path, client: str, fmt: str = "xlsx", demo: bool = False) -> Path:
    """Create the engagement folder ``path`` for ``client``; return its resolved path.

    Never overwrites: an existing non-empty folder (or a file) is refused. If writing fails
    midway, the folders this call made are removed again, so the user can simply retry.
    """
    root = Path(path).expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise EngagementError(f"{root} is a file. Fix: choose a new folder name.")
    if root.exists() and any(root.iterdir()):
        raise EngagementError(
            f"{root} already exists and is not empty; `workbench new` never overwrites files. "
            "Fix: choose a new folder name."
        )
    made = _first_missing(root)
    try:
        _scaffold(root, client, fmt, demo)
    except BaseException as exc:  # Ctrl-C included: never leave half an engagement behind
        _undo(root, made)
        if not isinstance(exc, OSError):
            raise
        where = exc.filename or root
        raise EngagementError(
            f"Cannot create the engagement in {root}: {exc.strerror or exc} ({where}). "
            "Fix: choose a folder you can write to (for example one in your home folder), "
            "or free space on that disk."
        ) from None
    return root


def register_template(engagement: str | Path, folder: str | Path) -> list[Path]:
    """A blank register in ``folder`` whose dropdowns offer ``engagement``'s own kinds.

    The workbench never writes into ``inputs/``, so the template goes to a folder of the
    user's choice (new or empty), to be filled in and copied into inputs/ by hand.
    """
    from workbench.core.engagement import Engagement
    from workbench.stakeholders.register_template import write_input_template

    eng = Engagement.load(engagement)
    target = Path(folder).expanduser().resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise EngagementError(
            f"{target} already exists and is not an empty folder; the template never "
            "overwrites files. Fix: name a new folder."
        )
    if target == eng.inputs.resolve() or eng.inputs.resolve() in target.parents:
        raise EngagementError(
            f"{target} is inside the engagement's inputs/, which the workbench never writes. "
            "Fix: name a folder elsewhere, then copy the filled-in file into inputs/."
        )
    try:
        return write_input_template(target, eng.vocabularies)
    except OSError as exc:
        raise EngagementError(
            f"Cannot write the template into {target}: {exc.strerror or exc}. "
            "Fix: choose a folder you can write to."
        ) from None


def next_steps(path: str, fmt: str = "xlsx", demo: bool = False) -> str:
    """What to do after `workbench new`, as the command prints it.

    >>> print(next_steps("acme", demo=True))
    Next: `workbench check acme`, then `workbench run acme`, then `workbench serve acme`.
    """
    if demo:  # the demo already has its data: nothing to fill in
        return (
            f"Next: `workbench check {path}`, then `workbench run {path}`, "
            f"then `workbench serve {path}`."
        )
    source = "inputs/register.xlsx" if fmt == "xlsx" else "inputs/*.csv"
    return f"Next: fill in {source}, then `workbench check {path}` and `workbench run {path}`."


def _scaffold(root: Path, client: str, fmt: str, demo: bool) -> None:
    from workbench.stakeholders.register_template import write_input_template

    root.mkdir(parents=True, exist_ok=True)
    if demo:
        shutil.copytree(paths.DEMO_ENGAGEMENT / "inputs", root / "inputs")
        shutil.copytree(paths.DEMO_ENGAGEMENT / "workshop", root / "workshop")
        fmt, logo = "csv", "inputs/logo.svg"
    else:
        write_input_template(root / "inputs")
        surveys = root / paths.SURVEYS
        surveys.mkdir(parents=True)
        (surveys / "README.txt").write_text(SURVEYS_README, encoding="utf-8")
        (root / "workshop" / "snapshots").mkdir(parents=True)
        logo = ""
    (root / "outputs").mkdir()
    (root / paths.ENGAGEMENT_FILE).write_text(
        render_toml(client, fmt=fmt, logo=logo), encoding="utf-8"
    )


def _undo(root: Path, made: Path | None) -> None:
    """Remove what a failed scaffold wrote: the folders it made, or the empty one's content."""
    if made is not None:
        shutil.rmtree(made, ignore_errors=True)
    elif root.is_dir():  # it existed, empty: whatever is in it now came from this call
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


def _first_missing(root: Path) -> Path | None:
    """The outermost folder of ``root`` that does not exist yet (what this call will make)."""
    missing = None
    for folder in (root, *root.parents):
        if folder.exists():
            break
        missing = folder
    return missing
