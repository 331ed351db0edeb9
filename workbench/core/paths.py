"""Every path the workbench knows about, defined in one place."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent

# The demo engagement ships inside the package so `workbench serve` has an embedded default.
DEMO_ENGAGEMENT = PACKAGE_DIR / "demo" / "engagement"
DEMO_NAME = "demo"

# Templates live at the repository root; a wheel carries them as workbench/_templates.
TEMPLATES_DIR = (
    REPO_DIR / "templates" if (REPO_DIR / "templates").is_dir() else PACKAGE_DIR / "_templates"
)
NOTEBOOKS_DIR = REPO_DIR / "notebooks"
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
SURVEYS = "inputs/surveys"
CUSTOM_INSTRUMENTS = "inputs/instruments"
CUSTOM_LABELS = "inputs/surveys/labels.toml"

# Survey instruments and Likert label sets shipped with the package (data files, not code).
INSTRUMENTS_DIR = PACKAGE_DIR / "culture" / "library"

# Starter relationship models (customers, suppliers, ...) that a workshop copies and adapts.
MODEL_LIBRARY = PACKAGE_DIR / "design" / "library"
