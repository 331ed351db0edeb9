"""Write environment.yml from pyproject.toml, the one source of truth for dependencies.

Run `python scripts/sync_environment.py` after changing dependencies; a test fails until you do.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
        "  - python=3.11",
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
