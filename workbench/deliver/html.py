"""Code-free HTML copies of executed notebooks: what a client may see, offline.

Consultant-only cells (tagged :data:`~workbench.core.labels.CONSULTANT_TAG`) are removed and
live widgets fall back to the static copy each panel carries.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from workbench.core import paths
from workbench.core.labels import CONSULTANT_TAG

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


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
    """:func:`notebook_html` of the notebook file at ``path``."""
    return notebook_html(nbformat.read(path, as_version=4))
