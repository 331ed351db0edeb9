"""The module names of the flat layout (before 0.2), kept so that older runs still open.

A run folder holds the notebooks it was made with, and Voila re-executes them against the
installed package: notebooks from before the subpackages import ``from workbench import
mapping, views`` and the like. :data:`OLD_MODULES` maps each name those notebooks import to
where it lives now; ``workbench.__getattr__`` builds the old module from it on first use.
These names go in release 0.3 (see the README).

Examples
--------
>>> from workbench import mapping
>>> mapping.analyse.__module__
'workbench.legacy'
"""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path

from workbench.present import serving

# old name -> the modules whose public names it offered (the first one is the main one)
OLD_MODULES: dict[str, tuple[str, ...]] = {
    "mapping": ("workbench.stakeholders.workshop",),
    "views": ("workbench.stakeholders.views", "workbench.stakeholders.editor"),
    "culture_workshop": ("workbench.culture.workshop",),
    "culture_views": ("workbench.culture.views",),
    "design_workshop": ("workbench.design.workshop",),
    "design_views": ("workbench.design.views",),
    "model_editor": ("workbench.design.editor",),
}


def _served_analyse(analyse):
    """``analyse`` that reads the serving context, as the old templates never passed one."""

    def wrapper(engagement: str | Path, *args, **kwargs):
        kwargs.setdefault("context", serving.from_environment())
        return analyse(engagement, *args, **kwargs)

    wrapper.__doc__ = analyse.__doc__
    return wrapper


def old_module(name: str) -> types.ModuleType:
    """The module an old notebook imports as ``workbench.<name>`` (built once per process)."""
    if (known := sys.modules.get(f"workbench.{name}")) is not None:
        return known
    module = types.ModuleType(f"workbench.{name}", f"Old name; see {OLD_MODULES[name][0]}.")
    for source in reversed(OLD_MODULES[name]):  # the main module's names win
        new = importlib.import_module(source)
        module.__dict__.update({k: v for k, v in vars(new).items() if not k.startswith("_")})
    if hasattr(module, "analyse"):
        module.analyse = _served_analyse(module.analyse)
    sys.modules[module.__name__] = module
    return module
