"""Survey platform exports -> one text table per survey, personal data removed.

:func:`parse_survey` takes the cells of a survey export (rows of text, as
:func:`workbench.core.tables.read_rows` returns them) and gives a :class:`RawSurvey`: one row per
respondent indexed by the spreadsheet row a person sees, one column per question, the
platform's bookkeeping columns set aside in ``metadata`` and personal data (names,
email and IP addresses, locations, phone numbers, external references: the one list in
:mod:`workbench.culture.survey_fields`) dropped and listed in ``dropped``. Responses the
platform marks as previews or tests (Qualtrics' Status and DistributionChannel) are left
out and listed in ``excluded``. Exports from Qualtrics (current three-row and legacy two-row
headers), SurveyMonkey (two header rows), Microsoft Forms, Google Forms and plain
one-header tables are recognised by
:func:`workbench.culture.survey_layouts.detect_format`. Only :func:`read_survey` reads a
file (a large CSV export through :mod:`workbench.culture.survey_csv`, anything else through
:mod:`workbench.core.tables`); everything else works on cells, column by column.

Examples
--------
>>> raw = parse_survey([["Timestamp", "PS1"], ["2026-05-01 09:00", "Agree"]], "s.csv")
>>> raw.format, raw.frame.loc[2, "PS1"], raw.metadata
('googleforms', 'Agree', ['Timestamp'])
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from workbench.core.errors import Problem
from workbench.core.formats import SURVEY_FORMATS
from workbench.core.tables import read_rows_noted
from workbench.core.text_table import unique_column_names
from workbench.culture.survey_csv import padded, read_cells
from workbench.culture.survey_fields import (
    SM_PLAIN_ANSWER,
    STATUS_COLUMNS,
    classify,
    known_system_name,
    not_an_answer,
)
from workbench.culture.survey_layouts import (
    HEADER_ROWS,
    cells,
    check_layout,
    detect_format,
    fail,
    normalise,
)

FORMATS = SURVEY_FORMATS  # named once, in workbench.core.formats

_GRID = re.compile(r"(.*\S)\s*\[([^\[\]]*[^\[\]\s][^\[\]]*)\]")  # Google "Question [Row]"
_IMPORT_SUBITEM = re.compile(r'"ImportId"\s*:\s*"QID\d+_\d+"')  # a matrix row: QID2_1
_IMPORT_ID = re.compile(r'"ImportId"\s*:\s*"([^"]+)"')


@dataclass(frozen=True)
class SurveyColumn:
    """One question column of a survey export.

    ``key`` is the column's unique name in :attr:`RawSurvey.frame`; ``text`` the
    wording a person reads (for a matrix item the statement alone); ``question`` the
    full question (``""`` when the same as ``text``); ``letter`` the spreadsheet column.
    """

    key: str
    text: str
    question: str
    letter: str
    # Qualtrics' ImportId (QID12_1), another name a [culture.columns] key may use.
    import_id: str = field(default="", compare=False)


@dataclass
class RawSurvey:
    """A survey export as text, one row per respondent, personal data removed."""

    file: str
    format: str
    frame: pd.DataFrame
    columns: list[SurveyColumn]
    respondent: str | None
    dropped: list[str] = field(default_factory=list)
    metadata: list[str] = field(default_factory=list)
    # Responses left out because the platform marks them as previews or tests: row -> why.
    excluded: dict[int, str] = field(default_factory=dict)
    # What the reader noticed in a workbook export, e.g. rows hidden in Excel (warnings).
    notes: list[Problem] = field(default_factory=list)


def _shared(prefixes: list[str | None]) -> set[str]:
    counts = Counter(p for p in prefixes if p)
    return {p for p, n in counts.items() if n >= 2}


def _split_last_dash(texts: list[str], force: list[bool]) -> list[tuple[str, str]]:
    """(text, question) for Qualtrics: a matrix statement follows the last ' - '."""
    prefixes = [t.rsplit(" - ", 1)[0] if " - " in t else None for t in texts]
    shared = _shared(prefixes)
    out = []
    for text, prefix, sub in zip(texts, prefixes, force, strict=True):
        statement = text.rsplit(" - ", 1)[-1].strip() if prefix is not None else ""
        if prefix is not None and statement and (prefix in shared or sub):
            out.append((statement, text))
        else:
            out.append((text, ""))
    return out


def _msforms_prefix(header: str) -> str | None:
    # Forms joins a Likert question and its statement with a bare "." ("Question.Statement");
    # sentences have a space after their full stops, decimals a digit on both sides.
    for match in re.finditer(r"\.(?=\S)", header):
        start = match.start()
        if start and not (header[start - 1].isdigit() and header[start + 1].isdigit()):
            return header[: start + 1]
    return None


def _describe(fmt: str, header: list[list[str]], width: int) -> list[tuple[str, str, str, str]]:
    """(name, text, question, id) per position; ``name`` becomes the key once unique."""
    pad = [row + [""] * (width - len(row)) for row in header]
    ids = pad[0]
    if fmt in ("qualtrics", "qualtrics_legacy"):
        texts = [t or i for t, i in zip(pad[1], ids, strict=True)]
        force = (
            [bool(_IMPORT_SUBITEM.search(c)) for c in pad[2]]
            if fmt == "qualtrics"
            else [False] * width
        )
        split = _split_last_dash(texts, force)
        names = []
        for column_id, text in zip(ids, pad[1], strict=True):
            # Old exports name the system columns V1, V2... and give the real name in row 2.
            legacy_v = fmt == "qualtrics_legacy" and re.fullmatch(r"V\d+", column_id)
            names.append(text if legacy_v and known_system_name(text) else column_id)
        return [(n, t, q, n) for n, (t, q) in zip(names, split, strict=True)]
    if fmt == "surveymonkey":
        out, question = [], ""
        for top, label in zip(pad[0], pad[1], strict=True):
            question = top or question  # a block's later columns leave row 1 blank
            if normalise(label) in SM_PLAIN_ANSWER | {""}:
                out.append((question, question, "", top))
            else:
                out.append((f"{question} | {label}", label, question, top))
        return out
    if fmt == "googleforms":
        matches = [_GRID.fullmatch(h) for h in ids]
        shared = _shared([m.group(1) if m else None for m in matches])
        return [
            (h, m.group(2).strip(), h, h) if m and m.group(1) in shared else (h, h, "", h)
            for h, m in zip(ids, matches, strict=True)
        ]
    if fmt == "msforms":
        prefixes = [_msforms_prefix(h) for h in ids]
        shared = _shared(prefixes)
        return [
            (h, h[len(p) :].strip(), h, h) if p in shared and h[len(p) :].strip() else (h, h, "", h)
            for h, p in zip(ids, prefixes, strict=True)
        ]
    return [(h, h, "", h) for h in ids]


def parse_survey(
    rows: list[list[str]], file: str, fmt: str = "auto", keep: tuple[str, ...] = ()
) -> RawSurvey:
    """Turn the cells of a survey export into a :class:`RawSurvey`.

    Parameters
    ----------
    rows
        The file's cells row by row, header rows first (text; short rows are padded).
    file
        How problems name the file, e.g. ``"inputs/surveys/2026-05/survey.csv"``.
    fmt
        ``"auto"`` (detect) or one of :data:`FORMATS`.
    keep
        Column keys or headers (case-insensitive) that must never be dropped as
        personal data or set aside as metadata, e.g. a configured demographic.

    Returns
    -------
    RawSurvey
        ``frame`` holds stripped text (``""`` blank) for the respondent-id column and
        every question column; its index is each respondent's spreadsheet row.

    Raises
    ------
    InputError
        Unknown format, a format that does not fit the file, cut-off header rows, or
        no responses.

    Examples
    --------
    >>> raw = parse_survey([["ID", "Start time", "Completion time", "Name", "Team"],
    ...                     ["1", "2026-05-01", "2026-05-01", "Ann Lee", "Ops"]], "f.xlsx")
    >>> raw.format, raw.respondent, raw.dropped, raw.frame.to_dict("index")
    ('msforms', 'ID', ['Name (name)'], {2: {'ID': '1', 'Team': 'Ops'}})
    """
    return _parse(padded(rows), file, fmt, keep)


def _parse(grid: np.ndarray, file: str, fmt: str, keep: tuple[str, ...]) -> RawSurvey:
    """:func:`parse_survey` on the cells of :func:`padded` or :func:`read_cells`."""
    plan = _plan(grid, file, fmt, keep)
    fmt, n_header, header = plan.format, plan.n_header, plan.header
    positions, columns, dropped, metadata = [], [], [], []
    status_positions = []
    respondent = None
    for entry in plan.entries:
        if entry.kind == "personal":
            dropped.append(f"{entry.name} ({entry.reason})")
            continue
        if entry.kind == "metadata":
            metadata.append(entry.name)
            if normalise(entry.name) in STATUS_COLUMNS:
                status_positions.append(entry.position)
            continue
        if entry.kind == "respondent" and respondent is None:
            respondent = entry.key
        positions.append(entry.position)
        letter = get_column_letter(entry.position + 1)
        columns.append(SurveyColumn(entry.key, entry.text, entry.question, letter, entry.import_id))

    body = grid[n_header:]
    frame = _frame(body, n_header + 1, positions, [c.key for c in columns])
    # Columns with neither a header nor an answer (trailing delimiters) are noise.
    empty = [
        c.key
        for c, position in zip(columns, positions, strict=True)
        if not any(h[position] if position < len(h) else "" for h in header)
        and not (frame[c.key] != "").any()
    ]
    if empty:
        frame = frame.drop(columns=empty)
        columns = [c for c in columns if c.key not in empty]
    if frame.empty:
        fail(
            file,
            "The survey export has no responses: there are no rows below the header "
            f"row{'s' if n_header > 1 else ''} (rows 1-{n_header})."
            if n_header > 1
            else "The survey export has no responses: there are no rows below the header row.",
            "Export the responses again after people have answered, and check that it is the "
            "right survey and that no filter hides the responses.",
        )
    excluded = _previews(body, n_header + 1, status_positions, fmt)
    frame = frame.drop(index=[r for r in excluded if r in frame.index])
    return RawSurvey(file, fmt, frame, columns, respondent, dropped, metadata, excluded)


@dataclass(frozen=True)
class _Entry:
    position: int
    key: str
    name: str
    text: str
    question: str
    import_id: str
    kind: str  # "respondent" | "personal" | "metadata" | "question"
    reason: str


@dataclass(frozen=True)
class _Plan:
    format: str
    n_header: int
    header: list[list[str]]
    width: int
    entries: list[_Entry]


def _plan(rows: list[list[str]] | np.ndarray, file: str, fmt: str, keep: tuple[str, ...]) -> _Plan:
    """What every column of an export is, judged from its header rows (see parse_survey)."""
    if fmt != "auto" and fmt not in FORMATS:
        fail(
            file,
            f"'{fmt}' is not a survey format the workbench knows.",
            f"Use one of: auto, {', '.join(FORMATS)}.",
        )
    detected = detect_format(rows)
    fmt = detected if fmt == "auto" else fmt
    check_layout(fmt, detected, rows, file)
    n_header = HEADER_ROWS[fmt]
    header = [cells(rows, i + 1) for i in range(min(n_header, len(rows)))]
    width = rows.shape[1] if isinstance(rows, np.ndarray) else max(map(len, rows))
    described = _describe(fmt, header, width)
    keys = unique_column_names([d[0] for d in described], list(range(width)))
    wanted = {k.strip().casefold() for k in keep}
    imports = _import_ids(header[2]) if fmt == "qualtrics" and len(header) > 2 else {}
    entries = []
    for position, ((name, text, question, column_id), key) in enumerate(
        zip(described, keys, strict=True)
    ):
        label = header[1][position] if fmt == "surveymonkey" and position < len(header[1]) else ""
        kind, reason = classify(fmt, name, column_id, label)
        if {key.casefold(), name.casefold(), column_id.casefold(), text.casefold()} & wanted:
            kind = "question"
        entries.append(
            _Entry(position, key, name, text, question, imports.get(position, ""), kind, reason)
        )
    return _Plan(fmt, n_header, header, width, entries)


def _import_ids(row: list[str]) -> dict[int, str]:
    """Position -> Qualtrics ImportId, from the third header row's JSON cells."""
    found = {}
    for position, cell in enumerate(row):
        match = _IMPORT_ID.search(cell)
        if match:
            found[position] = match.group(1)
    return found


def _previews(body: np.ndarray, first: int, positions: list[int], fmt: str) -> dict:
    """Spreadsheet row -> why it is no answer, for rows marked as previews or tests.

    The first status column that marks a row decides why; each distinct cell is judged once.
    """
    whys = np.full(len(body), "", dtype=object)
    for position in positions:
        codes, uniques = pd.factorize(body[:, position])
        judged = [not_an_answer(str(u), fmt) for u in uniques]
        why = np.array([*judged, ""], dtype=object)[codes]
        whys = np.where(whys == "", why, whys)
    return {first + int(i): str(whys[i]) for i in np.flatnonzero(whys != "")}


def personal_positions(
    rows: list[list[str]], file: str, fmt: str = "auto", keep: tuple[str, ...] = ()
) -> list[int]:
    """The 0-based positions of the columns the import drops as personal data.

    The same judgement as :func:`parse_survey` (same ``fmt`` and ``keep``): the frozen copy
    of a run (:mod:`workbench.culture.scrub`) leaves out exactly these columns.

    Examples
    --------
    >>> personal_positions([["ID", "Start time", "Completion time", "Email", "Team"],
    ...                     ["1", "x", "y", "a@b.org", "Ops"]], "f.xlsx")
    [3]
    """
    return [e.position for e in _plan(rows, file, fmt, tuple(keep)).entries if e.kind == "personal"]


def _stripped(values: np.ndarray) -> np.ndarray:
    """Cells stripped of surrounding spaces, each distinct text stripped once."""
    codes, uniques = pd.factorize(values)
    return np.array([*(str.strip(u) for u in uniques), ""], dtype=object)[codes]


def _frame(body: np.ndarray, first: int, positions: list[int], keys: list[str]) -> pd.DataFrame:
    """The kept cells, stripped, one row per non-blank data row, indexed by row number."""
    columns = {key: _stripped(body[:, p]) for key, p in zip(keys, positions, strict=True)}
    blank = np.ones(len(body), dtype=bool)
    for column in columns.values():
        blank &= column == ""
    # A row is left out only when every cell, kept or not, is blank or spaces.
    for i in np.flatnonzero(blank):
        blank[i] = not "".join(body[i]).strip()
    numbers = np.flatnonzero(~blank) + first
    if not len(numbers):
        return pd.DataFrame(
            {k: pd.Series([], dtype="str") for k in keys}, index=pd.Index([], dtype="int64")
        )
    data = {key: column[~blank] for key, column in columns.items()}
    return pd.DataFrame(data, columns=keys, index=pd.Index(numbers, dtype="int64"), dtype="str")


def read_survey(
    path: Path, fmt: str = "auto", label: str | None = None, keep: tuple[str, ...] = ()
) -> RawSurvey:
    """Read a survey platform's export (CSV, or the first sheet of a workbook).

    See :func:`parse_survey` for the formats, ``fmt`` and ``keep``:
    personal-data columns are dropped as the file is read.

    Examples
    --------
    >>> raw = read_survey(Path("inputs/surveys/2026-05/survey.csv"))  # doctest: +SKIP
    >>> raw.format, raw.respondent  # doctest: +SKIP
    ('qualtrics', 'ResponseId')
    """
    name = label or str(path)
    cells = read_cells(Path(path), name)  # a CSV file read fast, or None
    if cells is not None:
        return _parse(cells, name, fmt, tuple(keep))
    rows, notes = read_rows_noted(Path(path), label=name)
    return replace(parse_survey(rows, name, fmt, tuple(keep)), notes=notes)
