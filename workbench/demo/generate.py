"""Seeded generator for the demo engagement that ships in ``workbench/demo/engagement/``.

The demo is a fictional internal IT provider, *Northwind Digital Services*, that
serves a logistics group. Names, companies and numbers are invented. The story
behind the numbers is fixed in the tables below; the random generator (numpy's
``default_rng(seed)``, nothing else) only fills in detail: which team talks to
which, strengths and sentiments, rater noise and the changes between workshops.

Regenerate the shipped files with::

    python -m workbench.demo.generate            # writes workbench/demo/engagement/
    python -m workbench.demo.generate /tmp/demo  # or any other folder

Every run with the same seed writes byte-identical files.
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.core import paths
from workbench.core.errors import EngagementError, WorkbenchError
from workbench.stakeholders.schemas import TABLES

__all__ = ["DEFAULT_SEED", "TABLE_NAMES", "generate", "main", "write_demo"]

DEFAULT_SEED = 2026
DEMO_DIR = paths.DEMO_ENGAGEMENT

# Workshop dates of the two snapshots; the newer one is the last workshop.
OLD_DATE = "2026-03-12"
LAST_DATE = "2026-06-18"

TABLE_NAMES = (
    "stakeholders",
    "relationships",
    "ratings",
    f"snapshot_{OLD_DATE.replace('-', '_')}_stakeholders",
    f"snapshot_{OLD_DATE.replace('-', '_')}_relationships",
    f"snapshot_{LAST_DATE.replace('-', '_')}_stakeholders",
    f"snapshot_{LAST_DATE.replace('-', '_')}_relationships",
)

STAKEHOLDER_COLUMNS = TABLES["stakeholders"].column_names
RELATIONSHIP_COLUMNS = TABLES["relationships"].column_names
RATING_COLUMNS = TABLES["ratings"].column_names
RATERS = ("Consultant A", "Relationship manager", "Service owner")

# Kinds that are part of Northwind Digital Services itself; every other kind is external.
INTERNAL_KINDS = frozenset({"internal team", "team member", "manager", "executive"})

# The fictitious client's logo: a plain SVG, embedded in the portal's pages (no file is fetched).
LOGO_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32" viewBox="0 0 120 32">
  <rect width="32" height="32" rx="6" fill="#f2a900"/>
  <path d="M8 24V8l16 16V8" stroke="#1f4e79" stroke-width="4" fill="none"/>
  <text x="40" y="22" font-family="sans-serif" font-size="15" font-weight="bold"
        fill="#ffffff">NORTHWIND</text>
</svg>
"""

ENGAGEMENT_TOML = """\
[engagement]
client = "Northwind Digital Services"
title = "Relationship management assessment"
[branding]
primary_color = "#1f4e79"
accent_color = "#f2a900"
logo = "inputs/logo.svg"  # shown in the client portal; svg, png or jpg up to 512 KB
[inputs]
format = "csv"              # or "xlsx" (inputs/register.xlsx)
[stakeholder_map]
influence_threshold = 3.5   # value >= threshold counts as high
interest_threshold = 3.5
disagreement_spread = 2     # raters whose max-min on a rating >= this disagree
broker_top_share = 0.1      # top share of betweenness that can be a broker
seed = 42
[privacy]
min_group_size = 5
min_comment_group_size = 10
[culture]
instruments = ["relationship_culture", "westrum", "psych_safety", "ocai", "enps"]
demographics = ["team", "role", "location", "tenure"]
comment_columns = ["comments"]
survey_format = "auto"      # each wave's export format is detected
outcome = "enps"
seed = 42
"""

_GROUPS = {
    "EX": "Executives",
    "IT": "IT Leadership",
    "SD": "Service Desk",
    "IN": "Infrastructure",
    "BU": "Business Units",
    "SU": "Suppliers",
    "PA": "Partners",
    "RA": "Regulators & Auditors",
    "CU": "Customers",
    "CM": "Community & Media",
}

# Lifetimes of stakeholders and relationships, relative to the two workshops.
ALWAYS = "always"  # existed before the March workshop and still does
NEW = "new"  # added after the June workshop (absent from both snapshots)
SPRING = "spring"  # added between March and June (absent from the March snapshot)
GONE = "gone"  # existed at both workshops, removed since June
LAPSED = "lapsed"  # existed in March only, removed before June

# fmt: off
# name, group, kind, influence, interest, attitude, salience (P/L/U letters), lifetime
_REGISTER: tuple[tuple[str, str, str, int, int, int, str, str], ...] = (
    ("Dana Whitfield (CIO)", "EX", "executive", 5, 5, 2, "PLU", ALWAYS),
    ("Harald Lindqvist (Group CEO)", "EX", "sponsor", 5, 2, 1, "PL", ALWAYS),
    ("Miriam Castellano (Group CFO)", "EX", "sponsor", 5, 4, -2, "PLU", ALWAYS),
    ("Oskar Brandt (Group COO)", "EX", "sponsor", 4, 4, 1, "PL", ALWAYS),
    ("Farah Ndiaye (CISO)", "EX", "executive", 4, 5, 2, "PLU", ALWAYS),
    ("Northwind Group Board of Directors", "EX", "shareholder", 5, 1, 0, "P", ALWAYS),
    ("Rafael Montoya (Chief Digital Officer)", "EX", "executive", 4, 3, -1, "PU", ALWAYS),
    ("Priya Raman (Business Relationship Manager)", "IT", "team member", 3, 5, 2, "LU", ALWAYS),
    ("Tom Okafor (Supplier Manager)", "IT", "team member", 3, 5, 2, "LU", ALWAYS),
    ("Lena Vogel (Partnerships Lead)", "IT", "team member", 3, 4, 1, "L", ALWAYS),
    ("Programme Management Office", "IT", "internal team", 3, 4, 1, "LU", ALWAYS),
    ("Grace Adeyemi (Head of Service Management)", "IT", "manager", 4, 5, 1, "PLU", ALWAYS),
    ("Victor Hale (Head of Infrastructure)", "IT", "manager", 4, 3, -1, "PL", ALWAYS),
    ("Ingrid Solberg (Head of Applications)", "IT", "manager", 4, 4, 0, "PL", ALWAYS),
    ("Enterprise Architecture", "IT", "internal team", 3, 3, 0, "L", ALWAYS),
    ("Kwame Mensah (IT Finance Controller)", "IT", "manager", 3, 2, -1, "PL", ALWAYS),
    ("Project Lighthouse Steering Group", "IT", "internal team", 3, 4, 1, "PL", LAPSED),
    ("Service Desk", "SD", "internal team", 2, 5, 1, "LU", ALWAYS),
    ("Aisha Karim (Service Desk Manager)", "SD", "manager", 3, 5, 1, "LU", ALWAYS),
    ("First-Line Support Analysts", "SD", "internal team", 1, 4, 0, "U", ALWAYS),
    ("Major Incident Team", "SD", "internal team", 3, 5, 1, "PU", ALWAYS),
    ("Knowledge & Self-Service", "SD", "internal team", 1, 3, 1, "L", ALWAYS),
    ("Jonas Becker (Problem Manager)", "SD", "team member", 2, 4, 0, "LU", ALWAYS),
    ("Field Technicians", "SD", "internal team", 1, 2, -1, "", ALWAYS),
    ("Cloud Platform Team", "IN", "internal team", 3, 4, 1, "L", ALWAYS),
    ("Network Operations", "IN", "internal team", 3, 3, 0, "L", ALWAYS),
    ("Data Centre Operations", "IN", "internal team", 2, 2, -1, "L", ALWAYS),
    ("Security Operations Centre", "IN", "internal team", 3, 4, 1, "PLU", ALWAYS),
    ("Elif Demir (Cloud Architect)", "IN", "team member", 2, 4, 2, "L", ALWAYS),
    ("Samuel Brooks (Network Lead)", "IN", "team member", 2, 3, -1, "U", ALWAYS),
    ("Identity & Access Team", "IN", "internal team", 2, 3, 0, "L", SPRING),
    ("Legacy Mainframe Team", "IN", "internal team", 2, 2, -2, "", GONE),
    ("Road Freight Division", "BU", "customer", 5, 5, -1, "PLU", ALWAYS),
    ("Ocean & Air Forwarding", "BU", "customer", 4, 3, 0, "PL", ALWAYS),
    ("Warehousing & Fulfilment", "BU", "customer", 4, 5, 1, "PLU", ALWAYS),
    ("Group Finance", "BU", "customer", 4, 2, -2, "PL", ALWAYS),
    ("Group HR", "BU", "customer", 2, 3, 0, "L", ALWAYS),
    ("Helena Sato (Head of Road Freight Operations)", "BU", "sponsor", 4, 4, 1, "PLU", ALWAYS),
    ("Depot Supervisors Network", "BU", "user", 1, 4, -1, "U", ALWAYS),
    ("Customer Service Agents", "BU", "user", 1, 5, 0, "LU", ALWAYS),
    ("Warehouse Floor Staff", "BU", "user", 1, 2, -1, "", ALWAYS),
    ("Cirrusway Cloud Services", "SU", "supplier", 4, 3, 1, "PL", ALWAYS),
    ("Brightline Networks", "SU", "supplier", 3, 2, 0, "L", ALWAYS),
    ("Kestrel Workplace Solutions", "SU", "supplier", 3, 3, -1, "LU", ALWAYS),
    ("Telvara Communications", "SU", "supplier", 4, 2, -2, "PU", ALWAYS),
    ("<img src=x onerror=alert(1)> Ltd", "SU", "supplier", 2, 2, 0, "L", ALWAYS),
    ("Quayside Data Centres", "SU", "supplier", 3, 3, 1, "L", ALWAYS),
    ("Fernhill Print & Mail", "SU", "supplier", 1, 1, 0, "", ALWAYS),
    ("Orbitrack Telematics", "SU", "supplier", 3, 4, 1, "LU", ALWAYS),
    ("Copperleaf Hosting", "SU", "supplier", 2, 3, -1, "L", GONE),
    ("Lumen Bridge Consulting", "PA", "partner", 3, 4, 1, "L", ALWAYS),
    ("Halcyon Analytics", "PA", "partner", 2, 4, 2, "L", SPRING),
    ("Northgate University Logistics Lab", "PA", "partner", 1, 4, 2, "L", ALWAYS),
    ("Keelbridge Infrastructure Fund", "PA", "investor", 4, 2, 0, "P", ALWAYS),
    ("Portlink Systems Alliance", "PA", "partner", 3, 3, 1, "PL", ALWAYS),
    ("Sable Integration Partners", "PA", "partner", 2, 3, 0, "L", ALWAYS),
    ("Group Internal Audit", "RA", "auditor", 4, 3, 0, "PL", ALWAYS),
    ("Calder & Rowe External Auditors", "RA", "auditor", 4, 2, -1, "PLU", ALWAYS),
    ("National Data Protection Authority", "RA", "regulator", 5, 2, 0, "PL", ALWAYS),
    ("Transport Safety Regulator", "RA", "regulator", 4, 1, 0, "PL", ALWAYS),
    ("Customs Digital Office", "RA", "regulator", 3, 2, 0, "PL", ALWAYS),
    ("Payment Card Compliance Assessor", "RA", "auditor", 3, 3, -1, "LU", ALWAYS),
    ("Harbourline Retail", "CU", "customer", 3, 4, 1, "LU", ALWAYS),
    ("Greenfield Grocers", "CU", "customer", 2, 4, -1, "U", ALWAYS),
    ("Tallis Pharma Distribution", "CU", "customer", 3, 5, -2, "LU", ALWAYS),
    ("Tracking Portal User Forum", "CU", "user", 1, 5, 1, "LU", ALWAYS),
    ("Logistics Tech Weekly", "CM", "media", 3, 2, -1, "U", ALWAYS),
    ("Regional Business Press", "CM", "media", 2, 1, 0, "", ALWAYS),
    ("Service Management Practice Circle", "CM", "professional community", 1, 3, 2, "L", ALWAYS),
    ("Transport Workers Union", "CM", "union", 3, 3, -1, "PU", ALWAYS),
    ("Freight Technology Association", "CM", "industry organization", 2, 2, 1, "L", ALWAYS),
    ("Riverside Neighbourhood Council", "CM", "community", 1, 2, 0, "L", ALWAYS),
    # Added after the June workshop, hence the highest ids.
    ("Brookmere Automotive Parts", "CU", "customer", 4, 4, 0, "PL", NEW),
    ("Meridian IT Outsourcing", "CM", "competitor", 3, 3, -2, "PU", NEW),
    ("Data Governance Board", "IT", "internal team", 4, 3, 1, "PL", NEW),
    ("Cobalt Edge Security", "SU", "supplier", 2, 3, 1, "L", NEW),
)
# fmt: on

# Who owns the relationship with each group; internal leadership has no owner.
_OWNERS = {
    "Executives": "Priya Raman",
    "IT Leadership": "",
    "Service Desk": "Aisha Karim",
    "Infrastructure": "",
    "Business Units": "Priya Raman",
    "Suppliers": "Tom Okafor",
    "Partners": "Lena Vogel",
    "Regulators & Auditors": "Grace Adeyemi",
    "Customers": "Marcus Reid",
    "Community & Media": "Lena Vogel",
}

# Relationship managers and the PMO: the brokers between communities.
_BRM = "Priya Raman (Business Relationship Manager)"
_SRM = "Tom Okafor (Supplier Manager)"
_PRM = "Lena Vogel (Partnerships Lead)"
_PMO = "Programme Management Office"

# Who reports to whom inside Northwind Digital Services (and the CIO to the group).
_REPORTS_TO = {
    "Dana Whitfield (CIO)": "Oskar Brandt (Group COO)",
    "Farah Ndiaye (CISO)": "Dana Whitfield (CIO)",
    "Rafael Montoya (Chief Digital Officer)": "Harald Lindqvist (Group CEO)",
    "Grace Adeyemi (Head of Service Management)": "Dana Whitfield (CIO)",
    "Victor Hale (Head of Infrastructure)": "Dana Whitfield (CIO)",
    "Ingrid Solberg (Head of Applications)": "Dana Whitfield (CIO)",
    "Kwame Mensah (IT Finance Controller)": "Dana Whitfield (CIO)",
    _PMO: "Dana Whitfield (CIO)",
    _BRM: "Grace Adeyemi (Head of Service Management)",
    _SRM: "Grace Adeyemi (Head of Service Management)",
    _PRM: "Dana Whitfield (CIO)",
    "Enterprise Architecture": "Ingrid Solberg (Head of Applications)",
    "Project Lighthouse Steering Group": "Dana Whitfield (CIO)",
    "Data Governance Board": "Dana Whitfield (CIO)",
    "Aisha Karim (Service Desk Manager)": "Grace Adeyemi (Head of Service Management)",
    "Service Desk": "Aisha Karim (Service Desk Manager)",
    "First-Line Support Analysts": "Aisha Karim (Service Desk Manager)",
    "Major Incident Team": "Grace Adeyemi (Head of Service Management)",
    "Knowledge & Self-Service": "Aisha Karim (Service Desk Manager)",
    "Jonas Becker (Problem Manager)": "Grace Adeyemi (Head of Service Management)",
    "Field Technicians": "Aisha Karim (Service Desk Manager)",
    "Cloud Platform Team": "Victor Hale (Head of Infrastructure)",
    "Network Operations": "Victor Hale (Head of Infrastructure)",
    "Data Centre Operations": "Victor Hale (Head of Infrastructure)",
    "Security Operations Centre": "Farah Ndiaye (CISO)",
    "Elif Demir (Cloud Architect)": "Cloud Platform Team",
    "Samuel Brooks (Network Lead)": "Network Operations",
    "Identity & Access Team": "Farah Ndiaye (CISO)",
    "Legacy Mainframe Team": "Victor Hale (Head of Infrastructure)",
    "Depot Supervisors Network": "Road Freight Division",
    "Warehouse Floor Staff": "Warehousing & Fulfilment",
    "Helena Sato (Head of Road Freight Operations)": "Oskar Brandt (Group COO)",
}

# Chance that two members of the same group are linked: tight teams inside, loose outside.
_WITHIN_GROUP = {
    "Executives": 0.45,
    "IT Leadership": 0.35,
    "Service Desk": 0.5,
    "Infrastructure": 0.5,
    "Business Units": 0.35,
    "Suppliers": 0.06,
    "Partners": 0.2,
    "Regulators & Auditors": 0.2,
    "Customers": 0.2,
    "Community & Media": 0.15,
}

# Where members of a group have their one or two direct links outside the group.
_REACH = {
    "Executives": ("Business Units",),
    "Service Desk": ("Business Units", "Infrastructure"),
    "Infrastructure": ("Service Desk",),
    "Business Units": ("Executives",),
    "Suppliers": ("Infrastructure", "Service Desk"),
    "Partners": ("IT Leadership", "Infrastructure"),
    "Regulators & Auditors": ("Executives", "Business Units"),
    "Customers": ("Business Units",),
    "Community & Media": ("Business Units", "Executives"),
}

# The broker links: each relationship manager (and the PMO) spans these groups.
_BROKER_REACH = {
    _BRM: (("Business Units", 1.0), ("Executives", 0.7), ("Customers", 0.6)),
    _SRM: (("Suppliers", 1.0), ("Infrastructure", 0.3), ("Service Desk", 0.3)),
    _PRM: (("Partners", 1.0), ("Community & Media", 0.5), ("Regulators & Auditors", 0.4)),
    _PMO: (("Business Units", 0.6), ("Suppliers", 0.5), ("Partners", 0.3), ("IT Leadership", 0.4)),
}

# Typical strength (low, high) per relationship kind.
_STRENGTH = {
    "reports to": (3, 5),
    "works with": (2, 5),
    "supplies": (2, 4),
    "buys from": (3, 5),
    "regulates": (2, 3),
    "partners with": (3, 5),
    "influences": (1, 3),
    "informs": (2, 4),
}

_OUTWARD_KINDS = {
    # kind of the source -> relationship kind it has with anybody else
    "supplier": "supplies",
    "regulator": "regulates",
    "auditor": "regulates",
    "partner": "partners with",
    "investor": "partners with",
    "media": "influences",
    "community": "influences",
    "professional community": "influences",
    "union": "influences",
    "industry organization": "influences",
    "competitor": "influences",
}


@dataclass(frozen=True)
class _Change:
    """How many things change between two workshops, counted on the later side."""

    quadrant_moves: int
    attitude_changes: int
    links_added: int
    links_removed: int
    sentiment_drops: int
    sentiment_rises: int


# Between the last workshop and today, and (smaller) between the two workshops.
_SINCE_LAST = _Change(8, 10, 5, 4, 6, 2)
_BETWEEN_WORKSHOPS = _Change(4, 5, 3, 2, 3, 1)


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise WorkbenchError(
            f"The demo seed must be a whole number >= 0, got {seed!r}. "
            "Fix: pass an int such as 2026 (the default)."
        )
    return int(seed)


def _register() -> pd.DataFrame:
    """Every stakeholder that ever existed, with ids in order of appearance and a lifetime."""
    rows = []
    for number, (name, group, kind, infl, inter, att, sal, life) in enumerate(_REGISTER, 1):
        rows.append(
            {
                "id": f"S{number:03d}",
                "name": name,
                "group": _GROUPS[group],
                "kind": kind,
                "internal": kind in INTERNAL_KINDS,
                "influence": infl,
                "interest": inter,
                "attitude": att,
                "power": "P" in sal,
                "legitimacy": "L" in sal,
                "urgency": "U" in sal,
                "lifetime": life,
            }
        )
    return pd.DataFrame(rows)


def _owners_and_cadence(register: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    out = register.copy()
    high_infl = out["influence"] >= 4
    high_int = out["interest"] >= 4
    # Key players are met often, bystanders rarely; the generator picks within each pair.
    choices = np.where(
        high_infl & high_int,
        "weekly|monthly",
        np.where(
            high_infl,
            "monthly|quarterly",
            np.where(high_int, "monthly|quarterly", "annually|ad hoc"),
        ),
    )
    out["cadence"] = [str(rng.choice(c.split("|"))) for c in choices]
    owners = out["group"].map(_OWNERS)
    # Nobody owns a relationship that is only monitored outside the organisation.
    monitored = ~high_infl & ~high_int & ~out["internal"] & out["group"].eq("Community & Media")
    owners = owners.where(~monitored, "")
    # Northwind's own executives are not managed by a relationship manager.
    owners = owners.where(~(out["internal"] & out["group"].eq("Executives")), "")
    # A relationship manager does not own the relationship with their own role.
    owners = owners.where(~out["name"].str.startswith(tuple(o for o in _OWNERS.values() if o)), "")
    out["owner"] = owners
    return out


def _relationship_kind(a: pd.Series, b: pd.Series) -> tuple[str, str, str]:
    """Orient a link between stakeholder rows ``a`` and ``b`` and name its kind."""
    for src, dst in ((a, b), (b, a)):
        if src["kind"] in _OUTWARD_KINDS and dst["kind"] not in _OUTWARD_KINDS:
            return src["id"], dst["id"], _OUTWARD_KINDS[src["kind"]]
    for src, dst in ((a, b), (b, a)):
        if src["kind"] == "customer" and dst["internal"]:
            return src["id"], dst["id"], "buys from"
        if (
            src["kind"] == "customer"
            and dst["group"] == "Business Units"
            and src["group"] == "Customers"
        ):
            return src["id"], dst["id"], "buys from"
    if a["kind"] in _OUTWARD_KINDS and b["kind"] in _OUTWARD_KINDS:
        if a["kind"] != b["kind"]:
            return a["id"], b["id"], "influences"
        trading = a["kind"] in {"supplier", "partner", "investor"}
        return a["id"], b["id"], "partners with" if trading else "works with"
    for src, dst in ((a, b), (b, a)):
        if src["internal"] and dst["kind"] in {"sponsor", "shareholder", "executive"}:
            return src["id"], dst["id"], "informs"
    return a["id"], b["id"], "works with"


def _relationships(register: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Links over every stakeholder that ever existed: groups, hierarchy, brokers, cross-links."""
    by_name = register.set_index("name", drop=False)
    members = {g: list(df["name"]) for g, df in register.groupby("group", sort=True)}
    seen: set[tuple[str, str]] = set()
    rows: list[dict[str, object]] = []

    def add(name_a: str, name_b: str, kind: str | None = None, boost: int = 0) -> None:
        a, b = by_name.loc[name_a], by_name.loc[name_b]
        pair = tuple(sorted((a["id"], b["id"])))
        if a["id"] == b["id"] or pair in seen:
            return
        seen.add(pair)
        if kind is None:
            source, target, kind = _relationship_kind(a, b)
        else:
            source, target = a["id"], b["id"]
        low, high = _STRENGTH[kind]
        strength = min(5, int(rng.integers(low, high + 1)) + boost)
        mood = (a["attitude"] + b["attitude"]) / 2 + rng.choice([-1, 0, 0, 0, 1])
        sentiment = int(np.clip(np.round(mood), -2, 2))
        rows.append(
            {
                "source": source,
                "target": target,
                "kind": kind,
                "strength": strength,
                "sentiment": sentiment,
            }
        )

    for person, boss in _REPORTS_TO.items():
        add(person, boss, "reports to")
    # Stakeholders who come or go between workshops have fewer ties, so the snapshot
    # differences stay readable.
    settled = dict(zip(register["name"], register["lifetime"].eq(ALWAYS), strict=True))
    for group, names in members.items():
        for x, y in itertools.combinations(names, 2):
            damping = 1.0 if settled[x] and settled[y] else 0.3
            if rng.random() < _WITHIN_GROUP[group] * damping:
                add(x, y)
    for broker, reach in _BROKER_REACH.items():
        for group, share in reach:
            for name in members[group]:
                if rng.random() < share:
                    add(broker, name, boost=1)
    weight = dict(zip(register["name"], register["influence"], strict=True))
    care = dict(zip(register["name"], register["interest"], strict=True))
    users = set(register.loc[register["kind"].eq("user"), "name"])
    for group, targets in _REACH.items():
        for name in members[group]:
            # Users meet IT at the service desk, not in the boardroom.
            reach = ("Service Desk",) if name in users else targets
            for _ in range(int(rng.integers(1, 3))):
                pool = members[str(rng.choice(reach))]
                # Influential stakeholders draw more ties; the service desk goes to who cares.
                w = np.array([(care if group == "Service Desk" else weight)[n] for n in pool])
                add(name, str(rng.choice(pool, p=w / w.sum())))
    # The relationship managers and the PMO keep each other and their heads informed.
    for x, y in itertools.combinations([_BRM, _SRM, _PRM, _PMO], 2):
        add(x, y, "works with", boost=1)
    return pd.DataFrame(rows)


def _alive(register: pd.DataFrame, when: str) -> pd.Series:
    """Which stakeholders exist at ``when`` ('old', 'last' or 'now')."""
    alive_in = {
        "old": {ALWAYS, GONE, LAPSED},
        "last": {ALWAYS, SPRING, GONE},
        "now": {ALWAYS, SPRING, NEW},
    }[when]
    return register["lifetime"].isin(alive_in)


def _pick(rng: np.random.Generator, ids: list[str], k: int) -> list[str]:
    return sorted(str(i) for i in rng.choice(sorted(ids), size=k, replace=False))


def _shift_back(
    later: pd.DataFrame, stable_ids: list[str], change: _Change, rng: np.random.Generator
) -> pd.DataFrame:
    """Stakeholder values at an earlier workshop: undo some quadrant moves and attitude changes."""
    earlier = later.set_index("id")
    movers = _pick(rng, stable_ids, change.quadrant_moves)
    rest = [i for i in stable_ids if i not in movers]
    turners = _pick(rng, rest, change.attitude_changes)
    for sid in movers:
        column = str(rng.choice(["influence", "interest"]))
        value = int(earlier.at[sid, column])
        # Cross the 3.5 threshold, so the stakeholder sat in another quadrant back then.
        earlier.at[sid, column] = 3 if value >= 4 else 4
    for sid in turners:
        value = int(earlier.at[sid, "attitude"])
        steps = [v for v in (value - 2, value - 1, value + 1, value + 2) if -2 <= v <= 2]
        near = [v for v in steps if abs(v - value) == 1]
        earlier.at[sid, "attitude"] = int(rng.choice(near if rng.random() < 0.7 else steps))
    return earlier.reset_index()


def _links_then(
    later: pd.DataFrame,
    change: _Change,
    alive_ids: set[str],
    both_ids: set[str],
    base: pd.DataFrame,
    ended: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Relationships at an earlier workshop, given the later ones.

    ``alive_ids`` existed back then, ``both_ids`` back then and later; ``ended``
    holds the links that existed back then and ended in between.
    """
    both = later["source"].isin(both_ids) & later["target"].isin(both_ids)
    # Some links between stakeholders present at both dates are new since then.
    added = rng.choice(np.flatnonzero(both.to_numpy()), size=change.links_added, replace=False)
    keep = both.to_numpy().copy()
    keep[added] = False
    earlier = later[keep].reset_index(drop=True)
    # Sentiment was better on some links (so it dropped since) and worse on a few.
    can_drop = np.flatnonzero(earlier["sentiment"].lt(2).to_numpy())
    drops = rng.choice(can_drop, size=change.sentiment_drops, replace=False)
    can_rise = np.setdiff1d(np.flatnonzero(earlier["sentiment"].gt(-2).to_numpy()), drops)
    rises = rng.choice(can_rise, size=change.sentiment_rises, replace=False)
    sentiment = earlier["sentiment"].to_numpy().copy()
    for i in sorted(drops.tolist()):
        sentiment[i] = min(2, sentiment[i] + int(rng.integers(1, 3)))
    for i in sorted(rises.tolist()):
        sentiment[i] = sentiment[i] - 1
    earlier["sentiment"] = sentiment
    # Links to stakeholders who existed back then but are gone later.
    alive = base["source"].isin(alive_ids) & base["target"].isin(alive_ids)
    gone = base[alive & ~(base["source"].isin(both_ids) & base["target"].isin(both_ids))]
    return pd.concat([earlier, ended[RELATIONSHIP_COLUMNS], gone], ignore_index=True)


def _ratings(stakeholders: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Three raters close to the register, with strong disagreement on eight stakeholders."""
    disputed = set(_pick(rng, list(stakeholders["id"]), 8))
    limits = {"influence": (1, 5), "interest": (1, 5), "attitude": (-2, 2)}
    rows = []
    for row in stakeholders.itertuples(index=False):
        scores = {rater: {} for rater in RATERS}
        split = str(rng.choice(list(limits))) if row.id in disputed else None
        for column, (low, high) in limits.items():
            value = int(getattr(row, column))
            if column == split:
                # One rater sees it two or more steps apart from another.
                base = value - 1 if value - 1 >= low else value
                apart = [base, base + 2] if base + 2 <= high else [base - 2, base]
                third = int(rng.integers(min(apart), max(apart) + 1))
                trio = [apart[0], apart[1], third]
                rng.shuffle(trio)
            else:
                # Agreement: every rater gives the register value or one step to the same side.
                side = int(rng.choice([-1, 1]))
                if not low <= value + side <= high:
                    side = -side
                trio = [value + side * int(rng.random() < 0.25) for _ in RATERS]
            for rater, score in zip(RATERS, trio, strict=True):
                scores[rater][column] = int(score)
        for rater in RATERS:
            rows.append({"rater": rater, "stakeholder": row.id, **scores[rater]})
    out = pd.DataFrame(rows, columns=RATING_COLUMNS)
    return out.sort_values(["stakeholder", "rater"], ignore_index=True)


def _finish_stakeholders(df: pd.DataFrame) -> pd.DataFrame:
    out = df[STAKEHOLDER_COLUMNS].sort_values("id", ignore_index=True)
    for column in ("influence", "interest", "attitude"):
        out[column] = out[column].astype("int64")
    for column in ("internal", "power", "legitimacy", "urgency"):
        out[column] = out[column].astype(bool)
    return out


def _finish_links(df: pd.DataFrame) -> pd.DataFrame:
    out = df[RELATIONSHIP_COLUMNS].sort_values(["source", "target", "kind"], ignore_index=True)
    for column in ("strength", "sentiment"):
        out[column] = out[column].astype("int64")
    return out


def generate(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Build the demo engagement's tables.

    Parameters
    ----------
    seed : int
        Seed for ``numpy.random.default_rng``; the same seed gives the same tables.

    Returns
    -------
    dict[str, pandas.DataFrame]
        A flat mapping with the keys in :data:`TABLE_NAMES`: ``stakeholders``,
        ``relationships`` and ``ratings`` (today's inputs), then
        ``snapshot_2026_03_12_stakeholders``, ``snapshot_2026_03_12_relationships``,
        ``snapshot_2026_06_18_stakeholders`` and ``snapshot_2026_06_18_relationships``
        (the two earlier workshops). Rows are sorted by id, by (source, target) and by
        (stakeholder, rater).

    Examples
    --------
    >>> tables = generate()
    >>> len(tables["stakeholders"]) >= 60
    True
    """
    rng = np.random.default_rng(_check_seed(seed))
    register = _owners_and_cadence(_register(), rng)
    base = _relationships(register, rng)

    ids = {when: set(register.loc[_alive(register, when), "id"]) for when in ("old", "last", "now")}
    now = register[_alive(register, "now")]
    both_last = ids["now"] & ids["last"]
    both_old = ids["last"] & ids["old"]

    # Links that ended after June, and (among the rest) links that ended between the workshops.
    survivors = base[base["source"].isin(both_old) & base["target"].isin(both_old)]
    ended = survivors.sample(n=_SINCE_LAST.links_removed, random_state=rng)
    survivors = survivors.drop(index=ended.index)
    ended_earlier = survivors.sample(n=_BETWEEN_WORKSHOPS.links_removed, random_state=rng)
    ended_any = ended.index.union(ended_earlier.index)
    current = base.drop(index=ended_any)
    links_now = current[current["source"].isin(ids["now"]) & current["target"].isin(ids["now"])]
    links_now = _finish_links(links_now)

    # The last workshop: undo recent changes on stakeholders present at both dates.
    last = pd.concat([now[now["id"].isin(both_last)], register[register["lifetime"].eq(GONE)]])
    last = _shift_back(last, sorted(both_last), _SINCE_LAST, rng)
    links_last = _links_then(links_now, _SINCE_LAST, ids["last"], both_last, current, ended, rng)
    links_last = _finish_links(links_last)

    # The older workshop, relative to the last one.
    old = pd.concat([last[last["id"].isin(both_old)], register[register["lifetime"].eq(LAPSED)]])
    old = _shift_back(old, sorted(both_old), _BETWEEN_WORKSHOPS, rng)
    links_old = _links_then(
        links_last, _BETWEEN_WORKSHOPS, ids["old"], both_old, current, ended_earlier, rng
    )
    links_old = _finish_links(links_old)

    stakeholders = _finish_stakeholders(now)
    old_key, last_key = (d.replace("-", "_") for d in (OLD_DATE, LAST_DATE))
    return {
        "stakeholders": stakeholders,
        "relationships": links_now,
        "ratings": _ratings(stakeholders, rng),
        f"snapshot_{old_key}_stakeholders": _finish_stakeholders(old),
        f"snapshot_{old_key}_relationships": links_old,
        f"snapshot_{last_key}_stakeholders": _finish_stakeholders(last),
        f"snapshot_{last_key}_relationships": links_last,
    }


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    out = df.copy()
    for column in out.columns:
        if pd.api.types.is_bool_dtype(out[column]):
            # Spreadsheet-neutral booleans, the same spelling the readers accept.
            out[column] = out[column].map({True: "true", False: "false"})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.to_csv(index=False, lineterminator="\n"), encoding="utf-8")


def write_demo(target: Path, seed: int = DEFAULT_SEED) -> None:
    """Write the demo engagement folder (engagement.toml, inputs/, workshop/snapshots/).

    Existing files with the same names are overwritten; nothing else in ``target`` is touched.

    Parameters
    ----------
    target : pathlib.Path
        The engagement folder; created if missing.
    seed : int
        Passed to :func:`generate`.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "demo"
    >>> write_demo(folder)
    >>> (folder / "inputs" / "stakeholders.csv").exists()
    True
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise EngagementError(
            f"Cannot write the demo engagement to {target}: it is a file, not a folder. "
            "Fix: pass a folder path that does not exist yet or is a folder."
        )
    tables = generate(seed)
    target.mkdir(parents=True, exist_ok=True)
    (target / "engagement.toml").write_text(ENGAGEMENT_TOML, encoding="utf-8")
    (target / "inputs").mkdir(exist_ok=True)
    (target / "inputs" / "logo.svg").write_text(LOGO_SVG, encoding="utf-8")
    for name in ("stakeholders", "relationships", "ratings"):
        _write_csv(tables[name], target / "inputs" / f"{name}.csv")
    for date in (OLD_DATE, LAST_DATE):
        folder = target / "workshop" / "snapshots" / date
        for name in ("stakeholders", "relationships"):
            _write_csv(tables[f"snapshot_{date.replace('-', '_')}_{name}"], folder / f"{name}.csv")
    # The culture workshop's survey waves; imported here to keep one command for the whole demo.
    from workbench.demo import surveys as culture_demo

    culture_demo.write_surveys(target)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m workbench.demo.generate [TARGET] [--seed N]``."""
    parser = argparse.ArgumentParser(
        prog="python -m workbench.demo.generate",
        description="Regenerate the seeded demo engagement (Northwind Digital Services).",
    )
    parser.add_argument("target", nargs="?", type=Path, default=DEMO_DIR, help="engagement folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 2026)")
    args = parser.parse_args(argv)
    try:
        write_demo(args.target, args.seed)
    except WorkbenchError as exc:
        print(exc)
        return 1
    print(f"Demo engagement written to {args.target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
