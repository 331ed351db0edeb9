"""The demo engagement's register: every stakeholder that ever existed, links and ratings.

The cast is fixed in ``workbench/demo/catalogues/`` (``register.csv``, ``groups.toml``,
``brokers.toml``, ``reports_to.csv``); the random generator passed in only decides the
detail: cadences, which members of two groups are linked, strengths, sentiments and the
raters' scores. :mod:`workbench.demo.generate` puts the pieces together.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.demo import catalogues
from workbench.stakeholders.schemas import TABLES

__all__ = [
    "ALWAYS",
    "GONE",
    "INTERNAL_KINDS",
    "LAPSED",
    "NEW",
    "RATERS",
    "RELATIONSHIP_COLUMNS",
    "SPRING",
    "Cast",
    "finish_links",
    "finish_stakeholders",
    "load_cast",
    "pick",
    "ratings",
    "register",
    "relationships",
]

STAKEHOLDER_COLUMNS = TABLES["stakeholders"].column_names
RELATIONSHIP_COLUMNS = TABLES["relationships"].column_names
RATING_COLUMNS = TABLES["ratings"].column_names
RATERS = ("Consultant A", "Relationship manager", "Service owner")

# Kinds that are part of Northwind Digital Services itself; every other kind is external.
INTERNAL_KINDS = frozenset({"internal team", "team member", "manager", "executive"})

# Lifetimes of stakeholders and relationships, relative to the two workshops.
ALWAYS = "always"  # existed before the March workshop and still does
NEW = "new"  # added after the June workshop (absent from both snapshots)
SPRING = "spring"  # added between March and June (absent from the March snapshot)
GONE = "gone"  # existed at both workshops, removed since June
LAPSED = "lapsed"  # existed in March only, removed before June
LIFETIMES = (ALWAYS, NEW, SPRING, GONE, LAPSED)

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
class _Group:
    owner: str  # who owns the relationship with the members; "" for nobody
    within: float  # chance that two members are linked
    reach: tuple[str, ...]  # groups where members have their direct outside links


@dataclass(frozen=True)
class Cast:
    """The demo story's fixed cast, as read from the catalogues by :func:`load_cast`."""

    stakeholders: pd.DataFrame  # every stakeholder that ever existed, ids in row order
    groups: dict[str, _Group]
    brokers: dict[str, tuple[tuple[str, float], ...]]  # broker -> (group, share of members)
    reports_to: tuple[tuple[str, str], ...]  # (name, boss) in the order the links are drawn


def _stakeholders(rows: list[dict[str, str]]) -> pd.DataFrame:
    """Every stakeholder that ever existed, with ids in order of appearance and a lifetime."""
    out = []
    for number, row in enumerate(rows, 1):
        salience, lifetime = row["salience"], row["lifetime"]
        if set(salience) - set("PLU") or lifetime not in LIFETIMES:
            raise ValueError(
                f"{row['name']!r} needs salience letters from P, L, U and a lifetime out of "
                f"{', '.join(LIFETIMES)}, got {salience!r} and {lifetime!r}"
            )
        out.append(
            {
                "id": f"S{number:03d}",
                "name": row["name"],
                "group": row["group"],
                "kind": row["kind"],
                "internal": row["kind"] in INTERNAL_KINDS,
                "influence": int(row["influence"]),
                "interest": int(row["interest"]),
                "attitude": int(row["attitude"]),
                "power": "P" in salience,
                "legitimacy": "L" in salience,
                "urgency": "U" in salience,
                "lifetime": lifetime,
            }
        )
    frame = pd.DataFrame(out)
    # Links are drawn by name, so a repeated name would merge two stakeholders.
    if repeated := sorted(set(frame.loc[frame["name"].duplicated(), "name"])):
        raise ValueError(f"every name must be unique, repeated: {', '.join(repeated)}")
    return frame


def _groups(data: dict) -> dict[str, _Group]:
    return {
        name: _Group(str(g["owner"]), float(g["within"]), tuple(map(str, g["reach"])))
        for name, g in data.items()
    }


def _brokers(data: dict) -> dict[str, tuple[tuple[str, float], ...]]:
    return {name: tuple((g, float(s)) for g, s in reach.items()) for name, reach in data.items()}


def _reports_to(rows: list[dict[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((row["name"], row["reports_to"]) for row in rows)


def _known(file: str, names: set[str], known: set[str], source: str) -> None:
    if unknown := sorted(names - known):
        raise WorkbenchError(
            f"The demo catalogue {catalogues.FOLDER / file} names what {source} does not hold: "
            f"{', '.join(unknown)}. Fix: correct the names in {file}, or add them to {source}."
        )


def load_cast() -> Cast:
    """Read the four register catalogues and check that their names refer to each other.

    Examples
    --------
    >>> cast = load_cast()
    >>> cast.stakeholders.loc[0, "name"]
    'Dana Whitfield (CIO)'
    """
    cast = Cast(
        catalogues.load("register.csv", _stakeholders),
        catalogues.load("groups.toml", _groups),
        catalogues.load("brokers.toml", _brokers),
        catalogues.load("reports_to.csv", _reports_to),
    )
    groups, names = set(cast.groups), set(cast.stakeholders["name"])
    _known("register.csv", set(cast.stakeholders["group"]), groups, "groups.toml")
    _known("groups.toml", {r for g in cast.groups.values() for r in g.reach}, groups, "groups.toml")
    _known("brokers.toml", set(cast.brokers), names, "register.csv")
    _known("brokers.toml", {g for b in cast.brokers.values() for g, _ in b}, groups, "groups.toml")
    _known("reports_to.csv", set(itertools.chain(*cast.reports_to)), names, "register.csv")
    return cast


def register(cast: Cast, rng: np.random.Generator) -> pd.DataFrame:
    """The cast's stakeholders with a relationship owner and a meeting cadence."""
    out = cast.stakeholders.copy()
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
    owner_of = {name: group.owner for name, group in cast.groups.items()}
    owners = out["group"].map(owner_of)
    # Nobody owns a relationship that is only monitored outside the organisation.
    monitored = ~high_infl & ~high_int & ~out["internal"] & out["group"].eq("Community & Media")
    owners = owners.where(~monitored, "")
    # Northwind's own executives are not managed by a relationship manager.
    owners = owners.where(~(out["internal"] & out["group"].eq("Executives")), "")
    # A relationship manager does not own the relationship with their own role.
    owners = owners.where(~out["name"].str.startswith(tuple(o for o in owner_of.values() if o)), "")
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


def relationships(register: pd.DataFrame, cast: Cast, rng: np.random.Generator) -> pd.DataFrame:
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

    for person, boss in cast.reports_to:
        add(person, boss, "reports to")
    # Stakeholders who come or go between workshops have fewer ties, so the snapshot
    # differences stay readable.
    settled = dict(zip(register["name"], register["lifetime"].eq(ALWAYS), strict=True))
    for group, names in members.items():
        for x, y in itertools.combinations(names, 2):
            damping = 1.0 if settled[x] and settled[y] else 0.3
            if rng.random() < cast.groups[group].within * damping:
                add(x, y)
    for broker, reach in cast.brokers.items():
        for group, share in reach:
            for name in members[group]:
                if rng.random() < share:
                    add(broker, name, boost=1)
    weight = dict(zip(register["name"], register["influence"], strict=True))
    care = dict(zip(register["name"], register["interest"], strict=True))
    users = set(register.loc[register["kind"].eq("user"), "name"])
    for group, targets in ((g, v.reach) for g, v in cast.groups.items() if v.reach):
        for name in members[group]:
            # Users meet IT at the service desk, not in the boardroom.
            reach = ("Service Desk",) if name in users else targets
            for _ in range(int(rng.integers(1, 3))):
                pool = members[str(rng.choice(reach))]
                # Influential stakeholders draw more ties; the service desk goes to who cares.
                w = np.array([(care if group == "Service Desk" else weight)[n] for n in pool])
                add(name, str(rng.choice(pool, p=w / w.sum())))
    # The relationship managers and the PMO keep each other and their heads informed.
    for x, y in itertools.combinations(list(cast.brokers), 2):
        add(x, y, "works with", boost=1)
    return pd.DataFrame(rows)


def pick(rng: np.random.Generator, ids: list[str], k: int) -> list[str]:
    """``k`` of ``ids`` drawn without replacement, sorted."""
    return sorted(str(i) for i in rng.choice(sorted(ids), size=k, replace=False))


def ratings(stakeholders: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Three raters close to the register, with strong disagreement on eight stakeholders."""
    disputed = set(pick(rng, list(stakeholders["id"]), 8))
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


def finish_stakeholders(df: pd.DataFrame) -> pd.DataFrame:
    """The stakeholders table as written: schema columns, sorted by id, exact dtypes."""
    out = df[STAKEHOLDER_COLUMNS].sort_values("id", ignore_index=True)
    for column in ("influence", "interest", "attitude"):
        out[column] = out[column].astype("int64")
    for column in ("internal", "power", "legitimacy", "urgency"):
        out[column] = out[column].astype(bool)
    return out


def finish_links(df: pd.DataFrame) -> pd.DataFrame:
    """The relationships table as written: schema columns, sorted by (source, target, kind)."""
    out = df[RELATIONSHIP_COLUMNS].sort_values(["source", "target", "kind"], ignore_index=True)
    for column in ("strength", "sentiment"):
        out[column] = out[column].astype("int64")
    return out
