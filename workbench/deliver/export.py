"""Client-facing exports: results.xlsx and HTML copies of notebooks without code."""

from __future__ import annotations

import io
from pathlib import Path

import nbformat
import pandas as pd
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from workbench.core import paths

# Spreadsheet apps run a cell that starts with one of these as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CONSULTANT_TAG = "skip-voila"


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


def client_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """What a client may see: consultant-only cells removed, live widgets replaced by snapshots."""
    nb = nbformat.from_dict(nb)
    nb.metadata.pop("widgets", None)
    nb.cells = [c for c in nb.cells if CONSULTANT_TAG not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
    return nb


def notebook_html(nb: nbformat.NotebookNode) -> str:
    """Standalone HTML of an executed notebook: no code, no CDN, consultant cells removed."""
    exporter = HTMLExporter(
        template_name="workbench_export",
        extra_template_basedirs=[str(paths.NBCONVERT_TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={CONSULTANT_TAG}, enabled=True), enabled=True
    )
    body, _ = exporter.from_notebook_node(client_notebook(nb))
    return body


def notebook_file_html(path: Path) -> str:
    return notebook_html(nbformat.read(path, as_version=4))
