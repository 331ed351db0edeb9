"""Each consistency check, with the finding it produces, on otherwise clean models."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from workbench.design import consistency
from workbench.design import store as model_store
from workbench.design.models import Override


def clean(kind: str = "customers"):
    """A starter model, which passes every check."""
    return model_store.library()[kind]


def checks(model, evidence=None, recommendation=None) -> list[tuple[str, str]]:
    found = consistency.check_model(model, evidence, recommendation, influence_threshold=3.5)
    return [(f["check"], f["field"]) for f in found]


def test_the_starter_models_pass_every_check():
    for name, model in model_store.library().items():
        evidence = {"strategy": "manage closely", "mean_influence": 4.5}
        expected = []
        if model.cadence == "ad hoc":  # media: contact follows the news, not a calendar
            expected = [("manage-closely group has a cadence", "cadence")]
        assert checks(model, evidence) == expected, name
        assert checks(model, {"strategy": "keep informed", "mean_influence": 4.5}) == [], name


def test_every_step_needs_a_responsible_role():
    model = clean()
    steps = [replace(s, responsible="") if s.step == "offer" else s for s in model.steps]
    (finding,) = consistency.check_model(replace(model, steps=steps))
    assert finding["field"] == "steps[3].responsible"
    assert "'offer' step" in finding["message"] and "relationship agent" in finding["fix"]


def test_a_partnership_involves_the_strategic_level():
    model = replace(clean("partners"), levels=["operational", "tactical"])
    assert checks(model) == [("partnership involves the strategic level", "levels")]
    assert checks(replace(model, relationship_type="cooperative")) == []


def test_a_manage_closely_group_needs_a_cadence():
    model = replace(clean(), cadence="ad hoc")
    assert checks(model, {"strategy": "manage closely"}) == [
        ("manage-closely group has a cadence", "cadence")
    ]
    assert checks(model, {"strategy": "keep informed"}) == []
    assert checks(model, None) == []  # without a stakeholder map there is nothing to check


def test_a_high_influence_group_names_risks_at_every_step():
    model = clean()
    steps = [replace(s, risks=[]) if s.step in ("agree", "realize") else s for s in model.steps]
    model = replace(model, steps=steps)
    assert checks(model, {"mean_influence": 4.0}) == [
        ("high-influence group has risks listed", "steps[4].risks"),
        ("high-influence group has risks listed", "steps[7].risks"),
    ]
    assert checks(model, {"mean_influence": 2.0}) == []


def test_kpis_are_set():
    (finding,) = consistency.check_model(replace(clean(), kpis=[]))
    assert finding["check"] == "kpis set" and "CSAT" in finding["fix"]


def test_a_choice_that_differs_from_the_evidence_needs_a_recorded_reason():
    model = clean()  # cooperative / medium
    advice = {"recommended_type": "basic", "recommended_communality": "low"}
    assert checks(model, None, advice) == [("override has a reason", "override")]
    decided = replace(model, override=Override("basic", "low", "Key account", "2026-06-18"))
    assert checks(decided, None, advice) == []
    newer = {"recommended_type": "partnership", "recommended_communality": "high"}
    (finding,) = consistency.check_model(decided, None, newer)
    assert finding["severity"] == "info" and "review the decision" in finding["fix"]
    same = {"recommended_type": "cooperative", "recommended_communality": "medium"}
    assert checks(model, None, same) == []


def test_findings_cover_every_model_in_group_order():
    models = {"B": replace(clean(), group="B", kpis=[]), "A": replace(clean(), group="A", kpis=[])}
    evidence = pd.DataFrame({"group": ["A", "B"], "strategy": ["", ""], "mean_influence": [1, 1]})
    frame = consistency.findings(models, evidence)
    assert list(frame.columns) == consistency.COLUMNS
    assert frame["group"].tolist() == ["A", "B"]
