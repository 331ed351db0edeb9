import importlib.util
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_mirrors_pyproject():
    spec = importlib.util.spec_from_file_location("sync", ROOT / "scripts" / "sync_environment.py")
    sync = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sync)
    expected = sync.render()
    actual = (ROOT / "environment.yml").read_text()
    assert actual == expected, "Run `python scripts/sync_environment.py` after editing pyproject."
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"  # no upper cap: 3.12 and 3.13 work too
    assert "  - python=3.11\n" in actual  # conda and Binder pin the floor


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make serve" in readme
    assert ci.strip().splitlines()[-1] == "make test"
