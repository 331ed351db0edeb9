"""Every path the workbench knows about, defined in one place."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent

# The demo engagement ships inside the package so `workbench serve` has an embedded default.
DEMO_ENGAGEMENT = PACKAGE_DIR / "demo" / "engagement"
DEMO_NAME = "demo"


def _repo_or_wheel(name: str) -> Path:
    """A folder at the repository root, or the copy a wheel carries as workbench/_<name>.

    The wheel's copy is checked first: in site-packages, REPO_DIR is site-packages itself, where
    another distribution may have put a folder called templates/ or notebooks/.
    """
    packaged = PACKAGE_DIR / f"_{name}"
    return packaged if packaged.is_dir() else REPO_DIR / name


# Workshop templates, and the executed demo notebooks that `workbench serve` shows by default.
TEMPLATES_DIR = _repo_or_wheel("templates")
NOTEBOOKS_DIR = _repo_or_wheel("notebooks")
DEMO_NOTEBOOKS = NOTEBOOKS_DIR / DEMO_NAME

# Jupyter data directory holding the Voila and nbconvert templates (put on JUPYTER_PATH).
SHARE_DIR = PACKAGE_DIR / "portal" / "share"
NBCONVERT_TEMPLATES = SHARE_DIR / "nbconvert" / "templates"

# Workshop templates executed by `workbench run`, in order.
WORKSHOP_TEMPLATES = (
    "stakeholder_mapping.ipynb",
    "culture_analysis.ipynb",
    "relationship_model_design.ipynb",
)

# Inside an engagement folder.
ENGAGEMENT_FILE = "engagement.toml"
INPUTS = "inputs"
WORKSHOP = "workshop"
SNAPSHOTS = "workshop/snapshots"
ADJUSTMENTS = "workshop/adjustments.csv"
HISTORY = "workshop/history"
MODELS = "workshop/models"  # one relationship model per stakeholder group (TOML)
OUTPUTS = "outputs"
# In a run's frozen copy: the analyses `workbench run` made once, for its notebooks to load.
HANDOFF = ".analysis"
RUN_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{6}(-\d+)?$")  # outputs/<run>, e.g. 2026-11-22T101500
SURVEYS = "inputs/surveys"
CUSTOM_INSTRUMENTS = "inputs/instruments"
CUSTOM_LABELS = "inputs/surveys/labels.toml"

# Survey instruments and Likert label sets shipped with the package (data files, not code).
INSTRUMENTS_DIR = PACKAGE_DIR / "culture" / "library"

# Starter relationship models (customers, suppliers, ...) that a workshop copies and adapts.
MODEL_LIBRARY = PACKAGE_DIR / "design" / "library"

# The practice's reference descriptions of communality levels and relationship types (data).
MODEL_TRAITS = PACKAGE_DIR / "design" / "traits.toml"
