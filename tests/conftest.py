from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from input_files import DATA, TABLE_NAMES

from workbench.commands import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo engagement, made the way a user would make it."""
    target = tmp_path / "northwind"
    assert cli.main(["new", str(target), "--client", "Northwind Copy", "--demo"]) == 0
    return target


@pytest.fixture
def blank_engagement(tmp_path: Path) -> Path:
    """A freshly scaffolded engagement with the example rows of the input template."""
    target = tmp_path / "acme"
    assert cli.main(["new", str(target), "--client", "Acme Ltd"]) == 0
    return target


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A valid inputs folder made from the io_*.csv fixtures."""
    folder = tmp_path / "engagement" / "inputs"
    folder.mkdir(parents=True)
    for table in TABLE_NAMES:
        shutil.copy(DATA / f"io_{table}.csv", folder / f"{table}.csv")
    return folder
