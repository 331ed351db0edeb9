"""The relationship-model design workshop in one call: models, evidence, advice, findings.

The notebook, `workbench run`, `workbench check` and the tests all go through
:func:`analyse`, so the app, the playbooks and results.xlsx can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.core.engagement import Engagement
from workbench.core.errors import Problem, raise_for_errors
from workbench.core.handoff import handed_over
from workbench.culture import workshop as culture_workshop
from workbench.design import consistency, recommend, store
from workbench.design.models import PRINCIPLE_AXES, RelationshipModel
from workbench.present.serving import CONSULTANT, ServingContext
from workbench.stakeholders import workshop as stakeholder_workshop


@dataclass
class ModelDesign:
    """Everything the relationship-model design notebook shows."""

    engagement: Engagement
    groups: list[str]  # register groups first (in name order), then groups only in models
    models: dict[str, RelationshipModel]
    evidence: pd.DataFrame  # recommend.EVIDENCE_COLUMNS, one row per group
    recommendations: pd.DataFrame  # recommend.COLUMNS, one row per group
    findings: pd.DataFrame  # consistency.COLUMNS
    kinds: dict[str, str]  # each register group's most common kind (for the starter model)
    problems: list[Problem]
    context: ServingContext = CONSULTANT  # who is looking: decides read-only editors

    def recommendation(self, group: str) -> dict:
        rows = self.recommendations[self.recommendations["group"] == group]
        return rows.iloc[0].to_dict() if len(rows) else {}

    def principles(self) -> pd.DataFrame:
        """Groups with a model (rows) by principle axis (columns), -2..2."""
        rows = [{"group": g, **self.models[g].principles} for g in self.groups if g in self.models]
        return pd.DataFrame(rows, columns=["group", *PRINCIPLE_AXES])


@handed_over("design")
def analyse(
    engagement: Engagement | str | Path,
    stakeholder_map: stakeholder_workshop.StakeholderMapping | None = None,
    culture: culture_workshop.CultureAnalysis | None = None,
    context: ServingContext = CONSULTANT,
) -> ModelDesign:
    """Load the models, gather the evidence, recommend, and check every model.

    ``stakeholder_map`` and ``culture`` are the other workshops' analyses of the same
    engagement when the caller already has them (`workbench run` does); otherwise they are
    computed here. Raises InputError when a model file (or the register, or a survey) has a
    problem.

    Examples
    --------
    >>> design = analyse("demo")
    >>> len(design.models) >= 5
    True
    """
    eng = Engagement.of(engagement)
    models, problems = store.load_models(eng)
    raise_for_errors(problems)
    stakeholder_map = stakeholder_map or stakeholder_workshop.analyse(eng, context=context)
    if culture is None and eng.survey_waves():
        culture = culture_workshop.analyse(eng, context=context)
    summary = stakeholder_map.summary
    register_groups = sorted(summary["group"].astype(str).unique())
    groups = register_groups + sorted(set(models) - set(register_groups))
    settings = eng.stakeholder_map
    evidence = recommend.group_evidence(
        summary,
        groups,
        assessments={g: (m.service_profile, m.environment) for g, m in models.items()},
        placement=culture.placement if culture else None,
        hotspots=culture.hotspots if culture else None,
        influence_threshold=settings["influence_threshold"],
        interest_threshold=settings["interest_threshold"],
    )
    recommendations = recommend.recommend(evidence, eng.vocabularies)
    problems = [*problems, *_unmapped(models, register_groups)]
    return ModelDesign(
        engagement=eng,
        groups=groups,
        models=models,
        evidence=evidence,
        recommendations=recommendations,
        findings=consistency.findings(
            models, evidence, recommendations, settings["influence_threshold"]
        ),
        kinds=dict(zip(evidence["group"], evidence["main_kind"], strict=True)),
        problems=problems,
        context=context,
    )


def _unmapped(models: dict[str, RelationshipModel], register_groups: list[str]) -> list[Problem]:
    return [
        Problem(
            store.file_label(group),
            f"The model is for '{group}', a group no stakeholder in the register belongs to.",
            "rename the group to match the register's 'group' column, or add its stakeholders.",
            field="group",
            severity="warning",
        )
        for group in sorted(set(models) - set(register_groups))
    ]
