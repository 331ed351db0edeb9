"""Exceptions whose messages say what is wrong, where, and how to fix it.

Everything a user must fix is a :class:`WorkbenchError` (most often an
:class:`InputError` carrying :class:`Problem` records: what, where, the fix); the CLI prints
its message and exits non-zero instead of showing a traceback. A programmer's mistake (a
frame handed to an analysis function without its columns) is a plain ``ValueError`` or
``TypeError`` instead, raised by :mod:`workbench.core.guards`, with no "Fix:".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can.

    ``row`` is the row number a person sees in a spreadsheet (the header is row 1),
    or ``None`` when the problem concerns the whole file or column.
    """

    file: str
    message: str
    fix: str
    row: int | None = None
    column: str | None = None
    severity: str = "error"  # "error" stops a run; "warning" is reported only
    field: str | None = None  # a field of a TOML file, e.g. "steps[2].risks"

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message} Fix: {self.fix}"


class WorkbenchError(Exception):
    """Base class: the message is meant for the user, not for a developer."""


class EngagementError(WorkbenchError):
    """The engagement folder or engagement.toml is missing or malformed."""


class InputError(WorkbenchError):
    """One or more input tables failed validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        lines = [f"{len(errors)} problem(s) in the inputs:"]
        lines += [f"  - {p}" for p in errors]
        super().__init__("\n".join(lines))


class RunError(WorkbenchError):
    """Executing a workshop notebook failed."""


class StoreError(WorkbenchError):
    """Saving or loading workshop outputs failed."""


def raise_for_errors(problems: list[Problem]) -> None:
    """Raise :class:`~workbench.core.errors.InputError` if any problem is an error.

    Warnings alone pass; the raised error carries every problem, warnings included.

    >>> raise_for_errors([Problem("f.csv", "odd column", "none", severity="warning")])
    """
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
