"""Relationship Workbench: notebooks and helpers for the ITIL 4 relationship management practice."""

__version__ = "0.1.0"
