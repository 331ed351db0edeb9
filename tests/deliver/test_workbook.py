"""Tests for workbench.deliver.workbook: safe Excel workbooks."""

import io

import openpyxl
import pandas as pd

from workbench.deliver import workbook


def test_neutralise_only_touches_formula_text():
    assert workbook.neutralise("=1+1") == "'=1+1"
    assert workbook.neutralise("+44 20") == "'+44 20"
    assert workbook.neutralise("-2") == "'-2"
    assert workbook.neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert workbook.neutralise("Acme = good") == "Acme = good"
    assert workbook.neutralise(-2) == -2


def test_workbook_neutralises_cells_and_keeps_numbers():
    frame = pd.DataFrame({"name": ['=HYPERLINK("http://evil")', "Acme"], "attitude": [-2, 1]})
    data = workbook.workbook_bytes({"stakeholders": frame})
    sheet = openpyxl.load_workbook(io.BytesIO(data))["stakeholders"]
    assert sheet["A2"].value == '\'=HYPERLINK("http://evil")'
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -2
    assert sheet.freeze_panes == "A2"
