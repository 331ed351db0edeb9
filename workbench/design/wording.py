"""The words clients read in the design app, the playbooks and the models workbooks.

Column headers live here once, for every table the relationship-model design shows: the
app's tables, the sheets of relationship_models.xlsx and the ``models`` sheet of results.xlsx.

- :data:`COLUMN_LABELS`: column name -> the header a client reads;
- :data:`FORMATS`: column name -> how its values are shown (the kinds of
  :mod:`workbench.present.tables`); columns not listed are text or inferred;
- :data:`GLOSSARY`: header -> a plain-language explanation (a tooltip in the app);
- :data:`SEVERITY_LABELS`: what a finding's severity means for the team.

:func:`field_words` turns the field path of a finding (``steps[7].risks``) into words.

Examples
--------
>>> COLUMN_LABELS["kpis"], COLUMN_LABELS["control_trust"]
('KPIs', 'Control ↔ trust')
>>> all(header in COLUMN_LABELS.values() for header in GLOSSARY)
True
"""

from __future__ import annotations

import re

import pandas as pd

from workbench.design.models import JOURNEYS, PRINCIPLE_AXES, STEP_LABELS

PRINCIPLE_LABELS = {
    axis: f"{left.capitalize()} ↔ {right}" for axis, (left, right) in PRINCIPLE_AXES.items()
}

JOURNEY_LABELS = {
    "service": "Service relationship journey",
    "generic": "General relationship journey",
}

COLUMN_LABELS: dict[str, str] = {
    # the model and its decisions
    "group": "Stakeholder group",
    "type": "Relationship type",
    "relationship_type": "Relationship type",
    "communality": "Communality",
    "journey": "Journey",
    "levels": "Levels involved",
    "service_profile": "Service profile",
    "environment": "Environment",
    "cadence": "Cadence",
    "channels": "Channels",
    "owner": "Owner",
    "agent": "Agent",
    "kpis": "KPIs",
    "notes": "Notes",
    "principles": "Principles",
    "steps": "Journey",
    "override": "Decision to differ from the suggestion",
    "override_reason": "Why the team chose differently",
    **PRINCIPLE_LABELS,
    # the journey, step by step
    "step": "Journey step",
    "responsible": "Responsible role",
    "role": "Responsible role",
    "activities": "Key activities",
    "risks": "Risks to watch",
    "opportunities": "Opportunities",
    "behaviours": "How we behave",
    # what the evidence suggests
    "recommended_type": "Suggested type",
    "recommended_communality": "Suggested communality",
    "suggested_type": "Suggested type",
    "suggested_communality": "Suggested communality",
    "suggested": "What the evidence suggests",
    "chosen": "What was agreed",
    "reasons": "Why",
    "missing": "Evidence still missing",
    # the consistency checks
    "findings": "Points to settle",
    "check": "Check",
    "severity": "Priority",
    "field": "Where",
    "message": "Point to settle",
    "fix": "What to do",
}

FORMATS: dict[str, str] = {
    **dict.fromkeys(PRINCIPLE_AXES, "int"),
    "findings": "int",
}

GLOSSARY: dict[str, str] = {
    "Relationship type": "Basic: standard services on standard terms. Cooperative: regular "
    "joint work to improve the service. Partnership: shared goals, decided together.",
    "Communality": "How much the relationship rests on goodwill and mutual care rather than on "
    "a strict exchange of value: low, medium or high.",
    "Levels involved": "Who meets the group: day-to-day staff (operational), managers "
    "(tactical) or leaders (strategic).",
    "Service profile": "Commodity, configured or bespoke: how much the service is shaped for "
    "this group.",
    "Environment": "Simple, complicated or complex: how predictable the group's setting is.",
    "Cadence": "How often the relationship is reviewed together.",
    "KPIs": "The measures that show whether the relationship is healthy.",
    "What the evidence suggests": "From the group's place on the stakeholder map, its "
    "attitude, the culture survey, the kind of service and the setting.",
    "Evidence still missing": "Evidence that would make the suggestion firmer.",
    "Priority": "Action needed: settle before the model is rolled out. For review: worth "
    "another look.",
    "Where": "The part of the model the point is about.",
    "Points to settle": "Open points from the consistency checks.",
}

SEVERITY_LABELS = {"warning": "Action needed", "info": "For review"}

_STEP = re.compile(r"^steps\[(\d+)\](?:\.(\w+))?$")


def _short_step(step: str) -> str:
    return STEP_LABELS.get(step, step).split(":")[0]


def field_words(field: str, journey: str | None = None) -> str:
    """A finding's or a problem's field path in words a client reads.

    Step numbers in paths count from 1, as the journey does. With the model's ``journey``
    the step is also named.

    Examples
    --------
    >>> field_words("steps[7].risks")
    'Journey step 7: risks to watch'
    >>> field_words("steps[5].responsible", journey="service")
    'Journey step 5 (Onboard): responsible role'
    >>> field_words("kpis"), field_words("principles.control_trust")
    ('KPIs', 'Principles: control ↔ trust')
    >>> field_words("override.reason"), field_words("some_new_field")
    ('Decision to differ from the suggestion: reason', 'Some new field')
    """
    if match := _STEP.match(field):
        number, part = int(match.group(1)), match.group(2)
        steps = JOURNEYS.get(journey or "", ())
        name = f" ({_short_step(steps[number - 1])})" if 0 < number <= len(steps) else ""
        where = f"Journey step {number}{name}"
        return f"{where}: {_lower(COLUMN_LABELS.get(part, part))}" if part else where
    head, _, rest = field.partition(".")
    words = COLUMN_LABELS.get(head) or head.replace("_", " ").capitalize()
    if rest:
        words += f": {_lower(COLUMN_LABELS.get(rest) or rest.replace('_', ' '))}"
    return words


def _lower(text: str) -> str:
    """Lower-case the first letter, unless the word is an abbreviation (KPIs)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the headers of :data:`COLUMN_LABELS` (other columns keep their name).

    Examples
    --------
    >>> list(labelled(pd.DataFrame(columns=["group", "risks", "extra"])).columns)
    ['Stakeholder group', 'Risks to watch', 'extra']
    """
    return frame.rename(columns={c: COLUMN_LABELS[c] for c in frame.columns if c in COLUMN_LABELS})
