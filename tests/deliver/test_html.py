"""Tests for workbench.deliver.html: code-free HTML copies of notebooks."""

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from workbench.deliver import html


def notebook():
    hidden = new_code_cell("secret_consultant_code()", metadata={"tags": ["skip-voila"]})
    hidden.outputs = [new_output("stream", name="stdout", text="consultant notes\n")]
    shown = new_code_cell("views.header(workshop)")
    shown.outputs = [
        new_output(
            "display_data",
            data={
                "text/html": "<b>client view</b>",
                "application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2},
                "text/plain": "x",
            },
        )
    ]
    nb = new_notebook(cells=[hidden, shown])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def test_client_notebook_drops_consultant_cells_and_live_widgets():
    nb = notebook()
    client = html.client_notebook(nb)
    assert len(client.cells) == 1
    assert "widgets" not in client.metadata
    assert html.WIDGET_VIEW not in client.cells[0].outputs[0]["data"]
    assert len(nb.cells) == 2, "the input notebook must not be modified"


def test_html_has_no_code_no_consultant_cells_and_no_cdn():
    page = html.notebook_html(nbformat.from_dict(notebook()))
    assert "<b>client view</b>" in page
    assert "secret_consultant_code" not in page
    assert "consultant notes" not in page
    assert "views.header" not in page
    for external in ('src="http', "src='http", 'href="http', "cdnjs", "jsdelivr", "unpkg"):
        assert external not in page
