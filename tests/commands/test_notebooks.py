"""Templates follow the house rules and execute cleanly against the demo with a real kernel."""

import ast
import json

import nbformat
import pytest

from workbench.commands.run import execute
from workbench.core import paths

TEMPLATES = sorted(paths.TEMPLATES_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_template_is_clean_and_has_no_logic(template):
    nb = nbformat.read(template, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].metadata.get("tags", [])[:1] == ["parameters"]
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, "commit templates clean"
        tree = ast.parse(cell.source)
        banned = (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.If, ast.Lambda)
        assert not any(isinstance(node, banned) for node in ast.walk(tree)), cell.source
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        assert len(calls) <= 1, f"one helper call per cell: {cell.source}"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_demo_notebook_is_the_executed_template(template):
    executed = nbformat.read(paths.DEMO_NOTEBOOKS / template.name, as_version=4)
    source = nbformat.read(template, as_version=4)
    strip = [
        c.source for c in executed.cells if "injected-parameters" not in c.metadata.get("tags", [])
    ]
    assert strip == [c.source for c in source.cells], (
        "run `make notebooks` after editing a template"
    )
    assert "widgets" not in executed.metadata
    assert json.dumps(executed.metadata).count("papermill") == 0


@pytest.mark.slow
@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_template_executes_against_the_demo(template, tmp_path):
    target = tmp_path / template.name
    execute(template, target, engagement_path="demo")
    nb = nbformat.read(target, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
