"""What the network loses when one stakeholder leaves: the brokers' what-if.

Pure functions on the relationship graph. :func:`what_if_table` of the brokers feeds the
brokers' section of the app; :func:`cut_points` (everyone whose departure leaves some other
stakeholders unable to reach each other) feeds the at-risk list, so a stakeholder listed there
because "the network splits without them" always has ``reach_lost > 0`` here.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.stakeholders.network import _preview

WHAT_IF_COLUMNS = [
    "removed",
    "name",
    "components_before",
    "components_after",
    "components_split",
    "reachable_pairs_before",
    "reachable_pairs_after",
    "reach_lost",
    "reach_lost_pct",
]


def _pairs(sizes: Iterable[int]) -> int:
    return int(sum(s * (s - 1) // 2 for s in sizes))


def what_if_remove(graph: nx.Graph, stakeholder_id: str) -> dict:
    """What the network loses if one stakeholder leaves.

    Parameters
    ----------
    graph : nx.Graph
    stakeholder_id : str

    Returns
    -------
    dict
        ``removed``, ``name``, ``components_before``, ``components_after``,
        ``components_split`` (how many extra pieces the stakeholder's own part of the
        network falls into; a stakeholder who was alone does not count), the reachable
        pairs before and after, ``reach_lost`` (pairs of other stakeholders who could
        reach each other before and cannot after) and ``reach_lost_pct`` (percent of the
        pairs of other stakeholders that were reachable before).

    Examples
    --------
    >>> what_if_remove(nx.path_graph(["a", "b", "c"]), "b")["reach_lost"]
    1
    """
    if stakeholder_id not in graph:
        raise WorkbenchError(
            f"Stakeholder {stakeholder_id!r} is not in the network. Fix: pick one of the ids "
            f"in the stakeholders table, for example {_preview(sorted(graph, key=str), 5)}."
        )
    components = list(nx.connected_components(graph))
    own = next(c for c in components if stakeholder_id in c)
    # Only the removed stakeholder's own component changes.
    pieces = [len(c) for c in nx.connected_components(graph.subgraph(own - {stakeholder_id}))]
    before = len(components)
    after = before - 1 + len(pieces)
    pairs_before = _pairs(len(c) for c in components)
    pairs_after = pairs_before - _pairs([len(own)]) + _pairs(pieces)
    others_before = pairs_before - (len(own) - 1)  # pairs without the removed stakeholder
    lost = others_before - pairs_after
    return {
        "removed": stakeholder_id,
        "name": str(graph.nodes[stakeholder_id].get("name", stakeholder_id)),
        "components_before": before,
        "components_after": after,
        "components_split": max(len(pieces) - 1, 0),
        "reachable_pairs_before": pairs_before,
        "reachable_pairs_after": pairs_after,
        "reach_lost": lost,
        "reach_lost_pct": round(100.0 * lost / others_before, 3) if others_before else 0.0,
    }


def what_if_table(graph: nx.Graph, ids: Iterable[str]) -> pd.DataFrame:
    """:func:`what_if_remove` for several stakeholders, one row each, in the order given.

    Examples
    --------
    >>> what_if_table(nx.path_graph(["a", "b", "c"]), ["b"])["components_split"].tolist()
    [1]
    """
    rows = [what_if_remove(graph, i) for i in ids]
    return pd.DataFrame(rows, columns=WHAT_IF_COLUMNS)


def cut_points(graph: nx.Graph) -> pd.DataFrame:
    """:func:`what_if_remove` for every stakeholder whose removal loses reach.

    These are the graph's articulation points: a stakeholder is one exactly when, without
    them, at least one pair of other stakeholders can no longer reach each other
    (``reach_lost > 0``). Everyone else can leave without cutting anybody off.

    Returns
    -------
    pandas.DataFrame
        :data:`WHAT_IF_COLUMNS`, one row per such stakeholder, most reach lost first (ties
        by id); empty (with the columns) when nobody's removal splits the network.

    Examples
    --------
    >>> cut_points(nx.path_graph(["a", "b", "c", "d"]))[["removed", "reach_lost"]].values.tolist()
    [['b', 2], ['c', 2]]
    >>> cut_points(nx.cycle_graph(["a", "b", "c"])).empty
    True
    """
    table = what_if_table(graph, sorted(nx.articulation_points(graph), key=str))
    table = table.sort_values(["reach_lost", "removed"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)
