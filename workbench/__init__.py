"""Relationship Workbench: notebooks and helpers for the ITIL 4 relationship management practice.

One subpackage per concern: ``core`` (paths, errors, the engagement, files and tables),
``present`` (the kit every app uses), one per workshop (``stakeholders``, ``culture``,
``design``), ``deliver`` (workbook and HTML), ``portal`` (the Voila server), ``commands``
(the CLI) and ``demo``.
"""

__version__ = "0.2.0"


def __getattr__(name: str):
    # Notebooks of runs made before 0.2 import the flat module names (see workbench.legacy).
    import importlib

    legacy = importlib.import_module("workbench.legacy")
    if name in legacy.OLD_MODULES:
        return legacy.old_module(name)
    raise AttributeError(f"module 'workbench' has no attribute {name!r}")
