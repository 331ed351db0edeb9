"""Rows of one register table that contradict or repeat each other.

Each row can be valid on its own and the table still be wrong: the same tie listed twice,
once as warm (+2) and once as hostile (-2), would be averaged into a neutral tie on the
map, a silently wrong picture; a rater who rated the same stakeholder twice would count
twice in the consensus. :func:`repeated_ties` and :func:`repeated_ratings` find such rows
in a typed table (after :func:`~workbench.stakeholders.validation.validate` has checked
each row) and name the file and every row involved. Nothing here reads files.

Examples
--------
>>> ties = pd.DataFrame({"source": ["S1", "S2"], "target": ["S2", "S1"],
...     "kind": ["works with", "works with"], "strength": [3, 3], "sentiment": [2, -2]})
>>> [(p.severity, p.row) for p in repeated_ties(ties, "inputs/relationships.csv")]
[('error', 3)]
"""

from __future__ import annotations

import pandas as pd

from workbench.core.errors import Problem
from workbench.core.text_table import spreadsheet_row


def _rows_text(rows: list[int]) -> str:
    return ", ".join(map(str, rows[:-1])) + f" and {rows[-1]}"


def _groups(keys: pd.DataFrame) -> list[list[object]]:
    """Index labels of rows sharing every key, for keys that occur more than once."""
    repeated = keys.duplicated(keep=False)
    if not repeated.any():
        return []
    found = keys[repeated].groupby(list(keys.columns), sort=False).groups
    return sorted((list(labels) for labels in found.values()), key=lambda g: g[0])


def repeated_ties(relationships: pd.DataFrame, file: str) -> list[Problem]:
    """The same tie (two stakeholders, in either direction, and one kind) on several rows.

    Sentiments of opposite sign on those rows are an error (the map would average a warm
    and a hostile tie into a neutral one); other repeats are a warning.

    Parameters
    ----------
    relationships
        The typed relationships table (``source``, ``target``, ``kind``, ``sentiment``).
    file
        How problems name the file.
    """
    needed = {"source", "target", "kind", "sentiment"}
    if relationships.empty or not needed <= set(relationships.columns):
        return []
    source = relationships["source"].astype("str")
    target = relationships["target"].astype("str")
    # The map draws a-b and b-a as one tie, so the pair is unordered here too.
    keys = pd.DataFrame(
        {
            "a": source.where(source <= target, target),
            "b": target.where(source <= target, source),
            "kind": relationships["kind"].astype("str"),
        }
    )
    sentiment = pd.to_numeric(relationships["sentiment"], errors="coerce")
    problems = []
    for labels in _groups(keys):
        rows = [spreadsheet_row(label) for label in labels]
        first = relationships.loc[labels[0]]
        tie = f"'{first['source']}' {first['kind']} '{first['target']}'"
        feelings = sentiment.loc[labels]
        if (feelings > 0).any() and (feelings < 0).any():
            pairs = zip(feelings, rows, strict=True)
            values = ", ".join(f"{int(v):+d} on row {r}" for v, r in pairs)
            problems.append(
                Problem(
                    file,
                    f"The tie {tie} is listed on rows {_rows_text(rows)} with contradicting "
                    f"sentiment ({values}); the map would average them into a neutral tie.",
                    "Keep one row for the tie, with the sentiment that is right, and delete the "
                    "others.",
                    rows[1],
                    "sentiment",
                )
            )
        else:
            problems.append(
                Problem(
                    file,
                    f"The tie {tie} is listed on rows {_rows_text(rows)}; the map shows it once "
                    "(the strongest strength, the average sentiment).",
                    "Delete the repeated rows, or merge them into one.",
                    rows[1],
                    "target",
                    severity="warning",
                )
            )
    return problems


def repeated_ratings(ratings: pd.DataFrame, file: str) -> list[Problem]:
    """A rater who rated the same stakeholder on several rows: an error naming each row.

    Examples
    --------
    >>> ratings = pd.DataFrame({"rater": ["R1", "R1"], "stakeholder": ["S1", "S1"]})
    >>> print(repeated_ratings(ratings, "inputs/ratings.csv")[0].message)
    Rater 'R1' rated stakeholder 'S1' on rows 2 and 3; each rater rates a stakeholder once.
    """
    if ratings.empty or not {"rater", "stakeholder"} <= set(ratings.columns):
        return []
    keys = ratings[["rater", "stakeholder"]].astype("str")
    problems = []
    for labels in _groups(keys):
        rows = [spreadsheet_row(label) for label in labels]
        rater, stakeholder = keys.loc[labels[0]]
        problems.append(
            Problem(
                file,
                f"Rater '{rater}' rated stakeholder '{stakeholder}' on rows {_rows_text(rows)}; "
                "each rater rates a stakeholder once.",
                "Keep one row per rater and stakeholder: delete the repeated rows or merge them "
                "into one.",
                rows[1],
                "stakeholder",
            )
        )
    return problems
