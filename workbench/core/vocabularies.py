"""The words a register may use for stakeholder kinds and relationship kinds.

The built-in lists cover the practice's usual stakeholders; an engagement adds its own in
engagement.toml, because real networks have their own ties (a family network, "funds",
"advises") and their own kinds of stakeholder::

    [vocabularies]
    relationship_kinds = ["married to", "advises"]

    [vocabularies.stakeholder_kinds]     # each new kind: a service relationship or not
    family = "non-service"
    funder = "service"

Whether a kind is a *service* relationship matters to the model recommendation: a group of
non-service stakeholders (regulators, the media, a family) is never recommended a service
partnership.

Examples
--------
>>> words = Vocabularies.from_settings({"relationship_kinds": ["married to"],
...                                     "stakeholder_kinds": {"family": "non-service"}})
>>> "married to" in words.relationship_kinds, words.is_service("family")
(True, False)
>>> words.is_service("customer")
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STAKEHOLDER_KINDS: tuple[str, ...] = (
    "internal team",
    "team member",
    "manager",
    "executive",
    "auditor",
    "shareholder",
    "investor",
    "sponsor",
    "customer",
    "user",
    "regulator",
    "competitor",
    "partner",
    "supplier",
    "community",
    "professional community",
    "media",
    "union",
    "industry organization",
)
RELATIONSHIP_KINDS: tuple[str, ...] = (
    "reports to",
    "works with",
    "supplies",
    "buys from",
    "regulates",
    "partners with",
    "influences",
    "informs",
)
# Built-in kinds whose relationship is not about a service they buy or provide.
NON_SERVICE_KINDS = frozenset(
    {"regulator", "auditor", "competitor", "media", "community", "investor", "union",
     "industry organization", "professional community"}
)  # fmt: skip
SERVICE_WORDS = {"service": True, "non-service": False}


@dataclass(frozen=True)
class Vocabularies:
    """Stakeholder and relationship kinds an engagement accepts: built-in plus its own."""

    stakeholder_kinds: tuple[str, ...] = STAKEHOLDER_KINDS
    relationship_kinds: tuple[str, ...] = RELATIONSHIP_KINDS
    non_service_kinds: frozenset[str] = NON_SERVICE_KINDS

    @classmethod
    def from_settings(cls, section: dict[str, Any]) -> Vocabularies:
        """From an already checked ``[vocabularies]`` section (see ``core.engagement``)."""
        own_ties = [normalise(k) for k in section.get("relationship_kinds", [])]
        own_kinds = {normalise(k): v for k, v in section.get("stakeholder_kinds", {}).items()}
        return cls(
            stakeholder_kinds=_extend(STAKEHOLDER_KINDS, own_kinds),
            relationship_kinds=_extend(RELATIONSHIP_KINDS, own_ties),
            non_service_kinds=NON_SERVICE_KINDS
            | {k for k, v in own_kinds.items() if v == "non-service"},
        )

    def is_service(self, kind: str) -> bool:
        """Whether stakeholders of ``kind`` have a service relationship with the organization."""
        return normalise(kind) not in self.non_service_kinds


def normalise(word: str) -> str:
    """How kinds compare: case, surrounding and repeated spaces do not matter."""
    return " ".join(str(word).split()).lower()


def _extend(built_in: tuple[str, ...], own) -> tuple[str, ...]:
    return built_in + tuple(k for k in own if k not in built_in)


DEFAULT = Vocabularies()
