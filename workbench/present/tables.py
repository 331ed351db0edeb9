"""Tables as the apps show them: escaped HTML, cut at a row limit with a note saying so."""

from __future__ import annotations

import pandas as pd

TABLE_ROW_LIMIT = 200


def table_html(frame: pd.DataFrame, limit: int = TABLE_ROW_LIMIT) -> str:
    """An escaped HTML table without the index, cut at ``limit`` rows with a note saying so.

    Examples
    --------
    >>> html = table_html(pd.DataFrame({"name": ["<b>Ann</b>"]}))
    >>> "&lt;b&gt;Ann" in html and "<b>Ann" not in html
    True
    """
    note = ""
    if len(frame) > limit:
        note = f'<p class="wb-note">Showing the first {limit} of {len(frame)} rows.</p>'
        frame = frame.head(limit)
    body = frame.to_html(index=False, escape=True, border=0, classes="wb-table", na_rep="")
    return note + body
