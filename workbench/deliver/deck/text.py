"""The deck's words: client text made safe for slides and chart workbooks, and the dates,
survey waves, run names, counts and keys of the analysis written for people.

Examples
--------
>>> _wave("2026-05"), _wave("baseline")
('May 2026', 'baseline')
>>> _run("2026-11-22T101500-2")
'22 November 2026, 10:15 (run 2)'
>>> _plural(1, "group"), _plural(3, "group"), _human("relationship_type")
('1 group', '3 groups', 'Relationship type')
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from workbench.deliver.workbook import neutralise

ATTITUDE_LABELS = {
    "blocker": "Blockers",
    "critic": "Critics",
    "neutral": "Neutral",
    "supporter": "Supporters",
    "champion": "Champions",
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_STAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})\d{2}(?:-(\d+))?")


def clean(value: object) -> str:
    """``value`` as text without the characters XML forbids (control characters, lone
    surrogates); missing values become empty text.

    Examples
    --------
    >>> clean("<img src=x onerror=alert(1)>"), clean(None), clean(float("nan"))
    ('<img src=x onerror=alert(1)>', '', '')
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _NOT_XML.sub("", str(value))


def chart_text(value: object) -> str:
    """A chart category or series name: :func:`clean`, then inert as a spreadsheet cell.

    Examples
    --------
    >>> chart_text("+1 team"), chart_text("Open communication")
    ("'+1 team", 'Open communication')
    """
    return neutralise(clean(value))


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _wave(wave: str) -> str:
    """ "2026-05" as "May 2026"; any other wave name as it is."""
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(wave)):
        return f"{date(int(wave[:4]), int(wave[5:]), 1):%B %Y}"
    return clean(wave)


def _run(run_name: str) -> str:
    """A run folder's stamp (2026-11-22T101500) as words; any other name as it is."""
    found = _STAMP.fullmatch(run_name)
    if not found:
        return clean(run_name)
    year, month, day, hour, minute, again = found.groups()
    label = f"{_day(date(int(year), int(month), int(day)))}, {hour}:{minute}"
    return label + (f" (run {again})" if again else "")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _human(key: str) -> str:
    return clean(key).replace("_", " ").strip().capitalize()
