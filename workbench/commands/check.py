"""`workbench check`: every problem of an engagement at once, each table read once.

The register and snapshots are read and validated first; when they hold no error, each
workshop runs its own analysis exactly as `workbench run` will, on the tables already
read, and the design workshop is handed the stakeholder map and culture analysis already
made instead of repeating them. The settings around the analyses are checked too: the
settings that weaken privacy, the portal's logo, links that point outside the engagement
and snapshot folders whose name is not a date.

Examples
--------
>>> report = check("demo")
>>> report.errors, report.source
(0, 'inputs/*.csv and 2 survey wave(s)')
>>> report.summary()
'OK: inputs/*.csv and 2 survey wave(s) checked, 0 error(s), 4 warning(s).'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.core.errors import EngagementError, InputError, Problem
from workbench.core.files import engagement_link_problems
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

    def files(self, severity: str = "error") -> list[str]:
        """The files whose problems have ``severity``, in the order they were found.

        >>> CheckReport([Problem("b.toml", "m", "f"), Problem("a.csv", "m", "f"),
        ...              Problem("b.toml", "n", "f")], "inputs").files()
        ['b.toml', 'a.csv']
        """
        return list(dict.fromkeys(p.file for p in self.problems if p.severity == severity))

    def summary(self) -> str:
        """One line for the end of `workbench check`: the verdict and where the errors are.

        >>> CheckReport([Problem("workshop/models/x.toml", "m", "f")], "inputs/*.csv").summary()
        'FAILED: 1 error(s) in workshop/models/x.toml, 0 warning(s) (checked inputs/*.csv).'
        """
        counts = f"{self.errors} error(s)"
        if not self.errors:
            return f"OK: {self.source} checked, {counts}, {self.warnings} warning(s)."
        files = self.files()
        where = ", ".join(files[:4]) + (f" and {len(files) - 4} more file(s)" if files[4:] else "")
        return f"FAILED: {counts} in {where}, {self.warnings} warning(s) (checked {self.source})."


def _has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def stakeholder_problems(
    eng: Engagement,
) -> tuple[list[Problem], stakeholder_workshop.StakeholderMapping | None]:
    """Problems of the register, snapshots and adjustments; the map too when it can be made."""
    words = eng.vocabularies
    tables, problems = register.load_tables(eng.inputs, eng.input_format, vocabularies=words)
    snapshots: dict[str, dict[str, pd.DataFrame]] = {}
    for date in eng.snapshot_dates():
        try:
            snapshots[date] = register.load_snapshot(eng.snapshots / date, vocabularies=words)
        except InputError as exc:
            problems += exc.problems
    if _has_errors(problems):
        return problems, None
    # The inputs are fine: the analysis itself also reads the workshop's adjustments and
    # compares with the latest snapshot, exactly as `workbench run` will (on the tables
    # and snapshots read above: each is read once).
    try:
        mapping = stakeholder_workshop.analyse(
            eng, register_tables=(tables, problems), snapshots=snapshots
        )
    except InputError as exc:
        return problems + exc.problems, None
    return mapping.problems, mapping


def culture_problems(
    eng: Engagement,
) -> tuple[list[Problem], culture_workshop.CultureAnalysis | None]:
    """Problems of the survey waves, instruments and culture settings, with the analysis."""
    try:  # the analysis reads every wave once and raises with all of their problems
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


def logo_problems(eng: Engagement) -> list[Problem]:
    """``[branding] logo`` as `workbench serve` will judge it: missing, outside, too big."""
    from workbench.portal.pages import logo_data_uri  # the portal's own rule, not a twin

    try:
        logo_data_uri(eng)
    except EngagementError as exc:
        message, _, fix = str(exc).partition(" Fix: ")
        message = message.removeprefix(f"{eng.root / paths.ENGAGEMENT_FILE}: ")
        return [
            Problem(
                paths.ENGAGEMENT_FILE,
                message.rstrip(".") + ": the client portal refuses to start with it.",
                fix or "Fix the logo path under [branding].",
                field="branding.logo",
            )
        ]
    return []


def link_problems(eng: Engagement) -> list[Problem]:
    """Links in what a run copies (settings, inputs/, workshop/) that lead nowhere or outside:
    the very rule `workbench run` refuses them by."""
    return engagement_link_problems(eng)


def snapshot_folder_problems(eng: Engagement) -> list[Problem]:
    """Folders in workshop/snapshots/ not named by a real date, which are never used."""
    return [
        Problem(
            f"{paths.SNAPSHOTS}/{name}",
            f"'{name}' is not a real date (YYYY-MM-DD), so this folder is never used as a "
            "workshop snapshot, not even as the latest one.",
            "Rename it to the date of the workshop it saved (for example 2026-03-12), or "
            "move it out of workshop/snapshots/.",
            severity="warning",
        )
        for name in eng.ignored_snapshot_folders()
    ] + [
        Problem(
            f"{paths.SNAPSHOTS}/{name}",
            f"{name} is in the future, yet it is used as the latest workshop snapshot: the "
            "app's changes since the last workshop compare with it.",
            "Rename the folder to the date the workshop took place.",
            severity="warning",
        )
        for name in eng.snapshot_dates()
        if dt.date.fromisoformat(name) > dt.date.today()
    ]


def folder_problems(eng: Engagement) -> list[Problem]:
    """Folders of the engagement that are files: their contents would be skipped unsaid."""
    return [
        Problem(
            where,
            "This is a file, but the workbench expects a folder of that name here.",
            f"Rename or remove the file and make {where} a folder.",
        )
        for where in (paths.INPUTS, paths.WORKSHOP, paths.SNAPSHOTS, paths.MODELS)
        if (eng.root / where).is_file()
    ]


def check(engagement: Engagement | str | Path) -> CheckReport:
    """Every problem of the engagement: settings, register, snapshots, surveys, models."""
    eng = Engagement.of(engagement)
    around = [
        *eng.setting_warnings(),
        *logo_problems(eng),
        *link_problems(eng),
        *snapshot_folder_problems(eng),
        *folder_problems(eng),
    ]
    problems, mapping = stakeholder_problems(eng)
    culture_found, culture = culture_problems(eng)
    problems = [*around, *problems, *culture_found, *model_problems(eng, mapping, culture)]
    source = "inputs/register.xlsx" if eng.input_format == "xlsx" else "inputs/*.csv"
    if waves := eng.survey_waves():
        source += f" and {len(waves)} survey wave(s)"
    return CheckReport(problems, source)
