"""How each survey tool lays out its export: header rows, id columns, and telling them apart.

:func:`detect_format` recognises Qualtrics (current three-row and legacy two-row headers),
SurveyMonkey (two header rows), Microsoft Forms, Google Forms and plain one-header tables;
:func:`check_layout` says, with the row and a fix, where an export does not have the layout
of the format it claims. Nothing here reads files.

Examples
--------
>>> detect_format([["Timestamp", "PS1"], ["2026-05-01 09:00", "Agree"]])
'googleforms'
"""

from __future__ import annotations

import re
from typing import NoReturn

from workbench.core.errors import InputError, Problem

HEADER_ROWS = {
    "qualtrics": 3,
    "qualtrics_legacy": 2,
    "surveymonkey": 2,
    "msforms": 1,
    "googleforms": 1,
    "plain": 1,
}


FORMAT_NAMES = {
    "qualtrics": "a Qualtrics export (three header rows)",
    "qualtrics_legacy": "a legacy Qualtrics export (two header rows)",
    "surveymonkey": "a SurveyMonkey export (two header rows)",
    "msforms": "a Microsoft Forms export",
    "googleforms": "a Google Forms export",
    "plain": "a plain table (one header row)",
}


def normalise(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def cells(rows: list[list[str]], number: int) -> list[str]:
    """Row ``number`` (1-based) as stripped cells, ``[]`` past the end."""
    return [str(c).strip() for c in rows[number - 1]] if len(rows) >= number else []


def _is_import_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and sum(
        c.replace(" ", "").startswith('{"ImportId"') for c in filled
    ) * 2 > len(filled)


def _legacy_id_position(row1: list[str], row2: list[str]) -> int | None:
    """Where a legacy Qualtrics export keeps the response id, if row 2 names it."""
    norm1, norm2 = [normalise(c) for c in row1], [normalise(c) for c in row2]
    for position, (name, below) in enumerate(zip(norm1, norm2, strict=False)):
        if below == "responseid" and (name == "responseid" or re.fullmatch(r"v\d+", name)):
            return position
    return None


def detect_format(rows: list[list[str]]) -> str:
    """Which platform wrote a survey export, judged from its header rows.

    Parameters
    ----------
    rows
        The cells of the file row by row (at least the first three rows).

    Returns
    -------
    str
        One of :data:`FORMATS`; ``"plain"`` when no platform's layout fits.

    Examples
    --------
    >>> detect_format([["ResponseId", "Q1"], ["Response ID", "How are you?"], ['{"ImportId":"_recordId"}', '{"ImportId":"QID1"}']])
    'qualtrics'
    >>> detect_format([["ID", "Start time", "Completion time", "Email", "Q1"]])
    'msforms'
    """  # noqa: E501
    row1, row2, row3 = cells(rows, 1), cells(rows, 2), cells(rows, 3)
    names = [normalise(c) for c in row1]
    if _is_import_row(row3) or (row2 and _is_import_row(row2)):
        return "qualtrics"
    if "respondentid" in names and "collectorid" in names:
        return "surveymonkey"
    if _legacy_id_position(row1, row2) is not None:
        return "qualtrics_legacy"
    filled = [n for n in names if n]
    if filled[:1] == ["id"] and "starttime" in filled and "completiontime" in filled:
        return "msforms"
    if filled[:1] == ["timestamp"]:
        return "googleforms"
    return "plain"


def fail(file: str, message: str, fix: str, row: int | None = None) -> NoReturn:
    raise InputError([Problem(file, message, fix, row=row)])


def _surveymonkey_cut(row1: list[str], row2: list[str]) -> str:
    """The respondent id found in row 2 of a SurveyMonkey export ("" if row 2 is a header)."""
    position = next((i for i, c in enumerate(row1) if normalise(c) == "respondentid"), None)
    return row2[position] if position is not None and position < len(row2) else ""


# Cells that are answers, never column headers: an e-mail, a date or time, a number, a
# Likert answer. A first row full of them means the header row was deleted.
_ANSWER_LIKE = re.compile(
    r"^(\S+@\S+\.\w+|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}.*|\d+([.,]\d+)?|"
    r"(strongly |somewhat )?(dis)?agree|neither agree nor disagree|neutral)$",
    re.IGNORECASE,
)


def _refuse_answers_as_header(row1: list[str], file: str) -> None:
    filled = [str(c).strip() for c in row1 if str(c).strip()]
    answers = [c for c in filled if _ANSWER_LIKE.match(c)]
    if len(answers) >= 3 and len(answers) >= len(filled) / 2:
        shown = ", ".join(f"'{c[:30]}'" for c in answers[:3])
        fail(
            file,
            f"Row 1 holds answers ({shown}, ...), not column headers: the header row seems "
            "to have been deleted, so no column can be told apart.",
            "Export the responses again from the survey platform and keep its header row(s).",
            row=1,
        )


def check_layout(fmt: str, detected: str, rows: list[list[str]], file: str) -> None:
    """Raise if the header rows of ``fmt`` are not where that platform puts them."""
    row1, row2, row3 = cells(rows, 1), cells(rows, 2), cells(rows, 3)
    if not any(row1):
        if any(any(str(c).strip() for c in row) for row in rows):
            fail(
                file,
                "Row 1 is blank, but a survey export starts with its header in row 1.",
                "Export the responses again, or delete the blank rows above the header.",
                row=1,
            )
        fail(
            file,
            "The survey export has no responses: the file is empty.",
            "Export the responses again from the survey platform, after people have answered.",
        )
    _refuse_answers_as_header(row1, file)
    again = "Export the responses again and keep the header rows as the platform wrote them"
    if fmt == "qualtrics" and _is_import_row(row2):
        fail(
            file,
            "The export's header rows are cut off: Qualtrics writes three header rows "
            "(column ids, question text, import ids), but the import ids are in row 2, so "
            "one of the first two header rows is missing.",
            again + " (do not delete rows 1-3).",
            row=2,
        )
    if fmt == "surveymonkey" and _surveymonkey_cut(row1, row2):
        fail(
            file,
            "The export's header rows are cut off: SurveyMonkey writes two header rows "
            "(questions, then 'Response' or the answer options), but row 2 already holds "
            f"answers (respondent '{_surveymonkey_cut(row1, row2)}').",
            again + " (do not delete row 2), or, if you removed it on purpose, set the "
            "survey format to 'plain'.",
            row=2,
        )
    if fmt == detected:
        return
    intact = {
        "qualtrics": _is_import_row(row3) and not _is_import_row(row2),
        "surveymonkey": not _surveymonkey_cut(row1, row2),
    }.get(detected, True)
    fits = {
        "qualtrics": _is_import_row(row3),
        "qualtrics_legacy": detected != "qualtrics" and _legacy_id_position(row1, row2) is not None,
        "surveymonkey": detected == "surveymonkey",
        "msforms": detected == "msforms",
        "googleforms": detected == "googleforms",
        # One header row would read intact further header rows as answers.
        "plain": HEADER_ROWS[detected] == 1 or not intact,
    }[fmt]
    if not fits:
        fail(
            file,
            f"The survey format is set to '{fmt}', but the file does not look like "
            f"{FORMAT_NAMES[fmt]}: it looks like {FORMAT_NAMES[detected]}.",
            f"Set the survey format to '{detected}' (or 'auto' to detect it), or export the "
            f"file again from the platform '{fmt}' stands for.",
        )
