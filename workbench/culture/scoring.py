"""Culture survey scoring: reversal, respondent scores, dimension summaries with
favourability and Cronbach's alpha, eNPS, and the OCAI now/preferred profile.

Inputs are the numeric item frame of :class:`workbench.culture.responses.Responses` (one row per
respondent, one float column per item id, NaN = no answer, raw values) and the item
table of :func:`workbench.culture.instruments.item_table`. Everything is vectorised with numpy:
loops run over dimensions and segments, never over respondents.

Examples
--------
>>> table = pd.DataFrame({"item": ["A", "B"], "instrument": "x", "kind": "likert",
...                       "dimension": "d", "reverse": [False, True],
...                       "scale_min": 1.0, "scale_max": 5.0, "type": "", "state": ""})
>>> items = pd.DataFrame({"A": [5.0, 4.0], "B": [1.0, 2.0]})
>>> summarise(items, table)[["segment", "dimension", "n", "mean", "score_0_100"]]
  segment dimension  n  mean  score_0_100
0     All         d  2   4.5         87.5
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.core.errors import InputError, Problem
from workbench.core.guards import FrameError, require_columns, require_numeric
from workbench.core.labels import ALL

SUMMARY_COLUMNS = [
    "segment", "dimension", "instrument", "n", "mean", "score_0_100",
    "pct_favourable", "pct_neutral", "pct_unfavourable", "alpha",
]  # fmt: skip
PROFILE_COLUMNS = ["segment", "type", "now", "preferred", "gap"]
NAN_POLICIES = ("pairwise", "listwise")
_TABLE_COLUMNS = ["item", "instrument", "kind", "dimension", "reverse", "scale_min", "scale_max"]
_SCORED_KINDS = ("likert", "nps")


# --------------------------------------------------------------------------- checks


def _check(items: pd.DataFrame, table: pd.DataFrame, kinds: tuple[str, ...]) -> pd.DataFrame:
    """The table rows of ``kinds``; an InputError for survey items missing or not numeric.

    The item table comes from ``instruments.item_table()``, so a column missing there is a
    programmer's mistake (:class:`~workbench.core.guards.FrameError`).
    """
    needed = _TABLE_COLUMNS + (["type", "state"] if kinds == ("ipsative",) else [])
    require_columns(table, needed, "item table")
    rows = table[table["kind"].isin(kinds)]
    problems = [
        Problem("survey responses", f"the item column '{c}' is missing.",
                "add the item to the survey data, or drop its instrument from [culture] "
                "instruments in engagement.toml.", column=c)
        for c in rows["item"] if c not in items.columns
    ]  # fmt: skip
    problems += [
        Problem("survey responses", f"the item column '{c}' is not numeric ({items[c].dtype}).",
                "convert answers to numbers first (responses.prepare does this).", column=c)
        for c in rows["item"]
        if c in items.columns and not pd.api.types.is_numeric_dtype(items[c])
    ]  # fmt: skip
    if problems:
        raise InputError(problems)
    return rows


def _matrix(items: pd.DataFrame, rows: pd.DataFrame) -> np.ndarray:
    """Raw values of ``rows``' items as floats; values off the scale are an InputError."""
    columns = list(rows["item"])
    frame = items if list(items.columns) == columns else items[columns]  # no copy to copy
    x = frame.to_numpy(dtype=float, na_value=np.nan, copy=True)
    lo, hi = rows["scale_min"].to_numpy(float), rows["scale_max"].to_numpy(float)
    # fmin and fmax skip blanks, and an infinity is off every scale: the cheap check first.
    if not len(x) or not (
        (np.fmin.reduce(x, axis=0) < lo).any() or (np.fmax.reduce(x, axis=0) > hi).any()
    ):
        return x
    with np.errstate(invalid="ignore"):
        off = (x < lo) | (x > hi) | np.isinf(x)
    if off.any():
        problems = []
        for j in np.flatnonzero(off.any(axis=0)):
            first = items.index[np.flatnonzero(off[:, j])[0]]
            problems.append(Problem(
                "survey responses",
                f"{int(off[:, j].sum())} value(s) outside the scale {lo[j]:g}-{hi[j]:g}, "
                f"first for respondent '{first}'.",
                "correct the answers, or the item's scale in its instrument file.",
                column=str(rows["item"].iloc[j]),
            ))  # fmt: skip
        raise InputError(problems)
    return x


def _scored(items: pd.DataFrame, rows: pd.DataFrame) -> np.ndarray:
    x = _matrix(items, rows)
    flip = (rows["reverse"].to_numpy(bool)) & (rows["kind"].to_numpy() == "likert")
    if flip.any():
        total = (rows["scale_min"] + rows["scale_max"]).to_numpy(float)
        x[:, flip] = total[flip] - x[:, flip]
    return x


def _segments(items: pd.DataFrame, by: pd.Series | None) -> tuple[np.ndarray, list]:
    """Segment code per respondent (-1 = no segment) and the sorted segment values."""
    if by is None:
        return np.zeros(len(items), dtype=np.intp), [ALL]
    if by.index.equals(items.index):  # the usual case: no need to line up the ids
        codes, uniques = pd.factorize(by, sort=True)
        return codes.astype(np.intp), list(uniques)
    lost = items.index.difference(by.index)
    if len(lost):
        raise FrameError(
            f"segments: {len(lost)} respondent(s) have no segment value, e.g. '{lost[0]}' "
            "(pass a segment series indexed by the same respondent ids as the items)."
        )
    codes, uniques = pd.factorize(by.reindex(items.index), sort=True)
    return codes.astype(np.intp), list(uniques)


# --------------------------------------------------------------------------- scoring


def scored_items(items: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Reverse-score the reverse Likert items (``scale_min + scale_max - value``).

    Ipsative and NPS items, and columns not in ``table``, are returned unchanged.

    Examples
    --------
    >>> table = pd.DataFrame({"item": ["A"], "instrument": "x", "kind": "likert",
    ...     "dimension": "d", "reverse": [True], "scale_min": 1.0, "scale_max": 5.0})
    >>> scored_items(pd.DataFrame({"A": [1.0, 4.0, None]}), table)["A"].tolist()
    [5.0, 2.0, nan]
    """
    rows = _check(items, table, _SCORED_KINDS + ("ipsative",))
    out = items.copy()
    flip = rows[rows["reverse"].astype(bool) & (rows["kind"] == "likert")]
    if len(flip):
        out[list(flip["item"])] = _scored(items, flip)
    return out


def respondent_scores(items: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """One column per Likert/NPS dimension: the mean of the respondent's scored items.

    NaN where the respondent answered none of the dimension's items.

    Examples
    --------
    >>> table = pd.DataFrame({"item": ["A", "B"], "instrument": "x", "kind": "likert",
    ...     "dimension": "d", "reverse": [False, True], "scale_min": 1.0, "scale_max": 5.0})
    >>> respondent_scores(pd.DataFrame({"A": [5.0, None], "B": [2.0, None]}), table)["d"].tolist()
    [4.5, nan]
    """
    rows = _check(items, table, _SCORED_KINDS)
    x = _scored(items, rows)
    dims = rows["dimension"].to_numpy()
    out = {}
    for dim in dict.fromkeys(dims):
        answered, total = _sum_count(x[:, dims == dim])
        with np.errstate(invalid="ignore", divide="ignore"):
            out[dim] = total / answered
    return pd.DataFrame(out, index=items.index, columns=list(dict.fromkeys(dims)))


def _sum_count(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    present = ~np.isnan(x)
    answered = np.count_nonzero(present, axis=1).astype(np.int64, copy=False)
    return answered, np.where(present, x, 0.0).sum(axis=1)


def summarise(
    items: pd.DataFrame, table: pd.DataFrame, by: pd.Series | None = None
) -> pd.DataFrame:
    """Per segment and Likert/NPS dimension: n, mean, 0-100 score, favourability, alpha.

    - ``n``: respondents with at least one answer in the dimension;
    - ``mean``: mean of the respondents' dimension means (2 decimals);
    - ``score_0_100``: ``(mean - scale_min) / (scale_max - scale_min) * 100`` (1 decimal);
    - ``pct_*``: share of item answers (after reversal) above, at and below the scale
      midpoint; for NPS dimensions 9-10, 7-8 and 0-6 (1 decimal);
    - ``alpha``: Cronbach's alpha with pairwise deletion, NaN for one-item dimensions (3 decimals).

    Ipsative instruments are left out (see :func:`ipsative_profile`). With ``by`` (segment
    per respondent, same index as ``items``) there is one row per segment (sorted) and
    dimension; respondents whose segment is missing are left out. Without it the
    segment is ``"All"``.

    Examples
    --------
    >>> table = pd.DataFrame({"item": ["A", "B"], "instrument": "x", "kind": "likert",
    ...     "dimension": "d", "reverse": False, "scale_min": 1.0, "scale_max": 5.0})
    >>> items = pd.DataFrame({"A": [5.0, 3.0, 1.0], "B": [4.0, 3.0, 2.0]})
    >>> summarise(items, table)[["pct_favourable", "pct_neutral", "alpha"]].iloc[0].tolist()
    [33.3, 33.3, 0.889]
    """
    rows = _check(items, table, _SCORED_KINDS)
    codes, segments = _segments(items, by)
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SUMMARY_COLUMNS})
    x = _scored(items, rows)
    # Respondents by segment (within one, in their own order): only these positions are
    # sorted, never the answers, and the whole organization needs no sorting at all.
    kept = np.flatnonzero(codes >= 0)
    order = kept[np.argsort(codes[kept], kind="stable")]
    bounds = np.searchsorted(codes[order], np.arange(len(segments) + 1))
    in_order = len(order) == len(codes) and bool((order == np.arange(len(order))).all())
    dims = rows["dimension"].to_numpy()
    lows, highs = rows["scale_min"].to_numpy(float), rows["scale_max"].to_numpy(float)
    kinds, names = rows["kind"].to_numpy(), rows["instrument"].to_numpy()
    records = []
    for dim in dict.fromkeys(dims):
        first = int(np.flatnonzero(dims == dim)[0])  # the dimension's scale: its first item's
        lo, hi, kind = float(lows[first]), float(highs[first]), kinds[first]
        xd = x[:, dims == dim]
        answered, total = _sum_count(xd)
        with np.errstate(invalid="ignore", divide="ignore"):
            if kind == "nps":
                bands = (xd >= 9, (xd > 6) & (xd < 9), xd <= 6)
            else:
                mid = (lo + hi) / 2
                bands = (xd > mid, xd == mid, xd < mid)
            means = total / answered  # each respondent's dimension mean (NaN: none answered)
        band_counts = np.stack([np.count_nonzero(b, axis=1) for b in bands], axis=1)
        has = answered > 0
        if not in_order:
            band_counts, has, means = band_counts[order], has[order], means[order]
        # Per segment: people who answered, and answers per band (whole numbers, so sums
        # of running totals are exact).
        n = np.diff(np.concatenate([[0], np.cumsum(has)])[bounds])
        counts = np.diff(
            np.vstack([np.zeros((1, 3), np.int64), np.cumsum(band_counts, 0)])[bounds], axis=0
        )
        answers = counts.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            pct = np.round(np.where(answers > 0, counts / answers * 100, np.nan), 1)
        for s, segment in enumerate(segments):
            part = slice(bounds[s], bounds[s + 1])
            mean = float(means[part][has[part]].mean()) if n[s] else np.nan
            records.append((
                segment, dim, names[first], int(n[s]), round(mean, 2),
                round((mean - lo) / (hi - lo) * 100, 1), *pct[s],
                round(_alpha_pairwise(xd[part if in_order else order[part]]), 3),
            ))  # fmt: skip
    out = pd.DataFrame(records, columns=SUMMARY_COLUMNS)
    return out.astype({"n": "int64"})


# --------------------------------------------------------------------------- statistics


def _alpha_pairwise(x: np.ndarray) -> float:
    """Cronbach's alpha from the pairwise-complete covariance matrix (as pandas ``cov``)."""
    k = x.shape[1]
    if k < 2:
        return np.nan
    m = (~np.isnan(x)).astype(float)
    z = np.where(m > 0, x, 0.0)
    n = m.T @ m  # n[i, j]: rows where both i and j are answered
    sx = z.T @ m  # sx[i, j]: sum of x_i over those rows
    sxy = z.T @ z
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = (sxy - sx * sx.T / n) / (n - 1)
        cov[n < 2] = np.nan
        alpha = k / (k - 1) * (1 - np.trace(cov) / cov.sum())
    return float(alpha) if np.isfinite(alpha) else np.nan


def cronbach_alpha(frame: pd.DataFrame, nan_policy: str = "pairwise") -> float:
    """Cronbach's alpha of the columns of ``frame`` (items already reverse scored).

    ``nan_policy="pairwise"`` builds the covariance matrix from every pair's complete
    answers (like R ``psych::alpha(use="pairwise")``); ``"listwise"`` first drops every
    row with a missing answer. Returns NaN for fewer than two items or no variance.
    The value is not rounded.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 3, 5], "c": [1, 3, 3, None]})
    >>> round(cronbach_alpha(df), 3), round(cronbach_alpha(df, "listwise"), 3)
    (0.818, 0.868)
    """
    if nan_policy not in NAN_POLICIES:
        raise ValueError(f"nan_policy must be one of {NAN_POLICIES}, not {nan_policy!r}.")
    require_numeric(frame, None, "alpha input")
    x = frame.to_numpy(dtype=float, na_value=np.nan)
    if nan_policy == "listwise":
        x = x[~np.isnan(x).any(axis=1)]
    return _alpha_pairwise(x)


def enps(values: pd.Series) -> float:
    """Employee Net Promoter Score: % answering 9-10 minus % answering 0-6 (1 decimal).

    Missing answers are ignored; NaN when there is no answer.

    Examples
    --------
    >>> enps(pd.Series([10, 9, 8, 7, 6, 0, None]))
    0.0
    """
    v = pd.to_numeric(values, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    v = v[~np.isnan(v)]
    if ((v < 0) | (v > 10)).any():
        raise ValueError("eNPS answers must lie between 0 and 10.")
    if not len(v):
        return np.nan
    return round(float(((v >= 9).mean() - (v <= 6).mean()) * 100), 1)


def ipsative_profile(
    items: pd.DataFrame, table: pd.DataFrame, by: pd.Series | None = None
) -> pd.DataFrame:
    """Mean points per culture type, now and preferred, and the gap (preferred - now).

    Each respondent's points for a type and state are averaged over the instrument's
    dimensions (answered ones only), then averaged over the respondents of the segment.
    Rows: segment (sorted, or ``"All"``), then type in file order. 1 decimal.

    Examples
    --------
    >>> table = pd.DataFrame({"item": ["CN", "CP", "MN", "MP"], "instrument": "o",
    ...     "kind": "ipsative", "dimension": "d1", "reverse": False, "scale_min": 0.0,
    ...     "scale_max": 100.0, "type": ["clan", "clan", "market", "market"],
    ...     "state": ["now", "preferred", "now", "preferred"]})
    >>> items = pd.DataFrame({"CN": [30.0], "CP": [60.0], "MN": [70.0], "MP": [40.0]})
    >>> ipsative_profile(items, table)[["type", "now", "preferred", "gap"]].to_dict("records")
    [{'type': 'clan', 'now': 30.0, 'preferred': 60.0, 'gap': 30.0}, \
{'type': 'market', 'now': 70.0, 'preferred': 40.0, 'gap': -30.0}]
    """
    rows = _check(items, table, ("ipsative",))
    codes, segments = _segments(items, by)
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in PROFILE_COLUMNS})
    x = _matrix(items, rows)
    kinds, states = rows["type"].to_numpy(), rows["state"].to_numpy()
    per_respondent = {}
    for kind in dict.fromkeys(kinds):
        for state in ("now", "preferred"):
            answered, total = _sum_count(x[:, (kinds == kind) & (states == state)])
            with np.errstate(invalid="ignore", divide="ignore"):
                per_respondent[kind, state] = total / answered
    records = []
    for s, segment in enumerate(segments):
        member = codes == s
        for kind in dict.fromkeys(kinds):
            now, preferred = (
                float(np.nanmean(v[member])) if np.isfinite(v[member]).any() else np.nan
                for v in (per_respondent[kind, "now"], per_respondent[kind, "preferred"])
            )
            records.append((segment, kind, round(now, 1), round(preferred, 1),
                            round(preferred - now, 1)))  # fmt: skip
    return pd.DataFrame(records, columns=PROFILE_COLUMNS)
