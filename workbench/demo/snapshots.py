"""The demo engagement's two earlier workshops, derived backwards from today's register.

Each snapshot starts from the later state and undoes a fixed number of changes (quadrant
moves, attitude changes, new and ended links, sentiment shifts), so the workshop
comparison has a known story; the random generator only picks which stakeholders and
links changed. :mod:`workbench.demo.generate` calls these in order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.demo.register import ALWAYS, GONE, LAPSED, NEW, RELATIONSHIP_COLUMNS, SPRING, pick

__all__ = ["BETWEEN_WORKSHOPS", "SINCE_LAST", "Change", "alive", "links_then", "shift_back"]


@dataclass(frozen=True)
class Change:
    """How many things change between two workshops, counted on the later side."""

    quadrant_moves: int
    attitude_changes: int
    links_added: int
    links_removed: int
    sentiment_drops: int
    sentiment_rises: int


# Between the last workshop and today, and (smaller) between the two workshops.
SINCE_LAST = Change(8, 10, 5, 4, 6, 2)
BETWEEN_WORKSHOPS = Change(4, 5, 3, 2, 3, 1)


def alive(register: pd.DataFrame, when: str) -> pd.Series:
    """Which stakeholders exist at ``when`` ('old', 'last' or 'now')."""
    alive_in = {
        "old": {ALWAYS, GONE, LAPSED},
        "last": {ALWAYS, SPRING, GONE},
        "now": {ALWAYS, SPRING, NEW},
    }[when]
    return register["lifetime"].isin(alive_in)


def shift_back(
    later: pd.DataFrame, stable_ids: list[str], change: Change, rng: np.random.Generator
) -> pd.DataFrame:
    """Stakeholder values at an earlier workshop: undo some quadrant moves and attitude changes."""
    earlier = later.set_index("id")
    movers = pick(rng, stable_ids, change.quadrant_moves)
    rest = [i for i in stable_ids if i not in movers]
    turners = pick(rng, rest, change.attitude_changes)
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


def links_then(
    later: pd.DataFrame,
    change: Change,
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
