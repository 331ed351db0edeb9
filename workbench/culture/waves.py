"""Change between two survey waves, per dimension, for the whole organization and each group.

Two waves are two different samples (people join, leave and skip surveys; answers are
anonymous), so each difference is tested with Welch's t-test for independent samples and
sized with Hedges' g. Small groups are suppressed in a wave exactly as in that wave's
heatmap, and a change row is hidden when either side is hidden.

Examples
--------
>>> before = pd.DataFrame({"safety": [3.0, 3.5, 4.0, 3.0]})
>>> after = pd.DataFrame({"safety": [4.0, 4.5, 4.0, 5.0]})
>>> compare_waves(before, after, None, None, k=3)[["segment", "change", "effect_size"]]
  segment  change  effect_size
0     All     1.0         1.82
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.core.guards import FrameError, require_numeric, require_whole_number
from workbench.core.labels import ALL
from workbench.culture.anonymity import segment_labels, suppression_mask

COLUMNS = [
    "segment", "dimension", "n_before", "n_after", "mean_before", "mean_after", "change",
    "p_value", "effect_size", "significant", "suppressed",
]  # fmt: skip
NUMBERS = COLUMNS[2:9]
ALPHA = 0.05


def hedges_g(before: np.ndarray, after: np.ndarray) -> float:
    """Standardised mean difference (after - before) with the small-sample correction.

    Pooled SD ``sqrt(((n1-1)s1² + (n2-1)s2²) / (n1+n2-2))``, times ``J = 1 - 3/(4(n1+n2)-9)``.
    NaN when a side has fewer than 2 values or both sides have no spread.

    Examples
    --------
    >>> round(hedges_g(np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 4.0])), 3)
    0.8
    """
    n1, n2 = len(before), len(after)
    if n1 < 2 or n2 < 2:
        return np.nan
    pooled = ((n1 - 1) * before.var(ddof=1) + (n2 - 1) * after.var(ddof=1)) / (n1 + n2 - 2)
    if not pooled > 0:
        return np.nan
    correction = 1 - 3 / (4 * (n1 + n2) - 9)
    return float((after.mean() - before.mean()) / np.sqrt(pooled) * correction)


def welch_p(before: np.ndarray, after: np.ndarray) -> float:
    """Two-sided p-value of Welch's t-test; NaN when a side has < 2 values or nothing varies."""
    if len(before) < 2 or len(after) < 2:
        return np.nan
    if before.var() == 0 and after.var() == 0:
        return np.nan
    # From summary statistics: the same test as ttest_ind(equal_var=False), but without its
    # per-call input checks, which cost more than the test itself over hundreds of cells.
    from scipy import stats  # here, not at import: scipy.stats takes 0.6 s to load

    result = stats.ttest_ind_from_stats(
        after.mean(), after.std(ddof=1), len(after),
        before.mean(), before.std(ddof=1), len(before),
        equal_var=False,
    )  # fmt: skip
    return float(result.pvalue)


def _scores(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    require_numeric(frame, None, f"{name} scores")  # the frame of scoring.respondent_scores()
    return frame.astype(float)


def _labels(frame: pd.DataFrame, seg: pd.Series | None, name: str) -> pd.Series:
    """Segment label per respondent of ``frame`` ("All" for everybody without ``seg``)."""
    if seg is None:
        return pd.Series(ALL, index=frame.index, dtype=object)
    labels = segment_labels(seg)
    if not labels.index.is_unique:
        message = "a respondent has more than one segment."
        fix = "pass one segment value per respondent id."
        raise FrameError(f"{name} segments: {message} ({fix})")
    if labels.index.equals(frame.index):
        return labels  # the usual case, and lining up 100,000 ids costs more than the test
    lost = frame.index.difference(labels.index)
    if len(lost):
        message = f"{len(lost)} respondent(s) have no segment value, e.g. '{lost[0]}'."
        fix = "pass a segment series indexed by the same respondent ids as the scores."
        raise FrameError(f"{name} segments: {message} ({fix})")
    return labels.reindex(frame.index)


def _hidden(answered: np.ndarray, codes: np.ndarray, segments: list, k: int) -> dict:
    """Segment -> suppressed, from this dimension's answer counts in one wave (as the heatmap).

    ``codes`` is each respondent's position in ``segments``; ``answered`` who has a score.
    """
    counts = np.bincount(codes[answered], minlength=len(segments))
    return suppression_mask(pd.Series(counts, index=segments), k).to_dict()


def _codes(labels: pd.Series, segments: list) -> np.ndarray:
    """Each respondent's position in ``segments`` (every label is one of them)."""
    return pd.Index(segments, dtype=object).get_indexer(labels.to_numpy(dtype=object))


def compare_waves(
    before: pd.DataFrame,
    after: pd.DataFrame,
    seg_before: pd.Series | None,
    seg_after: pd.Series | None,
    k: int,
) -> pd.DataFrame:
    """Mean change per dimension from one wave to the next, for "All" and each segment.

    For every dimension measured in both waves (in the before wave's order) and
    every segment (``"All"`` first, then the segments of either wave sorted as text):
    ``n_before``/``n_after`` (respondents with a score), ``mean_before``/``mean_after`` and
    ``change`` (2 decimals), ``p_value`` of Welch's t-test (3 decimals, NaN when a side has
    fewer than 2 scores), ``effect_size`` = Hedges' g (2 decimals), ``significant``
    (p < .05) and ``suppressed``.

    Suppression: in each wave, :func:`~workbench.culture.anonymity.suppression_mask` runs on that
    dimension's answer counts per segment (the same numbers the wave's heatmap uses); the
    row is suppressed when either side is, and then every number is NaN. "All" is
    suppressed when either wave has fewer than ``k`` scores. Blank segment values form
    the segment ``"(not given)"``.

    Parameters
    ----------
    before, after
        ``culture.respondent_scores`` of the two waves (index respondent, one float column
        per dimension).
    seg_before, seg_after
        Segment value per respondent of each wave, or both None for "All" only.
    k
        Minimum group size.

    Examples
    --------
    >>> b = pd.DataFrame({"d": [1.0, 2.0, 3.0, 4.0]}, index=list("abcd"))
    >>> a = pd.DataFrame({"d": [3.0, 4.0, 4.0, 5.0]}, index=list("efgh"))
    >>> sb = pd.Series(["x", "x", "y", "y"], index=b.index)
    >>> sa = pd.Series(["x", "x", "y", "y"], index=a.index)
    >>> compare_waves(b, a, sb, sa, k=2)[["segment", "change", "suppressed"]].to_dict("list")
    {'segment': ['All', 'x', 'y'], 'change': [1.5, 2.0, 1.0], 'suppressed': [False, False, False]}
    """
    if (seg_before is None) != (seg_after is None):
        message = "segments were given for only one of the two waves."
        fix = "pass segments for both waves, or for neither."
        raise FrameError(f"segments: {message} ({fix})")
    k = require_whole_number(k, "k")
    before, after = _scores(before, "before"), _scores(after, "after")
    lab_before = _labels(before, seg_before, "before")
    lab_after = _labels(after, seg_after, "after")
    segments = [] if seg_before is None else sorted(set(lab_before) | set(lab_after), key=str)
    dimensions = [d for d in before.columns if d in after.columns]
    codes_b, codes_a = _codes(lab_before, segments), _codes(lab_after, segments)
    records = []
    for dim in dimensions:
        vb, va = before[dim].to_numpy(), after[dim].to_numpy()
        has_b, has_a = ~np.isnan(vb), ~np.isnan(va)
        xb_all, xa_all = vb[has_b], va[has_a]
        records.append(_row(ALL, dim, xb_all, xa_all, len(xb_all) < k or len(xa_all) < k))
        if not segments:
            continue
        hide_b = _hidden(has_b, codes_b, segments, k)
        hide_a = _hidden(has_a, codes_a, segments, k)
        # Each segment's scores in respondent order, as a groupby would give them.
        in_b, in_a = codes_b[has_b], codes_a[has_a]
        for s, segment in enumerate(segments):
            xb, xa = xb_all[in_b == s], xa_all[in_a == s]
            records.append(_row(segment, dim, xb, xa, hide_b[segment] or hide_a[segment]))
    out = pd.DataFrame.from_records(records, columns=COLUMNS)
    order = {s: i for i, s in enumerate([ALL, *segments])}
    out["_segment"] = out["segment"].map(order)
    out["_dimension"] = out["dimension"].map({d: i for i, d in enumerate(dimensions)})
    out = out.sort_values(["_segment", "_dimension"], kind="mergesort")
    out = out.drop(columns=["_segment", "_dimension"]).reset_index(drop=True)
    return out.astype({c: float for c in NUMBERS} | {"significant": bool, "suppressed": bool})


def _row(segment, dimension: str, xb: np.ndarray, xa: np.ndarray, hidden: bool) -> tuple:
    if hidden:
        return (segment, dimension, *([np.nan] * len(NUMBERS)), False, True)
    mb = float(xb.mean()) if len(xb) else np.nan
    ma = float(xa.mean()) if len(xa) else np.nan
    p = welch_p(xb, xa)
    return (
        segment, dimension, len(xb), len(xa), round(mb, 2), round(ma, 2), round(ma - mb, 2),
        round(p, 3), round(hedges_g(xb, xa), 2), bool(p < ALPHA), False,
    )  # fmt: skip
