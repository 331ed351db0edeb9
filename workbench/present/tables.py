"""Tables as clients see them: human headers, names not ids, rounded numbers, no index.

:func:`labelled_table` is the one way a view shows a table. It renders through pandas'
``Styler`` (the formatting library pandas ships), so every cell is escaped, numbers and their
headers are right-aligned together, and headers can carry a plain-language tooltip. The output
is plain HTML and CSS: it looks the same in JupyterLab, Voila and the exported HTML, and it is
deterministic, so nbval can compare it.

Formats (the ``formats`` argument, per column):

============  ===========================  ==========
kind          for                          shows
============  ===========================  ==========
``share``     a fraction from 0 to 1       ``53%``
``percent``   a number from 0 to 100       ``53%``
``p``         a p-value                    ``p < 0.001``, ``0.048``, ``0.43``
``signed``    a change                     ``+4.2``
``int``       a count                      ``1,204``
``1dp``       a mean or a score            ``3.3``
``2dp``       a coefficient                ``0.82``
``text``      anything else                as is
============  ===========================  ==========

Columns without a format are inferred: booleans show as ✓ and –, whole numbers as counts,
other numbers with one decimal.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping, Sequence
from html import escape

import pandas as pd

TABLE_ROW_LIMIT = 200
YES, NO = "✓", "–"
TABLE_STYLE = """<style>
.wb-table-wrap{max-width:100%;overflow-x:auto;margin:4px 0 12px}
.wb-table{border-collapse:collapse;font-size:13px;line-height:1.35}
/* Cells keep whole words and read left to right, whatever the notebook's own CSS says;
   numeric columns are right-aligned by their table's own rule, which is more specific. */
.wb-table-wrap .wb-table th,.wb-table-wrap .wb-table td{overflow-wrap:normal;word-break:normal;
 text-align:left}
.wb-table th{background:#f2f4f7;text-align:left;padding:5px 8px;border-bottom:2px solid #ccd;
 vertical-align:bottom;font-weight:600}
.wb-table td{padding:4px 8px;border-bottom:1px solid #e4e7ec;vertical-align:top}
.wb-table abbr{text-decoration:underline dotted #889;cursor:help}
.wb-table caption{caption-side:top;text-align:left;font-weight:600;padding:2px 0 6px}
</style>"""


def _p_value(value: float) -> str:
    # Three decimals below 0.1, so 0.048 never reads "0.05" beside a significant mark.
    if value < 0.001:
        return "p < 0.001"
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


FORMATTERS: dict[str, Callable[[object], str]] = {
    "share": lambda v: f"{float(v):.0%}",
    "percent": lambda v: f"{float(v):.0f}%",
    "p": lambda v: _p_value(float(v)),
    "signed": lambda v: f"{float(v):+.1f}",
    "int": lambda v: f"{int(round(float(v))):,}",
    "1dp": lambda v: f"{float(v):.1f}",
    "2dp": lambda v: f"{float(v):.2f}",
    "text": str,
    "yes/no": lambda v: YES if bool(v) else NO,
}
RIGHT_ALIGNED = {"share", "percent", "p", "signed", "int", "1dp", "2dp"}


def format_value(value: object, kind: str) -> str:
    """One value as a table shows it; missing values are blank.

    Examples
    --------
    >>> format_value(0.5321, "share"), format_value(0.0004, "p"), format_value(True, "yes/no")
    ('53%', 'p < 0.001', '✓')
    >>> format_value(0.048, "p"), format_value(0.4321, "p")
    ('0.048', '0.43')
    >>> format_value(float("nan"), "1dp")
    ''
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return FORMATTERS[kind](value)


def infer_format(series: pd.Series) -> str:
    """The format a column gets when the caller names none.

    Examples
    --------
    >>> infer_format(pd.Series([True])), infer_format(pd.Series([3])), infer_format(pd.Series([.5]))
    ('yes/no', 'int', '1dp')
    """
    if pd.api.types.is_bool_dtype(series):
        return "yes/no"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_numeric_dtype(series):
        return "1dp"
    return "text"


def _table_id(frame: pd.DataFrame, caption: str) -> str:
    # Styler scopes its CSS by table id: derive it from the content so two tables on one page
    # never share styles and the same table always renders the same HTML (nbval compares it).
    digest = hashlib.sha1(caption.encode())
    digest.update(pd.util.hash_pandas_object(frame.astype(str), index=False).values.tobytes())
    digest.update("|".join(map(str, frame.columns)).encode())
    return "wb" + digest.hexdigest()[:10]


def labelled_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | Sequence[str] | None = None,
    *,
    formats: Mapping[str, str] | None = None,
    glossary: Mapping[str, str] | None = None,
    caption: str = "",
    limit: int = TABLE_ROW_LIMIT,
) -> str:
    """A client-ready HTML table of ``frame``.

    Parameters
    ----------
    frame
        The data; its index is never shown.
    columns
        Which columns to show, in order, as ``{column: header}``; a list keeps the column
        names as headers. None shows every column as it is named.
    formats
        ``{column: kind}`` with a kind from the table in this module's docstring.
    glossary
        ``{header: explanation}``: a header with an entry gets the explanation as a tooltip.
    caption
        An optional title shown above the table.
    limit
        At most this many rows are shown, with a note saying how many there are.

    Examples
    --------
    >>> frame = pd.DataFrame({"name": ["<b>Ann</b>"], "share": [0.5], "broker": [True]})
    >>> html = labelled_table(frame, {"name": "Name", "share": "Share", "broker": "Broker"},
    ...                       formats={"share": "share"}, glossary={"Broker": "Links groups"})
    >>> "&lt;b&gt;Ann" in html and "<b>Ann" not in html, "50%" in html, "✓" in html
    (True, True, True)
    >>> '<abbr title="Links groups">Broker</abbr>' in html
    True
    """
    if columns is None:
        columns = {c: str(c) for c in frame.columns}
    elif not isinstance(columns, Mapping):
        columns = {c: str(c) for c in columns}
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"labelled_table: no column {missing} in {list(frame.columns)}")
    formats = dict(formats or {})
    glossary = dict(glossary or {})
    note = ""
    if len(frame) > limit:
        note = f'<p class="wb-note">Showing the first {limit} of {len(frame):,} rows.</p>'
        frame = frame.head(limit)
    kinds = {c: formats.get(c) or infer_format(frame[c]) for c in columns}
    shown = pd.DataFrame(
        {header: [format_value(v, kinds[c]) for v in frame[c]] for c, header in columns.items()}
    )
    styler = shown.style.hide(axis="index").set_uuid(_table_id(shown, caption))
    styler = styler.format(escape="html").format_index(
        lambda h: _header(h, glossary), axis=1, escape=None
    )
    right = [h for c, h in columns.items() if kinds[c] in RIGHT_ALIGNED]
    if right:
        styler = styler.set_table_styles(
            {h: [{"selector": "", "props": "text-align:right"}] for h in right}, overwrite=False
        )
    styler = styler.set_table_attributes('class="wb-table"')
    if caption:
        styler = styler.set_caption(escape(caption))
    body = styler.to_html(doctype_html=False, cell_ids=False)
    return f'{TABLE_STYLE}{note}<div class="wb-table-wrap">{body}</div>'


def _header(header: str, glossary: Mapping[str, str]) -> str:
    text = escape(str(header))
    if header in glossary:
        return f'<abbr title="{escape(glossary[header], quote=True)}">{text}</abbr>'
    return text


def table_html(frame: pd.DataFrame, limit: int = TABLE_ROW_LIMIT) -> str:
    """:func:`labelled_table` of every column as it is named (for tables with human names).

    Examples
    --------
    >>> html = table_html(pd.DataFrame({"name": ["<b>Ann</b>"]}))
    >>> "&lt;b&gt;Ann" in html and "<b>Ann" not in html
    True
    """
    return labelled_table(frame, limit=limit)
