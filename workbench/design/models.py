"""Relationship models: what one is made of, and how a model file is validated.

A relationship model says how the organization wants to relate to one key stakeholder
group: the service relationship type, the level of communality, principles on the five
exchange-communality axes, the journey with what happens at each step, and the practical
arrangements (cadence, channels, owner, agent, KPIs). Models are stored as TOML files
(:mod:`workbench.design.store`); this module only turns a parsed file into a
:class:`RelationshipModel` and back, and reports every problem by field.

Examples
--------
>>> model, problems = parse_model({"group": "Customers", "relationship_type": "cooperative",
...     "communality": "medium", "journey": "service"}, "customers.toml")
>>> problems, [s.step for s in model.steps][:3]
([], ['explore', 'engage', 'offer'])
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import asdict, dataclass, field
from typing import Any

import tomli_w

from workbench.core import paths
from workbench.core.errors import Problem
from workbench.stakeholders.schemas import CADENCES

RELATIONSHIP_TYPES = ("basic", "cooperative", "partnership")
COMMUNALITY_LEVELS = ("low", "medium", "high")
LEVELS = ("operational", "tactical", "strategic")
SERVICE_PROFILES = ("commodity", "configured", "bespoke")
ENVIRONMENTS = ("simple", "complicated", "complex")
ROLES = ("relationship manager", "relationship agent")  # others are allowed: roles, not titles

# Step ids in journey order. Generic ids are short; their labels are in STEP_LABELS.
JOURNEYS: dict[str, tuple[str, ...]] = {
    "service": ("explore", "engage", "offer", "agree", "onboard", "co-create", "realize"),
    "generic": (
        "exploration", "connection", "negotiation", "agreement", "onboarding",
        "collaboration", "review", "offboarding",
    ),
}  # fmt: skip
STEP_LABELS = {
    "explore": "Explore: markets and stakeholders",
    "engage": "Engage: build the relationship",
    "offer": "Offer: shape demand and offerings",
    "agree": "Agree: align expectations, agree the service",
    "onboard": "Onboard: join (or leave)",
    "co-create": "Co-create: provide and consume",
    "realize": "Realize: capture value, improve",
    "exploration": "Exploration",
    "connection": "Connection",
    "negotiation": "Negotiation",
    "agreement": "Agreement",
    "onboarding": "Onboarding",
    "collaboration": "Cooperation or collaboration",
    "review": "Review",
    "offboarding": "Offboarding or disconnection",
}

# The five axes of the exchange-communality scale: -2 is the left pole, +2 the right one.
PRINCIPLE_AXES: dict[str, tuple[str, str]] = {
    "control_trust": ("control", "trust"),
    "exchange_communality": ("exchange", "communality"),
    "protectiveness_disclosure": ("protectiveness", "self-disclosure"),
    "procedures_experimentation": ("procedures", "experimentation"),
    "separation_sharing": ("separation", "sharing"),
}
PRINCIPLE_RANGE = (-2, 2)

# What each communality level looks like in daily work, and what each relationship type is:
# reference text, kept as data in traits.toml (shipped inside the package).
_TRAITS = tomllib.loads(paths.MODEL_TRAITS.read_text(encoding="utf-8"))
COMMUNALITY_TRAITS: dict[str, dict[str, str]] = _TRAITS["communality"]
TYPE_TRAITS: dict[str, dict[str, str]] = _TRAITS["type"]

# Choices a model may leave blank until the workshop has settled them.
OPTIONAL_CHOICES = {
    "service_profile": SERVICE_PROFILES,
    "environment": ENVIRONMENTS,
    "cadence": CADENCES,
}
STEP_LISTS = ("activities", "risks", "opportunities", "behaviours")
TEXT_FIELDS = ("owner", "agent", "notes")
LIST_FIELDS = ("channels", "kpis")
KNOWN_FIELDS = (
    "group", "relationship_type", "communality", "journey", "levels", "service_profile",
    "environment", "cadence", "channels", "owner", "agent", "kpis", "notes", "principles",
    "steps", "override",
)  # fmt: skip
STEP_FIELDS = ("step", "responsible", *STEP_LISTS)
OVERRIDE_FIELDS = ("recommended_type", "recommended_communality", "reason", "date")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class JourneyStep:
    """One step of the journey: what happens, who is responsible, what to watch for."""

    step: str
    responsible: str = ""
    activities: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    opportunities: list[str] = field(default_factory=list)
    behaviours: list[str] = field(default_factory=list)


@dataclass
class Override:
    """The consultant chose differently from the recommendation, and said why."""

    recommended_type: str
    recommended_communality: str
    reason: str
    date: str


@dataclass
class RelationshipModel:
    """How the organization relates to one stakeholder group."""

    group: str
    relationship_type: str
    communality: str
    journey: str = "service"
    levels: list[str] = field(default_factory=list)
    service_profile: str = ""  # "" when not assessed yet
    environment: str = ""
    cadence: str = ""
    channels: list[str] = field(default_factory=list)
    owner: str = ""
    agent: str = ""
    kpis: list[str] = field(default_factory=list)
    notes: str = ""
    principles: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PRINCIPLE_AXES, 0))
    steps: list[JourneyStep] = field(default_factory=list)
    override: Override | None = None

    def step(self, name: str) -> JourneyStep:
        for step in self.steps:
            if step.step == name:
                return step
        raise KeyError(f"{self.group} has no step '{name}'")

    def to_dict(self) -> dict[str, Any]:
        """Plain data in file order, without empty optional parts (for TOML)."""
        data = asdict(self)
        if self.override is None:
            del data["override"]
        return data


def empty_steps(journey: str) -> list[JourneyStep]:
    return [JourneyStep(step=name) for name in JOURNEYS[journey]]


def with_journey(model: RelationshipModel, journey: str) -> RelationshipModel:
    """The model on another journey: steps keep their content where the names match."""
    if journey not in JOURNEYS:
        raise ValueError(f"unknown journey {journey!r}; use one of {', '.join(JOURNEYS)}")
    kept = {s.step: s for s in model.steps}
    steps = [kept.get(name, JourneyStep(step=name)) for name in JOURNEYS[journey]]
    return RelationshipModel(**{**vars(model), "journey": journey, "steps": steps})


# --- validation ------------------------------------------------------------------------------
def shown(value: Any) -> str:
    """A TOML value as a person reads it in a problem: its kind, and the value when short.

    >>> shown(5), shown("x"), shown(["a"]), shown({"a": 1}), shown(True)
    ('a number (5)', "'x'", "a list (['a'])", 'a table (with a)', 'true/false (true)')
    """
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, dict):
        keys = ", ".join(list(map(str, value))[:3]) or "nothing in it"
        return f"a table (with {keys})"
    if isinstance(value, list):
        text = repr(value)
        return f"a list ({text if len(text) <= 60 else text[:57] + '...'})"
    return f"a date or time ({value})"


class _Checker:
    """Collects problems for one file; ``field`` paths look like ``steps[2].risks``."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def add(self, where: str, message: str, fix: str) -> None:
        self.problems.append(Problem(self.source, message, fix, field=where))

    def choice(self, data: dict, key: str, allowed: tuple[str, ...], where: str, blank=False):
        value = data.get(key, "")
        if isinstance(value, str) and (value.strip().lower() in allowed or blank and not value):
            return value.strip().lower()
        what = "is missing" if key not in data or value == "" else f"is {shown(value)}, not allowed"
        self.add(where, f"{where} {what}.", f"use one of: {', '.join(allowed)}.")
        return None

    def text(self, data: dict, key: str, where: str) -> str | None:
        """The text at ``key`` stripped ("" when absent); ``None`` after reporting a non-text."""
        value = data.get(key, "")
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, list):
            fix = f'write one text in quotes, not a list: {key} = "...".'
        elif isinstance(value, dict):
            fix = f'write it on one line as {key} = "..." (text in quotes), not as a table.'
        else:
            typed = str(value).lower() if isinstance(value, bool) else value
            fix = f'put it in quotes: {key} = "{typed}".'
        self.add(where, f"{where} should be text, not {shown(value)}.", fix)
        return None

    def texts(self, data: dict, key: str, where: str) -> list[str]:
        value = data.get(key, [])
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [v.strip() for v in value if v.strip()]
        if isinstance(value, str):
            fix = f"put it in brackets: {key} = [{tomli_w.dumps({'x': value})[4:].strip()}]."
        else:
            fix = f'write it as {key} = ["first", "second"].'
        self.add(where, f"{where} should be a list of texts, not {shown(value)}.", fix)
        return []

    def unknown(self, data: dict, known: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                place = f"{where}.{key}" if where else key
                self.add(
                    place,
                    f"Unknown field '{key}'; it would be ignored.",
                    f"{hint}known fields: {', '.join(known)}.",
                )


def parse_model(
    data: dict[str, Any], source: str
) -> tuple[RelationshipModel | None, list[Problem]]:
    """Validate parsed TOML ``data`` and build the model; every problem names its field.

    Returns ``(None, problems)`` when anything is wrong. Steps missing from the file are
    added empty in journey order, so a model always shows its whole journey.
    """
    check = _Checker(source)
    check.unknown(data, KNOWN_FIELDS, "")
    group = check.text(data, "group", "group")
    if group == "":
        check.add(
            "group", "group is missing.", 'name the stakeholder group, e.g. group = "Customers".'
        )
    relationship_type = check.choice(
        data, "relationship_type", RELATIONSHIP_TYPES, "relationship_type"
    )
    communality = check.choice(data, "communality", COMMUNALITY_LEVELS, "communality")
    journey = check.choice({"journey": "service", **data}, "journey", tuple(JOURNEYS), "journey")
    levels = check.texts(data, "levels", "levels")
    for level in levels:
        if level not in LEVELS:
            check.add("levels", f"levels has '{level}', not a level.", f"use: {', '.join(LEVELS)}.")
    values: dict[str, Any] = {
        key: check.choice(data, key, allowed, key, blank=True)
        for key, allowed in OPTIONAL_CHOICES.items()
    } | {
        **{key: check.text(data, key, key) for key in TEXT_FIELDS},
        **{key: check.texts(data, key, key) for key in LIST_FIELDS},
    }  # fmt: skip
    principles = _principles(data.get("principles", {}), check)
    steps = _steps(data.get("steps", []), journey, check)
    override = _override(data.get("override"), check)
    if check.problems:
        return None, check.problems
    model = RelationshipModel(
        group=group,
        relationship_type=relationship_type,
        communality=communality,
        journey=journey,
        levels=[level for level in LEVELS if level in levels],
        principles=principles,
        steps=steps,
        override=override,
        **values,
    )
    return model, []


def _principles(data: Any, check: _Checker) -> dict[str, int]:
    if not isinstance(data, dict):
        check.add(
            "principles",
            "principles should be a table.",
            "write [principles] with one line per axis.",
        )
        return {}
    check.unknown(data, tuple(PRINCIPLE_AXES), "principles")
    low, high = PRINCIPLE_RANGE
    out = {}
    for axis, (left, right) in PRINCIPLE_AXES.items():
        value = data.get(axis, 0)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            check.add(
                f"principles.{axis}",
                f"principles.{axis} is {shown(value)}, not a whole number from {low} to {high}.",
                f"use {low} (all {left}) to {high} (all {right}); 0 is balanced.",
            )
            continue
        out[axis] = value
    return out


def _steps(data: Any, journey: str | None, check: _Checker) -> list[JourneyStep]:
    if not isinstance(data, list) or not all(isinstance(s, dict) for s in data):
        check.add(
            "steps",
            "steps should be a list of [[steps]] tables.",
            "start each step with [[steps]].",
        )
        return []
    names = JOURNEYS.get(journey or "", ())
    found: dict[str, JourneyStep] = {}
    for index, raw in enumerate(data, start=1):
        where = f"steps[{index}]"
        check.unknown(raw, STEP_FIELDS, where)
        name = check.text(raw, "step", f"{where}.step")
        if name is None:
            continue
        name = name.lower()
        if names and name not in names:
            check.add(
                f"{where}.step",
                f"{where}.step is '{name}', not a step of the {journey} journey.",
                f"use one of: {', '.join(names)} (or change journey).",
            )
            continue
        if name in found:
            check.add(
                f"{where}.step", f"Step '{name}' appears twice.", "merge the two [[steps]] tables."
            )
            continue
        found[name] = JourneyStep(
            step=name,
            responsible=check.text(raw, "responsible", f"{where}.responsible"),
            **{key: check.texts(raw, key, f"{where}.{key}") for key in STEP_LISTS},
        )
    return [found.get(name, JourneyStep(step=name)) for name in names]


def _override(data: Any, check: _Checker) -> Override | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        check.add("override", "override should be a table.", "write it as [override].")
        return None
    check.unknown(data, OVERRIDE_FIELDS, "override")
    reason = check.text(data, "reason", "override.reason")
    if reason == "":
        check.add(
            "override.reason",
            "The override has no reason.",
            "say why the recommendation does not fit, so the decision can be reviewed later.",
        )
    date = check.text(data, "date", "override.date")
    if date is not None and not _DATE.match(date):
        check.add(
            "override.date", f"override.date is '{date}', not a date.", "write it as YYYY-MM-DD."
        )
    recommended_type = check.choice(
        data, "recommended_type", RELATIONSHIP_TYPES, "override.recommended_type"
    )
    recommended_communality = check.choice(
        data, "recommended_communality", COMMUNALITY_LEVELS, "override.recommended_communality"
    )
    return Override(recommended_type or "", recommended_communality or "", reason, date)
