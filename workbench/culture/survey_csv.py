"""A fast way to read a large survey export's CSV cells, giving what the table reader gives.

:func:`workbench.core.tables.read_rows` reads a CSV file with the :mod:`csv` module into a
list of lists, one Python string per cell, and checks every cell's length in a Python loop:
for an export of 100,000 respondents that takes seconds and a gigabyte of memory.
:func:`read_cells` reads the same files with pandas' C parser into one 2-D array (pandas
shares each distinct answer text between the cells that hold it), after the same checks the
table reader makes (size, kind of file, encoding, delimiter, unclosed quotes, cell length).

It takes only the files on which both parsers agree: every quote opens a field and closes it
before a delimiter or a line end (``""`` inside a quoted field is a quote), and no line,
quoted cell or row is out of the ordinary (a byte-order mark left in the text, a row longer
than the first). For anything else it returns None and the caller reads the file with the
table reader, which also raises the error a bad file deserves: never a different answer.

Examples
--------
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "survey.csv"
>>> _ = path.write_text('id,note\\n1,"a, b"\\n\\n2,\\n', encoding="utf-8")
>>> read_cells(path, "survey.csv").tolist()
[['id', 'note'], ['1', 'a, b'], ['', ''], ['2', '']]
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.core.sniff import HEAD_BYTES, binary_kind
from workbench.core.tables import EXCEL_CELL_CHARS, MAX_FILE_BYTES
from workbench.core.text_table import decode_csv, sniff_delimiter, unclosed_quote

# A quoted field: a quote, then anything but a quote or doubled quotes, then a quote.
_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"')
_LINE_ENDS = ("\n", "\r")


def _plain_quoting(text: str, delimiter: str) -> bool:
    """True when every quote in ``text`` belongs to a well-formed quoted field.

    A quoted field must start a field (after a delimiter, a line end or the start of the
    text) and end one (before a delimiter, a line end or the end of the text), and no
    quoted cell may be longer than a spreadsheet cell.
    """
    total = text.count('"')
    if not total:
        return True
    ends = (delimiter, *_LINE_ENDS)
    seen = 0
    for match in _QUOTED.finditer(text):
        start, end = match.span()
        if start and text[start - 1] not in ends:
            return False
        if end < len(text) and text[end] not in ends:
            return False
        if end - start - 2 > EXCEL_CELL_CHARS:
            return False  # the table reader says which cell is too long
        seen += text.count('"', start, end)
    return seen == total


def _text(path: Path, name: str) -> str | None:
    """The file's text after the table reader's checks, or None to leave it to that reader."""
    try:
        if path.suffix.lower() != ".csv" or path.stat().st_size > MAX_FILE_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if b"\x00" in data or binary_kind(data[:HEAD_BYTES]) is not None:
        return None
    return decode_csv(data, name)  # raises as the table reader would, with the same words


def read_cells(
    path: Path, name: str, lengths: bool = False
) -> np.ndarray | tuple[np.ndarray, np.ndarray] | None:
    """Every cell of a CSV survey export, row by row, padded with "" to the widest row.

    Parameters
    ----------
    path
        The export (a ``.csv`` file).
    name
        How problems name the file.

    Returns
    -------
    numpy.ndarray or None
        A 2-D object array of text, one row per record of the file (blank lines included,
        as blank rows); None when the file needs :func:`workbench.core.tables.read_rows`.
        With ``lengths``, also how many cells each record has in the file (what the table
        reader's row holds before padding).

    Raises
    ------
    InputError
        The file's encoding is unknown or mixed (the same message as the table reader's).
    """
    text = _text(Path(path), name)
    if text is None or not text or text.isspace() or text.startswith("\ufeff"):
        return None
    delimiter = sniff_delimiter(text)
    if unclosed_quote(text, delimiter) is not None or not _plain_quoting(text, delimiter):
        return None
    # With each quoted field (no longer than a cell, see above) replaced by one letter, every
    # line is one record, and no unquoted cell is longer than its line.
    lines = _lines(text)
    if max(map(len, lines)) > EXCEL_CELL_CHARS:
        return None  # a cell may be too long: the table reader names it
    widths = _widths(lines, delimiter) if lengths else None
    del lines
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    try:
        frame = pd.read_csv(
            io.BytesIO(encoded),
            sep=delimiter,
            header=None,
            dtype=object,
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL,
            quotechar='"',
            doublequote=True,
            escapechar=None,
            engine="c",
            encoding="utf-8",
        )
    except (pd.errors.ParserError, ValueError):
        return None  # e.g. a row longer than the first: the table reader pads it
    del encoded
    cells = np.empty(frame.shape, dtype=object)
    for position in range(frame.shape[1]):  # column by column: no copy of the whole table
        cells[:, position] = frame[position].to_numpy(dtype=object)
    if widths is None:
        return cells
    return (cells, widths) if len(widths) == len(cells) else None


def _lines(text: str) -> list[str]:
    """The records of CSV text as lines, each quoted field replaced by the letter q.

    Lines break as the csv module breaks them (not as str.splitlines does).
    """
    plain = _QUOTED.sub("q", text) if '"' in text else text
    # Records end at CR LF, CR or LF, as the csv module sees them (str.splitlines also
    # breaks at other characters, such as the form feed, that a cell may hold).
    if "\r" in plain:
        plain = plain.replace("\r\n", "\n")
        plain = plain.replace("\r", "\n") if "\r" in plain else plain
    lines = plain.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the text ends with a line break, not with an empty record
    return lines


def _widths(lines: list[str], delimiter: str) -> np.ndarray:
    count = str.count
    return np.array([count(line, delimiter) + 1 if line else 0 for line in lines], np.int64)


def record_widths(text: str, delimiter: str) -> np.ndarray:
    r"""How many cells the csv module reads in each record of ``text`` (0 for a blank line).

    Only for text whose quoting :func:`_plain_quoting` accepts.

    Examples
    --------
    >>> record_widths('a,b\n\n"x,\ny",\n""', ",").tolist()
    [2, 0, 2, 1]
    """
    return _widths(_lines(text), delimiter)


def padded(rows: list[list[str]]) -> np.ndarray:
    """Rows of cells as one 2-D object array, short rows padded with "" (as :func:`read_cells`).

    Examples
    --------
    >>> padded([["a", "b"], [], ["c"]]).tolist()
    [['a', 'b'], ['', ''], ['c', '']]
    """
    width = max(map(len, rows), default=0)
    grid = np.empty((len(rows), width), dtype=object)
    grid[:] = ""
    for number, row in enumerate(rows):
        grid[number, : len(row)] = row
    return grid
