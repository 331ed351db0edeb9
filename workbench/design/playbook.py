"""Relationship models as training material: printable playbooks and an Excel workbook.

A playbook is one self-contained HTML page per group (no script, nothing fetched, styled
for print) that agents can read or print. The workbook has a summary sheet and one sheet
per group; like results.xlsx, every text cell is neutralised against formula injection.
"""

from __future__ import annotations

import re
from html import escape

import pandas as pd

from workbench.deliver import workbook
from workbench.design import cards
from workbench.design.models import PRINCIPLE_AXES, STEP_LABELS, STEP_LISTS, RelationshipModel
from workbench.design.store import slug
from workbench.design.workshop import ModelDesign

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
PRINT_CSS = """<style>
body{font-family:system-ui,sans-serif;font-size:14px;margin:24px auto;max-width:1000px;
  color:#1d2430}
.wb-step p{margin:4px 0}.wb-step ul{margin:2px 0 6px}
.wb-step{break-inside:avoid;border:1px solid #d9dee7;border-radius:6px;padding:6px 12px;
  margin:8px 0}
.wb-step h4{margin:4px 0}
@media print{body{margin:0;max-width:none}.wb-canvas-wrap{display:none}
  .wb-step{page-break-inside:avoid}header{-webkit-print-color-adjust:exact;
  print-color-adjust:exact}}
</style>"""
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\']")


def models_sheet(design: ModelDesign) -> pd.DataFrame:
    """The `models` sheet of results.xlsx: one row per group and journey step."""
    rows = [
        {
            "group": model.group,
            "type": model.relationship_type,
            "communality": model.communality,
            "cadence": model.cadence,
            "owner": model.owner,
            "step": step.step,
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
                "journey": model.journey,
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


def workbook_bytes(design: ModelDesign) -> bytes:
    """relationship_models.xlsx: a summary sheet, then one sheet per group with a model."""
    groups = [g for g in design.groups if g in design.models]
    names = sheet_names(groups)
    sheets = {"summary": summary_sheet(design)}
    sheets.update({names[g]: step_rows(design.models[g]) for g in groups})
    return workbook.workbook_bytes(sheets)


def _step_sections(model: RelationshipModel) -> str:
    titles = {
        "activities": "Key activities",
        "risks": "Risks to watch",
        "opportunities": "Opportunities",
        "behaviours": "How we behave",
    }
    out = []
    for number, step in enumerate(model.steps, start=1):
        parts = [
            f'<section class="wb-step"><h4>{number}. {escape(STEP_LABELS[step.step])}</h4>',
            f"<p><b>Responsible:</b> {escape(step.responsible or 'not assigned yet')}</p>",
        ]
        for key, title in titles.items():
            items = getattr(step, key)
            if items:
                parts.append(f"<p><b>{title}</b></p>{cards._list(items)}")
        out.append("".join(parts) + "</section>")
    return "".join(out)


def playbook_html(design: ModelDesign, group: str) -> str:
    """A printable, self-contained playbook for one group's relationship model."""
    model = design.models[group]
    eng = design.engagement
    brand = eng.branding
    findings = design.findings[design.findings["group"] == group]
    open_points = "".join(
        f"<li>{escape(r['message'])} {escape(r['fix'])}</li>" for r in findings.to_dict("records")
    )
    open_html = f"<h3>Open points</h3><ul>{open_points}</ul>" if open_points else ""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(eng.client)}: relationship playbook for {escape(group)}</title>"
        f"<link rel='icon' href='data:;base64,='>{cards.CSS}{PRINT_CSS}</head><body>"
        f'<header style="background:{brand["primary_color"]};color:#fff;padding:10px 16px;'
        f'border-left:6px solid {brand["accent_color"]};border-radius:4px">'
        f'<div style="font-size:22px;font-weight:bold">{escape(eng.client)}</div>'
        f"<div>Relationship playbook: {escape(group)}</div></header>"
        f"{cards.model_html(model, design.recommendation(group))}"
        f"<h3>The journey, step by step</h3>{_step_sections(model)}{open_html}"
        "</body></html>"
    )


def playbooks(design: ModelDesign) -> dict[str, str]:
    """File name -> playbook HTML, for every group with a model."""
    return {
        f"{slug(group)}.html": playbook_html(design, group)
        for group in design.groups
        if group in design.models
    }
