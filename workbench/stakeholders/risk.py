"""Key relationships at risk: who is listed, and why (:func:`at_risk`).

The reasons are the constants ``REASON_*``; :mod:`workbench.stakeholders.risk_cards` turns
each listed stakeholder into a card, :mod:`workbench.stakeholders.analysis` re-exports them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.core.guards import as_floats, require_columns

__all__ = ["REASON_FALLING", "REASON_NEGATIVE", "REASON_SPLITS", "at_risk"]


# The at-risk reasons; the split reason also says how many pairs are cut off.
REASON_NEGATIVE = "high influence and negative attitude"
REASON_SPLITS = "the network splits without them"
REASON_FALLING = "falling sentiment"


def _splits(lost: int) -> str:
    pairs = "pair" if lost == 1 else "pairs"
    return f"{REASON_SPLITS} ({lost} {pairs} of others can no longer reach each other)"


def at_risk(
    stakeholders: pd.DataFrame,
    what_if: pd.DataFrame | None,
    sentiment_changes: pd.DataFrame | None,
    influence_threshold: float = 3.5,
) -> pd.DataFrame:
    """List key relationships at risk, with the reasons for each stakeholder.

    The reasons, in this order:

    - ``"high influence and negative attitude"``: influence at or above
      ``influence_threshold`` and attitude below 0;
    - ``"the network splits without them (N pairs of others can no longer reach each
      other)"``: a row of ``what_if`` (a table of
      :func:`workbench.stakeholders.whatif.what_if_remove` results, such as
      :func:`~workbench.stakeholders.whatif.cut_points`) with ``reach_lost`` N > 0. Being a
      broker (high betweenness) is not a reason by itself: most brokers can leave without
      cutting anybody off, and the what-if says so;
    - ``"falling sentiment"``: source or target of a ``sentiment_changes`` row with
      change < 0.

    Examples
    --------
    >>> s = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "group": ["g", "g"],
    ...                   "influence": [5, 2], "attitude": [-1, 1]})
    >>> w = pd.DataFrame({"removed": ["b"], "reach_lost": [3]})
    >>> for reason in at_risk(s, w, None)["reasons"]:
    ...     print(reason)
    high influence and negative attitude
    the network splits without them (3 pairs of others can no longer reach each other)
    """
    require_columns(stakeholders, ["id", "name", "group", "influence", "attitude"], "stakeholders")
    ids = stakeholders["id"]
    influence, attitude = as_floats(stakeholders["influence"]), as_floats(stakeholders["attitude"])
    hostile = (influence >= influence_threshold) & (attitude < 0)
    lost = pd.Series(0, index=ids.index, dtype="int64")
    if what_if is not None:
        require_columns(what_if, ["removed", "reach_lost"], "what-if")
        reach = pd.Series(as_floats(what_if["reach_lost"]), index=what_if["removed"].to_numpy())
        reach = reach[reach > 0]
        lost = ids.map(reach[~reach.index.duplicated(keep="last")]).fillna(0).astype("int64")
    falling = np.zeros(len(ids), dtype=bool)
    if sentiment_changes is not None:
        require_columns(sentiment_changes, ["source", "target", "change"], "sentiment changes")
        down = sentiment_changes[as_floats(sentiment_changes["change"]) < 0]
        falling = ids.isin(set(down["source"]) | set(down["target"])).to_numpy()
    cut_off = lost.to_numpy()
    reasons = []
    for negative, n_pairs, fell in zip(hostile, cut_off, falling, strict=True):
        found = [REASON_NEGATIVE] if negative else []
        found += [_splits(int(n_pairs))] if n_pairs > 0 else []
        reasons.append("; ".join(found + ([REASON_FALLING] if fell else [])))
    out = stakeholders[["id", "name", "group", "influence", "attitude"]].reset_index(drop=True)
    out["reasons"] = pd.Series(reasons, dtype=object)
    counts = [hostile, cut_off > 0, falling]
    out["n_reasons"] = np.sum([c.astype("int64") for c in counts], axis=0).astype("int64")
    out = out[out["n_reasons"] > 0]
    out = out.sort_values(["n_reasons", "influence", "id"], ascending=[False, False, True])
    return out.reset_index(drop=True)
