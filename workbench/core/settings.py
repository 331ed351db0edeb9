"""The settings of engagement.toml: their defaults, and the rules a value must follow.

Every rule says what is wrong, which setting, and the fix; :func:`merged_settings` applies
them all to a parsed file, so an engagement never loads with a value that would be ignored
or misread.

Examples
--------
>>> merged_settings({"privacy": {"min_group_size": 6}}, Path("engagement.toml"))["privacy"]
{'min_group_size': 6, 'min_comment_group_size': 10}
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Any

from workbench.core import formats
from workbench.core.errors import EngagementError
from workbench.core.vocabularies import SERVICE_WORDS

DEFAULTS: dict[str, dict[str, Any]] = {
    "engagement": {"client": "Client", "title": "Relationship management assessment"},
    "branding": {"primary_color": "#1f4e79", "accent_color": "#f2a900", "logo": ""},
    "inputs": {"format": "csv"},
    "stakeholder_map": {
        "influence_threshold": 3.5,
        "interest_threshold": 3.5,
        "disagreement_spread": 2,
        "broker_top_share": 0.1,
        "seed": 42,
    },
    "privacy": {"min_group_size": 5, "min_comment_group_size": 10},
    "culture": {
        "instruments": ["relationship_culture", "westrum", "psych_safety", "ocai", "enps"],
        "demographics": ["team", "role", "location", "tenure"],
        "comment_columns": ["comments"],
        "survey_format": "auto",
        "outcome": "enps",
        "seed": 42,
        "columns": {},  # survey column (code, header or statement) -> item id, demographic, comment
    },
    "vocabularies": {"relationship_kinds": [], "stakeholder_kinds": {}},
}
# Below this a group's answers can be told apart by its members: refused, not just warned.
PRIVACY_FLOOR = 3
SURVEY_FORMATS = (formats.AUTO, *formats.SURVEY_FORMATS)  # what [culture] survey_format takes
_LIST_SETTINGS = (
    ("culture", "instruments"),
    ("culture", "demographics"),
    ("culture", "comment_columns"),
)

# key -> (type check, human description of what is allowed)
_NUMBER_RULES = {
    ("stakeholder_map", "influence_threshold"): (1, 5),
    ("stakeholder_map", "interest_threshold"): (1, 5),
    ("stakeholder_map", "disagreement_spread"): (0, 6),
    ("stakeholder_map", "broker_top_share"): (0, 1),
    ("stakeholder_map", "seed"): (0, 2**31),
    ("privacy", "min_group_size"): (PRIVACY_FLOOR, 1000),
    ("privacy", "min_comment_group_size"): (PRIVACY_FLOOR, 1000),
    ("culture", "seed"): (0, 2**31),
}
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def merged_settings(data: dict[str, Any], config: Path) -> dict[str, dict[str, Any]]:
    """The defaults overlaid with ``data`` (engagement.toml at ``config``), every rule checked."""
    merged = {section: dict(values) for section, values in DEFAULTS.items()}
    for section, values in data.items():
        if not isinstance(values, dict):
            raise EngagementError(
                f"{config}: '{section}' should be a [section] table. "
                f"Fix: write it as [{section}] followed by key = value lines."
            )
        if section not in DEFAULTS:
            raise EngagementError(
                f"{config}: unknown section [{section}]. "
                f"Fix: {_suggest(section, DEFAULTS)}use one of: {', '.join(DEFAULTS)}."
            )
        for key in values:
            if key not in DEFAULTS[section]:
                raise EngagementError(
                    f"{config}: [{section}] has no setting '{key}', so it would be ignored. "
                    f"Fix: {_suggest(key, DEFAULTS[section])}"
                    f"known settings: {', '.join(DEFAULTS[section])}."
                )
        merged[section].update(values)
    for (section, key), (low, high) in _NUMBER_RULES.items():
        value = merged[section][key]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            why = (
                " Smaller groups let their members recognise each other's answers."
                if section == "privacy"
                else ""
            )
            raise EngagementError(
                f"{config}: [{section}] {key} = {value!r} is not a number from {low} to {high}."
                f"{why} Fix: set it to a number in that range (default {DEFAULTS[section][key]})."
            )
    for section, key in _LIST_SETTINGS:
        value = merged[section][key]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise EngagementError(
                f"{config}: [{section}] {key} = {value!r} is not a list of names. "
                f"Fix: write it as a list in brackets, "
                f'e.g. {key} = ["{DEFAULTS[section][key][0]}"].'
            )
    _check_privacy(merged["privacy"], config)
    _check_columns(merged["culture"]["columns"], config)
    _check_vocabularies(merged["vocabularies"], config)
    survey_format = merged["culture"]["survey_format"]
    if survey_format not in SURVEY_FORMATS:
        raise EngagementError(
            f"{config}: [culture] survey_format = {survey_format!r} is not a known export format. "
            f'Fix: use one of: {", ".join(SURVEY_FORMATS)} ("auto" detects it).'
        )
    if not isinstance(merged["culture"]["outcome"], str):
        raise EngagementError(
            f"{config}: [culture] outcome should be the name of a dimension in quotes. "
            'Fix: e.g. outcome = "enps".'
        )
    fmt = merged["inputs"]["format"]
    if fmt not in formats.REGISTER_FORMATS:
        raise EngagementError(
            f"{config}: [inputs] format = {fmt!r} is not supported. "
            'Fix: use "csv" (inputs/*.csv) or "xlsx" (inputs/register.xlsx).'
        )
    for key in ("primary_color", "accent_color"):
        color = merged["branding"][key]
        if not isinstance(color, str) or not _COLOR.match(color):
            raise EngagementError(
                f"{config}: [branding] {key} = {color!r} is not a colour. "
                'Fix: use a hex colour such as "#1f4e79".'
            )
    return merged


def _check_privacy(privacy: dict[str, Any], config: Path) -> None:
    if privacy["min_comment_group_size"] < privacy["min_group_size"]:
        raise EngagementError(
            f"{config}: [privacy] min_comment_group_size = {privacy['min_comment_group_size']} "
            f"is smaller than min_group_size = {privacy['min_group_size']}, but comments "
            "identify people more easily than scores. "
            "Fix: make min_comment_group_size at least as large as min_group_size."
        )


def _check_columns(columns: Any, config: Path) -> None:
    example = '"Q1_1" = "WES1"'
    if not isinstance(columns, dict):
        raise EngagementError(
            f"{config}: [culture] columns should be a table of survey column = item. "
            f"Fix: write it as a [culture.columns] section with lines such as {example}."
        )
    for column, target in columns.items():
        if not str(column).strip() or not isinstance(target, str) or not target.strip():
            raise EngagementError(
                f"{config}: [culture.columns] {json.dumps(column)} = {target!r} does not name "
                "an item, demographic or comment column. "
                f"Fix: give the survey column in quotes and what it holds in quotes: {example}."
            )


def _check_vocabularies(section: dict[str, Any], config: Path) -> None:
    ties = section["relationship_kinds"]
    if not isinstance(ties, list) or not all(isinstance(v, str) and v.strip() for v in ties):
        raise EngagementError(
            f"{config}: [vocabularies] relationship_kinds = {ties!r} is not a list of words. "
            'Fix: e.g. relationship_kinds = ["married to", "advises"].'
        )
    kinds = section["stakeholder_kinds"]
    example = 'Fix: write e.g. [vocabularies.stakeholder_kinds] then funder = "service".'
    if not isinstance(kinds, dict):
        raise EngagementError(
            f"{config}: [vocabularies] stakeholder_kinds should say of each kind whether it is "
            f'a service relationship ("service" or "non-service"). {example}'
        )
    for kind, service in kinds.items():
        if service not in SERVICE_WORDS or not kind.strip():
            raise EngagementError(
                f"{config}: [vocabularies.stakeholder_kinds] {json.dumps(kind)} = {service!r}: "
                'a kind is either "service" (they buy or provide a service) or "non-service". '
                f"{example}"
            )


def _suggest(name: str, known: dict) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"did you mean '{close[0]}'? " if close else ""
