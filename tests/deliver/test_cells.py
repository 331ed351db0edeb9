"""Tests for workbench.deliver.cells: what goes into one cell of a client's workbook."""

import numpy as np
import pandas as pd

from workbench.deliver import cells
from workbench.present import tables


def test_neutralise_only_touches_formula_text():
    assert cells.neutralise("=1+1") == "'=1+1"
    assert cells.neutralise("+44 20") == "'+44 20"
    assert cells.neutralise("-2") == "'-2"
    assert cells.neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert cells.neutralise("Acme = good") == "Acme = good"
    assert cells.neutralise(-2) == -2


def test_the_kinds_are_exactly_those_of_the_client_tables():
    assert set(cells.KINDS) == set(tables.FORMATTERS)
    assert set(cells.NUMBER_FORMATS) == set(tables.FORMATTERS) - {"text", "yes/no"}


def test_safe_text_drops_control_characters_and_fits_in_a_cell():
    assert cells.safe_text("@x\x00\x07y") == "'@xy"
    assert len(cells.safe_text("a" * 40_000)) == cells.CELL_LIMIT


def test_cell_values_follow_their_kind_and_missing_ones_are_blank():
    assert cells.cell_value(np.int64(1204), "int") == 1204
    assert isinstance(cells.cell_value(np.int64(1204), "int"), int)
    assert cells.cell_value(2.5, "int") == 2.5
    assert cells.cell_value(pd.NA, "share") is None
    assert cells.cell_value(float("inf"), "2dp") is None
    assert cells.cell_value("n/a", "1dp") == "n/a"  # text in a number column stays text
    assert cells.cell_value(np.False_, "yes/no") == "No"
