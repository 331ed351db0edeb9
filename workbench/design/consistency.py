"""Consistency checks on relationship models, listed as findings for the workshop.

A finding is not an input error: the model file is valid, but something in it is likely to
hurt the relationship (a step nobody is responsible for, a partnership nobody senior takes
part in, ...). Each finding names the group, the field and what to do.

Examples
--------
>>> from workbench.design.models import parse_model
>>> model, _ = parse_model({"group": "Media", "relationship_type": "basic",
...     "communality": "low"}, "media.toml")
>>> sorted(set(findings({"Media": model})["check"]))
['kpis set', 'step has a responsible role']
"""

from __future__ import annotations

import math

import pandas as pd

from workbench.design.models import RelationshipModel
from workbench.stakeholders.analysis import STRATEGY_BY_QUADRANT

COLUMNS = ["group", "check", "severity", "field", "message", "fix"]
MANAGE_CLOSELY = STRATEGY_BY_QUADRANT["key players"]


def _finding(group, check, field, message, fix, severity="warning") -> dict:
    return {
        "group": group,
        "check": check,
        "severity": severity,
        "field": field,
        "message": message,
        "fix": fix,
    }


def check_model(
    model: RelationshipModel,
    evidence: dict | None = None,
    recommendation: dict | None = None,
    influence_threshold: float = 3.5,
) -> list[dict]:
    """Findings for one model; ``evidence`` and ``recommendation`` are rows for its group."""
    evidence = evidence or {}
    group, out = model.group, []
    for number, step in enumerate(model.steps, start=1):
        if not step.responsible:
            out.append(
                _finding(
                    group,
                    "step has a responsible role",
                    f"steps[{number}].responsible",
                    f"Nobody is responsible for the '{step.step}' step.",
                    "name the role: relationship manager, relationship agent or another role.",
                )
            )
    if model.relationship_type == "partnership" and "strategic" not in model.levels:
        out.append(
            _finding(
                group,
                "partnership involves the strategic level",
                "levels",
                "A partnership without the strategic level is a partnership in name only.",
                "involve the strategic level and name who meets the group there.",
            )
        )
    if evidence.get("strategy") == MANAGE_CLOSELY and model.cadence in ("", "ad hoc"):
        out.append(
            _finding(
                group,
                "manage-closely group has a cadence",
                "cadence",
                "The group is to be managed closely but has no regular cadence.",
                "set a cadence: weekly, monthly or quarterly.",
            )
        )
    influence = evidence.get("mean_influence", math.nan)
    if isinstance(influence, int | float) and influence >= influence_threshold:
        for number, step in enumerate(model.steps, start=1):
            if not step.risks:
                out.append(
                    _finding(
                        group,
                        "high-influence group has risks listed",
                        f"steps[{number}].risks",
                        f"An influential group (mean influence {influence:.1f}) with no risk "
                        f"named for the '{step.step}' step.",
                        "name at least one risk for the step, and how to watch for it.",
                    )
                )
    if not model.kpis:
        out.append(
            _finding(
                group,
                "kpis set",
                "kpis",
                "No KPI says whether the relationship is healthy.",
                "add KPIs, e.g. CSAT, NPS, SLA compliance or relationship longevity.",
            )
        )
    out += _override_findings(model, recommendation)
    return out


def _override_findings(model: RelationshipModel, recommendation: dict | None) -> list[dict]:
    if not recommendation:
        return []
    suggested = (recommendation["recommended_type"], recommendation["recommended_communality"])
    chosen = (model.relationship_type, model.communality)
    if chosen == suggested:
        return []
    if model.override is None:
        return [
            _finding(
                model.group,
                "override has a reason",
                "override",
                f"The model is {chosen[0]} / {chosen[1]} but the evidence suggests "
                f"{suggested[0]} / {suggested[1]}, and no reason is recorded.",
                "record why the team chose differently, or follow the suggestion.",
            )
        ]
    recorded = (model.override.recommended_type, model.override.recommended_communality)
    if recorded != suggested:
        return [
            _finding(
                model.group,
                "override has a reason",
                "override",
                f"The override was decided against {recorded[0]} / {recorded[1]}; the evidence "
                f"now suggests {suggested[0]} / {suggested[1]}.",
                "review the decision with the new evidence and record it again.",
                severity="info",
            )
        ]
    return []


def findings(
    models: dict[str, RelationshipModel],
    evidence: pd.DataFrame | None = None,
    recommendations: pd.DataFrame | None = None,
    influence_threshold: float = 3.5,
) -> pd.DataFrame:
    """Every finding for every model, ordered by group (COLUMNS)."""
    by_group = {} if evidence is None else evidence.set_index("group").to_dict("index")
    suggested = (
        {} if recommendations is None else recommendations.set_index("group").to_dict("index")
    )
    rows = []
    for group in sorted(models):
        rows += check_model(
            models[group], by_group.get(group), suggested.get(group), influence_threshold
        )
    return pd.DataFrame(rows, columns=COLUMNS)
