"""Clean what a person cannot see in a register's cells, and say what was cleaned.

Text pasted from a web page or a chat, or a file glued onto another, carries characters
nobody can see: a byte-order mark (U+FEFF) or a zero-width space inside an id makes
``"\\ufeffS005"`` a different id from ``"S005"``, and the reference check would ask "Did you
mean 'S005'?" about two ids that look the same. A script or a spreadsheet that saved the ids
as numbers writes ``1.0`` for the id ``1``. :func:`clean_headers` and :func:`clean_cells`
put such cells right and return one warning per column, naming the file, the first row and
the column, so a consultant knows the file differs from what the workbench reads. Nothing
here reads or writes files; :func:`workbench.stakeholders.validation.validate` runs both.

Examples
--------
>>> frame = pd.DataFrame({"id": ["\\ufeffS005", "S6"], "name": ["Ann", "Bob"]})
>>> cleaned, warnings = clean_cells(frame, "stakeholders", "inputs/stakeholders.csv")
>>> cleaned["id"].tolist(), warnings[0].location()
(['S005', 'S6'], "inputs/stakeholders.csv, row 2, column 'id'")
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from workbench.core.errors import Problem
from workbench.core.text_table import spreadsheet_row
from workbench.stakeholders.cell_parsers import whole_number_text

# The columns that hold ids, which must match exactly across tables.
ID_COLUMNS: dict[str, tuple[str, ...]] = {
    "stakeholders": ("id",),
    "relationships": ("source", "target"),
    "ratings": ("rater", "stakeholder"),
}
# In ids every invisible formatting character goes (soft hyphen, byte-order mark,
# zero-width spaces and joiners, direction marks, tag characters). In names and notes only
# those that never carry meaning: joiners and direction marks belong in correct Arabic,
# Persian or Indic text.
_ALL_FORMAT = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)
_NEVER_MEANT = re.compile("[\ufeff\u200b\u2060\u180e]")
_KEEP_AS_TEXT = (
    "Nothing to do: the workbench reads the cleaned value. To make the file match, "
    "retype the cell (or format the column as Text in the spreadsheet) and save it again."
)


def invisible(text: str, id_column: bool = True) -> str:
    """The invisible characters in ``text`` that cleaning removes, named.

    >>> invisible("\\ufeffS005")
    'ZERO WIDTH NO-BREAK SPACE (U+FEFF, a byte-order mark)'
    """
    found = (_ALL_FORMAT if id_column else _NEVER_MEANT).findall(text)
    return ", ".join(dict.fromkeys(_describe(ch) for ch in found))


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "FORMAT CHARACTER")
    extra = ", a byte-order mark" if ch == "\ufeff" else ""
    return f"{name} (U+{ord(ch):04X}{extra})"


def clean_headers(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Remove invisible characters from the header row (so ``"\\ufeffid"`` is ``"id"``).

    >>> frame = pd.DataFrame(columns=["\\ufeffid", "name"])
    >>> clean_headers(frame, "inputs/stakeholders.csv")[0].columns.tolist()
    ['id', 'name']
    """
    renames, problems = {}, []
    for column in frame.columns:
        name = _ALL_FORMAT.sub("", str(column)).strip()
        if name != column and name and name not in frame.columns and name not in renames.values():
            renames[column] = name
            problems.append(
                Problem(
                    file,
                    f"The header '{name}' held an invisible character "
                    f"({invisible(str(column))}); it was removed.",
                    _KEEP_AS_TEXT,
                    row=1,
                    column=name,
                    severity="warning",
                )
            )
    return (frame.rename(columns=renames) if renames else frame), problems


def clean_cells(frame: pd.DataFrame, table: str, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Remove invisible characters and read ids saved as decimals (``1.0``) as ``1``.

    Parameters
    ----------
    frame
        A text table with the table's column names already matched (not modified).
    table
        ``"stakeholders"``, ``"relationships"`` or ``"ratings"``.
    file
        How problems name the file.

    Returns
    -------
    (DataFrame, list of Problem)
        The cleaned copy (``frame`` itself when nothing needed cleaning) and one warning
        per column and kind of cleaning, at the first row it concerns.

    Examples
    --------
    >>> frame = pd.DataFrame({"source": ["1.0", "2.0"], "target": ["2", "3"]})
    >>> cleaned, warnings = clean_cells(frame, "relationships", "inputs/relationships.csv")
    >>> cleaned["source"].tolist(), len(warnings)
    (['1', '2'], 1)
    """
    ids = ID_COLUMNS.get(table, ())
    out, problems = frame, []
    for column in frame.columns:
        values = frame[column].astype("str")
        pattern = _ALL_FORMAT if column in ids else _NEVER_MEANT
        hidden = values.str.contains(pattern)
        if hidden.any():
            out = frame.copy() if out is frame else out
            problems.append(_hidden_warning(values[hidden], column, file, column in ids))
            values = values.where(~hidden, values.str.replace(pattern, "", regex=True).str.strip())
            out[column] = values
        if column not in ids:
            continue
        whole = values.map(whole_number_text)
        decimal = whole != values
        if decimal.any():
            out = frame.copy() if out is frame else out
            problems.append(_decimal_warning(values[decimal], whole[decimal], column, file))
            out[column] = whole
    return out, problems


def _first(cells: pd.Series) -> tuple[int | None, str, str]:
    more = len(cells) - 1
    also = f" (and so are {more} more cell{'s' if more > 1 else ''} of this column)" if more else ""
    return spreadsheet_row(cells.index[0]), str(cells.iloc[0]), also


def _hidden_warning(cells: pd.Series, column: str, file: str, id_column: bool) -> Problem:
    row, value, also = _first(cells)
    names = invisible("".join(cells.head(50)), id_column)
    shown = (_ALL_FORMAT if id_column else _NEVER_MEANT).sub("", value).strip()
    return Problem(
        file,
        f"'{shown}' held an invisible character ({names}): it is removed and the cell is "
        f"read as '{shown}'{also}.",
        _KEEP_AS_TEXT,
        row=row,
        column=column,
        severity="warning",
    )


def _decimal_warning(cells: pd.Series, wholes: pd.Series, column: str, file: str) -> Problem:
    row, value, also = _first(cells)
    whole = wholes.iloc[0]
    return Problem(
        file,
        f"The id '{value}' was saved as a decimal number (a spreadsheet or a script stored "
        f"the ids as numbers): it is read as the id '{whole}'{also}.",
        _KEEP_AS_TEXT,
        row=row,
        column=column,
        severity="warning",
    )
