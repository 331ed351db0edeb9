"""`workbench check`: every problem of an engagement at once, each workshop analysed once.

The register and snapshots are read and validated first; when they hold no error, each
workshop runs its own analysis exactly as `workbench run` will, and the design workshop is
handed the stakeholder map and culture analysis already made instead of repeating them.

Examples
--------
>>> report = check("demo")
>>> report.errors, report.source
(0, 'inputs/*.csv and 2 survey wave(s)')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.core.engagement import Engagement
from workbench.core.errors import InputError, Problem
from workbench.culture import workshop as culture_workshop
from workbench.design import store as model_store
from workbench.design import workshop as design_workshop
from workbench.stakeholders import register
from workbench.stakeholders import workshop as stakeholder_workshop


@dataclass(frozen=True)
class CheckReport:
    """What `workbench check` found, and what it looked at."""

    problems: list[Problem]
    source: str  # the inputs checked, in words, e.g. "inputs/*.csv and 2 survey wave(s)"

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def _has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def stakeholder_problems(
    eng: Engagement,
) -> tuple[list[Problem], stakeholder_workshop.StakeholderMapping | None]:
    """Problems of the register, snapshots and adjustments; the map too when it can be made."""
    _, problems = register.load_tables(eng.inputs, eng.input_format)
    for date in eng.snapshot_dates():
        try:
            register.load_snapshot(eng.snapshots / date)
        except InputError as exc:
            problems += exc.problems
    if _has_errors(problems):
        return problems, None
    # The inputs are fine: the analysis itself also reads the workshop's adjustments and
    # compares with the latest snapshot, exactly as `workbench run` will.
    try:
        mapping = stakeholder_workshop.analyse(eng)
    except InputError as exc:
        return problems + exc.problems, None
    return mapping.problems, mapping


def culture_problems(
    eng: Engagement,
) -> tuple[list[Problem], culture_workshop.CultureAnalysis | None]:
    """Problems of the survey waves, instruments and culture settings, with the analysis."""
    try:
        _, _, problems = culture_workshop.load_waves(eng)
        if _has_errors(problems):
            return problems, None
        analysis = culture_workshop.analyse(eng)
    except InputError as exc:
        return exc.problems, None
    return analysis.problems, analysis


def model_problems(
    eng: Engagement,
    mapping: stakeholder_workshop.StakeholderMapping | None,
    culture: culture_workshop.CultureAnalysis | None,
) -> list[Problem]:
    """Problems in workshop/models/; with the other analyses at hand, also the models' checks."""
    _, problems = model_store.load_models(eng)
    if problems or mapping is None or (culture is None and eng.survey_waves()):
        return problems
    design = design_workshop.analyse(eng, stakeholder_map=mapping, culture=culture)
    findings = [
        Problem(
            model_store.file_label(f["group"]),
            f["message"],
            f["fix"],
            field=f["field"],
            severity="warning",
        )
        for f in design.findings.to_dict("records")
    ]
    return [*design.problems, *findings]


def check(engagement: Engagement | str | Path) -> CheckReport:
    """Every problem of the engagement: register, snapshots, surveys, models and their checks."""
    eng = Engagement.of(engagement)
    problems, mapping = stakeholder_problems(eng)
    culture_found, culture = culture_problems(eng)
    problems = [*problems, *culture_found, *model_problems(eng, mapping, culture)]
    source = "inputs/register.xlsx" if eng.input_format == "xlsx" else "inputs/*.csv"
    if waves := eng.survey_waves():
        source += f" and {len(waves)} survey wave(s)"
    return CheckReport(problems, source)
