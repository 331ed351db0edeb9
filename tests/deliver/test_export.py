import io

import nbformat
import openpyxl
import pandas as pd
from nbformat.v4 import new_code_cell, new_notebook, new_output

from workbench.deliver import export


def test_neutralise_only_touches_formula_text():
    assert export.neutralise("=1+1") == "'=1+1"
    assert export.neutralise("+44 20") == "'+44 20"
    assert export.neutralise("-2") == "'-2"
    assert export.neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert export.neutralise("Acme = good") == "Acme = good"
    assert export.neutralise(-2) == -2


def test_workbook_neutralises_cells_and_keeps_numbers():
    frame = pd.DataFrame({"name": ['=HYPERLINK("http://evil")', "Acme"], "attitude": [-2, 1]})
    data = export.workbook_bytes({"stakeholders": frame})
    sheet = openpyxl.load_workbook(io.BytesIO(data))["stakeholders"]
    assert sheet["A2"].value == '\'=HYPERLINK("http://evil")'
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -2
    assert sheet.freeze_panes == "A2"


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
    client = export.client_notebook(nb)
    assert len(client.cells) == 1
    assert "widgets" not in client.metadata
    assert export.WIDGET_VIEW not in client.cells[0].outputs[0]["data"]
    assert len(nb.cells) == 2, "the input notebook must not be modified"


def test_html_has_no_code_no_consultant_cells_and_no_cdn():
    html = export.notebook_html(nbformat.from_dict(notebook()))
    assert "<b>client view</b>" in html
    assert "secret_consultant_code" not in html
    assert "consultant notes" not in html
    assert "views.header" not in html
    for external in ('src="http', "src='http", 'href="http', "cdnjs", "jsdelivr", "unpkg"):
        assert external not in html
