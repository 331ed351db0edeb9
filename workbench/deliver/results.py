"""results.xlsx and relationship_models.xlsx as a client receives them from `workbench run`.

The workshops hand over their result tables with the column names the code uses
(``pct_favourable``, ``psych_safety``, stakeholder ids); this module turns them into
:class:`~workbench.deliver.workbook.Sheet` objects a client can read: every sheet gets a
title and a one-line description for the cover, headers and formats come from each
workshop's wording module (the same words the apps use), ids become names, culture
dimensions and culture types get the names of the survey's instrument files, and the cover
explains the terms the headers use.

Columns no wording module names keep a readable fallback: ``reach_lost`` -> ``Reach lost``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import replace
from types import ModuleType

import pandas as pd

from workbench.core.engagement import Engagement
from workbench.core.labels import ALL
from workbench.culture import wording as culture_wording
from workbench.culture.workshop import CultureAnalysis
from workbench.culture.workshop import results_sheets as culture_sheets
from workbench.deliver.workbook import Cover, Sheet, workbook_bytes
from workbench.design import playbook
from workbench.design import wording as design_wording
from workbench.design.models import STEP_LABELS
from workbench.design.workshop import ModelDesign
from workbench.stakeholders import wording as stakeholder_wording
from workbench.stakeholders.workshop import StakeholderMapping
from workbench.stakeholders.workshop import results_sheets as stakeholder_sheets

# sheet key (as the workshops name them) -> (title, what the sheet holds)
SHEETS: dict[str, tuple[str, str]] = {
    "stakeholders": (
        "Stakeholders",
        "Every stakeholder with their place on the influence and interest grid, attitude, "
        "salience and position in the network of relationships.",
    ),
    "relationships": (
        "Relationships",
        "Each working relationship between two stakeholders: its kind, how strong it is and "
        "how it feels.",
    ),
    "consensus": (
        "Ratings compared",
        "How closely the people who rated each stakeholder agreed on influence, interest and "
        "attitude.",
    ),
    "at_risk": ("At risk", "The stakeholders whose relationship needs attention first, and why."),
    "brokers_what_if": (
        "If a broker left",
        "What the network would lose if one of its brokers left: parts cut off and "
        "connections lost.",
    ),
    "diff_stakeholders_added": ("New stakeholders", "Stakeholders added {since}."),
    "diff_stakeholders_removed": ("Stakeholders gone", "Stakeholders removed {since}."),
    "diff_relationships_added": ("New relationships", "Relationships added {since}."),
    "diff_relationships_removed": (
        "Relationships gone",
        "Relationships removed {since}.",
    ),
    "diff_quadrant_moves": (
        "Moves on the grid",
        "Stakeholders who moved to another part of the influence and interest grid {since}.",
    ),
    "diff_attitude_changes": ("Attitude changes", "Stakeholders whose attitude changed {since}."),
    "diff_sentiment_changes": (
        "Sentiment changes",
        "Relationships whose sentiment changed {since}.",
    ),
    "diff_centrality_shifts": (
        "Network shifts",
        "Stakeholders whose place as a go-between in the network changed most {since}.",
    ),
    "culture": (
        "Culture scores",
        "The survey's scores for each wave, group and culture dimension.",
    ),
    "culture_enps": (
        "eNPS",
        "Employee Net Promoter Score of the whole organization in each survey wave: the share "
        "of promoters (9 or 10 out of 10) minus the share of detractors (0 to 6), from -100 "
        "to 100.",
    ),
    "culture_changes": (
        "Culture changes",
        "How each score moved between the last two survey waves, and whether the change is "
        "larger than chance would explain.",
    ),
    "culture_profiles": (
        "Culture profile",
        "For each group, the culture people see today, the one they would prefer, and the gap.",
    ),
    "culture_drivers": (
        "What drives the outcome",
        "Which culture dimensions go together with the survey's outcome measure, strongest first.",
    ),
    "culture_scales": (
        "Relationship scales",
        "Where the organisation sits on the practice's relationship scales, and what that "
        "means for the relationship models.",
    ),
    "models": (
        "Relationship models",
        "The agreed relationship model of each stakeholder group, step by step along its journey.",
    ),
}
# Headers of the eNPS sheet: its bands have names of their own.
ENPS_HEADERS = {
    "pct_favourable": "Promoters (9 or 10)",
    "pct_neutral": "Passives (7 or 8)",
    "pct_unfavourable": "Detractors (0 to 6)",
    "enps": "eNPS",
}
# Columns that hold a stakeholder id, shown as the stakeholder's name instead, and their header.
ID_COLUMNS = {"source": "From", "target": "To", "stakeholder": "Stakeholder", "removed": "Name"}
_CODE_NAME = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")


def readable(column: object) -> str:
    """A header for a column no wording module names: code names become words.

    Examples
    --------
    >>> readable("reach_lost_pct"), readable("KPIs")
    ('Reach lost pct', 'KPIs')
    """
    text = str(column)
    return text.replace("_", " ").capitalize() if _CODE_NAME.match(text) else text


def labelled_sheet(
    key: str, frame: pd.DataFrame, wording: ModuleType, overrides: Mapping[str, str] = {}
) -> Sheet:
    """A results sheet: title and description from :data:`SHEETS`, words from ``wording``.

    ``overrides`` are headers that replace the wording's for this sheet.

    Examples
    --------
    >>> sheet = labelled_sheet("culture_drivers", pd.DataFrame(columns=["p_value"]),
    ...                        culture_wording)
    >>> sheet.title, "_" in sheet.headers()[0]
    ('What drives the outcome', False)
    """
    title, description = SHEETS.get(key, (readable(key), ""))
    labels: Mapping[str, str] = wording.COLUMN_LABELS
    return Sheet(
        frame,
        title,
        description,
        labels={c: overrides.get(c) or labels.get(c) or readable(c) for c in frame.columns},
        formats={c: k for c, k in wording.FORMATS.items() if c in frame.columns},
    )


def _named(frame: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Stakeholder ids shown as names; an id column beside a name column is dropped."""
    out = frame.copy()
    for column in ID_COLUMNS:
        if column in out.columns:
            if "name" in out.columns:
                out = out.drop(columns=column)
            else:
                out[column] = out[column].map(lambda v: names.get(v, v))
    if "id" in out.columns and "name" in out.columns:
        out = out.drop(columns="id")
    return out


def stakeholder_results(mapping: StakeholderMapping) -> dict[str, Sheet]:
    """The stakeholder-mapping sheets, with names instead of ids.

    The register sheet keeps its id column: it is the key of the client's own register.
    """
    frames = stakeholder_sheets(mapping)
    names: dict[str, str] = {}
    for frame in frames.values():  # the register, and the diff's stakeholders who have left
        if {"id", "name"} <= set(frame.columns):
            names.update(zip(frame["id"], frame["name"], strict=True))
    since = f"since the workshop of {_day(mapping.baseline)}" if mapping.baseline else ""
    sheets = {}
    for key, frame in frames.items():
        shown = frame if key == "stakeholders" else _named(frame, names)
        sheet = labelled_sheet(key, shown, stakeholder_wording, ID_COLUMNS)
        description = sheet.description.format(since=since).replace(" .", ".")
        sheets[key] = replace(sheet, description=description)
    return sheets


def _day(iso: str) -> str:
    """``2026-06-18`` as ``18 June 2026`` (anything else as it is)."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def _culture_names(culture: CultureAnalysis) -> tuple[dict[str, str], dict[str, str]]:
    """Dimension and culture-type names from the survey's instrument files."""
    dimensions, types = {}, dict(culture_wording.CULTURE_TYPES)
    for instrument in culture.instruments.values():
        dimensions.update({k: v.get("name", k) for k, v in instrument.dimensions.items()})
        for key, about in instrument.types.items():
            types.setdefault(key, about.get("name", key))
    return dimensions, types


def culture_results(culture: CultureAnalysis) -> dict[str, Sheet]:
    """The culture sheets (aggregates only), with the names of dimensions, types and groups."""
    dimensions, types = _culture_names(culture)
    demographics = culture.engagement.culture["demographics"]

    def dimension(value: object) -> object:
        if not isinstance(value, str):
            return value
        return " + ".join(dimensions.get(part, readable(part)) for part in value.split("+"))

    def group(value: object) -> object:  # "All", or "team: Operations" in the summary sheet
        for demographic in demographics:
            if isinstance(value, str) and value.startswith(f"{demographic}: "):
                return f"{culture_wording.human(demographic)}{value[len(demographic) :]}"
        return culture_wording.human(value) if value == ALL else value

    values = {
        "dimension": dimension,
        "type": lambda v: types.get(v, v),
        "scale": culture_wording.scale_name,
        "demographic": culture_wording.human,
        "segment": group,
    }
    sheets = {}
    for key, frame in culture_sheets(culture).items():
        shown = frame.copy()
        for column, name in values.items():
            if column in shown.columns:
                shown[column] = shown[column].map(name, na_action="ignore")
        overrides = ENPS_HEADERS if key == "culture_enps" else {}
        sheets[key] = labelled_sheet(key, shown, culture_wording, overrides)
    return sheets


def _steps_named(frame: pd.DataFrame) -> pd.DataFrame:
    if "step" not in frame.columns:
        return frame
    return frame.assign(step=frame["step"].map(lambda v: STEP_LABELS.get(v, v)))


def glossary_terms(sheets: Mapping[str, Sheet], *wordings: ModuleType) -> list[tuple[str, str]]:
    """``(header, explanation)`` for every header of ``sheets`` a wording module explains.

    Examples
    --------
    >>> frame = pd.DataFrame(columns=["kpis", "extra"])
    >>> glossary_terms({"m": labelled_sheet("models", frame, design_wording)}, design_wording)
    [('KPIs', 'The measures that show whether the relationship is healthy.')]
    """
    glossary: dict[str, str] = {}
    for wording in wordings:
        for term, meaning in getattr(wording, "GLOSSARY", {}).items():
            glossary.setdefault(term, meaning)
    terms: dict[str, str] = {}
    for sheet in sheets.values():
        for header in sheet.headers():
            if header in glossary:
                # the apps mark yes with a tick; the workbook's cells say Yes
                terms.setdefault(header, glossary[header].replace("✓", "Yes"))
    return list(terms.items())


def cover(
    eng: Engagement,
    run_name: str,
    terms: list[tuple[str, str]] | None = None,
    min_group_size: int | None = None,
    today: dt.date | None = None,
) -> Cover:
    """The cover of a run's workbooks: the engagement's client and title, the run, the date.

    Examples
    --------
    >>> about = cover(Engagement.of("demo"), "2026-11-22T101500", today=dt.date(2026, 11, 22))
    >>> about.client, about.run, about.date.isoformat()
    ('Northwind Digital Services', '2026-11-22T101500', '2026-11-22')
    """
    return Cover(
        client=eng.client,
        title=eng.title,
        run=run_name,
        date=today or dt.date.today(),
        terms=terms or [],
        min_group_size=min_group_size,
    )


def results_workbook(
    eng: Engagement,
    run_name: str,
    stakeholder_map: StakeholderMapping,
    culture: CultureAnalysis,
    design: ModelDesign,
    today: dt.date | None = None,
) -> bytes:
    """results.xlsx: the cover, then the stakeholder, culture and relationship-model sheets."""
    sheets = {
        **stakeholder_results(stakeholder_map),
        **culture_results(culture),
        "models": labelled_sheet(
            "models", _steps_named(playbook.models_sheet(design)), design_wording
        ),
    }
    terms = glossary_terms(sheets, stakeholder_wording, culture_wording, design_wording)
    k = culture.min_group_size if culture.waves else None
    return workbook_bytes(sheets, cover(eng, run_name, terms, k, today))


def models_workbook(design: ModelDesign, run_name: str, today: dt.date | None = None) -> bytes:
    """relationship_models.xlsx with the run's cover first, explaining the summary's terms."""
    summary = labelled_sheet("models", playbook.summary_sheet(design), design_wording)
    terms = glossary_terms({"summary": summary}, design_wording)
    return playbook.workbook_bytes(design, cover(design.engagement, run_name, terms, today=today))
