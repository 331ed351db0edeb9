"""Excel workbooks a client receives (results.xlsx and the like), safe to open.

Every text cell that a spreadsheet would run as a formula is neutralised first
(CSV/formula injection), headers are frozen and columns sized to their content.
"""

from __future__ import annotations

import io

import pandas as pd

# Spreadsheet apps run a cell that starts with one of these as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
    """A copy of ``frame`` whose text cells and headers cannot run as formulas."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]) and out[column].dtype != bool:
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def workbook_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per frame, every text cell neutralised."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralise_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            sheet.freeze_panes = "A2"
            for cells in sheet.columns:
                width = max(len(str(c.value or "")) for c in cells[:200])
                sheet.column_dimensions[cells[0].column_letter].width = min(max(width + 2, 8), 60)
    return buffer.getvalue()
