"""Model validation: every rule reports the file, the field and a fix."""

from __future__ import annotations

import pytest

from workbench.design.models import JOURNEYS, PRINCIPLE_AXES, parse_model, with_journey

VALID = {
    "group": "Customers",
    "relationship_type": "cooperative",
    "communality": "medium",
    "journey": "service",
    "levels": ["operational", "tactical"],
    "cadence": "monthly",
    "kpis": ["CSAT"],
    "principles": {"control_trust": 1},
    "steps": [{"step": "agree", "responsible": "relationship manager", "risks": ["scope creep"]}],
}


def problems_for(**changes) -> list:
    data = {**VALID, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    model, problems = parse_model(data, "workshop/models/customers.toml")
    assert (model is None) == bool(problems)
    return problems


def only(problems, field: str):
    assert [p.field for p in problems] == [field], [str(p) for p in problems]
    assert all(p.file == "workshop/models/customers.toml" for p in problems)
    return str(problems[0])


def test_a_valid_model_gets_its_whole_journey_in_order():
    model, problems = parse_model(VALID, "customers.toml")
    assert problems == []
    assert [s.step for s in model.steps] == list(JOURNEYS["service"])
    assert model.step("agree").risks == ["scope creep"]
    assert model.step("explore").responsible == ""
    assert model.principles == {**dict.fromkeys(PRINCIPLE_AXES, 0), "control_trust": 1}


def test_missing_group():
    text = only(problems_for(group=None), "group")
    assert "group is missing" in text and 'group = "Customers"' in text
    assert "field 'group'" in text


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("relationship_type", "coop", "basic, cooperative, partnership"),
        ("communality", "very high", "low, medium, high"),
        ("journey", "sales", "service, generic"),
        ("cadence", "fortnightly", "weekly, monthly, quarterly, annually, ad hoc"),
        ("service_profile", "custom", "commodity, configured, bespoke"),
        ("environment", "chaotic", "simple, complicated, complex"),
    ],
)
def test_a_choice_outside_the_allowed_values(field, value, allowed):
    text = only(problems_for(**{field: value}), field)
    assert f"'{value}', not allowed" in text and allowed in text


def test_required_choice_missing():
    text = only(problems_for(communality=None), "communality")
    assert "communality is missing" in text


def test_choices_ignore_case_and_spacing():
    model, problems = parse_model({**VALID, "relationship_type": " Partnership "}, "x.toml")
    assert problems == [] and model.relationship_type == "partnership"


def test_unknown_field_suggests_the_right_name():
    text = only(problems_for(cadense="monthly"), "cadense")
    assert "Unknown field 'cadense'" in text and "did you mean 'cadence'?" in text


def test_unknown_level():
    text = only(problems_for(levels=["operational", "board"]), "levels")
    assert "'board'" in text and "operational, tactical, strategic" in text


def test_list_field_with_a_number():
    text = only(problems_for(kpis=["CSAT", 3]), "kpis")
    assert "list of texts" in text and 'kpis = ["first", "second"]' in text


def test_a_single_text_where_a_list_belongs_is_one_problem_with_the_bracketed_fix():
    # Taking "email, phone" as one channel would be silently wrong: the fix shows the list.
    text = only(problems_for(channels="monthly review"), "channels")
    assert "should be a list of texts, not 'monthly review'" in text
    assert 'Fix: put it in brackets: channels = ["monthly review"].' in text


@pytest.mark.parametrize("value", [3, -3, 1.5, True, "1"])
def test_principle_out_of_range(value):
    text = only(
        problems_for(principles={"exchange_communality": value}), "principles.exchange_communality"
    )
    assert "not a whole number from -2 to 2" in text
    assert "-2 (all exchange) to 2 (all communality)" in text


def test_unknown_principle_axis():
    text = only(problems_for(principles={"trust": 1}), "principles.trust")
    assert "Unknown field 'trust'" in text


def test_step_not_in_the_chosen_journey():
    steps = [{"step": "review", "responsible": "relationship agent"}]
    text = only(problems_for(steps=steps), "steps[1].step")
    assert "not a step of the service journey" in text and "explore, engage" in text


def test_the_same_step_twice():
    steps = [{"step": "agree"}, {"step": "agree"}]
    text = only(problems_for(steps=steps), "steps[2].step")
    assert "appears twice" in text


def test_unknown_field_inside_a_step():
    steps = [{"step": "agree", "owner": "x"}]
    text = only(problems_for(steps=steps), "steps[1].owner")
    assert "Unknown field 'owner'" in text and "did you mean 'opportunities'?" not in text
    assert "known fields: step, responsible, activities, risks, opportunities, behaviours" in text


def test_steps_must_be_tables():
    text = only(problems_for(steps="explore"), "steps")
    assert "[[steps]]" in text


def test_override_needs_a_reason_and_a_date():
    override = {"recommended_type": "basic", "recommended_communality": "low", "reason": " "}
    problems = problems_for(override=override)
    fields = sorted(p.field for p in problems)
    assert fields == ["override.date", "override.reason"]
    assert any("say why the recommendation does not fit" in str(p) for p in problems)


def test_override_with_an_unknown_recommendation():
    override = {
        "recommended_type": "friendship",
        "recommended_communality": "low",
        "reason": "r",
        "date": "2026-01-02",
    }
    only(problems_for(override=override), "override.recommended_type")


def test_every_problem_is_reported_at_once():
    problems = problems_for(group="", relationship_type="x", communality="y", kpis=[1])
    assert {p.field for p in problems} == {"group", "relationship_type", "communality", "kpis"}


def test_switching_journey_keeps_matching_steps_only():
    model, _ = parse_model(VALID, "x.toml")
    generic = with_journey(model, "generic")
    assert [s.step for s in generic.steps] == list(JOURNEYS["generic"])
    assert all(not s.responsible for s in generic.steps)
    back = with_journey(generic, "service")
    assert back.step("agree").risks == []  # the service steps were not kept in the generic one
    with pytest.raises(ValueError, match="unknown journey"):
        with_journey(model, "sales")


def test_a_group_that_is_not_text_is_one_problem():
    text = only(problems_for(group=5), "group")
    assert "group should be text, not a number (5)" in text and 'group = "5"' in text
