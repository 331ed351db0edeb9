"""What goes into one cell of a client's Excel workbook: an inert value and its number format.

Every text cell, header and cover line is neutralised first, so nothing a client typed (a
stakeholder called ``=HYPERLINK(...)``) can run as a formula (CSV/formula injection):
:func:`neutralise` and :func:`neutralise_frame` prefix a quote, :func:`safe_text` also drops
the control characters Excel refuses and cuts text to the :data:`CELL_LIMIT` a cell holds.

:func:`cell_value` turns a value of a column into what its cell holds. The kinds
(:data:`KINDS`) are those of :mod:`workbench.present.tables`; :data:`NUMBER_FORMATS` gives
the Excel number format of each numeric kind:

============  ====================  ===========================================
kind          value in the cell     Excel number format
============  ====================  ===========================================
``share``     as is (0.53)          ``0%`` (53%)
``percent``   divided by 100        ``0%``: 53 on the 0-100 scale is stored as
                                    0.53, so it sums and charts as a percentage
``p``         as is (0.0004)        ``< 0.001`` below 0.001, else ``0.000``
``signed``    as is                 ``+0.0;-0.0;0.0``
``int``       as is                 ``#,##0``
``1dp``       as is                 ``0.0``
``2dp``       as is                 ``0.00``
``text``      the text              General
``yes/no``    "Yes" or "No"         General
============  ====================  ===========================================

Missing values (None, NaN, NA, such as suppressed cells) are left blank.

A cell of wrapped text does not grow its row when Excel or LibreOffice opens the file, so
:func:`line_count` estimates how many lines of :data:`LINE_HEIGHT` points the text takes.
"""

from __future__ import annotations

import math

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment

from workbench.present.tables import FORMATTERS

# Spreadsheet apps run a cell that starts with one of these as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {
    "share": "0%",
    "percent": "0%",
    "p": '[<0.001]"< 0.001";0.000',
    "signed": "+0.0;-0.0;0.0",
    "int": "#,##0",
    "1dp": "0.0",
    "2dp": "0.00",
}
KINDS = tuple(FORMATTERS)  # the kinds a Sheet's formats may name
CELL_LIMIT = 32_767  # the most characters an Excel cell holds
LINE_HEIGHT = 15  # points per line of 11 pt text
WRAPPED = Alignment(vertical="top", wrap_text=True)


def neutralise(value: object) -> object:
    """Make a text cell inert in Excel by prefixing a quote when it could run as a formula.

    Examples
    --------
    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise(-2)
    -2
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and headers cannot run as formulas.

    Examples
    --------
    >>> neutralise_frame(pd.DataFrame({"=x": ["@y", 1]})).to_dict("list")
    {"'=x": ["'@y", 1]}
    """
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]) and out[column].dtype != bool:
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def safe_text(value: object) -> str:
    """``value`` as text an Excel cell takes: no control characters, inert, not too long.

    Examples
    --------
    >>> safe_text("=1+1"), safe_text("bell\\x07"), safe_text(["a", "b"])
    ("'=1+1", 'bell', 'a; b')
    """
    if isinstance(value, list | tuple | set | frozenset):
        value = "; ".join(map(str, value))
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return str(neutralise(text))[:CELL_LIMIT]


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and not math.isfinite(value)


def cell_value(value: object, kind: str) -> object:
    """What the cell of a ``kind`` column holds for ``value`` (None: left blank).

    Examples
    --------
    >>> cell_value(53.0, "percent"), cell_value(True, "yes/no"), cell_value(float("nan"), "1dp")
    (0.53, 'Yes', None)
    >>> cell_value("=cmd", "text")
    "'=cmd"
    """
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalar -> Python
    if _missing(value):
        return None
    if kind == "yes/no":
        return "Yes" if bool(value) else "No"
    if kind in NUMBER_FORMATS and not isinstance(value, str):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return safe_text(value)
        if not math.isfinite(number):
            return None
        if kind == "percent":
            return number / 100
        if kind == "int" and number.is_integer():
            return int(number)
        return number
    return safe_text(value)


def line_count(text: str, width: float) -> int:
    """How many lines ``text`` takes when it wraps in a column ``width`` units wide.

    Parameters
    ----------
    text
        The cell's text; each of its own lines starts a new line.
    width
        The column's width in Excel's units (a unit holds about 1.1 characters of text).

    Returns
    -------
    int
        The number of lines, at least one per line of ``text``.

    Examples
    --------
    >>> line_count("short", 20), line_count("x" * 50, 20), line_count("a\\nb", 20)
    (1, 3, 2)
    """
    per_line = max(width * 1.1 - 1, 1)  # a width unit holds about 1.1 characters of text
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))
