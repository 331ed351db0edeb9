"""Relationship models as training material: printable playbooks and an Excel workbook.

A playbook is one self-contained HTML page per group (no script, nothing fetched) that agents
can read on any screen or print: on screen the journey canvas wraps to the width, and on paper
(A4 landscape) every step card is kept whole on one page, nothing hidden. The workbook has a
summary sheet and one sheet per group, with the headers of :mod:`workbench.design.wording`;
like results.xlsx, every text cell is neutralised against formula injection.
"""

from __future__ import annotations

import re
from html import escape

import pandas as pd

from workbench.deliver import workbook
from workbench.design import cards
from workbench.design.models import PRINCIPLE_AXES, STEP_LABELS, STEP_LISTS, RelationshipModel
from workbench.design.store import slug
from workbench.design.wording import COLUMN_LABELS, FORMATS, JOURNEY_LABELS, field_words
from workbench.design.workshop import ModelDesign
from workbench.present import palette

SEP = "; "
MODELS_SHEET_COLUMNS = [
    "group", "type", "communality", "cadence", "owner", "step", "activities", "role", "risks",
    "opportunities", "behaviours",
]  # fmt: skip
SUMMARY_COLUMNS = [
    "group", "type", "communality", "suggested_type", "suggested_communality",
    "override_reason", "journey", "levels", "service_profile", "environment", "cadence",
    "channels", "owner", "agent", "kpis", *PRINCIPLE_AXES, "findings",
]  # fmt: skip
PRINT_CSS = f"""<style>
@page{{size:A4 landscape;margin:12mm}}
body{{font-family:system-ui,sans-serif;font-size:14px;margin:24px auto;max-width:1100px;
  padding:0 12px;color:{palette.INK}}}
header{{padding:10px 16px;border-radius:4px;-webkit-print-color-adjust:exact;
  print-color-adjust:exact}}
.wb-open li{{margin:4px 0}}
@media print{{
  body{{margin:0;max-width:none;padding:0;font-size:12px}}
  .wb-model,.wb-canvas-step h5{{font-size:12px}}
  .wb-canvas{{grid-template-columns:repeat(4,minmax(0,1fr))}}
  .wb-canvas-step,.wb-facts,.wb-scales,.wb-open li{{break-inside:avoid;page-break-inside:avoid}}
  h3,h4,h5{{break-after:avoid;page-break-after:avoid}}
  .wb-model *{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
}}
</style>"""
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\']")


def models_sheet(design: ModelDesign) -> pd.DataFrame:
    """The `models` sheet of results.xlsx: one row per group and journey step.

    Columns are code names (:data:`MODELS_SHEET_COLUMNS`); their headers are in
    :data:`workbench.design.wording.COLUMN_LABELS`. Steps are named as the journey names them.
    """
    rows = [
        {
            "group": model.group,
            "type": model.relationship_type,
            "communality": model.communality,
            "cadence": model.cadence,
            "owner": model.owner,
            "step": STEP_LABELS.get(step.step, step.step),
            "activities": SEP.join(step.activities),
            "role": step.responsible,
            "risks": SEP.join(step.risks),
            "opportunities": SEP.join(step.opportunities),
            "behaviours": SEP.join(step.behaviours),
        }
        for group in design.groups
        if (model := design.models.get(group)) is not None
        for step in model.steps
    ]
    return pd.DataFrame(rows, columns=MODELS_SHEET_COLUMNS)


def summary_sheet(design: ModelDesign) -> pd.DataFrame:
    """One row per group with a model: its decisions, arrangements, principles and points."""
    counts = design.findings["group"].value_counts()
    rows = []
    for group in design.groups:
        model = design.models.get(group)
        if model is None:
            continue
        advice = design.recommendation(group)
        rows.append(
            {
                "group": group,
                "type": model.relationship_type,
                "communality": model.communality,
                "suggested_type": advice.get("recommended_type", ""),
                "suggested_communality": advice.get("recommended_communality", ""),
                "override_reason": model.override.reason if model.override else "",
                "journey": JOURNEY_LABELS.get(model.journey, model.journey),
                "levels": SEP.join(model.levels),
                "service_profile": model.service_profile,
                "environment": model.environment,
                "cadence": model.cadence,
                "channels": SEP.join(model.channels),
                "owner": model.owner,
                "agent": model.agent,
                "kpis": SEP.join(model.kpis),
                **model.principles,
                "findings": int(counts.get(group, 0)),
            }
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def sheet_names(groups: list[str]) -> dict[str, str]:
    """A unique, Excel-safe sheet name (31 characters at most) for each group.

    >>> sheet_names(["Regulators & Auditors", "Customers: EU"])
    {'Regulators & Auditors': 'Regulators & Auditors', 'Customers: EU': 'Customers EU'}
    """
    names: dict[str, str] = {}
    used = {"summary"}
    for group in groups:
        base = _SHEET_UNSAFE.sub("", group).strip()[:31] or "group"
        name, n = base, 2
        while name.lower() in used:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name.lower())
        names[group] = name
    return names


def step_rows(model: RelationshipModel) -> pd.DataFrame:
    """A group's sheet: one row per journey step, each list joined with "; "."""
    return pd.DataFrame(
        [
            {
                "step": STEP_LABELS.get(step.step, step.step),
                "responsible": step.responsible,
                **{key: SEP.join(getattr(step, key)) for key in STEP_LISTS},
            }
            for step in model.steps
        ],
        columns=["step", "responsible", *STEP_LISTS],
    )


def workbook_bytes(design: ModelDesign, cover: workbook.Cover | None = None) -> bytes:
    """relationship_models.xlsx: a summary sheet, then one sheet per group with a model.

    With a ``cover``, an "About" sheet comes first (client, run, date, what each sheet holds).
    """
    groups = [g for g in design.groups if g in design.models]
    names = sheet_names(groups)
    sheets: dict[str, workbook.Sheet] = {
        "summary": workbook.Sheet(
            summary_sheet(design),
            "Summary",
            "Each group's agreed relationship model, next to what the evidence suggests.",
            COLUMN_LABELS,
            FORMATS,
        )
    }
    sheets.update(
        {
            names[g]: workbook.Sheet(
                step_rows(design.models[g]),
                names[g],
                f"The journey of {g}, step by step.",
                COLUMN_LABELS,
                FORMATS,
            )
            for g in groups
        }
    )
    return workbook.workbook_bytes(sheets, cover)


def open_points(design: ModelDesign, group: str) -> str:
    """The group's points to settle as a list, each with where it is and what to do."""
    model = design.models.get(group)
    journey = model.journey if model else None
    findings = design.findings[design.findings["group"] == group].to_dict("records")
    if not findings:
        return ""
    items = "".join(
        f"<li><b>{escape(field_words(r['field'], journey))}</b>: {escape(r['message'])} "
        f"<i>What to do:</i> {escape(r['fix'])}</li>"
        for r in findings
    )
    return f'<h3>Points to settle</h3><ul class="wb-open">{items}</ul>'


def playbook_html(design: ModelDesign, group: str) -> str:
    """A printable, self-contained playbook for one group's relationship model.

    The model card, its principles and the journey canvas, then the points still to settle.
    Nothing is hidden in print; each step card stays whole on a page.
    """
    model = design.models[group]
    eng = design.engagement
    brand = eng.branding
    ink = palette.text_on(brand["primary_color"])
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(eng.client)}: relationship playbook for {escape(group)}</title>"
        f"<link rel='icon' href='data:;base64,='>{cards.CSS}{PRINT_CSS}</head><body>"
        f'<header style="background:{brand["primary_color"]};color:{ink};'
        f'border-left:6px solid {brand["accent_color"]}">'
        f'<div style="font-size:22px;font-weight:bold">{escape(eng.client)}</div>'
        f"<div>Relationship playbook: {escape(group)}</div></header>"
        f"{cards.model_body(model, design.recommendation(group))}"
        f"{open_points(design, group)}"
        "</body></html>"
    )


def playbooks(design: ModelDesign) -> dict[str, str]:
    """File name -> playbook HTML, for every group with a model."""
    return {
        f"{slug(group)}.html": playbook_html(design, group)
        for group in design.groups
        if group in design.models
    }
