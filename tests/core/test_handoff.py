"""A run's saved analyses: used exactly when the data is unchanged, never different."""

from __future__ import annotations

import dataclasses
import pickle
import shutil
from pathlib import Path

import papermill
import pytest

from workbench.core import handoff, paths
from workbench.present.serving import ServingContext
from workbench.stakeholders import workshop


@pytest.fixture
def frozen(demo_copy: Path) -> Path:
    """An engagement with a saved stakeholder map whose first name is marked."""
    mapping = workshop.analyse(demo_copy)
    summary = mapping.summary.copy()
    summary.loc[0, "name"] = "Marked by the handoff"
    handoff.save(demo_copy, {workshop.analyse: dataclasses.replace(mapping, summary=summary)})
    return demo_copy


def _first_name(engagement, **kwargs) -> str:
    return workshop.analyse(engagement, **kwargs).summary.loc[0, "name"]


def test_the_saved_result_is_used_with_this_calls_folder_and_context(frozen):
    client = ServingContext(client_app=True)
    loaded = workshop.analyse(str(frozen), context=client)
    assert loaded.summary.loc[0, "name"] == "Marked by the handoff"
    assert loaded.engagement.root == frozen.resolve() and loaded.context == client


def test_a_changed_input_file_means_the_analysis_runs_again(frozen):
    register = frozen / "inputs" / "stakeholders.csv"
    register.write_bytes(register.read_bytes() + b"\n")
    assert _first_name(str(frozen)) != "Marked by the handoff"


def test_other_arguments_or_another_version_mean_the_analysis_runs_again(frozen, monkeypatch):
    dates = sorted(p.name for p in (frozen / paths.SNAPSHOTS).iterdir())
    assert _first_name(str(frozen), baseline=dates[0]) != "Marked by the handoff"
    monkeypatch.setattr(handoff, "__version__", "0.0.0")
    assert _first_name(str(frozen)) != "Marked by the handoff"


def test_an_unreadable_handoff_is_ignored(frozen):
    saved = frozen / paths.HANDOFF / "stakeholders.pickle"
    saved.write_bytes(pickle.dumps({"version": "x"})[:5])
    assert _first_name(str(frozen)) != "Marked by the handoff"
    shutil.rmtree(frozen / paths.HANDOFF)
    assert _first_name(str(frozen)) != "Marked by the handoff"


def test_a_copied_run_still_uses_it(frozen, tmp_path):
    moved = shutil.copytree(frozen, tmp_path / "unzipped" / "engagement")  # new mtimes
    assert _first_name(str(moved)) == "Marked by the handoff"


def test_the_notebook_kernel_loads_the_saved_result(frozen, tmp_path):
    out = tmp_path / "executed.ipynb"
    papermill.execute_notebook(
        str(paths.TEMPLATES_DIR / "stakeholder_mapping.ipynb"),
        str(out),
        parameters={"engagement_path": str(frozen)},
        kernel_name="python3",
        progress_bar=False,
    )
    assert "Marked by the handoff" in out.read_text(encoding="utf-8")
