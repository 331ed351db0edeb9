"""`python -m workbench.commands.notebooks`: re-execute the templates into notebooks/demo/.

The executed copies keep their outputs: nbval compares a fresh execution against them in CI,
and Voila serves them as the demo apps. Review the diff of their outputs before committing.
"""

from __future__ import annotations

import sys

from workbench.commands.run import execute
from workbench.core import paths


def main() -> int:
    paths.DEMO_NOTEBOOKS.mkdir(parents=True, exist_ok=True)
    for name in paths.WORKSHOP_TEMPLATES:
        target = paths.DEMO_NOTEBOOKS / name
        execute(paths.TEMPLATES_DIR / name, target, engagement_path=paths.DEMO_NAME)
        print(f"executed {target.relative_to(paths.REPO_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
