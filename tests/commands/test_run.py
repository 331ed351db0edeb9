"""`workbench run` with a real kernel (papermill), on a copy of the demo.

The full runs are the session's shared ones (demo_run, demo_rerun in conftest.py); the tests
here that stop a run early make their own demo copy.
"""

import urllib.request
from datetime import datetime

import nbformat
import openpyxl
import pytest
from demo import hostile
from live import portal

from workbench.commands import run as run_module
from workbench.commands import staging
from workbench.commands.run import run
from workbench.core import paths
from workbench.core.errors import InputError, RunError
from workbench.design import playbook
from workbench.design import wording as design_wording
from workbench.portal.serve import app_dir
from workbench.stakeholders import workshop

pytestmark = pytest.mark.slow


def snapshot_files(folder):
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_run_names_are_never_reused(tmp_path):
    now = datetime(2026, 11, 22, 10, 15, 0)
    published = []
    for _ in range(2):
        folder = staging.start(tmp_path)
        (folder / "results.xlsx").write_text("a run")
        published.append(
            staging.publish(folder, tmp_path, staging.reserve_name(tmp_path, folder, now))
        )
    assert [p.name for p in published] == ["2026-11-22T101500", "2026-11-22T101500-2"]
    assert not (published[0] / staging.OWNER).exists()  # the owner file stays in staging


def test_the_kernel_log_stays_out_of_the_progress_output(tmp_path, capfd):
    """ipykernel warns 'Kernel is running over TCP without encryption' on the terminal."""
    template = tmp_path / "tiny.ipynb"
    cell = nbformat.v4.new_code_cell("engagement_path = None")
    cell.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[cell, nbformat.v4.new_code_cell("print(engagement_path)")])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, template)
    run_module.execute(template, tmp_path / "done.ipynb")
    done = nbformat.read(tmp_path / "done.ipynb", as_version=4)
    assert done.cells[-1].outputs[0]["text"] == "engagement\n"  # it really ran
    err = capfd.readouterr().err
    assert "without encryption" not in err and "WARNING" not in err, err


def test_library_warnings_are_quiet_during_a_run_only(capsys):
    import logging
    import warnings

    with run_module._quiet_libraries():
        warnings.warn("noisy library", DeprecationWarning, stacklevel=1)
        logging.getLogger("traitlets").warning("noisy log")
        assert logging.getLogger("papermill").level == logging.ERROR
    assert "noisy" not in capsys.readouterr().err
    assert logging.getLogger("papermill").level == logging.NOTSET  # as it was
    with pytest.warns(DeprecationWarning):
        warnings.warn("heard again", DeprecationWarning, stacklevel=1)


def test_run_writes_notebooks_html_and_results_without_touching_inputs(demo_run):
    assert demo_run.exit_code == 0  # `workbench run` on the command line
    assert "workbench run" in demo_run.stderr  # the progress bar
    (out,) = [p for p in (demo_run.engagement / "outputs").iterdir()]
    assert (out / "engagement" / "inputs" / "stakeholders.csv").is_file()  # frozen copy
    # The demo's export holds respondents' e-mails and IP addresses; the run's copy must not.
    raw = (demo_run.engagement / "inputs" / "surveys" / "2026-05" / "survey.csv").read_text()
    assert "@example.com" in raw and "198.51.100." in raw
    frozen = (out / "engagement" / "inputs" / "surveys" / "2026-05" / "survey.csv").read_text()
    assert "@example.com" not in frozen and "198.51.100." not in frozen
    assert frozen.count("\n") == raw.count("\n")  # every respondent kept
    nb = nbformat.read(out / "stakeholder_mapping.ipynb", as_version=4)
    assert any(c.get("outputs") for c in nb.cells)
    assert "widgets" not in nb.metadata and "papermill" not in nb.metadata
    html = (out / "stakeholder_mapping.html").read_text()
    assert "Northwind" in html and "mapping.analyse" not in html and 'src="http' not in html
    book = openpyxl.load_workbook(out / "results.xlsx")
    assert book.sheetnames[0] == "About"  # the cover
    header = [c.value for c in book["Stakeholders"][1]]
    for column in ("Ref.", "Name", "Quadrant", "Strategy", "Salience", "Brokerage", "Community"):
        assert column in header
    names = [row[header.index("Name")] for row in book["Stakeholders"].iter_rows(values_only=True)]
    assert "Ashcombe Software Licensing Ltd" in names  # hostile names: see the test below
    assert snapshot_files(demo_run.engagement / "inputs") == demo_run.inputs_before
    _assert_models_exported(out)
    # Each workshop was analysed once, by the run, and handed to its notebook.
    saved = sorted(p.name for p in (out / "engagement" / paths.HANDOFF).iterdir())
    assert saved == ["culture.pickle", "design.pickle", "stakeholders.pickle"]
    assert workshop.analyse(str(out / "engagement")).summary.equals(
        workshop.analyse(demo_run.engagement).summary
    )


def test_a_name_with_html_reaches_results_xlsx_as_plain_text(demo_copy):
    hostile.make_hostile(demo_copy)
    out = run(demo_copy, templates=(), progress=False)  # results.xlsx without any notebook
    book = openpyxl.load_workbook(out / "results.xlsx")
    cells = {value for sheet in book for row in sheet.iter_rows(values_only=True) for value in row}
    assert hostile.HOSTILE_NAME in cells  # verbatim: neither escaped nor dropped


def test_a_second_run_lands_next_to_the_first_and_leaves_it_alone(demo_rerun):
    first = demo_rerun.first
    assert demo_rerun.second != first and snapshot_files(first) == demo_rerun.first_files


def test_bad_inputs_stop_the_run_before_anything_executes(demo_copy):
    file = demo_copy / "inputs" / "relationships.csv"
    file.write_text(file.read_text() + "S001,S999,works with,3,0\n")
    with pytest.raises(InputError, match=r"relationships.csv, row \d+, column 'target'.*S999"):
        run(demo_copy, progress=False)
    assert list((demo_copy / "outputs").iterdir()) == []


def test_a_failed_run_is_kept_aside_and_never_served(demo_copy, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RunError("kernel died at /somewhere")

    monkeypatch.setattr(run_module, "execute", broken)
    with pytest.raises(RunError, match="kernel died"):
        run(demo_copy, progress=False)
    leftovers = [p.name for p in (demo_copy / "outputs").iterdir()]
    assert len(leftovers) == 1 and leftovers[0].startswith(".failed-")
    assert (demo_copy / "outputs" / leftovers[0] / "engagement").is_dir()  # kept for a look
    with pytest.raises(Exception, match="no finished notebooks yet"):
        app_dir(str(demo_copy))


def test_the_demo_cannot_be_run_into_the_package():
    with pytest.raises(RunError, match="workbench new PATH --demo"):
        run("demo", progress=False)


def test_bad_workshop_changes_stop_the_run_with_row_and_column(demo_copy):
    changes = demo_copy / "workshop" / "adjustments.csv"
    changes.write_text("id,influence,interest,attitude\nS001,high,3,0\n")
    with pytest.raises(InputError, match=r"workshop/adjustments.csv, row 2, column 'influence'"):
        run(demo_copy, progress=False)
    assert list((demo_copy / "outputs").iterdir()) == []


def test_serving_a_run_shows_the_data_it_was_run_with(demo_run_copy):
    (out,) = (demo_run_copy / "outputs").iterdir()
    register = demo_run_copy / "inputs" / "stakeholders.csv"
    register.write_text(register.read_text().replace("Dana Whitfield", "Renamed Later"))
    with portal(app_dir(str(demo_run_copy))) as server:  # its own: it serves this copy's run
        page = urllib.request.urlopen(
            server.url + "/voila/render/stakeholder_mapping.ipynb", timeout=120
        ).read()
    assert out == app_dir(str(demo_run_copy))
    assert b"Dana Whitfield" in page and b"Renamed Later" not in page


def _assert_models_exported(out):
    """The relationship models reach results.xlsx, the playbooks and their workbook."""
    book = openpyxl.load_workbook(out / "results.xlsx")
    rows = list(book["Relationship models"].values)
    assert list(rows[0]) == [
        design_wording.COLUMN_LABELS[c] for c in playbook.MODELS_SHEET_COLUMNS
    ]  # human headers, from the one place they are written
    assert not any("_" in str(h) for h in rows[0])
    assert {row[0] for row in rows[1:]} >= {"Customers", "Executives", "Suppliers"}
    assert (out / "engagement" / "workshop" / "models" / "customers.toml").is_file()
    playbooks = sorted(p.name for p in (out / "playbooks").glob("*.html"))
    assert "executives.html" in playbooks and len(playbooks) == 6
    assert (
        "Relationship playbook: Executives" in (out / "playbooks" / "executives.html").read_text()
    )
    models = openpyxl.load_workbook(out / "relationship_models.xlsx")
    assert models.sheetnames[:2] == ["About", "Summary"]
    assert "Regulators & Auditors" in models.sheetnames
    html = (out / "relationship_model_design.html").read_text()
    assert "Journey canvas" in html and "design_workshop.analyse" not in html


def test_a_broken_model_stops_the_run_and_names_the_field(demo_copy):
    file = demo_copy / "workshop" / "models" / "partners.toml"
    file.write_text(file.read_text().replace('journey = "service"', 'journey = "sales"'))
    with pytest.raises(InputError, match=r"partners.toml, field 'journey'.*service, generic"):
        run(demo_copy, progress=False)
    assert not list((demo_copy / "outputs").iterdir())


def test_a_run_analyses_each_workshop_once_in_its_own_process(demo_copy, analyse_calls):
    run(demo_copy, templates=(), progress=False)  # the notebooks' kernels: see test_handoff
    assert {name: len(calls) for name, calls in analyse_calls.items()} == dict.fromkeys(
        analyse_calls, 1
    )
