"""The demo generators' catalogues (data files in this folder) and the function that reads them.

The cast and texts of the demo story are data, kept here so they can be read and edited
without touching the generators' logic:

``register.csv``
    Every stakeholder that ever existed, one row each: ``name, group, kind, influence,
    interest, attitude, salience, lifetime``. Ids ``S001``... follow the row order, so
    stakeholders added after the last workshop come last. ``salience`` holds the letters
    P, L and U (power, legitimacy, urgency); ``lifetime`` is one of ``always``, ``new``,
    ``spring``, ``gone`` and ``lapsed`` (see :mod:`workbench.demo.register`).
``groups.toml``
    One table per stakeholder group: relationship ``owner``, ``within`` (chance of a link
    between two members) and ``reach`` (groups where members have their outside links).
``brokers.toml``
    The relationship managers and the PMO, each with the share of every group they link to.
``reports_to.csv``
    Who reports to whom (``name, reports_to``), in the order the links are drawn.
``survey_teams.csv``
    The survey's teams: respondents per wave, climate effect, its shift in the second wave
    and the extra toxicity of a hotspot team.
``survey_demographics.toml``
    Roles, locations and tenure bands with their shares and climate effects.
``survey_comments.toml``
    Free-text comments in three pools of equal size: positive, mixed and negative.
``survey_qualtrics.toml``
    Choice texts, question stems and invented recipients of the Qualtrics-style export.

Each generator reads the files when it runs; the order of rows and tables is part of the
story (the random draws follow it), so reordering a file changes the generated demo.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.core.errors import WorkbenchError

__all__ = ["FOLDER", "load"]

FOLDER = Path(__file__).resolve().parent


def _rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    for number, row in enumerate(rows, start=2):
        # DictReader files extra cells under None and fills missing cells with None.
        if None in row or None in row.values():
            raise ValueError(f"row {number} does not have one cell per header column")
    return rows


def load(name: str, build: Callable[[Any], Any] | None = None) -> Any:
    """Read the catalogue ``name`` from this folder, optionally turned into what the caller needs.

    Parameters
    ----------
    name : str
        File name in ``workbench/demo/catalogues/``: ``.toml`` is read with :mod:`tomllib`
        into a dict, ``.csv`` into a list of row dicts (header -> cell text).
    build : callable, optional
        Applied to the parsed content. A ``KeyError``, ``TypeError`` or ``ValueError`` it
        raises (a missing field, text where a number belongs...) is reported as a malformed
        catalogue, naming the file.

    Returns
    -------
    object
        The parsed content, or what ``build`` returned.

    Raises
    ------
    WorkbenchError
        If the file is missing, unreadable, empty or malformed.

    Examples
    --------
    >>> list(load("survey_comments.toml"))
    ['positive', 'mixed', 'negative']
    >>> load("register.csv", len)
    76
    """
    path = FOLDER / name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbenchError(
            f"Cannot read the demo catalogue {path}: {exc}. "
            f"Fix: restore workbench/demo/catalogues/{name} from the repository."
        ) from exc
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else _rows(text)
        if not data:
            raise ValueError("it holds no entries")
        return build(data) if build is not None else data
    except (tomllib.TOMLDecodeError, csv.Error, KeyError, TypeError, ValueError) as exc:
        reason = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
        raise WorkbenchError(
            f"The demo catalogue {path} is malformed: {reason}. Fix: correct the file as "
            "described in workbench/demo/catalogues/__init__.py, or restore it from the repository."
        ) from exc
