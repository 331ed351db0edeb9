"""The design workshop in one call, on the demo and on copies with missing evidence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench.core import paths
from workbench.core.errors import InputError
from workbench.design import workshop as design_workshop


@pytest.fixture(scope="module")
def demo():
    return design_workshop.analyse("demo")


def test_the_demo_has_models_for_at_least_five_groups(demo):
    assert len(demo.models) >= 5
    assert set(demo.models) <= set(demo.groups)
    assert len(demo.groups) == 10 and demo.groups == sorted(demo.groups)
    assert demo.problems == []


def test_the_demo_findings_are_the_gaps_left_in_its_models(demo):
    found = set(zip(demo.findings["group"], demo.findings["check"], strict=True))
    assert found == {
        ("Partners", "partnership involves the strategic level"),
        ("Regulators & Auditors", "kpis set"),
        ("Regulators & Auditors", "high-influence group has risks listed"),
        ("Suppliers", "step has a responsible role"),
    }


def test_the_demo_override_is_recorded_against_the_current_suggestion(demo):
    executives = demo.models["Executives"]
    advice = demo.recommendation("Executives")
    assert (executives.relationship_type, executives.communality) == ("partnership", "high")
    assert executives.override.recommended_communality == advice["recommended_communality"]
    assert executives.override.reason


def test_principles_compare_every_model(demo):
    table = demo.principles()
    assert table["group"].tolist() == [g for g in demo.groups if g in demo.models]
    assert table.drop(columns="group").abs().max().max() <= 2


def test_without_a_culture_survey_the_workshop_still_runs(demo_copy: Path):
    shutil.rmtree(demo_copy / paths.SURVEYS)
    design = design_workshop.analyse(demo_copy)
    assert len(design.recommendations) == 10
    assert all(
        any("No culture survey" in m for m in missing)
        for missing in design.recommendations["missing"]
    )


def test_a_model_for_a_group_outside_the_register_is_a_warning(demo_copy: Path):
    models = demo_copy / paths.MODELS
    text = (models / "customers.toml").read_text("utf-8")
    (models / "customers.toml").unlink()
    (models / "clients.toml").write_text(text.replace('"Customers"', '"Clients"'), "utf-8")
    design = design_workshop.analyse(demo_copy)
    assert design.groups[-1] == "Clients"
    (warning,) = design.problems
    assert warning.severity == "warning" and "no stakeholder in the register" in str(warning)


def test_a_broken_model_stops_the_analysis_with_its_field(demo_copy: Path):
    file = demo_copy / paths.MODELS / "suppliers.toml"
    file.write_text(file.read_text("utf-8").replace('"low"', '"lowish"', 1), "utf-8")
    with pytest.raises(InputError) as error:
        design_workshop.analyse(demo_copy)
    (problem,) = error.value.problems
    assert problem.file == "workshop/models/suppliers.toml" and problem.field == "communality"
