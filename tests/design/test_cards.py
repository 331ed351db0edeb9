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
from workbench.design.wording import PRINCIPLE_LABELS
from workbench.present import palette

HOSTILE = '"><img src=x onerror=alert(1)>'
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


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


def palette_colours() -> set[str]:
    """Every colour the palette module defines (constants, lists and dicts), in lower case."""
    found = set()
    for value in vars(palette).values():
        if isinstance(value, dict):
            value = list(value.values())
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and HEX.fullmatch(item):
                found.add(item.lower())
    return found


@pytest.mark.parametrize(("value", "left"), [(-2, 0), (-1, 25), (0, 50), (1, 75), (2, 100)])
def test_axis_marker_puts_the_marker_between_the_poles(value, left):
    assert cards.axis_marker(value, "words") == (
        f'<span class="wb-axis" role="img" aria-label="words"><i style="left:{left}%"></i></span>'
    )


def test_lean_words_say_how_far_a_model_leans_and_to_which_pole():
    assert [cards.lean_words("separation_sharing", v) for v in range(-2, 3)] == [
        "strongly separation",
        "leans to separation",
        "balanced",
        "leans to sharing",
        "strongly sharing",
    ]


def test_principle_cells_name_the_pole_a_model_leans_to():
    cells = cards.principle_cells({"control_trust": -2, "exchange_communality": 1})
    texts = re.findall(r'<span class="wb-lean">(.*?)</span></td>', cells)
    assert texts == ["strongly control", "leans to communality", "balanced", "balanced", "balanced"]
    assert 'aria-label="strongly control"' in cells
    header = cards.principles_header()
    assert header.count("<th>") == len(PRINCIPLE_AXES)
    assert "<th>Protectiveness ↔ self-disclosure</th>" in header


def test_principles_table_rows_headers_and_escaping(design):
    frame = design.principles()
    html = cards.principles_table(frame)
    assert '<div class="wb-table-wrap"><table class="wb-table wb-principles">' in html
    head = re.findall(r"<th>(.*?)</th>", html.split("<tbody>")[0])
    assert head == ["Stakeholder group", *PRINCIPLE_LABELS.values()]
    assert not any("_" in h for h in head)
    assert re.findall(r"<tr><th>(.*?)</th>", html.split("<tbody>")[1]) == [
        escape(g) for g in frame["group"]
    ]
    assert html.count("<td>") == len(frame) * len(PRINCIPLE_AXES)
    hostile = cards.principles_table(frame.assign(group=HOSTILE))
    assert "<img" not in hostile and escape(HOSTILE) in hostile


def test_principles_table_without_models_is_an_empty_state_not_a_finding(design):
    html = cards.principles_table(design.principles().iloc[:0])
    assert 'class="wb-empty"' in html
    assert "No relationship model has been agreed yet" in html and "<table" not in html


def test_scales_show_each_axis_between_its_two_poles():
    html = cards.scales({"control_trust": 2, "procedures_experimentation": -1})
    assert html.count('class="wb-scale"') == len(PRINCIPLE_AXES)
    for left, right in PRINCIPLE_AXES.values():
        assert f'<span class="wb-pole wb-pole-left">{escape(left)}</span>' in html
        assert f'<span class="wb-pole">{escape(right)}</span>' in html
    leans = re.findall(r'<span class="wb-lean">(.*?)</span>', html)
    assert leans == ["strongly trust", "balanced", "balanced", "leans to procedures", "balanced"]


def test_card_lists_the_decisions_of_a_demo_model(design):
    model = next(m for m in design.models.values() if m.override is not None)
    advice = design.recommendation(model.group)
    html = cards.card(model, advice)
    facts = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html))
    assert facts["Relationship type"].startswith(f"{model.relationship_type}: ")
    assert facts["Journey"] == f"Service relationship journey, {len(model.steps)} steps"
    assert facts["Levels involved"] == ", ".join(model.levels)
    assert facts["Evidence suggests"] == (
        f"{advice['recommended_type']} relationship, "
        f"{advice['recommended_communality']} communality"
    )
    assert facts["Decision"].startswith(
        f"chosen instead of {model.override.recommended_type} / "
        f"{model.override.recommended_communality} on {cards.nice_date(model.override.date)}: "
    )
    assert re.search(r" on \d{1,2} [A-Z][a-z]+ \d{4}: ", facts["Decision"])
    trust = COMMUNALITY_TRAITS[model.communality]["trust"]
    assert f"trust {trust};" in facts["Communality"]
    assert "Evidence suggests" not in cards.card(model)
    assert f'<span class="wb-tag">{model.relationship_type} relationship</span>' in html


def test_card_says_what_is_not_set_yet():
    bare = RelationshipModel(group="Bare", relationship_type="basic", communality="low")
    facts = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", cards.card(bare)))
    assert facts["Service profile"] == facts["Environment"] == "not assessed yet"
    for key in ("Levels involved", "Cadence", "Channels", "KPIs"):
        assert facts[key] == "not set yet"
    assert facts["Owner"] == facts["Agent"] == "not named yet"
    assert "Decision" not in facts and 'class="wb-note"' not in cards.card(bare)


def test_card_canvas_and_model_html_escape_every_model_text():
    model = _hostile_model()
    html = cards.model_html(model)
    for raw in ("<img", "<b>", "<i>", "<script", "<u>", "<em>"):
        assert raw not in html
    attribute = escape(HOSTILE, quote=True)
    assert f'<div class="wb-model wb-card" data-group="{attribute}">' in html
    assert f'<div class="wb-canvas" data-group="{attribute}">' in html
    assert "&lt;b&gt;map&lt;/b&gt; &amp; rate" in html and "&lt;em&gt;because&lt;/em&gt;" in html
    assert "Notes &amp; &lt;u&gt;more&lt;/u&gt;" in html


def test_canvas_has_a_card_per_step_and_marks_what_is_still_to_agree(design):
    def empty_cells(model):
        return sum(not getattr(s, a) for s in model.steps for a in cards.ASPECTS)

    model = max(design.models.values(), key=empty_cells)
    empty = empty_cells(model)
    assert empty >= 1  # a demo model leaves a step's responsible role blank
    html = cards.canvas(model)
    titles = re.findall(r'<h5><span class="wb-step-no">(\d+)</span>(.*?)</h5>', html)
    assert titles == [
        (str(n), escape(STEP_LABELS[s.step])) for n, s in enumerate(model.steps, start=1)
    ]
    assert html.count('<dd class="wb-gap">Still to agree</dd>') == empty
    assert html.count("<dt>") == len(cards.ASPECTS) * len(model.steps)
    assert html.count("<li>") == sum(
        len(getattr(s, a)) for s in model.steps for a in cards.ASPECTS[1:]
    )
    assert "<table" not in html  # a grid of cards wraps; a table would be clipped


def test_the_canvas_wraps_and_folds_to_one_column_on_a_phone():
    css = re.sub(r"\s+", "", cards.CSS)
    assert "grid-template-columns:repeat(auto-fill,minmax(min(100%,210px),1fr))" in css
    assert ".wb-canvas-step{" in css and "break-inside:avoid" in css
    assert "max-width:100%" in css.split(".wb-model{")[1].split("}")[0]
    narrow = css.split("@media(max-width:560px){")[1]
    assert ".wb-model.wb-facts{grid-template-columns:minmax(0,1fr)" in narrow
    assert "overflow-x" not in cards.canvas(_hostile_model())  # nothing to scroll or clip


def test_model_html_has_card_principles_and_canvas(design):
    model = next(iter(design.models.values()))
    advice = design.recommendation(model.group)
    html = cards.model_html(model, advice)
    assert html.startswith(cards.CSS) and html.count("<style>") == 1
    assert html == cards.CSS + cards.model_body(model, advice)
    assert cards.card(model, advice) in html
    assert cards.canvas(model) in html
    assert cards.scales(model.principles) in html
    assert "<h4>Journey canvas</h4>" in html


def test_colours_come_from_the_palette_or_are_tints_of_it(design):
    allowed = palette_colours()
    assert set(cards.TINTS.values()).isdisjoint(allowed)  # the tints are new colours...
    model = next(iter(design.models.values()))
    html = cards.CSS + cards.model_html(model) + cards.traits_tables()
    html += cards.principles_table(design.principles())
    used = {c.lower() for c in HEX.findall(html)}
    assert used <= allowed | set(cards.TINTS.values()), used - allowed
    assert "#1f4e79" not in used  # the old hard-coded canvas blue
    # ...each made from a palette colour, so they stay in step with it.
    assert cards.TINTS["gap"] == cards.tint(palette.JUDGEMENT_LOW, 0.12)


def test_tint_and_mix_move_between_colours():
    assert palette.mix("#000000", "#ffffff", 0.5) == "#808080"
    assert cards.tint(palette.INK, 1.0) == palette.INK
    assert cards.tint(palette.INK, 0.0) == "#ffffff"


def test_traits_tables_have_a_column_per_level_and_type():
    html = cards.traits_tables()
    communality, types = re.findall(r"<table.*?</table>", html, flags=re.S)
    for table, traits in ((communality, COMMUNALITY_TRAITS), (types, TYPE_TRAITS)):
        head = re.findall(r"<th>(.*?)</th>", table.split("<tbody>")[0])
        assert head == ["", *traits]
        first = next(iter(traits.values()))
        rows = table.split("<tbody>")[1]
        assert rows.count("<tr>") == len(first)
        assert re.findall(r"<tr><th>(.*?)</th>", rows)[0] == next(iter(first)).capitalize()
        assert table.count("<td>") == len(traits) * len(first)
    assert html.count('<div class="wb-table-wrap">') == 2
