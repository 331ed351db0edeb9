"""Write environment.yml from pyproject.toml, the one source of truth for dependencies.

Run `python scripts/sync_environment.py` after changing dependencies; a test fails until you do.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def oldest_python(project: dict) -> str:
    """X.Y from requires-python = ">=X.Y": conda and Binder pin the oldest supported Python, so
    the environment is reproducible and follows the floor when it moves."""
    spec = project["requires-python"].strip()
    if not spec.startswith(">=") or "," in spec:
        raise SystemExit(f"requires-python = {spec!r}: expected '>=X.Y'; update this script.")
    return spec.removeprefix(">=").strip()


def render() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["test"]
    lines = [
        "# Generated from pyproject.toml by scripts/sync_environment.py: edit pyproject, not this.",
        "# conda env create -f environment.yml  (Binder reads it too)",
        "name: relationship-workbench",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={oldest_python(project)}",
        "  - pip",
        "  - pip:",
        *(f'      - "{dep}"' for dep in deps),
        "      - -e .",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    (ROOT / "environment.yml").write_text(render())
    print("environment.yml written")
