"""The stakeholder workshop's saves: rating adjustments and dated snapshots of the register.

Everything goes into the engagement's ``workshop/`` folder (never ``inputs/``) through the
atomic writes of :mod:`workbench.core.files`.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pandas as pd

from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.core.errors import InputError, Problem, StoreError
from workbench.core.files import atomic_write_bytes, prune_history, writable_workshop
from workbench.core.text_table import unclosed_quote
from workbench.stakeholders.schemas import RATING_RANGES

# The ratings a workshop may change, with their ranges taken from the register's schema.
RANGES = RATING_RANGES
RATED = tuple(RANGES)
ADJUSTMENT_COLUMNS = ["id", *RATED]


RESTORE_FIX = (
    "restore it from the newest copy in workshop/history/, or delete it to drop the "
    "workshop's rating changes"
)


def load_adjustments(engagement: Engagement) -> pd.DataFrame:
    """Ratings changed during the workshop (empty when nothing was changed yet).

    Raises InputError naming the row and column of anything that is not a rating in range.
    """
    file = engagement.root / paths.ADJUSTMENTS
    empty = pd.DataFrame(
        {c: pd.Series(dtype="str" if c == "id" else "Int64") for c in ADJUSTMENT_COLUMNS}
    )
    if not file.is_file():
        return empty
    rows = _read_rows(file)
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # the blank line a save ends with
    if not rows:
        raise _damaged("it is empty")
    header = [cell.strip() for cell in rows[0]]
    missing = [c for c in ADJUSTMENT_COLUMNS if c not in header]
    if missing:
        raise InputError(
            [
                Problem(paths.ADJUSTMENTS, f"Column '{c}' is missing.", RESTORE_FIX, column=c)
                for c in missing
            ]
        )
    torn = _torn_rows(rows, len(header))
    if torn:
        raise InputError(torn)
    body = [[cell.strip() for cell in row] for row in rows[1:] if any(c.strip() for c in row)]
    frame = pd.DataFrame(body, columns=header, dtype="str")
    frame.index = [i for i, row in enumerate(rows[1:]) if any(c.strip() for c in row)]
    problems = []
    for index, row in frame.iterrows():
        if not row["id"]:
            problems.append(_adjustment_problem(index, "id", "the id is blank"))
        for column, (low, high) in RANGES.items():
            text = row[column]
            if text and not (_is_int(text) and low <= int(text) <= high):
                problems.append(
                    _adjustment_problem(
                        index, column, f"'{text}' is not a whole number from {low} to {high}"
                    )
                )
    seen: dict[str, int] = {}
    for index, stakeholder in frame["id"].items():
        if stakeholder and stakeholder in seen:
            # The editor writes one row per stakeholder: two rows means a hand edit, and
            # either could be meant, so neither is picked silently.
            problems.append(
                Problem(
                    paths.ADJUSTMENTS,
                    f"'{stakeholder}' has two rows of workshop ratings (rows {seen[stakeholder]} "
                    f"and {int(index) + 2}), so it is unclear which one counts.",
                    "Delete the row that is out of date, keeping one row per stakeholder.",
                    row=int(index) + 2,
                    column="id",
                )
            )
        seen.setdefault(stakeholder, int(index) + 2)
    if problems:
        raise InputError(problems)
    typed = frame[ADJUSTMENT_COLUMNS].replace({"": None}).reset_index(drop=True)
    return typed.astype({"id": "str", **{c: "Int64" for c in RANGES}})


def _damaged(reason: str, row: int | None = None) -> InputError:
    message = f"Cannot read the workshop's changes: {reason}."
    return InputError([Problem(paths.ADJUSTMENTS, message, RESTORE_FIX, row=row)])


def _read_rows(file: Path) -> list[list[str]]:
    """The file's rows; the workbench writes it as UTF-8 CSV, so anything else is damage."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise _damaged(f"the file cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _damaged("it is damaged (it is not UTF-8 text)") from None
    if "\x00" in text:
        raise _damaged("it is damaged (it holds binary data)")
    quote = unclosed_quote(text, ",")
    if quote is not None:
        raise _damaged(
            f"it is damaged: a quote mark opened on row {quote[0]} is never closed", quote[0]
        )
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise _damaged(f"it is damaged ({exc})") from None


def _torn_rows(rows: list[list[str]], width: int) -> list[Problem]:
    """Rows with fewer or more fields than the header: a save cut short, or a hand edit."""
    problems = []
    last = len(rows)
    for number, row in enumerate(rows[1:], start=2):
        if len(row) == width or not any(cell.strip() for cell in row):
            continue
        what = "fewer" if len(row) < width else "more"
        cut = number == last and len(row) < width
        why = (
            " It is the last line: the save was probably cut short (a crash or a full disk)."
            if cut
            else ""
        )
        problems.append(
            Problem(
                paths.ADJUSTMENTS,
                f"Row {number} has {len(row)} field(s), {what} than the {width} of the header "
                f"({', '.join(ADJUSTMENT_COLUMNS)}).{why}",
                f"delete row {number} (that stakeholder's change is then lost and can be made "
                f"again in the workshop), or {RESTORE_FIX}",
                row=number,
            )
        )
    return problems


def _is_int(text: str) -> bool:
    return text.lstrip("+-").isdigit()


def _adjustment_problem(index: int, column: str, what: str) -> Problem:
    return Problem(paths.ADJUSTMENTS, f"{what}.", RESTORE_FIX, row=int(index) + 2, column=column)


def save_adjustment(
    engagement: Engagement,
    stakeholder_id: str,
    *,
    influence: int,
    interest: int,
    attitude: int,
    now: datetime | None = None,
) -> Path:
    """Record one stakeholder's workshop ratings; keeps a dated copy in workshop/history/."""
    workshop = writable_workshop(engagement)
    values = {"influence": influence, "interest": interest, "attitude": attitude}
    for name, (low, high) in RANGES.items():
        value = values[name]
        if not low <= int(value) <= high:
            raise StoreError(
                f"{name} = {value} is outside {low}..{high}. Fix: pick a value in range."
            )
    current = load_adjustments(engagement)
    current = current[current["id"] != stakeholder_id]
    row = pd.DataFrame(
        [{"id": stakeholder_id, "influence": influence, "interest": interest, "attitude": attitude}]
    )
    updated = pd.concat([current, row], ignore_index=True).sort_values("id", kind="stable")
    data = updated.to_csv(index=False).encode("utf-8")
    stamp = (now or datetime.now()).strftime("%Y-%m-%dT%H%M%S%f")
    atomic_write_bytes(workshop / "history" / f"adjustments-{stamp}.csv", data)
    saved = atomic_write_bytes(engagement.root / paths.ADJUSTMENTS, data)
    prune_history(workshop / "history", "adjustments-")  # every edit saves: keep the latest
    return saved


def save_snapshot(
    engagement: Engagement,
    stakeholders: pd.DataFrame,
    relationships: pd.DataFrame,
    date: str | None = None,
) -> Path:
    """Store today's register as a dated workshop snapshot, for the next workshop's diff."""
    writable_workshop(engagement)
    date = date or datetime.now().strftime("%Y-%m-%d")
    folder = engagement.snapshots / date
    atomic_write_bytes(folder / "stakeholders.csv", _csv(stakeholders))
    atomic_write_bytes(folder / "relationships.csv", _csv(relationships))
    return folder


def _csv(frame: pd.DataFrame) -> bytes:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == bool:
            out[column] = out[column].map({True: "true", False: "false"})
    return out.to_csv(index=False).encode("utf-8")
