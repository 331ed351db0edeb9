"""Tests for workbench.legacy: notebooks of runs made before the subpackages still run."""

import json
import re
from pathlib import Path

import nbformat
import pytest

import workbench
from workbench import legacy
from workbench.commands import run

OLD_NOTEBOOKS = Path(__file__).parent / "data" / "old_layout"


def _old_calls(notebook: Path) -> set[tuple[str, str]]:
    """Every ``module.function`` an old notebook calls on a ``workbench`` module."""
    cells = json.loads(notebook.read_text())["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    imported = set()
    for names in re.findall(r"^from workbench import (.+)$", code, flags=re.M):
        imported |= {n.strip() for n in names.split(",")}
    calls = re.findall(r"\b([a-z_]+)\.([a-z_]+)\(", code)
    return {(module, name) for module, name in calls if module in imported}


@pytest.mark.parametrize("notebook", sorted(OLD_NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_name_an_old_notebook_calls_still_exists(notebook):
    calls = _old_calls(notebook)
    assert len(calls) >= 8  # the parser found the notebook's helper calls
    missing = [
        f"{m}.{n}" for m, n in calls if not callable(getattr(getattr(workbench, m), n, None))
    ]
    assert missing == []


def test_old_names_are_built_once_and_point_at_the_new_modules():
    from workbench import mapping, views
    from workbench.stakeholders import editor
    from workbench.stakeholders import views as new_views

    assert views.header is new_views.header and views.rating_editor is editor.rating_editor
    assert getattr(workbench, "mapping") is mapping  # noqa: B009 (the attribute is dynamic)
    with pytest.raises(AttributeError, match="no attribute 'not_a_module'"):
        workbench.not_a_module  # noqa: B018


def test_old_analyse_reads_the_serving_context(monkeypatch):
    monkeypatch.setenv("WORKBENCH_CLIENT_APP", "1")
    monkeypatch.setenv("WORKBENCH_VIS_URL", "/static/vis/")
    old = legacy.old_module("culture_workshop")
    analysis = old.analyse("demo")
    assert analysis.context.client_app and analysis.context.vis_url == "/static/vis/"


@pytest.mark.slow
def test_an_old_layout_notebook_executes_against_the_installed_package(tmp_path):
    target = tmp_path / "stakeholder_mapping.ipynb"
    run.execute(OLD_NOTEBOOKS / "stakeholder_mapping.ipynb", target, engagement_path="demo")
    executed = nbformat.read(target, as_version=4)
    code = [c for c in executed.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert any("from workbench import mapping, views" in c.source for c in code)  # old layout
    shown = [c for c in code if c.outputs]
    assert len(shown) >= 8  # every view cell produced its output
