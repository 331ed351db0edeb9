"""The text-table form in which input tables pass from reading to validation.

A text table is a DataFrame whose every cell is a stripped string (blanks are ``""``)
under unique column names, so validation sees exactly what the person typed. Its index
keeps each data row's position in the file, even after blank rows are dropped, so
``index + 2`` is the row a person sees in a spreadsheet (the header is row 1). Typed
tables keep that index, which is how every problem can point at a row. Nothing here
reads files: :mod:`workbench.core.tables` does that and hands the cells to :func:`rows_to_frame`.
The helpers at the end (:func:`decode_csv`, :func:`sniff_delimiter`,
:func:`unclosed_quote`) work on bytes and text already read: they turn a CSV file's
content into cells, or say which row stops that.

Examples
--------
>>> frame = rows_to_frame([["id", "name"], ["S1", "Ann"]], "inputs/stakeholders.csv", False)
>>> spreadsheet_row(frame.index[0])
2
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from typing import NoReturn

import pandas as pd
from openpyxl.utils import get_column_letter

from workbench.core.errors import InputError, Problem

SAVE_AS_UTF8 = "Open it in Excel and save it again as 'CSV UTF-8 (Comma delimited)'."


def spreadsheet_row(index: object) -> int | None:
    """The spreadsheet row of a data row, or ``None`` if the index is not a position.

    >>> spreadsheet_row(0), spreadsheet_row("x")
    (2, None)
    """
    try:
        return int(index) + 2  # header = row 1
    except (TypeError, ValueError):
        return None


def cell_text(value: object) -> str:
    """Write one workbook cell value as the text a person would have typed.

    Blank cells become ``""``, booleans ``"true"``/``"false"``, whole-number floats
    lose the ``.0`` Excel adds, dates and times use ISO format.

    >>> cell_text(None), cell_text(3.0), cell_text(True), cell_text(dt.date(2024, 3, 1))
    ('', '3', 'true', '2024-03-01')
    """
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 3 as 3.0
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def rows_to_frame(rows: list[list[str]], name: str, allow_empty: bool) -> pd.DataFrame:
    """Make a text table from rows of cells, the first row being the header.

    Cells are stripped, short rows padded, columns with neither header nor data
    dropped and fully blank rows removed; the index keeps each data row's position.

    Parameters
    ----------
    rows
        The cells row by row, header first.
    name
        How problems name the file, e.g. ``"inputs/stakeholders.csv"``.
    allow_empty
        Return an empty frame for a table without header or data rows (optional
        tables) instead of raising.

    Raises
    ------
    InputError
        No header in row 1, or no data rows (unless ``allow_empty``).

    Examples
    --------
    >>> frame = rows_to_frame([["id", "name"], ["", ""], [" S1", "Ann"]], "t.csv", False)
    >>> frame.index.tolist(), frame.loc[1, "id"]
    ([1], 'S1')
    """
    rows = [[str(cell).strip() for cell in row] for row in rows]
    has_data = any(any(row) for row in rows[1:])
    if not rows or not any(rows[0]):
        if allow_empty and not has_data:
            return pd.DataFrame()
        if has_data:
            problem = Problem(
                name,
                "Row 1 is blank, but the header must be in row 1.",
                "Put the column names in row 1.",
                row=1,
            )
        else:
            problem = Problem(
                name,
                "The file is empty: it has no header row and no data.",
                "Fill in the table, with the column names in row 1.",
            )
        raise InputError([problem])
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    header, body = rows[0], rows[1:]
    keep = [i for i in range(width) if header[i] or any(row[i] for row in body)]
    columns = unique_column_names([header[i] for i in keep], keep)
    frame = pd.DataFrame([[row[i] for i in keep] for row in body], columns=columns, dtype="str")
    if frame.empty:
        frame = pd.DataFrame({c: pd.Series([], dtype="str") for c in columns})
    frame = frame[(frame != "").any(axis=1)]
    if frame.empty and not allow_empty:
        raise InputError(
            [
                Problem(
                    name,
                    "The file has a header row but no data rows.",
                    "Add one row per entry below the header.",
                )
            ]
        )
    return frame


def unique_column_names(header: list[str], positions: list[int]) -> list[str]:
    """Column names for a header row, every one unique.

    A blank header becomes ``"unnamed column <letter>"`` (its spreadsheet column) and a
    repeated name gets ``.1``, ``.2``, ...; validation reports both as warnings.

    >>> unique_column_names(["id", "", "id"], [0, 1, 2])
    ['id', 'unnamed column B', 'id.1']
    """
    names: list[str] = []
    for text, position in zip(header, positions, strict=True):
        base = text or f"unnamed column {get_column_letter(position + 1)}"
        candidate, n = base, 1
        while candidate in names:
            candidate = f"{base}.{n}"
            n += 1
        names.append(candidate)
    return names


def as_text(raw: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``raw`` in text-table form, whatever produced it.

    Missing values become ``""``, every cell a stripped string, column names unique.

    >>> as_text(pd.DataFrame({" id ": ["S1 ", None]})).to_dict("list")
    {'id': ['S1', '']}
    """
    out = raw.copy()
    names = [str(c).strip() for c in out.columns]
    out.columns = unique_column_names(names, list(range(len(names))))
    for column in out.columns:
        out[column] = out[column].map(lambda v: "" if pd.isna(v) else str(v).strip())
        out[column] = out[column].astype("str")
    return out


# ------------------------------------------------------------------ CSV text helpers

_DELIMITERS = (",", ";", "\t")
# A valid UTF-8 sequence of two to four bytes (RFC 3629): plain ASCII never matches.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def sniff_delimiter(text: str) -> str:
    r"""The delimiter of CSV text: whichever of comma, semicolon or tab the header has most.

    >>> sniff_delimiter("id;name\nS1;Ann"), sniff_delimiter("id")
    (';', ',')
    """
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: header.count(sep) for sep in _DELIMITERS}
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))  # ties go to the comma
    return best if counts[best] else ","


def _records(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _quoted_fields(text: str, delimiter: str):
    """(start, end) of every quoted field, ``end`` None if the quote never closes.

    Follows the rules of :mod:`csv`: a quote opens a quoted field only at the start
    of a field, and ``""`` inside it is a literal quote.
    """
    position = text.find('"')
    while position != -1:
        if position == 0 or text[position - 1] in (delimiter, "\n", "\r"):
            end = text.find('"', position + 1)
            while end != -1 and text[end + 1 : end + 2] == '"':
                end = text.find('"', end + 2)
            yield position, (None if end == -1 else end)
            if end == -1:
                return
            position = end
        position = text.find('"', position + 1)


def unclosed_quote(text: str, delimiter: str) -> tuple[int, int, str | None] | None:
    r"""Where a quote opens that swallows the rows after it: (row, line, column) or None.

    That is a quote never closed, or one whose cell runs over lines that look like
    whole rows of the table (as many delimiters as the header), which happens when a
    later stray quote happens to close it. Cells with line breaks typed in Excel
    (Alt+Enter) are not reported. ``row`` counts records as a spreadsheet does (header
    = 1); ``line`` is the line in a text editor; ``column`` is the header of the cell.

    >>> unclosed_quote('id,group\nS1,Board\nS2,"Executives,\nS3,Staff\n', ",")
    (3, 3, 'group')
    >>> unclosed_quote('id,note\nS1,"two\nlines"\n', ",") is None
    True
    """
    header = next(iter(_records(text.split("\n", 1)[0], delimiter)), [])
    for start, end in _quoted_fields(text, delimiter):
        inside = text[start + 1 : end].splitlines()[1:]
        if end is None or any(line.count(delimiter) >= max(len(header) - 1, 2) for line in inside):
            break
    else:
        return None
    before = _records(text[:start], delimiter)
    if not before or text[:start].endswith(("\n", "\r")):
        row, field = len(before) + 1, 0
    else:  # the quote opens a later cell of the last record started
        row, field = len(before), len(before[-1]) - 1
    line = len((text[:start] + "x").splitlines())
    return row, line, (header[field] or None) if field < len(header) else None


def long_cell(rows: list[list[str]], limit: int) -> tuple[int, str, int, int] | None:
    """The first cell longer than ``limit``: (row, column, length, lines), or None.

    ``row`` counts as a spreadsheet does (header = 1); ``column`` is the cell's header,
    or its letter when the header is blank.

    >>> long_cell([["id", ""], ["S1", "x" * 9]], 8), long_cell([["id"]], 8)
    ((2, 'B', 9, 1), None)
    """
    for number, row in enumerate(rows, start=1):
        for position, cell in enumerate(row):
            if len(cell) > limit:
                header = rows[0][position].strip() if position < len(rows[0]) else ""
                column = header or get_column_letter(position + 1)
                return number, column, len(cell), cell.count("\n") + 1
    return None


def utf16_without_bom(data: bytes) -> str | None:
    r"""Decode UTF-16 bytes that lack a byte-order mark, or None if they do not look so.

    Text that is mostly ASCII, as CSV is, has a NUL in every other byte in UTF-16:
    the odd bytes in little-endian order, the even ones in big-endian.

    >>> utf16_without_bom("id,name".encode("utf-16-be")), utf16_without_bom(b"a\x00\x00")
    ('id,name', None)
    """
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if len(data) % 2 or max(even, odd) * 8 < len(data) or min(even, odd) * 10 > max(even, odd):
        return None
    try:
        text = data.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def non_utf8_cell(data: bytes) -> tuple[int, str | None, str, list[int]] | None:
    r"""Find the first line that is not UTF-8 in a file that otherwise is.

    Returns ``(row, column, cell, other_rows)``: the line number of the first line
    that does not decode as UTF-8 (header = row 1), the header of its bad cell, that
    cell decoded as Windows-1252 (what the person probably typed) and the numbers of
    the other such lines. Returns None when every line is UTF-8, or when the bytes
    hold no valid multi-byte UTF-8 sequence (the file is all in another encoding).

    >>> non_utf8_cell("id,name\nS1,Dána\nS2,".encode() + "Zoë".encode("cp1252"))
    (3, 'name', 'Zoë', [])
    """
    if not _UTF8_MULTIBYTE.search(data):
        return None
    bad: list[tuple[int, int]] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad.append((number, exc.start))
    if not bad:
        return None
    (row, offset), line = bad[0], data.split(b"\n")[bad[0][0] - 1]
    first = data.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    delimiter = sniff_delimiter(first)
    prefix = _records(line[:offset].decode("utf-8", errors="replace"), delimiter)
    field = max(len(prefix[0]) - 1, 0) if prefix else 0
    cells = next(iter(_records(line.decode("cp1252", errors="replace"), delimiter)), [""])
    header = next(iter(_records(first, delimiter)), [])
    column = (header[field] or None) if row > 1 and field < len(header) else None
    return row, column, cells[min(field, len(cells) - 1)].strip(), [n for n, _ in bad[1:]]


def _fail(
    name: str, message: str, fix: str, row: int | None = None, column: str | None = None
) -> NoReturn:
    raise InputError([Problem(name, message, fix, row, column)])


def decode_csv(data: bytes, name: str) -> str:
    r"""The text of a CSV file's bytes, whichever encoding Excel or an editor used.

    UTF-8 (with or without a byte-order mark), UTF-16 (with or without one) and
    Windows-1252 are read. ``name`` is how problems name the file.

    Raises
    ------
    InputError
        The encoding is unknown, or a UTF-8 file has rows in another encoding (decoding
        it all as Windows-1252 would garble every accented letter in the UTF-8 rows).

    >>> decode_csv("id,name\nS1,Zoë".encode("cp1252"), "t.csv")
    'id,name\nS1,Zoë'
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            _fail(name, "The file says it is UTF-16 but cannot be decoded.", SAVE_AS_UTF8)
    if b"\x00" in data:  # before UTF-8: UTF-16 text is valid UTF-8, NULs and all
        text = utf16_without_bom(data)
        if text is None:
            _fail(name, "The file is not text in a known encoding.", SAVE_AS_UTF8)
        return text
    try:
        return data.decode("utf-8-sig")  # also strips the BOM Excel adds
    except UnicodeDecodeError:
        pass
    mixed = non_utf8_cell(data)
    if mixed is not None:  # decoding it all as Windows-1252 would garble the UTF-8 rows
        row, column, cell, others = mixed
        also = ""
        if len(others) == 1:
            also = f" Row {others[0]} has the same problem."
        elif others:
            more = f" and {len(others) - 5} more" if len(others) > 5 else ""
            also = f" Rows {', '.join(map(str, others[:5]))}{more} have the same problem."
        _fail(
            name,
            "The file mixes two text encodings: this row is not UTF-8 while the rest of the "
            f"file is (the cell reads '{cell}' in Windows-1252).{also}",
            f"Retype '{cell}', then save the file again as UTF-8 (in Excel: 'CSV UTF-8 "
            "(Comma delimited)') and check that the other accented letters still look right.",
            row,
            column,
        )
    try:
        # Excel's plain "CSV (Comma delimited)" on Windows writes Windows-1252.
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        _fail(
            name,
            f"The file's text encoding is unknown (byte {data[exc.start]:#04x} at position "
            f"{exc.start} is neither UTF-8 nor Windows-1252).",
            SAVE_AS_UTF8,
        )
