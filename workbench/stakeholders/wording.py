"""How the stakeholder tables read to a client: headers, number formats and tooltips, once.

Every view of the stakeholder map, and the stakeholder sheets of results.xlsx, label their
columns from here, so a column is called the same everywhere:

- :data:`COLUMN_LABELS` maps a column name of the analysis frames (``summary``,
  ``consensus``, ``what_if``, ``at_risk``, the snapshot diff) to the header a client reads.
  It is flat on purpose: ``frame.rename(columns=COLUMN_LABELS)`` labels any of those frames.
- :data:`FORMATS` says how each column's numbers are shown, as a kind of
  :func:`workbench.present.tables.labelled_table`.
- :data:`GLOSSARY` explains, by header, the words a client may not know; tables show the
  explanation as a tooltip.

Column values that are words (quadrants, strategies, attitude bands, salience classes) are
already plain English; :data:`SALIENCE_MEANING` says what each salience class stands for.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"name": ["Ann Lee"], "reach_lost_pct": [5.5]})
>>> frame.rename(columns=COLUMN_LABELS).columns.tolist()
['Name', 'Share of connected pairs cut off']
>>> FORMATS["reach_lost_pct"], "Brokerage" in GLOSSARY
('percent', True)
"""

from __future__ import annotations

from collections.abc import Iterable

COLUMN_LABELS: dict[str, str] = {
    # the register and the stakeholder summary
    "id": "Ref.",
    "name": "Name",
    "group": "Group",
    "kind": "Kind",
    "internal": "Internal",
    "influence": "Influence",
    "interest": "Interest",
    "quadrant": "Quadrant",
    "strategy": "Strategy",
    "attitude": "Attitude score",
    "attitude_band": "Attitude",
    "salience": "Salience",
    "power": "Power",
    "legitimacy": "Legitimacy",
    "urgency": "Urgency",
    "owner": "Owner",
    "cadence": "Contact",
    "adjusted": "Re-rated in the workshop",
    "degree": "Direct relationships",
    "degree_centrality": "Share directly related",
    "betweenness": "Brokerage",
    "eigenvector": "Well connected",
    "broker": "Broker",
    "community": "Community",
    # relationships
    "source": "From",
    "target": "To",
    "strength": "Strength",
    "sentiment": "Sentiment",
    "relationship": "Relationship",
    # several raters (consensus)
    "stakeholder": "Stakeholder ref.",
    "n_raters": "Raters",
    "influence_mean": "Influence (average)",
    "influence_spread": "Influence spread",
    "interest_mean": "Interest (average)",
    "interest_spread": "Interest spread",
    "attitude_mean": "Attitude (average)",
    "attitude_spread": "Attitude spread",
    "disputed": "Disputed",
    "disputed_on": "Raters disagree on",
    # the what-if of a departure
    "removed": "Ref. of who leaves",
    "components_before": "Separate parts now",
    "components_after": "Separate parts without them",
    "components_split": "Extra parts without them",
    "reachable_pairs_before": "Connected pairs now",
    "reachable_pairs_after": "Connected pairs without them",
    "reach_lost": "Pairs cut off",
    "reach_lost_pct": "Share of connected pairs cut off",
    # at risk
    "reasons": "Why at risk",
    "n_reasons": "Reasons",
    # changes since the last workshop
    "quadrant_before": "Quadrant before",
    "quadrant_after": "Quadrant now",
    "strategy_after": "Strategy now",
    "attitude_before": "Attitude before",
    "attitude_after": "Attitude now",
    "sentiment_before": "Sentiment before",
    "sentiment_after": "Sentiment now",
    "change": "Change",
    "betweenness_before": "Brokerage before",
    "betweenness_after": "Brokerage now",
    "shift": "Brokerage change",
    "shift_points": "Change (points)",
    # communities
    "members": "Members",
    "groups": "Groups",
    "most_central": "Most central member",
}

FORMATS: dict[str, str] = {
    "internal": "yes/no",
    "influence": "1dp",
    "interest": "1dp",
    "attitude": "signed",
    "power": "yes/no",
    "legitimacy": "yes/no",
    "urgency": "yes/no",
    "adjusted": "yes/no",
    "degree": "int",
    "degree_centrality": "share",
    "betweenness": "share",
    "eigenvector": "2dp",
    "broker": "yes/no",
    "community": "int",
    "strength": "int",
    "sentiment": "signed",
    "n_raters": "int",
    "influence_mean": "1dp",
    "influence_spread": "1dp",
    "interest_mean": "1dp",
    "interest_spread": "1dp",
    "attitude_mean": "signed",
    "attitude_spread": "1dp",
    "disputed": "yes/no",
    "components_before": "int",
    "components_after": "int",
    "components_split": "int",
    "reachable_pairs_before": "int",
    "reachable_pairs_after": "int",
    "reach_lost": "int",
    "reach_lost_pct": "percent",
    "n_reasons": "int",
    "attitude_before": "signed",
    "attitude_after": "signed",
    "sentiment_before": "signed",
    "sentiment_after": "signed",
    "change": "signed",
    "betweenness_before": "share",
    "betweenness_after": "share",
    "shift": "2dp",
    "shift_points": "signed",
    "members": "int",
}

_SPREAD = "The highest rating given minus the lowest: 2 or more means the raters disagree."
GLOSSARY: dict[str, str] = {
    "Influence": "How much they can affect the outcome, from 1 (very little) to 5 (a great deal).",
    "Interest": "How much they care about what we do, from 1 (very little) to 5 (a great deal).",
    "Attitude": "How they feel about the work: blocker, critic, neutral, supporter or champion.",
    "Attitude score": "How they feel about the work, from -2 (blocker) to +2 (champion).",
    "Quadrant": "Where influence and interest place them on the grid.",
    "Strategy": "How to engage them, following from their place on the grid.",
    "Salience": (
        "How strongly their claim calls for attention, from power, legitimacy and urgency: "
        "definitive (all three), dominant (power and legitimacy), dangerous (power and "
        "urgency), dependent (legitimacy and urgency), dormant, discretionary or demanding "
        "(one of them), non-stakeholder (none)."
    ),
    "Power": "They can impose their will on us.",
    "Legitimacy": "Their claim on us is recognised as proper.",
    "Urgency": "Their claim needs attention now.",
    "Brokerage": (
        "How often this person sits on the shortest path between two others: a high share "
        "makes them a broker between parts of the network."
    ),
    "Brokerage before": "Brokerage at the last workshop.",
    "Brokerage now": "Brokerage today.",
    "Change (points)": "Brokerage now minus brokerage before, in percentage points.",
    "Broker": (
        "Among those with the highest brokerage, with direct contacts in at least two communities."
    ),
    "Community": "A set of stakeholders more connected with each other than with the rest.",
    "Well connected": "High when their contacts are themselves well connected (0 to 1).",
    "Direct relationships": "How many stakeholders they have a relationship with.",
    "Sentiment": "How the relationship feels, from -2 (hostile) to +2 (warm).",
    "Strength": "How strong the tie is, from 1 (weak) to 5 (very strong).",
    "Raters": "How many people rated this stakeholder.",
    "Influence spread": _SPREAD,
    "Interest spread": _SPREAD,
    "Attitude spread": _SPREAD,
    "Connected pairs now": "Pairs of stakeholders who can reach each other through the network.",
    "Pairs cut off": (
        "Pairs of other stakeholders who can reach each other now and could not without them."
    ),
    "Share of connected pairs cut off": (
        "Pairs cut off, as a share of the pairs of other stakeholders connected now."
    ),
    "Extra parts without them": "How many more separate parts the network falls into.",
    "Most central member": "The member with the highest brokerage.",
}

# How a relationship feels, by the register's sentiment score.
SENTIMENT_WORDS: dict[int, str] = {
    -2: "hostile",
    -1: "strained",
    0: "neutral",
    1: "friendly",
    2: "warm",
}

SALIENCE_MEANING: dict[str, str] = {
    "definitive": "power, legitimacy and urgency",
    "dominant": "power and legitimacy",
    "dangerous": "power and urgency",
    "dependent": "legitimacy and urgency",
    "dormant": "power only",
    "discretionary": "legitimacy only",
    "demanding": "urgency only",
    "non-stakeholder": "none of the three",
}


def labels(columns: Iterable[str], **overrides: str) -> dict[str, str]:
    """``{column: header}`` for :func:`~workbench.present.tables.labelled_table`, in order.

    A column without an entry in :data:`COLUMN_LABELS` gets its name in sentence case, so
    no snake_case header ever reaches a client; ``overrides`` rename a column for one table.

    Examples
    --------
    >>> labels(["name", "reach_lost", "new_thing"], name="Broker")
    {'name': 'Broker', 'reach_lost': 'Pairs cut off', 'new_thing': 'New thing'}
    """
    return {
        c: overrides.get(c) or COLUMN_LABELS.get(c) or str(c).replace("_", " ").capitalize()
        for c in columns
    }


def formats(columns: Iterable[str], **overrides: str) -> dict[str, str]:
    """The :data:`FORMATS` of ``columns``, with ``overrides`` for one table.

    Columns with no entry are left out, so the table infers their format from their values.

    Examples
    --------
    >>> formats(["name", "betweenness"], name="text")
    {'name': 'text', 'betweenness': 'share'}
    """
    kinds = {c: overrides.get(c) or FORMATS.get(c) for c in columns}
    return {c: kind for c, kind in kinds.items() if kind}
