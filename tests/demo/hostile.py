"""The hostile-name case, built by the tests: a copy of the demo whose supplier carries HTML.

The shipped demo is shown to clients, so it holds only believable names. Tests that prove a
name with markup is shown as text (in the apps, the map, the exported files) rename one
stakeholder of a demo copy with :func:`make_hostile`, and serve the demo notebooks on that
copy with :func:`demo_apps`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import nbformat
from input_files import read_rows, write_rows

from workbench.commands import cli
from workbench.core import paths

HOSTILE_ID = "S046"  # a small supplier: it appears in the register, the grid and the map
HOSTILE_NAME = "<img src=x onerror=alert(1)> Ltd"
HOSTILE_ESCAPED = "&lt;img src=x onerror=alert(1)&gt; Ltd"  # how HTML must show it
STAKEHOLDER_TABLES = (
    "inputs/stakeholders.csv",
    "workshop/snapshots/2026-03-12/stakeholders.csv",
    "workshop/snapshots/2026-06-18/stakeholders.csv",
)


def make_hostile(engagement: Path, name: str = HOSTILE_NAME) -> Path:
    """Rename stakeholder HOSTILE_ID to ``name`` in every stakeholders table of a demo copy."""
    for table in STAKEHOLDER_TABLES:
        rows = read_rows(engagement / table)
        ids, names = rows[0].index("id"), rows[0].index("name")
        (row,) = [r for r in rows[1:] if r[ids] == HOSTILE_ID]
        row[names] = name
        write_rows(engagement / table, rows)
    return engagement


def hostile_copy(target: Path) -> Path:
    """A new demo copy at ``target`` (made as a user would) with the hostile name in it."""
    assert cli.main(["new", str(target), "--client", "Northwind Copy", "--demo"]) == 0
    return make_hostile(target)


def demo_apps(engagement: Path, folder: Path, names: Iterable[str]) -> Path:
    """The demo notebooks ``names``, copied into ``folder``, reading ``engagement``.

    Their parameter cells name the built-in demo; the copies name ``engagement`` instead, as
    the notebooks of a ``workbench run`` do, so a portal on ``folder`` shows that copy.
    """
    folder.mkdir(parents=True, exist_ok=True)
    default = f"engagement_path = {json.dumps(paths.DEMO_NAME)}"
    for name in names:
        nb = nbformat.read(paths.DEMO_NOTEBOOKS / name, as_version=4)
        cells = [c for c in nb.cells if c.cell_type == "code" and default in c.source]
        assert cells, f"{name}: no parameter cell sets {default}"
        for cell in cells:
            cell.source = cell.source.replace(
                default, f"engagement_path = {json.dumps(str(engagement))}"
            )
        nbformat.write(nb, folder / name)
    return folder
