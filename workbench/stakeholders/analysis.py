"""Stakeholder map analysis: grid quadrants, salience, attitude, rater consensus,
workshop adjustments, snapshot diffs and relationships at risk (:func:`at_risk`, from
:mod:`workbench.stakeholders.risk`).

Every function takes DataFrames and returns new ones; inputs are never modified.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.types import is_integer_dtype

from workbench.core.errors import InputError, Problem
from workbench.core.guards import as_floats, require_columns

# Re-exported: the at-risk list and its reasons live in risk.py, callers import them from here.
from workbench.stakeholders.risk import REASON_FALLING as REASON_FALLING
from workbench.stakeholders.risk import REASON_NEGATIVE as REASON_NEGATIVE
from workbench.stakeholders.risk import REASON_SPLITS as REASON_SPLITS
from workbench.stakeholders.risk import at_risk as at_risk
from workbench.stakeholders.schemas import RATING_RANGES

QUADRANTS = ["key players", "context setters", "subjects", "crowd"]
STRATEGY_BY_QUADRANT = {
    "key players": "manage closely",
    "context setters": "keep satisfied",
    "subjects": "keep informed",
    "crowd": "monitor",
}
# Mitchell, Agle and Wood's classes, most salient first.
SALIENCE_CLASSES = [
    "definitive", "dominant", "dangerous", "dependent",
    "dormant", "discretionary", "demanding", "non-stakeholder",
]  # fmt: skip
# Indexed by power * 4 + legitimacy * 2 + urgency.
_SALIENCE_BY_CODE = np.array(
    ["non-stakeholder", "demanding", "discretionary", "dependent",
     "dormant", "dangerous", "dominant", "definitive"], dtype=object,
)  # fmt: skip
ATTITUDE_BANDS = ["blocker", "critic", "neutral", "supporter", "champion"]
RATINGS = ["influence", "interest", "attitude"]
CENTRALITY_COLUMNS = ["degree", "betweenness", "eigenvector", "broker", "community"]
_LEAD = [
    "id", "name", "group", "kind", "internal", "influence", "interest", "quadrant", "strategy",
    "attitude", "attitude_band", "salience",
]  # fmt: skip
_REL_KEY = ["_a", "_b", "kind"]


def _join_flags(flags: pd.DataFrame, sep: str) -> list[str]:
    # A list comprehension, because DataFrame.apply(axis=1) misbehaves on empty frames.
    return [
        sep.join(c for c, f in zip(flags.columns, row, strict=True) if f)
        for row in flags.to_numpy()
    ]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns})


def _differs(a: pd.Series, b: pd.Series) -> pd.Series:
    # Two missing values are "no change", although NaN != NaN.
    return (a != b) & ~(a.isna() & b.isna())


def _tidy(df: pd.DataFrame, by: list[str], columns: list[str]) -> pd.DataFrame:
    return df.sort_values(by, kind="mergesort")[columns].reset_index(drop=True)


def classify_grid(
    stakeholders: pd.DataFrame, influence_threshold: float = 3.5, interest_threshold: float = 3.5
) -> pd.DataFrame:
    """Add ``quadrant`` and ``strategy`` from the influence x interest grid.

    A value at or above its threshold counts as high; float means (from
    :func:`consensus`) work as well as the 1-5 ratings.

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a"], "influence": [4], "interest": [2]})
    >>> classify_grid(df)[["quadrant", "strategy"]].iloc[0].tolist()
    ['context setters', 'keep satisfied']
    """
    require_columns(stakeholders, ["id", "influence", "interest"], "stakeholders")
    hi_inf = as_floats(stakeholders["influence"]) >= influence_threshold
    hi_int = as_floats(stakeholders["interest"]) >= interest_threshold
    quadrant = np.select([hi_inf & hi_int, hi_inf, hi_int], QUADRANTS[:3], QUADRANTS[3])
    out = stakeholders.copy()
    out["quadrant"] = pd.Series(quadrant, index=out.index, dtype="str")
    out["strategy"] = out["quadrant"].map(STRATEGY_BY_QUADRANT)
    return out


def classify_salience(stakeholders: pd.DataFrame) -> pd.DataFrame:
    """Add ``salience`` from the booleans power, legitimacy and urgency.

    Examples
    --------
    >>> df = pd.DataFrame({"power": [True], "legitimacy": [True], "urgency": [False]})
    >>> classify_salience(df)["salience"].tolist()
    ['dominant']
    """
    require_columns(stakeholders, ["power", "legitimacy", "urgency"], "stakeholders")
    # A missing flag means "not observed", so it counts as False.
    flags = stakeholders[["power", "legitimacy", "urgency"]].fillna(False).astype(bool)
    code = flags.to_numpy().astype(int) @ np.array([4, 2, 1])
    out = stakeholders.copy()
    out["salience"] = pd.Series(_SALIENCE_BY_CODE[code], index=out.index, dtype="str")
    return out


def attitude_band(stakeholders: pd.DataFrame) -> pd.DataFrame:
    """Add ``attitude_band`` (blocker .. champion) from ``attitude`` (int or float mean).

    Examples
    --------
    >>> attitude_band(pd.DataFrame({"attitude": [-2, 0.6]}))["attitude_band"].tolist()
    ['blocker', 'supporter']
    """
    require_columns(stakeholders, ["attitude"], "stakeholders")
    a = as_floats(stakeholders["attitude"])
    band = np.select([a <= -1.5, a < -0.5, a <= 0.5, a < 1.5, a >= 1.5], ATTITUDE_BANDS, None)
    out = stakeholders.copy()
    out["attitude_band"] = pd.Series(band, index=out.index, dtype="str")  # NaN stays missing
    return out


def consensus(ratings: pd.DataFrame, spread_threshold: float = 2) -> pd.DataFrame:
    """Combine several raters' ratings into one row per stakeholder.

    ``*_spread`` is max - min; a rating whose spread is >= ``spread_threshold`` is
    disputed and listed in ``disputed_on`` (comma separated).

    Examples
    --------
    >>> r = pd.DataFrame({"rater": ["x", "y"], "stakeholder": ["a", "a"],
    ...                   "influence": [1, 4], "interest": [3, 3], "attitude": [0, 1]})
    >>> consensus(r)[["influence_mean", "disputed_on"]].to_dict("records")
    [{'influence_mean': 2.5, 'disputed_on': 'influence'}]
    """
    require_columns(ratings, ["rater", "stakeholder", *RATINGS], "ratings")
    columns = ["stakeholder", "n_raters"]
    columns += [f"{r}_{s}" for r in RATINGS for s in ("mean", "spread")]
    columns += ["disputed", "disputed_on"]
    repeats = ratings[ratings.duplicated(["rater", "stakeholder"])]
    if len(repeats):
        pairs = repeats[["rater", "stakeholder"]].drop_duplicates().itertuples(index=False)
        fix = "keep one row per rater and stakeholder; delete or merge the repeated rows."
        raise InputError([
            Problem("ratings table", f"rater '{r}' rated stakeholder '{s}' more than once.",
                    fix, column="rater")
            for r, s in pairs
        ])  # fmt: skip
    if ratings.empty:
        dtypes = {"stakeholder": "str", "n_raters": "int64", "disputed": "bool"}
        return _empty(columns).astype(dtypes | {"disputed_on": "str"})
    groups = ratings.groupby("stakeholder", sort=True)
    out = pd.DataFrame({"n_raters": groups.size()})
    for r in RATINGS:
        out[f"{r}_mean"] = groups[r].mean().round(3)
        out[f"{r}_spread"] = (groups[r].max() - groups[r].min()).round(3)
    flags = out[[f"{r}_spread" for r in RATINGS]] >= spread_threshold
    out["disputed"] = flags.any(axis=1)
    out["disputed_on"] = _join_flags(flags.set_axis(RATINGS, axis=1), ", ")
    return out.reset_index()[columns]


def apply_adjustments(stakeholders: pd.DataFrame, adjustments: pd.DataFrame) -> pd.DataFrame:
    """Override ratings with the workshop's adjustments; NaN means "unchanged".

    When an id appears more than once, the later row wins. ``adjusted`` is True
    where at least one value differs from the register.

    Examples
    --------
    >>> s = pd.DataFrame({"id": ["a"], "influence": [2], "interest": [3], "attitude": [0]})
    >>> adj = pd.DataFrame({"id": ["a"], "influence": [5], "interest": [None], "attitude": [None]})
    >>> apply_adjustments(s, adj)[["influence", "interest", "adjusted"]].to_dict("records")
    [{'influence': 5, 'interest': 3, 'adjusted': True}]
    """
    require_columns(stakeholders, ["id", *RATINGS], "stakeholders")
    require_columns(adjustments, ["id", *RATINGS], "adjustments")
    ids = adjustments["id"].astype(str)
    unknown = sorted(set(ids) - set(stakeholders["id"].astype(str)))
    problems = [
        Problem("adjustments table", f"unknown stakeholder id(s): {', '.join(unknown)}.",
                "use ids from the stakeholders register, or add them to the register first.",
                column="id")
    ] if unknown else []  # fmt: skip
    for r, (lo, hi) in RATING_RANGES.items():
        values = pd.Series(as_floats(adjustments[r]), index=ids.to_numpy())
        problems += [
            Problem("adjustments table", f"stakeholder '{i}' has {r} {v:g}, out of range.",
                    f"use a value from {lo} to {hi}, or leave the cell empty.", column=r)
            for i, v in values[(values < lo) | (values > hi)].items()
        ]  # fmt: skip
    if problems:
        raise InputError(problems)
    out = stakeholders.copy()
    key = out["id"].astype(str)
    adjusted = pd.Series(False, index=out.index)
    for r in RATINGS:
        values = pd.Series(as_floats(adjustments[r]), index=ids.to_numpy()).dropna()
        new = key.map(values[~values.index.duplicated(keep="last")])
        adjusted |= new.notna() & (new != out[r])
        merged = new.where(new.notna(), out[r])
        # Keep integer ratings integer when every adjusted value is whole.
        whole = merged.notna().all() and (merged % 1 == 0).all()
        out[r] = merged.astype(out[r].dtype) if whole and is_integer_dtype(out[r]) else merged
    out["adjusted"] = adjusted.astype(bool)
    return out


def _rel_keyed(relationships: pd.DataFrame) -> pd.DataFrame:
    """Add an unordered pair key (_a <= _b) so A->B and B->A of one kind match."""
    out = relationships.copy()
    s, t = out["source"].astype(str), out["target"].astype(str)
    out["_a"], out["_b"] = s.where(s <= t, t), t.where(s <= t, s)
    return out.drop_duplicates(_REL_KEY)


def _anti(left: pd.DataFrame, right: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    m = left.merge(right[on].drop_duplicates(), on=on, how="left", indicator=True)
    return m[m["_merge"] == "left_only"]


def snapshot_diff(
    before_stakeholders: pd.DataFrame,
    before_relationships: pd.DataFrame,
    after_stakeholders: pd.DataFrame,
    after_relationships: pd.DataFrame,
    influence_threshold: float = 3.5,
    interest_threshold: float = 3.5,
    before_centrality: pd.DataFrame | None = None,
    after_centrality: pd.DataFrame | None = None,
    top: int = 10,
) -> dict[str, pd.DataFrame]:
    """Compare two snapshots of the register; one DataFrame per kind of change.

    A relationship is the unordered pair {source, target} plus its kind.
    ``centrality_shifts`` is filled only when both centrality frames are given.

    Examples
    --------
    >>> diff = snapshot_diff(s_before, r_before, s_after, r_after)  # doctest: +SKIP
    >>> diff["quadrant_moves"]  # doctest: +SKIP
    """
    for s in (before_stakeholders, after_stakeholders):
        require_columns(
            s, ["id", "name", "group", "influence", "interest", "attitude"], "stakeholders"
        )
    for r in (before_relationships, after_relationships):
        require_columns(r, ["source", "target", "kind", "sentiment"], "relationships")
    b_s, a_s = before_stakeholders, after_stakeholders
    who, rel = ["id", "name", "group"], ["source", "target", "kind"]
    diff = {
        "stakeholders_added": _tidy(a_s[~a_s["id"].isin(b_s["id"])], ["id"], who),
        "stakeholders_removed": _tidy(b_s[~b_s["id"].isin(a_s["id"])], ["id"], who),
    }
    b_r, a_r = _rel_keyed(before_relationships), _rel_keyed(after_relationships)
    diff["relationships_added"] = _tidy(_anti(a_r, b_r, _REL_KEY), rel, rel)
    diff["relationships_removed"] = _tidy(_anti(b_r, a_r, _REL_KEY), rel, rel)

    grid = ["id", "quadrant", "strategy", "attitude"]
    thresholds = (influence_threshold, interest_threshold)
    paired = classify_grid(a_s, *thresholds)[["name", *grid]].merge(
        classify_grid(b_s, *thresholds)[grid], on="id", suffixes=("_after", "_before")
    )
    moves = paired[_differs(paired["quadrant_after"], paired["quadrant_before"])]
    diff["quadrant_moves"] = _tidy(
        moves, ["id"], ["id", "name", "quadrant_before", "quadrant_after", "strategy_after"]
    )
    turned = paired[_differs(paired["attitude_after"], paired["attitude_before"])]
    turned = turned.assign(change=turned["attitude_after"] - turned["attitude_before"])
    diff["attitude_changes"] = _tidy(
        turned, ["id"], ["id", "name", "attitude_before", "attitude_after", "change"]
    )

    common = a_r.merge(b_r[[*_REL_KEY, "sentiment"]], on=_REL_KEY, suffixes=("_after", "_before"))
    common = common[_differs(common["sentiment_after"], common["sentiment_before"])]
    common = common.assign(change=common["sentiment_after"] - common["sentiment_before"])
    diff["sentiment_changes"] = _tidy(
        common, rel, [*rel, "sentiment_before", "sentiment_after", "change"]
    )

    shift_cols = ["id", "name", "betweenness_before", "betweenness_after", "shift"]
    if before_centrality is None or after_centrality is None:
        diff["centrality_shifts"] = _empty(shift_cols).astype({"id": "str", "name": "str"})
        return diff
    for c in (before_centrality, after_centrality):
        require_columns(c, ["id", "betweenness"], "centrality")
    names = pd.concat([b_s, a_s]).drop_duplicates("id", keep="last").set_index("id")["name"]
    cent = after_centrality[["id", "betweenness"]].merge(
        before_centrality[["id", "betweenness"]], on="id", suffixes=("_after", "_before")
    )
    cent = cent.assign(
        name=cent["id"].map(names),
        betweenness_before=cent["betweenness_before"].round(3),
        betweenness_after=cent["betweenness_after"].round(3),
        shift=(cent["betweenness_after"] - cent["betweenness_before"]).round(3),
    )
    cent = cent[cent["shift"] != 0].assign(_size=lambda d: d["shift"].abs())
    cent = cent.sort_values(["_size", "id"], ascending=[False, True], kind="mergesort")
    diff["centrality_shifts"] = cent.head(top)[shift_cols].reset_index(drop=True)
    return diff


def stakeholder_summary(
    stakeholders: pd.DataFrame,
    centrality: pd.DataFrame | None = None,
    influence_threshold: float = 3.5,
    interest_threshold: float = 3.5,
) -> pd.DataFrame:
    """One row per stakeholder with grid, salience, attitude band and centrality.

    This is the stakeholder sheet of results.xlsx. Centrality columns (degree,
    betweenness, eigenvector, broker, community) are joined on ``id`` when given.

    Examples
    --------
    >>> summary = stakeholder_summary(register, centrality)  # doctest: +SKIP
    >>> list(summary.columns[:3])  # doctest: +SKIP
    ['id', 'name', 'group']
    """
    out = classify_grid(stakeholders, influence_threshold, interest_threshold)
    out = attitude_band(classify_salience(out))
    if centrality is not None:
        require_columns(centrality, ["id", *CENTRALITY_COLUMNS], "centrality")
        out = out.drop(columns=[c for c in CENTRALITY_COLUMNS if c in out.columns]).merge(
            centrality[["id", *CENTRALITY_COLUMNS]], on="id", how="left"
        )
        out["broker"] = out["broker"].fillna(False).astype(bool)
    first = [c for c in _LEAD if c in out.columns]
    first += [c for c in CENTRALITY_COLUMNS if c in out.columns and c not in first]
    return out[first + [c for c in out.columns if c not in first]]
