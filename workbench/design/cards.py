"""Relationship models as HTML: the model card, the journey canvas, the principles.

Pure functions from models to escaped HTML strings, shared by the notebook's views and the
printable playbooks. Every text that comes from a model is escaped, so a group or an
activity that carries HTML is shown as text.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from workbench.design.models import (
    COMMUNALITY_TRAITS,
    PRINCIPLE_AXES,
    PRINCIPLE_RANGE,
    STEP_LABELS,
    TYPE_TRAITS,
    RelationshipModel,
)

CSS = """<style>
.wb-model{font-family:system-ui,sans-serif;font-size:13px;color:#1d2430}
.wb-model h3{margin:10px 0 4px}
.wb-facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0 10px}
.wb-facts dt{font-weight:600;color:#445}.wb-facts dd{margin:0}
.wb-canvas-wrap{overflow-x:auto;margin:6px 0 12px}
.wb-canvas{border-collapse:collapse;font-size:12px;table-layout:fixed}
.wb-canvas th,.wb-canvas td{border:1px solid #d9dee7;padding:4px 6px;vertical-align:top;
  min-width:150px;max-width:220px}
.wb-canvas thead th{background:#1f4e79;color:#fff;text-align:left}
.wb-canvas tbody th{background:#f2f4f7;text-align:left;min-width:90px}
.wb-canvas ul{margin:0;padding-left:16px}.wb-canvas td.wb-empty{background:#fdecea}
.wb-principles{border-collapse:collapse;font-size:12px;margin:4px 0 12px}
.wb-principles th,.wb-principles td{padding:3px 8px;border-bottom:1px solid #e4e7ec;
  text-align:left!important;white-space:nowrap}
.wb-axis{display:inline-block;position:relative;width:110px;height:10px;background:
  linear-gradient(90deg,#d6e4f0,#fbe3c4);border-radius:5px;vertical-align:middle}
.wb-axis i{position:absolute;top:-3px;width:8px;height:16px;background:#1f4e79;
  border-radius:2px;margin-left:-4px}
.wb-tag{display:inline-block;padding:1px 8px;border-radius:9px;background:#eef3f9;
  margin-right:4px}
.wb-recommendations th,.wb-recommendations td,.wb-findings th,.wb-findings td,.wb-canvas th,
.wb-canvas td{text-align:left!important;vertical-align:top!important}
.wb-recommendations ul{margin:0;padding-left:16px}
.wb-finding-warning{color:#8a4b08}.wb-finding-info{color:#445}
</style>"""


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>" if items else ""


def axis_marker(value: int) -> str:
    """A small bar with a marker: -2 at the left pole, +2 at the right pole."""
    low, high = PRINCIPLE_RANGE
    left = (value - low) / (high - low) * 100
    return f'<span class="wb-axis" title="{value:+d}"><i style="left:{left:.0f}%"></i></span>'


def principle_cells(principles: dict[str, int]) -> str:
    cells = []
    for axis, (left, right) in PRINCIPLE_AXES.items():
        value = principles.get(axis, 0)
        lean = "balanced" if value == 0 else f"{right if value > 0 else left} {value:+d}"
        cells.append(f"<td>{axis_marker(value)} {escape(lean)}</td>")
    return "".join(cells)


def principles_header() -> str:
    return "".join(
        f"<th>{escape(left)} &harr; {escape(right)}</th>" for left, right in PRINCIPLE_AXES.values()
    )


def principles_table(principles: pd.DataFrame) -> str:
    """All groups (rows) on the five axes (columns), to compare them at a glance."""
    if principles.empty:
        return '<p class="wb-note">No relationship model yet.</p>'
    rows = "".join(
        f"<tr><th>{escape(str(row['group']))}</th>{principle_cells(row)}</tr>"
        for row in principles.to_dict("records")
    )
    return (
        f'{CSS}<table class="wb-principles"><thead><tr><th>group</th>{principles_header()}'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def card(model: RelationshipModel, recommendation: dict | None = None) -> str:
    """The model's decisions and arrangements, with what its type and communality mean."""
    traits = COMMUNALITY_TRAITS[model.communality]
    kind = TYPE_TRAITS[model.relationship_type]
    facts = {
        "Relationship type": f"{model.relationship_type}: {kind['focus']}",
        "Communality": f"{model.communality} ({traits['relationship']}): trust "
        f"{traits['trust']}; performance control {traits['performance control']}",
        "Levels involved": ", ".join(model.levels) or "not set",
        "Journey": f"{model.journey} ({len(model.steps)} steps)",
        "Service profile": model.service_profile or "not assessed",
        "Environment": model.environment or "not assessed",
        "Cadence": model.cadence or "not set",
        "Channels": ", ".join(model.channels) or "not set",
        "Owner": model.owner or "not set",
        "Agent": model.agent or "not set",
        "KPIs": ", ".join(model.kpis) or "not set",
    }
    if recommendation:
        facts["Evidence suggests"] = (
            f"{recommendation['recommended_type']} / {recommendation['recommended_communality']}"
        )
    if model.override is not None:
        facts["Decision"] = (
            f"chosen over {model.override.recommended_type} / "
            f"{model.override.recommended_communality} on {model.override.date}: "
            f"{model.override.reason}"
        )
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts.items())
    notes = f'<p class="wb-note">{escape(model.notes)}</p>' if model.notes else ""
    return (
        f'<div class="wb-model wb-card" data-group="{escape(model.group, quote=True)}">'
        f'<h3>{escape(model.group)}</h3>{notes}<dl class="wb-facts">{rows}</dl></div>'
    )


def canvas(model: RelationshipModel) -> str:
    """The journey canvas: one column per step; rows for who, what, risks, chances, how."""
    head = "".join(f"<th>{escape(STEP_LABELS.get(s.step, s.step))}</th>" for s in model.steps)
    aspects = {
        "Responsible": lambda s: escape(s.responsible),
        "Key activities": lambda s: _list(s.activities),
        "Risks": lambda s: _list(s.risks),
        "Opportunities": lambda s: _list(s.opportunities),
        "Behaviours": lambda s: _list(s.behaviours),
    }
    body = ""
    for aspect, render in aspects.items():
        cells = ""
        for step in model.steps:
            content = render(step)
            empty = ' class="wb-empty" title="missing"' if not content else ""
            cells += f"<td{empty}>{content}</td>"
        body += f"<tr><th>{aspect}</th>{cells}</tr>"
    return (
        f'<div class="wb-canvas-wrap"><table class="wb-canvas" data-group="'
        f'{escape(model.group, quote=True)}"><thead><tr><th></th>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def model_html(model: RelationshipModel, recommendation: dict | None = None) -> str:
    """Card, principles and canvas of one model."""
    principles = (
        f'<table class="wb-principles"><thead><tr>{principles_header()}</tr></thead>'
        f"<tbody><tr>{principle_cells(model.principles)}</tr></tbody></table>"
    )
    return (
        f'{CSS}<div class="wb-model">{card(model, recommendation)}'
        f"<h4>Principles</h4>{principles}<h4>Journey canvas</h4>{canvas(model)}</div>"
    )


def _reference_table(traits: dict[str, dict[str, str]]) -> str:
    """Columns are the keys of ``traits`` (levels or types), rows the aspects they share."""
    columns = list(traits)
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    rows = "".join(
        f"<tr><th>{escape(aspect)}</th>"
        + "".join(f"<td>{escape(traits[c][aspect])}</td>" for c in columns)
        + "</tr>"
        for aspect in traits[columns[0]]
    )
    return (
        f'<table class="wb-canvas"><thead><tr><th></th>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def traits_tables() -> str:
    """What the communality levels and the relationship types mean (reference for clients)."""
    return (
        f'{CSS}<div class="wb-model"><h4>Communality</h4>{_reference_table(COMMUNALITY_TRAITS)}'
        f"<h4>Relationship types</h4>{_reference_table(TYPE_TRAITS)}</div>"
    )
