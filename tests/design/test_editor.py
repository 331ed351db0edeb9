"""The consultant's live editor, driven the way the widgets are driven in JupyterLab."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest

from workbench.core.engagement import Engagement
from workbench.design import editor as model_editor
from workbench.design import store as model_store
from workbench.design import workshop as design_workshop
from workbench.present import serving


@pytest.fixture
def editor(demo_copy: Path) -> model_editor.ModelEditor:
    widget = model_editor.model_editor(design_workshop.analyse(demo_copy))
    assert isinstance(widget, model_editor.ModelEditor)
    return widget


def saved(editor, group: str):
    return model_store.require_models(Engagement.load(editor.engagement.root))[group]


def test_a_change_is_saved_at_once_with_a_version(editor):
    assert editor.group.value == "Business Units"
    before = len(model_store.history(editor.engagement, "Business Units"))
    editor.texts["owner"].value = "Head of Business Relationships"
    assert saved(editor, "Business Units").owner == "Head of Business Relationships"
    assert "Saved to workshop/models/business-units.toml" in editor.status.value
    # The first save also files the demo's own version, which no save had put there.
    assert len(model_store.history(editor.engagement, "Business Units")) == before + 2
    editor.texts["agent"].value = "Business partner"
    assert len(model_store.history(editor.engagement, "Business Units")) == before + 3
    assert len(editor.versions.options) == before + 3


def test_step_content_is_edited_step_by_step(editor):
    editor.step.value = "agree"
    editor.step_lists["risks"].value = "Scope creep\n\n  Unclear owner  \n"
    editor.responsible.value = "service owner"
    agree = saved(editor, "Business Units").step("agree")
    assert agree.risks == ["Scope creep", "Unclear owner"]
    assert agree.responsible == "service owner"
    editor.step.value = "explore"
    explore = saved(editor, "Business Units").step("explore")
    assert editor.step_lists["risks"].value == "\n".join(explore.risks)
    assert explore.risks and explore.risks != agree.risks


def test_checks_update_as_the_model_changes(editor):
    assert "0 finding(s)" in editor.checks.value
    editor.lists["kpis"].value = ""
    assert "1 finding(s)" in editor.checks.value and "kpis" in editor.checks.value
    assert saved(editor, "Business Units").kpis == []  # valid, so saved, but flagged


def test_differing_from_the_suggestion_needs_a_reason_before_it_is_saved(editor):
    file = editor.engagement.root / "workshop/models/business-units.toml"
    before = file.read_bytes()
    editor.relationship_type.value = "partnership"
    assert "Not saved yet" in editor.status.value and "Why differ" in editor.status.value
    assert file.read_bytes() == before
    editor.reason.value = "The divisions co-fund the platform roadmap."
    model = saved(editor, "Business Units")
    assert model.relationship_type == "partnership"
    assert model.override.reason == "The divisions co-fund the platform roadmap."
    assert (model.override.recommended_type, model.override.recommended_communality) == (
        "cooperative",
        "medium",
    )
    editor.accept_suggestion()
    model = saved(editor, "Business Units")
    assert model.relationship_type == "cooperative" and model.override is None


def test_the_suggestion_follows_the_service_profile(editor):
    editor.choices["service_profile"].value = "commodity"
    editor.choices["environment"].value = "simple"
    assert "Evidence suggests <b>basic</b> / <b>low</b>" in editor.advice.value
    assert "Not saved yet" in editor.status.value  # cooperative no longer matches the evidence


def test_a_group_without_a_model_starts_from_the_starter_and_the_evidence(editor):
    editor.group.value = "Service Desk"
    assert "starter model for internal team" in editor.status.value
    assert not (editor.engagement.root / "workshop/models/service-desk.toml").exists()
    advice = editor.suggestion(editor.model)
    assert editor.relationship_type.value == advice["recommended_type"]
    editor.principles["control_trust"].value = 2
    model = saved(editor, "Service Desk")
    assert model.principles["control_trust"] == 2
    assert model.steps[0].activities  # the starter's journey came along


def test_switching_the_journey_replaces_the_steps(editor):
    editor.journey.value = "generic"
    model = saved(editor, "Business Units")
    assert model.journey == "generic" and model.steps[0].step == "exploration"
    assert [label for label, _ in editor.step.options][0] == "Exploration"


def test_restore_brings_back_an_earlier_version(editor):
    original = saved(editor, "Business Units").owner
    editor.texts["owner"].value = "Somebody else"
    editor.texts["owner"].value = "A third person"
    newest_first = [stamp for _, stamp in editor.versions.options]
    assert len(newest_first) == 3  # the demo's own version, then the two edits
    editor.restore(newest_first[1])
    assert saved(editor, "Business Units").owner == "Somebody else"
    assert editor.texts["owner"].value == "Somebody else"
    assert "Restored the version of" in editor.status.value
    editor.restore(newest_first[2])
    assert saved(editor, "Business Units").owner == original != "Somebody else"


def test_clients_and_the_built_in_demo_get_a_read_only_note(demo_copy):
    demo = model_editor.model_editor(design_workshop.analyse("demo"))
    assert isinstance(demo, widgets.HTML) and "read-only" in demo.value
    voila = serving.from_environment({"SERVER_SOFTWARE": "voila/0.5.13"})
    client = model_editor.model_editor(design_workshop.analyse(demo_copy, context=voila))
    assert isinstance(client, widgets.HTML) and "read-only in the client app" in client.value


def test_an_unrelated_edit_does_not_approve_an_override_the_evidence_has_outgrown(editor):
    from dataclasses import replace as change

    from workbench.design.models import Override

    old = Override("basic", "low", "Decided before the survey", "2026-01-10")
    model = change(editor.model, relationship_type="partnership", override=old)
    model_store.save_model(editor.engagement, model)
    editor.design.models["Business Units"] = model
    editor.load_group()
    editor.texts["owner"].value = "Someone new"
    kept = saved(editor, "Business Units")
    assert kept.owner == "Someone new" and kept.override == old
    assert "review the decision" in editor.checks.value
    editor.reason.value = "Reviewed: the divisions co-fund the roadmap"
    renewed = saved(editor, "Business Units").override
    assert (renewed.recommended_type, renewed.recommended_communality) == ("cooperative", "medium")
    assert renewed.reason.startswith("Reviewed")
