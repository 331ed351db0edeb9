"""Recommend a relationship type and communality level for a group, from the evidence.

Each piece of evidence casts a vote on two scales and says why in one sentence:

- type: a total of -1 or less suggests **basic**, 0 or 1 **cooperative**, 2 or more
  **partnership**;
- communality: -1 or less suggests **low**, 0 or 1 **medium**, 2 or more **high**.

The evidence is the group's place on the stakeholder map (its strategy: manage closely
when half or more of its members are key players, otherwise the strategy of its mean
influence and interest, which may be manage closely too; the reason names the rule that
applied, with its numbers; and its mean attitude), the culture survey
(where the organization sits between exchange and communal relationships, and whether
toxic behaviour is common somewhere), the service profile (commodity, configured or
bespoke) and how complex the environment is. Missing evidence casts no vote and is listed,
with what to do to add it, so a recommendation is always possible and never overstated.

Examples
--------
>>> evidence = pd.DataFrame([{"group": "Suppliers", "service_profile": "commodity",
...     "environment": "simple"}])
>>> recommend(evidence)[["recommended_type", "recommended_communality"]].values.tolist()
[['basic', 'low']]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

import pandas as pd

from workbench.core.vocabularies import DEFAULT, Vocabularies
from workbench.design.models import COMMUNALITY_LEVELS, RELATIONSHIP_TYPES
from workbench.stakeholders.analysis import STRATEGY_BY_QUADRANT, classify_grid

EVIDENCE_COLUMNS = [
    "group", "stakeholders", "main_kind", "mean_influence", "mean_interest", "strategy",
    "key_player_share", "mean_attitude", "culture_communality", "toxic_hotspots",
    "service_profile", "environment",
]  # fmt: skip
COLUMNS = [
    "group", "recommended_type", "recommended_communality", "type_votes",
    "communality_votes", "reasons", "missing",
]  # fmt: skip
COMMUNAL_FROM, EXCHANGE_BELOW = (
    65.0,
    40.0,
)  # the culture scales' bands (workbench.culture.placement)

Vote = tuple[int, int, str]  # (type vote, communality vote, reason)
_MEANS = ("mean_influence", "mean_interest")


def group_evidence(
    summary: pd.DataFrame | None,
    groups: list[str],
    assessments: dict[str, tuple[str, str]] | None = None,
    placement: pd.DataFrame | None = None,
    hotspots: pd.DataFrame | None = None,
    influence_threshold: float = 3.5,
    interest_threshold: float = 3.5,
) -> pd.DataFrame:
    """One row of evidence per group (EVIDENCE_COLUMNS); unknown evidence is NaN or "".

    ``summary`` is the stakeholder map's summary (None when there is no register);
    ``assessments`` maps a group to its (service_profile, environment) from its model;
    ``placement`` and ``hotspots`` come from the culture analysis (None without a survey).
    """
    if summary is not None:
        needed = ["group", "kind", "influence", "interest", "attitude", "quadrant"]
        missing = [c for c in needed if c not in summary.columns]
        if missing:
            raise ValueError(f"the stakeholder summary has no column(s) {', '.join(missing)}")
    assessments = assessments or {}
    communal = _culture_communality(placement)
    hot = None if placement is None or placement.empty else _hotspot_segments(hotspots)
    rows = []
    for group in groups:
        members = summary[summary["group"] == group] if summary is not None else None
        row = {c: math.nan for c in EVIDENCE_COLUMNS}
        profile, environment = assessments.get(group, ("", ""))
        row.update(group=group, main_kind="", strategy="", service_profile=profile)
        row.update(environment=environment, culture_communality=communal)
        row["toxic_hotspots"] = math.nan if hot is None else hot
        if members is not None and len(members):
            means = members[["influence", "interest", "attitude"]].astype(float).mean()
            kinds = members["kind"].astype(str).value_counts()
            share = round(float((members["quadrant"] == "key players").mean()), 2)
            grid = classify_grid(
                pd.DataFrame({"id": [group], **{k: [means[k]] for k in ("influence", "interest")}}),
                influence_threshold,
                interest_threshold,
            )
            row.update(
                stakeholders=len(members),
                main_kind=kinds.sort_index().idxmax(),
                mean_influence=round(means["influence"], 2),
                mean_interest=round(means["interest"], 2),
                mean_attitude=round(means["attitude"], 2),
                strategy=_strategy(grid["strategy"].iloc[0], share),
                key_player_share=share,
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


def _culture_communality(placement: pd.DataFrame | None) -> float:
    if placement is None or placement.empty or "scale" not in placement.columns:
        return math.nan
    rows = placement[placement["scale"] == "exchange_communal"]
    return float(rows["position_0_100"].iloc[0]) if len(rows) else math.nan


def _strategy(from_means: str, key_player_share: float) -> str:
    """A group where half or more are key players is managed closely, whatever its means."""
    return STRATEGY_BY_QUADRANT["key players"] if key_player_share >= 0.5 else from_means


def _hotspot_segments(hotspots: pd.DataFrame | None) -> int:
    """How many segments (team, role, ...) have a toxic-behaviour hotspot."""
    if hotspots is None or hotspots.empty:
        return 0
    keys = [c for c in ("demographic", "segment") if c in hotspots.columns]
    return len(hotspots[keys].drop_duplicates())


# --- the rules -------------------------------------------------------------------------------
def _service_profile(row) -> Vote | None:
    return {
        "commodity": (-2, -1, "Commodity services are bought on price and standard terms."),
        "configured": (0, 0, "Configured services need regular joint tuning."),
        "bespoke": (2, 1, "Bespoke services only work with shared goals and co-design."),
    }.get(row["service_profile"])


def _environment(row) -> Vote | None:
    return {
        "simple": (-1, -1, "A simple, predictable setting runs well on clear exchange rules."),
        "complicated": (0, 0, "A complicated setting needs expertise more than closeness."),
        "complex": (1, 1, "A complex, changing setting needs collaboration and trust."),
    }.get(row["environment"])


def _known(*values: float) -> bool:
    return not any(math.isnan(v) for v in values)


def _map_position(row) -> Vote | None:
    """The group's strategy, with the rule of :func:`_strategy` that set it and its numbers."""
    if not row["strategy"]:
        return None
    share, influence, interest = (row[c] for c in ("key_player_share", *_MEANS))
    means = f"mean influence {influence:.1f}, mean interest {interest:.1f}"
    if not _known(influence, interest):
        means = ""
    if row["strategy"] == STRATEGY_BY_QUADRANT["key players"]:
        if _known(share) and share >= 0.5:
            why = f": {share:.0%} of its members are key players (half or more)"
        elif means:
            why = f": its means ({means}) both reach the key-player thresholds"
            if _known(share):
                why += f", though only {share:.0%} of its members are key players"
        else:
            why = ""
        return 1, 1, f"A key group to manage closely{why}."
    means = f" ({means})" if means else ""
    if row["strategy"] == STRATEGY_BY_QUADRANT["crowd"]:
        return -1, -1, f"A group to monitor: little influence and interest on average{means}."
    if not _known(share):
        few = "fewer than half of its members are"
    else:
        few = "none of its members are" if share == 0 else f"only {share:.0%} of its members are"
    return 0, 0, f"A group to {row['strategy']} by its means{means}; {few} key players."


def _attitude(row) -> Vote | None:
    attitude = row["mean_attitude"]
    if math.isnan(attitude):
        return None
    if attitude <= -0.5:
        return (
            -1,
            -1,
            f"The group leans critical (mean attitude {attitude:+.1f}): earn trust first.",
        )
    if attitude >= 1:
        return 0, 1, f"The group is supportive (mean attitude {attitude:+.1f})."
    return None


def _kind(row, vocabularies: Vocabularies = DEFAULT) -> Vote | None:
    """Non-service stakeholders (built-in, or marked so in engagement.toml) vote down."""
    if row["main_kind"] and not vocabularies.is_service(row["main_kind"]):
        return -1, -1, f"Mostly {row['main_kind']} stakeholders: a non-service relationship."
    return None


def _culture(row) -> Vote | None:
    position = row["culture_communality"]
    if math.isnan(position):
        return None
    if position >= COMMUNAL_FROM:
        return 0, 1, f"The organization's culture already leans communal ({position:.0f}/100)."
    if position < EXCHANGE_BELOW:
        return 0, -1, f"The organization's culture leans to exchange ({position:.0f}/100)."
    return (
        0,
        0,
        f"The organization's culture sits between exchange and communal ({position:.0f}/100).",
    )


RULES: list[Callable] = [_service_profile, _environment, _map_position, _attitude, _kind, _culture]


def _rules(vocabularies: Vocabularies) -> list[Callable]:
    """:data:`RULES` with the kind rule asking the engagement's vocabularies."""
    return [partial(_kind, vocabularies=vocabularies) if r is _kind else r for r in RULES]


def _missing(row) -> list[str]:
    out = []
    if not row["strategy"]:
        out.append("No stakeholders of this group in the register: add them to map the group.")
    if math.isnan(row["culture_communality"]):
        out.append("No culture survey: add a wave in inputs/surveys/ to use the culture evidence.")
    if not row["service_profile"]:
        out.append("Service profile not assessed: set commodity, configured or bespoke.")
    if not row["environment"]:
        out.append("Environment not assessed: set simple, complicated or complex.")
    return out


def _band(votes: int, names: tuple[str, str, str]) -> str:
    return names[0] if votes <= -1 else names[2] if votes >= 2 else names[1]


def recommend(evidence: pd.DataFrame, vocabularies: Vocabularies = DEFAULT) -> pd.DataFrame:
    """A recommended type and communality per evidence row, with the reasons (COLUMNS).

    ``vocabularies`` (``Engagement.vocabularies``) says which stakeholder kinds are not
    service relationships: a group mostly of those is never recommended a partnership.
    """
    if "group" not in evidence.columns:
        raise ValueError("the evidence has no column 'group'")
    evidence = evidence.reindex(columns=EVIDENCE_COLUMNS)
    text = ["main_kind", "strategy", "service_profile", "environment"]
    evidence[text] = evidence[text].astype(object).fillna("").astype(str)
    numbers = [c for c in EVIDENCE_COLUMNS if c not in text and c != "group"]
    evidence[numbers] = evidence[numbers].astype(float)
    rows = []
    rules = _rules(vocabularies)
    for _, row in evidence.iterrows():
        votes = [vote for rule in rules if (vote := rule(row)) is not None]
        type_votes = sum(v[0] for v in votes)
        communality_votes = sum(v[1] for v in votes)
        reasons = [v[2] for v in votes]
        communality = _band(communality_votes, COMMUNALITY_LEVELS)
        toxic = row["toxic_hotspots"]
        if communality == "high" and not math.isnan(toxic) and toxic > 0:
            communality = "medium"
            reasons.append(
                f"Toxic behaviour is common in {int(toxic)} part(s) of the organization: "
                "repair trust before aiming for high communality."
            )
        kind = _band(type_votes, RELATIONSHIP_TYPES)
        non_service = row["main_kind"] and not vocabularies.is_service(row["main_kind"])
        if kind == "partnership" and non_service:
            kind = "cooperative"
            reasons.append("A non-service group is not a service partner: cooperative at most.")
        rows.append(
            {
                "group": row["group"],
                "recommended_type": kind,
                "recommended_communality": communality,
                "type_votes": type_votes,
                "communality_votes": communality_votes,
                "reasons": reasons,
                "missing": _missing(row),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
