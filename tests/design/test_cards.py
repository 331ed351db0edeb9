"""Tests for workbench.design.cards: the model card, journey canvas, principles and reference."""

from __future__ import annotations

import re
from html import escape

import pytest

from workbench.design import cards
from workbench.design import workshop as design_workshop
from workbench.design.models import (
    COMMUNALITY_TRAITS,
    PRINCIPLE_AXES,
    STEP_LABELS,
    TYPE_TRAITS,
    JourneyStep,
    Override,
    RelationshipModel,
    empty_steps,
)

HOSTILE = '"><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def design():
    return design_workshop.analyse("demo")


def _hostile_model() -> RelationshipModel:
    steps = empty_steps("service")
    steps[0] = JourneyStep(step="explore", responsible=HOSTILE, activities=["<b>map</b> & rate"])
    return RelationshipModel(
        group=HOSTILE,
        relationship_type="cooperative",
        communality="medium",
        owner="<i>owner</i>",
        channels=["<script>x</script>"],
        notes="Notes & <u>more</u>",
        steps=steps,
        override=Override("basic", "low", "<em>because</em>", "2026-01-02"),
    )


@pytest.mark.parametrize(("value", "left"), [(-2, 0), (-1, 25), (0, 50), (1, 75), (2, 100)])
def test_axis_marker_puts_the_marker_between_the_poles(value, left):
    assert cards.axis_marker(value) == (
        f'<span class="wb-axis" title="{value:+d}"><i style="left:{left}%"></i></span>'
    )


def test_principle_cells_name_the_pole_a_model_leans_to():
    cells = cards.principle_cells({"control_trust": -2, "exchange_communality": 1})
    texts = re.findall(r"</span> (.*?)</td>", cells)
    assert texts == ["control -2", "communality +1", "balanced", "balanced", "balanced"]
    header = cards.principles_header()
    assert header.count("<th>") == len(PRINCIPLE_AXES)
    assert "<th>protectiveness &harr; self-disclosure</th>" in header


def test_principles_table_rows_and_escaping(design):
    frame = design.principles()
    html = cards.principles_table(frame)
    assert re.findall(r"<tr><th>(.*?)</th>", html.split("<tbody>")[1]) == [
        escape(g) for g in frame["group"]
    ]
    assert html.count("<td>") == len(frame) * len(PRINCIPLE_AXES)
    hostile = cards.principles_table(frame.assign(group=HOSTILE))
    assert "<img" not in hostile and escape(HOSTILE) in hostile
    assert cards.principles_table(frame.iloc[:0]) == (
        '<p class="wb-note">No relationship model yet.</p>'
    )


def test_card_lists_the_decisions_of_a_demo_model(design):
    model = next(m for m in design.models.values() if m.override is not None)
    advice = design.recommendation(model.group)
    html = cards.card(model, advice)
    facts = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html))
    assert facts["Relationship type"].startswith(f"{model.relationship_type}: ")
    assert facts["Journey"] == f"{model.journey} ({len(model.steps)} steps)"
    assert facts["Levels involved"] == ", ".join(model.levels)
    assert facts["Evidence suggests"] == (
        f"{advice['recommended_type']} / {advice['recommended_communality']}"
    )
    assert facts["Decision"].startswith(
        f"chosen over {model.override.recommended_type} / "
        f"{model.override.recommended_communality} on {model.override.date}: "
    )
    trust = COMMUNALITY_TRAITS[model.communality]["trust"]
    assert f"trust {trust};" in facts["Communality"]
    assert "Evidence suggests" not in cards.card(model)


def test_card_says_what_is_not_set_yet():
    bare = RelationshipModel(group="Bare", relationship_type="basic", communality="low")
    facts = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", cards.card(bare)))
    assert facts["Service profile"] == facts["Environment"] == "not assessed"
    for key in ("Levels involved", "Cadence", "Channels", "Owner", "Agent", "KPIs"):
        assert facts[key] == "not set"
    assert "Decision" not in facts and 'class="wb-note"' not in cards.card(bare)


def test_card_canvas_and_model_html_escape_every_model_text():
    model = _hostile_model()
    html = cards.model_html(model)
    for raw in ("<img", "<b>", "<i>", "<script", "<u>", "<em>"):
        assert raw not in html
    attribute = escape(HOSTILE, quote=True)
    assert f'<div class="wb-model wb-card" data-group="{attribute}">' in html
    assert f'<table class="wb-canvas" data-group="{attribute}">' in html
    assert "&lt;b&gt;map&lt;/b&gt; &amp; rate" in html and "&lt;em&gt;because&lt;/em&gt;" in html
    assert "Notes &amp; &lt;u&gt;more&lt;/u&gt;" in html


def test_canvas_has_a_column_per_step_and_flags_empty_cells(design):
    aspects = ("responsible", "activities", "risks", "opportunities", "behaviours")

    def empty_cells(model):
        return sum(not getattr(s, a) for s in model.steps for a in aspects)

    model = max(design.models.values(), key=empty_cells)
    empty = empty_cells(model)
    assert empty >= 1  # a demo model leaves a step's responsible role blank
    html = cards.canvas(model)
    head = re.findall(r"<th>(.*?)</th>", html.split("<tbody>")[0])
    assert head == ["", *(escape(STEP_LABELS[s.step]) for s in model.steps)]
    assert html.count('class="wb-empty"') == empty
    assert html.split("<tbody>")[1].count("<tr>") == len(aspects)
    assert html.count("<li>") == sum(len(getattr(s, a)) for s in model.steps for a in aspects[1:])


def test_model_html_has_card_principles_and_canvas(design):
    model = next(iter(design.models.values()))
    advice = design.recommendation(model.group)
    html = cards.model_html(model, advice)
    assert html.startswith(cards.CSS)
    assert cards.card(model, advice) in html
    assert cards.canvas(model) in html
    assert cards.principle_cells(model.principles) in html


def test_traits_tables_have_a_column_per_level_and_type():
    html = cards.traits_tables()
    communality, types = re.findall(r"<table.*?</table>", html, flags=re.S)
    for table, traits in ((communality, COMMUNALITY_TRAITS), (types, TYPE_TRAITS)):
        head = re.findall(r"<th>(.*?)</th>", table.split("<tbody>")[0])
        assert head == ["", *traits]
        first = next(iter(traits.values()))
        assert table.split("<tbody>")[1].count("<tr>") == len(first)
        assert table.count("<td>") == len(traits) * len(first)
