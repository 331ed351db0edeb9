"""`workbench run` with a real kernel (papermill), on a copy of the demo."""

from datetime import datetime

import nbformat
import openpyxl
import pytest

from workbench import cli
from workbench.errors import InputError
from workbench.run import new_run_dir, run

pytestmark = pytest.mark.slow


def snapshot_files(folder):
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_run_dirs_are_never_reused(tmp_path):
    now = datetime(2026, 11, 22, 10, 15, 0)
    first, second = new_run_dir(tmp_path, now), new_run_dir(tmp_path, now)
    assert first != second and first.name == "2026-11-22T101500" and second.name.endswith("-2")


def test_run_writes_notebooks_html_and_results_without_touching_inputs(demo_copy, capsys):
    inputs = snapshot_files(demo_copy / "inputs")
    assert cli.main(["run", str(demo_copy)]) == 0
    assert "workbench run" in capsys.readouterr().err  # the progress bar
    (out,) = [p for p in (demo_copy / "outputs").iterdir()]
    nb = nbformat.read(out / "stakeholder_mapping.ipynb", as_version=4)
    assert any(c.get("outputs") for c in nb.cells)
    assert "widgets" not in nb.metadata and "papermill" not in nb.metadata
    html = (out / "stakeholder_mapping.html").read_text()
    assert "Northwind" in html and "mapping.analyse" not in html and 'src="http' not in html
    book = openpyxl.load_workbook(out / "results.xlsx")
    header = [c.value for c in book["stakeholders"][1]]
    for column in ("id", "name", "quadrant", "strategy", "salience", "betweenness", "community"):
        assert column in header
    names = [row[header.index("name")] for row in book["stakeholders"].iter_rows(values_only=True)]
    assert "<img src=x onerror=alert(1)> Ltd" in names
    assert snapshot_files(demo_copy / "inputs") == inputs

    # A second run lands next to the first and leaves it alone.
    first = snapshot_files(out)
    second = run(demo_copy, progress=False)
    assert second != out and snapshot_files(out) == first


def test_bad_inputs_stop_the_run_before_anything_executes(demo_copy):
    file = demo_copy / "inputs" / "relationships.csv"
    file.write_text(file.read_text() + "S001,S999,works with,3,0\n")
    with pytest.raises(InputError, match=r"relationships.csv, row \d+, column 'target'.*S999"):
        run(demo_copy, progress=False)
    assert list((demo_copy / "outputs").iterdir()) == []
