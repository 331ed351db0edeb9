"""The surveys a run keeps, without the personal data the import drops.

Each run freezes a copy of its inputs; the raw survey exports would carry respondents'
e-mail and IP addresses, names and locations into every run folder. :func:`freeze_surveys`
copies an engagement's ``inputs/surveys`` tree with each export rewritten WITHOUT the
columns :func:`workbench.culture.surveys.parse_survey` drops as personal data (the one list
in :mod:`workbench.culture.survey_fields`), in the same format and layout: same header rows,
same row numbers, same first sheet, so the same reader reads it and gives the same numbers.
Other files (``labels.toml``, notes) are copied as they are; Excel lock files and hidden
files are left out, and so is anything a link leads to outside the engagement.

Examples
--------
>>> freeze_surveys(Path("inputs/surveys"), Path("outputs/run/engagement/inputs/surveys"))
... # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from workbench.core.errors import InputError, Problem
from workbench.core.tables import read_rows
from workbench.culture.survey_csv import read_cells
from workbench.culture.surveys import personal_positions
from workbench.culture.wave_files import SURVEY_SUFFIXES, is_export_name


def without_columns(rows: list[list[str]], drop: list[int]) -> list[list[str]]:
    """``rows`` with the cells at positions ``drop`` removed (short rows stay short).

    Examples
    --------
    >>> without_columns([["a", "b", "c"], ["1", "2"]], [1])
    [['a', 'c'], ['1']]
    """
    gone = set(drop)
    return [[cell for i, cell in enumerate(row) if i not in gone] for row in rows]


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets Excel open it as UTF-8


def _xlsx_bytes(rows: list[list[str]], source: Path) -> bytes:
    """A workbook whose first sheet holds ``rows`` as text, named as the source's first sheet."""
    original = openpyxl.load_workbook(source, read_only=True)
    try:
        title = original.worksheets[0].title
    finally:
        original.close()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for number, row in enumerate(rows, start=1):
        for column, text in enumerate(row, start=1):
            if text == "":
                continue  # a blank cell stays blank
            cell = sheet.cell(row=number, column=column, value=text)
            cell.data_type = "s"  # text stays text, even "=..." (no formula is made)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def scrubbed_export(path: Path, label: str, fmt: str = "auto", keep: tuple[str, ...] = ()) -> bytes:
    """The bytes of one survey export without its personal-data columns.

    Raises
    ------
    InputError
        The file cannot be read as a survey export (then nothing of it is copied).
    """
    if path.suffix.lower() == ".csv":
        read = read_cells(path, label, lengths=True)  # a large export read fast, or None
        if read is not None:
            cells, widths = read
            drop = personal_positions(cells, label, fmt, tuple(keep))
            if len(cells) and (widths == cells.shape[1]).all():
                return _table_csv_bytes(cells, drop)
            return _csv_bytes(_grid_without_columns(cells, widths, drop))
    rows = read_rows(path, label=label)
    kept = without_columns(rows, personal_positions(rows, label, fmt, tuple(keep)))
    if path.suffix.lower() == ".csv":
        return _csv_bytes(kept)
    return _xlsx_bytes(kept, path)


# What makes the csv module quote a cell (with its default dialect): a comma, a quote or a
# line break. Any other text it writes as it is.
_SPECIAL = re.compile('[,"\r\n]')


def _field(text: str) -> str:
    """One cell as the csv module writes it inside a row (quoted only where it must be)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow([text, ""])
    return buffer.getvalue()[: -len(",\r\n")]


def _table_csv_bytes(cells: np.ndarray, drop: list[int]) -> bytes:
    """:func:`_csv_bytes` of the full-width rows ``cells`` without the columns ``drop``.

    The csv module writes each cell by its text alone, except a row of one empty cell
    (``""``): so each distinct text of a column is written once, and rows of two or more
    cells are joined from those.
    """
    gone = set(drop)
    kept = [p for p in range(cells.shape[1]) if p not in gone]
    if len(kept) < 2:
        return _csv_bytes(cells[:, kept].tolist())
    written = []
    for position in kept:
        codes, uniques = pd.factorize(cells[:, position])
        forms = [_field(u) if _SPECIAL.search(u) else u for u in uniques]
        written.append(np.array(forms, dtype=object)[codes])
    lines = map(",".join, zip(*written, strict=True))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def _grid_without_columns(cells, widths, drop: list[int]) -> list[list[str]]:
    """:func:`without_columns` of the rows that ``cells`` and ``widths`` stand for.

    ``cells`` holds the rows padded to one width, ``widths`` each row's own length.
    """
    gone = set(drop)
    kept = [p for p in range(cells.shape[1]) if p not in gone]
    rows = cells[:, kept].tolist()
    for number in np.flatnonzero(widths < cells.shape[1]):  # short rows stay short
        rows[number] = [cells[number, p] for p in kept if p < widths[number]]
    return rows


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (OSError, ValueError):
        return False
    return True


def _walk(source: Path, root: Path):
    """Every folder and file under ``source``, links followed while they stay inside ``root``."""
    for folder, dirs, files in os.walk(source, followlinks=True):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and _inside(here / d, root))
        for name in dirs:
            yield here / name
        for name in sorted(files):
            if not name.startswith((".", "~")) and _inside(here / name, root):
                yield here / name  # ~$survey.xlsx, Excel's lock file, names who opened it


def freeze_surveys(
    source: Path,
    target: Path,
    *,
    fmt: str = "auto",
    keep: tuple[str, ...] = (),
    root: Path | None = None,
) -> None:
    """Copy the surveys folder ``source`` to ``target`` without personal data.

    Parameters
    ----------
    source
        An engagement's ``inputs/surveys`` folder (nothing happens if it does not exist).
    target
        Where the copy goes (created; must not exist yet as a file).
    fmt, keep
        ``[culture] survey_format`` and the demographics and comment columns of
        ``[culture]``: the same the import uses, so the same columns are dropped.
    root
        Links are followed only while they stay inside this folder (default: the
        engagement, two levels above ``source``).

    Raises
    ------
    InputError
        A survey export that cannot be read (listing every such file); nothing personal is
        copied from it.
    """
    source, target = Path(source), Path(target)
    if not source.is_dir():
        return
    root = Path(root) if root is not None else source.resolve().parents[1]
    problems: list[Problem] = []
    target.mkdir(parents=True, exist_ok=True)
    for path in _walk(source, root):
        relative = path.relative_to(source)
        destination = target / relative
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        if not path.is_file():
            continue  # a dangling link
        destination.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() in SURVEY_SUFFIXES and is_export_name(path):
            label = f"inputs/surveys/{relative.as_posix()}"
            try:
                destination.write_bytes(scrubbed_export(path, label, fmt, keep))
            except InputError as exc:
                problems += exc.problems
            continue
        shutil.copyfile(path, destination)
    if problems:
        raise InputError(problems)
