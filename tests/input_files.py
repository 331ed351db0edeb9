"""Shared helpers for the input tests: fixture files and ways to damage a copy of them."""

from __future__ import annotations

import csv
from pathlib import Path

from workbench.core.errors import Problem
from workbench.stakeholders import register

DATA = Path(__file__).parent / "data"
TABLE_NAMES = ("stakeholders", "relationships", "ratings")
SH = "inputs/stakeholders.csv"
REL = "inputs/relationships.csv"


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Change one cell; ``row`` is the spreadsheet row (header = 1)."""
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def load(inputs: Path, fmt: str = "csv"):
    return register.load_tables(inputs, fmt)


def only(problems: list[Problem], **where) -> Problem:
    """The single problem whose attributes match ``where``."""
    found = [p for p in problems if all(getattr(p, k) == v for k, v in where.items())]
    assert len(found) == 1, f"expected one problem matching {where}, got {found}"
    return found[0]


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
