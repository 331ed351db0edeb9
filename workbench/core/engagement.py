"""An engagement: one client's folder, its paths and its engagement.toml settings."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from workbench.core import formats, paths
from workbench.core.errors import EngagementError, Problem
from workbench.core.tomlfile import read_toml
from workbench.core.vocabularies import SERVICE_WORDS, Vocabularies

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
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Engagement:
    """A client engagement folder and its settings.

    Examples
    --------
    >>> demo = Engagement.load("demo")
    >>> demo.client
    'Northwind Digital Services'
    """

    root: Path
    settings: dict[str, dict[str, Any]] = field(repr=False)

    @classmethod
    def of(cls, engagement: Engagement | str | Path) -> Engagement:
        """``engagement`` itself, or the engagement at that path: how every ``analyse`` takes it."""
        return engagement if isinstance(engagement, Engagement) else cls.load(engagement)

    @classmethod
    def load(cls, path: str | Path) -> Engagement:
        """Load ``path``; the name ``"demo"`` means the demo engagement shipped in the package."""
        root = resolve(path)
        config = root / paths.ENGAGEMENT_FILE
        if not root.is_dir():
            raise EngagementError(
                f"No engagement folder at {root}. "
                "Fix: check the path, or create one with `workbench new PATH --client NAME`."
            )
        if not config.is_file():
            raise EngagementError(
                f"{config} is missing, so {root} is not an engagement folder. "
                "Fix: create the engagement with `workbench new PATH --client NAME`."
            )
        return cls(root=root, settings=_merge_and_check(read_toml(config), config))

    # Paths -----------------------------------------------------------------
    @property
    def inputs(self) -> Path:
        return self.root / paths.INPUTS

    @property
    def workshop(self) -> Path:
        return self.root / paths.WORKSHOP

    @property
    def snapshots(self) -> Path:
        return self.root / paths.SNAPSHOTS

    @property
    def outputs(self) -> Path:
        return self.root / paths.OUTPUTS

    @property
    def is_demo(self) -> bool:
        """The packaged demo is read-only: workshops never write into the package."""
        return self.root == paths.DEMO_ENGAGEMENT.resolve()

    # Settings --------------------------------------------------------------
    @property
    def client(self) -> str:
        return self.settings["engagement"]["client"]

    @property
    def title(self) -> str:
        return self.settings["engagement"]["title"]

    @property
    def branding(self) -> dict[str, str]:
        return dict(self.settings["branding"])

    @property
    def input_format(self) -> str:
        return self.settings["inputs"]["format"]

    @property
    def stakeholder_map(self) -> dict[str, Any]:
        return dict(self.settings["stakeholder_map"])

    @property
    def culture(self) -> dict[str, Any]:
        return dict(self.settings["culture"])

    @property
    def privacy(self) -> dict[str, Any]:
        return dict(self.settings["privacy"])

    @property
    def column_map(self) -> dict[str, str]:
        """``[culture.columns]``: survey column (code, header or statement) -> what it holds."""
        return dict(self.settings["culture"]["columns"])

    @property
    def vocabularies(self) -> Vocabularies:
        """Kinds the register may use: the built-in ones plus ``[vocabularies]``."""
        return Vocabularies.from_settings(self.settings["vocabularies"])

    def setting_warnings(self) -> list[Problem]:
        """Settings that are allowed but weaken what the apps protect, for `workbench check`."""
        where = paths.ENGAGEMENT_FILE
        found = []
        k = self.privacy["min_group_size"]
        if k < DEFAULTS["privacy"]["min_group_size"]:
            found.append(
                Problem(
                    where,
                    f"min_group_size = {k} shows survey groups of only {k} people, below the "
                    f"usual {DEFAULTS['privacy']['min_group_size']}: their answers are easier "
                    "to attribute.",
                    f"Raise it to {DEFAULTS['privacy']['min_group_size']} unless the client "
                    "has agreed to smaller groups in writing.",
                    field="privacy.min_group_size",
                    severity="warning",
                )
            )
        return found

    @property
    def surveys(self) -> Path:
        return self.root / paths.SURVEYS

    def survey_waves(self) -> list[str]:
        """Wave folders under inputs/surveys/, in name order (so name them e.g. 2026-05)."""
        if not self.surveys.is_dir():
            return []
        return sorted(
            p.name for p in self.surveys.iterdir() if p.is_dir() and not p.name.startswith(".")
        )

    def snapshot_dates(self) -> list[str]:
        """Dated workshop snapshots, oldest first (only folders named by a real date)."""
        return sorted(name for name in self._snapshot_folders() if _is_date(name))

    def ignored_snapshot_folders(self) -> list[str]:
        """Snapshot folders that are not used because their name is not a date, e.g. 2026-13-45."""
        return sorted(name for name in self._snapshot_folders() if not _is_date(name))

    def _snapshot_folders(self) -> list[str]:
        if not self.snapshots.is_dir():
            return []
        return [p.name for p in self.snapshots.iterdir() if p.is_dir() and p.name[:1] != "."]


def _is_date(name: str) -> bool:
    """``YYYY-MM-DD`` naming a day that exists (2026-13-45 looks like a date but is not)."""
    if not _DATE.match(name):
        return False
    try:
        date.fromisoformat(name)
    except ValueError:
        return False
    return True


def resolve(path: str | Path) -> Path:
    """Turn a user's engagement argument into an absolute folder path."""
    if str(path) == paths.DEMO_NAME and not Path(path).is_dir():
        return paths.DEMO_ENGAGEMENT.resolve()
    return Path(path).expanduser().resolve()


def _merge_and_check(data: dict[str, Any], config: Path) -> dict[str, dict[str, Any]]:
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


def render_toml(client: str, title: str | None = None, fmt: str = "xlsx", logo: str = "") -> str:
    """The engagement.toml written by `workbench new`, with every setting spelled out."""
    # A JSON string is a valid TOML basic string, escapes included.
    client_toml = json.dumps(client, ensure_ascii=False)
    title_toml = json.dumps(title or DEFAULTS["engagement"]["title"], ensure_ascii=False)
    sm = DEFAULTS["stakeholder_map"]
    br = DEFAULTS["branding"]
    cu = DEFAULTS["culture"]
    logo_line = f"logo = {json.dumps(logo)}" if logo else '# logo = "inputs/logo.svg"'
    return f"""# Settings for this engagement. Change a value, then `workbench run` again.
[engagement]
client = {client_toml}
title = {title_toml}

[branding]
primary_color = "{br["primary_color"]}"
accent_color = "{br["accent_color"]}"
{logo_line}  # shown in the client portal: svg, png, jpg, gif or webp, up to 512 KB

[inputs]
format = "{fmt}"              # "xlsx": inputs/register.xlsx; "csv": inputs/*.csv

[stakeholder_map]
influence_threshold = {sm["influence_threshold"]}   # a rating at or above this counts as high
interest_threshold = {sm["interest_threshold"]}
disagreement_spread = {sm["disagreement_spread"]}     # raters this far apart (max - min) disagree
broker_top_share = {sm["broker_top_share"]}      # brokers come from this top share of betweenness
seed = {sm["seed"]}                   # fixes community detection and layout, so runs repeat

[privacy]                   # anonymity in the culture-analysis workshop
min_group_size = {DEFAULTS["privacy"]["min_group_size"]}           # smaller groups are suppressed
min_comment_group_size = {DEFAULTS["privacy"]["min_comment_group_size"]} # for comments

[culture]                   # survey waves live in inputs/surveys/<wave>/ (one export per wave)
instruments = {_toml_list(cu["instruments"])}
demographics = {_toml_list(cu["demographics"])}   # survey columns to segment by
comment_columns = {_toml_list(cu["comment_columns"])}   # free-text columns shown as comments
survey_format = "{cu["survey_format"]}"   # or {", ".join(formats.SURVEY_FORMATS)}
outcome = "{cu["outcome"]}"            # what the driver analysis explains
seed = {cu["seed"]}                 # fixes the shuffled order of comments

# When a survey's columns are not recognised, `workbench check` prints a block to paste here
# that says which item each column holds, by its code, its full header or its statement:
# [culture.columns]
# "Q1_1" = "WES1"
# "How likely are you to recommend us as a place to work?" = "ENPS"
# "Which team are you in?" = "team"

# Relationship and stakeholder kinds of your own, beyond the built-in lists:
# [vocabularies]
# relationship_kinds = ["advises", "funds"]
# [vocabularies.stakeholder_kinds]   # "service": they buy or provide a service; else "non-service"
# funder = "service"
# family = "non-service"
"""


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"
