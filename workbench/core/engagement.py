"""An engagement: one client's folder, its paths and its engagement.toml settings."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from workbench.core import formats, paths
from workbench.core.errors import EngagementError, Problem
from workbench.core.settings import DEFAULTS, merged_settings
from workbench.core.tomlfile import read_toml
from workbench.core.vocabularies import Vocabularies

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
        return cls(root=root, settings=merged_settings(read_toml(config), config))

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
