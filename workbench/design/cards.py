"""Relationship models as HTML: the model card, the journey canvas, the principles.

Pure functions from models to escaped HTML strings, shared by the notebook's views and the
printable playbooks. Every text that comes from a model is escaped, so a group or an
activity that carries HTML is shown as text.

The layout is responsive: the card's facts and the principles' scales fold into one column on
a phone, and the journey canvas is a grid of step cards that wraps (one column at 390 px)
instead of a wide table that would be clipped. Every colour comes from
:mod:`workbench.present.palette`, directly or as a lighter tint of a palette colour
(:func:`tint`, listed in :data:`TINTS`).

Examples
--------
>>> from workbench.design.models import RelationshipModel, empty_steps
>>> model = RelationshipModel(group="<b>Media</b>", relationship_type="basic",
...     communality="low", steps=empty_steps("service"))
>>> html = model_html(model)
>>> "&lt;b&gt;Media" in html and "<b>Media" not in html, html.count('class="wb-canvas-step"')
(True, 7)
"""

from __future__ import annotations

from datetime import date
from html import escape
from string import Template

import pandas as pd

from workbench.design.models import (
    COMMUNALITY_TRAITS,
    PRINCIPLE_AXES,
    PRINCIPLE_RANGE,
    STEP_LABELS,
    TYPE_TRAITS,
    RelationshipModel,
)
from workbench.design.wording import COLUMN_LABELS, JOURNEY_LABELS, PRINCIPLE_LABELS
from workbench.present import palette
from workbench.present.page import empty_state

GAP_TEXT = "Still to agree"


def tint(color: str, share: float) -> str:
    """``color`` lightened towards white: ``share`` is how much of the colour is kept.

    Examples
    --------
    >>> tint("#000000", 0.25), tint("#1e8449", 1.0)
    ('#bfbfbf', '#1e8449')
    """
    return palette.mix(palette.PAPER, color, share)


# Colours made from palette colours (the only ones not in the palette): light tints for
# backgrounds, and the middle of the communality scale.
TINTS = {
    "communality_mid": palette.mix(palette.POSITION_LOW, palette.POSITION_HIGH, 0.5),
    "gap": tint(palette.JUDGEMENT_LOW, 0.12),  # a part of the journey still to agree
    "axis_low": tint(palette.POSITION_LOW, 0.3),  # the principles' scale, left pole
    "axis_high": tint(palette.POSITION_HIGH, 0.3),  # and right pole
}

CSS = Template("""<style>
.wb-model{font-family:system-ui,sans-serif;font-size:14px;line-height:1.4;color:$ink;
  max-width:100%;box-sizing:border-box}
.wb-model *,.wb-model *::before{box-sizing:border-box}
.wb-model h3{margin:14px 0 4px;font-size:18px;overflow-wrap:anywhere}
.wb-model h4{margin:16px 0 6px;font-size:15px}
.wb-card{max-width:100%}
.wb-tags{display:flex;flex-wrap:wrap;gap:4px 6px;margin:4px 0 8px}
.wb-tag{display:inline-block;padding:1px 10px;border-radius:10px;background:$panel;
  border:1px solid $rule;font-size:13px}
/* ".wb-model ..." outranks JupyterLab's output rules, which float every dt and dd. */
.wb-model dl,.wb-model dt,.wb-model dd{float:none;width:auto;padding:0;overflow:visible}
.wb-model .wb-facts{display:grid;grid-template-columns:minmax(7em,max-content) minmax(0,1fr);
  gap:4px 14px;margin:6px 0 10px;max-width:100%}
.wb-model .wb-facts dt{font-weight:600;color:$muted}
.wb-model .wb-facts dd{margin:0;overflow-wrap:anywhere}
.wb-scales{display:grid;grid-template-columns:minmax(0,max-content) 120px
  minmax(0,max-content) minmax(0,1fr);gap:6px 10px;align-items:center;margin:4px 0 10px}
.wb-scale{display:contents}
.wb-pole{font-size:13px;color:$muted}.wb-pole-left{text-align:right}
.wb-lean{font-size:13px}
.wb-axis{display:inline-block;position:relative;width:100%;min-width:80px;height:12px;
  border-radius:6px;vertical-align:middle;
  background:linear-gradient(90deg,$axis_low,$mid 50%,$axis_high)}
.wb-axis i{position:absolute;top:-4px;width:10px;height:20px;background:$ink;
  border:2px solid $paper;border-radius:3px;margin-left:-5px}
/* "table.wb-..." inside the frame outranks JupyterLab's output rules (fixed layout and
   right-aligned cells), so the tables look the same in JupyterLab, Voila and the export. */
.wb-table-wrap table.wb-principles,.wb-table-wrap table.wb-traits{table-layout:auto}
.wb-table-wrap table.wb-principles th,.wb-table-wrap table.wb-principles td,
.wb-table-wrap table.wb-traits th,.wb-table-wrap table.wb-traits td{text-align:left;
  vertical-align:top}
.wb-principles .wb-axis{width:90px}
.wb-principles .wb-lean{display:block;margin-top:6px;white-space:nowrap}
.wb-table-wrap table.wb-principles tbody th{position:sticky;left:0;background:$paper;z-index:1;
  min-width:7em;max-width:11em}
.wb-canvas{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,210px),1fr));
  gap:10px;margin:6px 0 12px;max-width:100%}
.wb-canvas-step{border:1px solid $rule;border-radius:6px;overflow:hidden;
  break-inside:avoid;page-break-inside:avoid;min-width:0}
.wb-canvas-step h5{margin:0;padding:6px 10px;font-size:14px;background:$panel;
  border-bottom:1px solid $rule}
.wb-step-no{display:inline-block;min-width:1.6em;height:1.6em;line-height:1.6em;
  text-align:center;border-radius:50%;background:$ink;color:$paper;font-size:12px;
  margin-right:6px}
.wb-model .wb-canvas-step dl{margin:0;padding:6px 10px 8px}
.wb-model .wb-canvas-step dt{font-weight:600;font-size:13px;color:$muted;margin-top:6px}
.wb-model .wb-canvas-step dd{margin:0;overflow-wrap:anywhere}
.wb-canvas-step ul{margin:0;padding-left:18px}
.wb-model .wb-canvas-step dd.wb-gap{background:$gap;color:$gap_ink;border-radius:3px;
  padding:1px 6px;font-size:13px}
.wb-traits th,.wb-traits td{min-width:7em}
@media (max-width:560px){
  .wb-model .wb-facts{grid-template-columns:minmax(0,1fr);gap:0}
  .wb-model .wb-facts dd{margin-bottom:6px}
  .wb-scales{grid-template-columns:minmax(0,1fr) 96px minmax(0,1fr)}
  .wb-scales .wb-lean{grid-column:1/-1;text-align:center;margin:-4px 0 4px}
}
</style>""").substitute(
    ink=palette.INK,
    muted=palette.MUTED,
    rule=palette.DIMMED,
    paper=palette.PAPER,
    panel=palette.HEADER_FILL,  # step headings and tags, like table headers
    mid=palette.JUDGEMENT_MID,
    gap_ink=palette.JUDGEMENT_LOW,
    **TINTS,
)


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>" if items else ""


def lean_words(axis: str, value: int) -> str:
    """Where a model sits on one principle axis, in words.

    Examples
    --------
    >>> lean_words("control_trust", -2), lean_words("control_trust", 1)
    ('strongly control', 'leans to trust')
    >>> lean_words("control_trust", 0)
    'balanced'
    """
    left, right = PRINCIPLE_AXES[axis]
    if value == 0:
        return "balanced"
    pole = right if value > 0 else left
    return f"strongly {pole}" if abs(value) >= PRINCIPLE_RANGE[1] else f"leans to {pole}"


def axis_marker(value: int, words: str = "") -> str:
    """A small bar with a marker: -2 at the left pole, +2 at the right pole.

    Examples
    --------
    >>> axis_marker(1, "leans to trust")
    '<span class="wb-axis" role="img" aria-label="leans to trust"><i style="left:75%"></i></span>'
    """
    low, high = PRINCIPLE_RANGE
    left = (value - low) / (high - low) * 100
    label = escape(words or f"{value:+d}", quote=True)
    return (
        f'<span class="wb-axis" role="img" aria-label="{label}">'
        f'<i style="left:{left:.0f}%"></i></span>'
    )


def principle_cells(principles: dict[str, int]) -> str:
    """One table cell per axis: the marker, and the lean in words under it."""
    cells = []
    for axis in PRINCIPLE_AXES:
        value = principles.get(axis, 0)
        words = lean_words(axis, value)
        cells.append(
            f'<td>{axis_marker(value, words)}<span class="wb-lean">{escape(words)}</span></td>'
        )
    return "".join(cells)


def principles_header() -> str:
    return "".join(f"<th>{escape(label)}</th>" for label in PRINCIPLE_LABELS.values())


def principles_table(principles: pd.DataFrame) -> str:
    """All groups (rows) on the five axes (columns), to compare them at a glance.

    The table scrolls sideways inside its frame on a phone; the group names stay in view.
    """
    if principles.empty:
        return empty_state(
            "No relationship model has been agreed yet",
            "Each group's principles appear here once the team has agreed its model.",
        )
    rows = "".join(
        f"<tr><th>{escape(str(row['group']))}</th>{principle_cells(row)}</tr>"
        for row in principles.to_dict("records")
    )
    return (
        f'{CSS}<div class="wb-table-wrap"><table class="wb-table wb-principles"><thead><tr>'
        f"<th>{COLUMN_LABELS['group']}</th>{principles_header()}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def scales(principles: dict[str, int]) -> str:
    """One model's principles: each axis as its two poles with the marker between them."""
    rows = []
    for axis, (left, right) in PRINCIPLE_AXES.items():
        value = principles.get(axis, 0)
        words = lean_words(axis, value)
        rows.append(
            f'<div class="wb-scale"><span class="wb-pole wb-pole-left">{escape(left)}</span>'
            f'{axis_marker(value, words)}<span class="wb-pole">{escape(right)}</span>'
            f'<span class="wb-lean">{escape(words)}</span></div>'
        )
    return f'<div class="wb-scales">{"".join(rows)}</div>'


def nice_date(text: str) -> str:
    """An ISO date as people write it; anything else as it is.

    Examples
    --------
    >>> nice_date("2026-06-18"), nice_date("soon")
    ('18 June 2026', 'soon')
    """
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day.day} {day:%B %Y}"


def card(model: RelationshipModel, recommendation: dict | None = None) -> str:
    """The model's decisions and arrangements, with what its type and communality mean."""
    traits = COMMUNALITY_TRAITS[model.communality]
    kind = TYPE_TRAITS[model.relationship_type]
    label = COLUMN_LABELS
    facts = {
        label["relationship_type"]: f"{model.relationship_type}: {kind['focus']}",
        label["communality"]: f"{model.communality} ({traits['relationship']}): trust "
        f"{traits['trust']}; performance control {traits['performance control']}",
        label["levels"]: ", ".join(model.levels) or "not set yet",
        label["journey"]: f"{JOURNEY_LABELS.get(model.journey, model.journey)}, "
        f"{len(model.steps)} steps",
        label["service_profile"]: model.service_profile or "not assessed yet",
        label["environment"]: model.environment or "not assessed yet",
        label["cadence"]: model.cadence or "not set yet",
        label["channels"]: ", ".join(model.channels) or "not set yet",
        label["owner"]: model.owner or "not named yet",
        label["agent"]: model.agent or "not named yet",
        label["kpis"]: ", ".join(model.kpis) or "not set yet",
    }
    if recommendation:
        facts["Evidence suggests"] = (
            f"{recommendation['recommended_type']} relationship, "
            f"{recommendation['recommended_communality']} communality"
        )
    if model.override is not None:
        facts["Decision"] = (
            f"chosen instead of {model.override.recommended_type} / "
            f"{model.override.recommended_communality} on {nice_date(model.override.date)}: "
            f"{model.override.reason}"
        )
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts.items())
    notes = f'<p class="wb-note">{escape(model.notes)}</p>' if model.notes else ""
    tags = (
        f'<div class="wb-tags"><span class="wb-tag">{escape(model.relationship_type)} '
        f'relationship</span><span class="wb-tag">{escape(model.communality)} communality'
        "</span></div>"
    )
    return (
        f'<div class="wb-model wb-card" data-group="{escape(model.group, quote=True)}">'
        f'<h3>{escape(model.group)}</h3>{tags}{notes}<dl class="wb-facts">{rows}</dl></div>'
    )


ASPECTS = ("responsible", "activities", "risks", "opportunities", "behaviours")


def canvas(model: RelationshipModel) -> str:
    """The journey canvas: a card per step with who, what, risks, chances and how.

    The cards wrap onto as many rows as the width needs; a part still to agree is marked
    in words and in the judgement scale's pale red.
    """
    steps = []
    for number, step in enumerate(model.steps, start=1):
        parts = []
        for aspect in ASPECTS:
            value = getattr(step, aspect)
            content = escape(value) if isinstance(value, str) else _list(value)
            cell = f"<dd>{content}</dd>" if content else f'<dd class="wb-gap">{GAP_TEXT}</dd>'
            parts.append(f"<dt>{escape(COLUMN_LABELS[aspect])}</dt>{cell}")
        title = escape(STEP_LABELS.get(step.step, step.step))
        steps.append(
            f'<section class="wb-canvas-step" data-step="{escape(step.step, quote=True)}">'
            f'<h5><span class="wb-step-no">{number}</span>{title}</h5>'
            f"<dl>{''.join(parts)}</dl></section>"
        )
    return (
        f'<div class="wb-canvas" data-group="{escape(model.group, quote=True)}">'
        f"{''.join(steps)}</div>"
    )


def model_body(model: RelationshipModel, recommendation: dict | None = None) -> str:
    """Card, principles and canvas of one model, without the style sheet."""
    return (
        f'<div class="wb-model">{card(model, recommendation)}'
        f"<h4>Principles</h4>{scales(model.principles)}"
        f"<h4>Journey canvas</h4>{canvas(model)}</div>"
    )


def model_html(model: RelationshipModel, recommendation: dict | None = None) -> str:
    """Card, principles and canvas of one model, with the style sheet in front."""
    return CSS + model_body(model, recommendation)


def _reference_table(traits: dict[str, dict[str, str]]) -> str:
    """Columns are the keys of ``traits`` (levels or types), rows the aspects they share."""
    columns = list(traits)
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    rows = "".join(
        f"<tr><th>{escape(aspect.capitalize())}</th>"
        + "".join(f"<td>{escape(traits[c][aspect])}</td>" for c in columns)
        + "</tr>"
        for aspect in traits[columns[0]]
    )
    return (
        f'<div class="wb-table-wrap"><table class="wb-table wb-traits"><thead><tr><th></th>'
        f"{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def traits_tables() -> str:
    """What the communality levels and the relationship types mean (reference for clients)."""
    return (
        f'{CSS}<div class="wb-model"><h4>Communality</h4>{_reference_table(COMMUNALITY_TRAITS)}'
        f"<h4>Relationship types</h4>{_reference_table(TYPE_TRAITS)}</div>"
    )
