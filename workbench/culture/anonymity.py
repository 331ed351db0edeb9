"""Anonymity for culture results: small-group suppression and safe free-text comments.

A group (segment) with fewer than ``k`` respondents is never shown. Hiding the small
groups alone is not enough: the whole organization's total minus the groups shown would
give the hidden groups' combined size (and, with the means, their combined mean). So the
next-smallest groups are hidden too, until the hidden groups together hold nobody or at
least ``k`` people (secondary suppression against differencing). Blank demographic answers
form their own group, ``"(not given)"``, so they cannot be used for differencing either.

Every function takes DataFrames or Series and returns new ones; inputs are never modified.

Examples
--------
>>> counts = pd.Series({"Finance": 3, "Sales": 4, "Support": 12, "IT": 20})
>>> suppression_mask(counts, k=5).to_dict()
{'Finance': True, 'Sales': True, 'Support': False, 'IT': False}
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from workbench.core.guards import FrameError, require_columns, require_whole_number
from workbench.core.labels import ALL

NOT_GIVEN = "(not given)"
HEATMAP_KEYS = ["segment", "dimension"]
HEATMAP_STATS = [
    "n", "mean", "score_0_100", "pct_favourable", "pct_neutral", "pct_unfavourable", "alpha",
]  # fmt: skip
COMMENT_COLUMNS = ["segment", "question", "text"]


def _fail(what: str, message: str, hint: str) -> FrameError:
    return FrameError(f"{what}: {message} ({hint})")


def segment_labels(column: pd.Series) -> pd.Series:
    """Segment label per respondent: the stripped answer, blank or missing as ``"(not given)"``.

    Examples
    --------
    >>> segment_labels(pd.Series(["Sales ", "", None], index=["r1", "r2", "r3"])).tolist()
    ['Sales', '(not given)', '(not given)']
    """
    if not isinstance(column, pd.Series):
        raise _fail(
            "demographics",
            f"expected a Series, got {type(column).__name__}.",
            "pass one demographic column, e.g. responses.demographics['team'].",
        )
    values = column.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        return _mixed_labels(column)  # numbers too: 1 and 1.0 are one group to factorize
    # Each distinct answer is labelled once (a wave's demographic holds a handful).
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    names = [_label(str(u).strip()) for u in uniques]
    labels = np.array([*names, NOT_GIVEN], dtype=object)[codes]
    return pd.Series(labels, index=column.index, name=column.name, dtype=object)


def _label(text: str) -> str:
    # A group literally named "All" would be mistaken for the whole-organization row.
    return NOT_GIVEN if text == "" else f"{ALL} (answer)" if text == ALL else text


def _mixed_labels(column: pd.Series) -> pd.Series:
    """:func:`segment_labels` of a column that holds other things than text."""
    labels = column.astype(object).where(column.notna(), "").astype(str).str.strip()
    labels = labels.where(labels != "", NOT_GIVEN)
    labels = labels.where(labels != ALL, f"{ALL} (answer)")
    return labels.astype(object).rename(column.name)


def segment_counts(column: pd.Series) -> pd.Series:
    """Respondents per segment (blank answers count as ``"(not given)"``), sorted by segment.

    Examples
    --------
    >>> segment_counts(pd.Series(["b", "a", "", "a"])).to_dict()
    {'(not given)': 1, 'a': 2, 'b': 1}
    """
    labels = segment_labels(column)
    counts = labels.value_counts(sort=False)
    counts = counts.iloc[np.argsort(counts.index.astype(str), kind="stable")]
    counts.index.name = "segment"
    return counts.rename("n").astype("int64")


# --------------------------------------------------------------------------- suppression


def suppression_mask(counts: pd.Series, k: int) -> pd.Series:
    """Which segments to hide so that no group of fewer than ``k`` people can be seen or worked out.

    1. Primary: every segment with ``n < k`` is hidden (a segment with ``n = 0`` has
       nothing to show and is hidden too, but it never forces another segment out).
    2. Differencing guard: if the hidden segments hold ``0 < total < k`` people, that total
       is the overall count minus the shown segments, so the next-smallest shown segment is
       hidden as well, until the hidden total is ``0`` or at least ``k``. Ties go by ``n``,
       then by the segment name as text, so the result is deterministic.
    3. If the overall count is below ``k``, every segment is hidden.

    The hidden segments always form the smallest ones in (n, name) order.

    Parameters
    ----------
    counts
        Respondents per segment (index = segment). Missing counts count as 0.
    k
        Minimum group size, at least 1.

    Returns
    -------
    pd.Series
        Boolean, same index as ``counts``, named ``suppressed``: True means hide.

    Examples
    --------
    >>> suppression_mask(pd.Series({"a": 2, "b": 6, "c": 9}), k=5).to_dict()
    {'a': True, 'b': True, 'c': False}
    """
    k = require_whole_number(k, "k")
    if not isinstance(counts, pd.Series):
        raise _fail("segment counts", f"expected a Series, got {type(counts).__name__}.",
                    "pass respondents per segment, e.g. segment_counts(column).")  # fmt: skip
    if not counts.index.is_unique:
        dupes = sorted({str(s) for s in counts.index[counts.index.duplicated()]})
        raise _fail("segment counts", f"segment(s) listed twice: {', '.join(dupes)}.",
                    "count each segment once, e.g. with value_counts().")  # fmt: skip
    n = pd.to_numeric(counts, errors="coerce").fillna(0).to_numpy(dtype=float)
    if (n < 0).any() or not np.isfinite(n).all() or (n != np.round(n)).any():
        raise _fail("segment counts", "counts must be whole numbers of 0 or more.",
                    "pass respondent counts per segment.")  # fmt: skip
    hidden = np.zeros(len(n), dtype=bool)
    if n.sum() < k:
        hidden[:] = True
    else:
        names = np.array([str(s) for s in counts.index], dtype=object)
        order = np.lexsort((names, n))  # by n, then name
        hidden = n < k
        total = n[hidden].sum()
        for i in order:
            if not 0 < total < k:
                break
            if not hidden[i]:
                hidden[i] = True
                total += n[i]
    return pd.Series(hidden, index=counts.index, name="suppressed", dtype=bool)


def is_protected(counts: pd.Series, suppressed: pd.Series, k: int) -> bool:
    """Audit a mask: no shown segment below ``k``, and the hidden ones hold 0 or >= ``k`` people.

    Examples
    --------
    >>> counts = pd.Series({"a": 2, "b": 6, "c": 9})
    >>> is_protected(counts, suppression_mask(counts, 5), 5)
    True
    >>> is_protected(counts, pd.Series({"a": True, "b": False, "c": False}), 5)
    False
    """
    n = pd.to_numeric(counts, errors="coerce").fillna(0)
    hide = suppressed.reindex(n.index).fillna(True).astype(bool)
    shown, hidden = n[~hide], n[hide].sum()
    if len(shown) and (shown < k).any():
        return False
    return bool(hidden == 0 or hidden >= k)


def k_anonymous(
    frame: pd.DataFrame,
    k: int,
    within: Iterable[str] = ("dimension",),
    stats: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Apply :func:`suppression_mask` to any per-segment table, separately within ``within``.

    ``frame`` needs ``segment`` and ``n`` (plus the ``within`` columns). Rows with segment
    ``"All"`` are the totals: they are hidden only when their own ``n < k``. The result
    adds a bool column ``suppressed`` and sets every column of ``stats`` (default: every
    numeric column except the keys) to NaN in hidden rows; the rows themselves stay, so a
    hidden cell still shows up as hidden.

    Examples
    --------
    >>> f = pd.DataFrame({"segment": ["a", "b", "c"], "dimension": "d",
    ...                   "n": [2, 6, 9], "mean": [3.0, 4.0, 2.0]})
    >>> k_anonymous(f, 5)[["segment", "mean", "suppressed"]].to_dict("list")
    {'segment': ['a', 'b', 'c'], 'mean': [nan, nan, 2.0], 'suppressed': [True, True, False]}
    """
    k = require_whole_number(k, "k")
    within = list(within)
    require_columns(frame, ["segment", "n", *within], "segment")
    keys = ["segment", *within]
    if stats is None:
        stats = [
            c for c in frame.columns
            if c not in keys and c != "suppressed"
            and pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
        ]  # fmt: skip
    stats = list(stats)
    require_columns(frame, stats, "segment")
    if frame.duplicated(keys).any():
        dupe = frame.loc[frame.duplicated(keys), keys].iloc[0].astype(str).tolist()
        per = " and ".join(["segment", *within])
        raise _fail(
            "segment", f"the row {' / '.join(dupe)} appears twice.", f"pass one row per {per}."
        )
    out = frame.copy()
    n = pd.to_numeric(out["n"], errors="coerce").fillna(0).to_numpy(dtype=float)
    segments = out["segment"].to_numpy(dtype=object)
    is_all = out["segment"].astype(str).to_numpy() == ALL
    hidden = is_all & (n < k)
    rest = np.flatnonzero(~is_all)
    if within:
        keyed = out.iloc[rest][within].reset_index(drop=True)
        positions = keyed.groupby(within, sort=False, dropna=False).indices.values()
    else:
        positions = [np.arange(len(rest))]
    for where in positions:
        rows = rest[where]
        hidden[rows] = suppression_mask(pd.Series(n[rows], index=segments[rows]), k).to_numpy()
    out["suppressed"] = hidden
    for column in stats:
        out[column] = out[column].astype(float).where(~out["suppressed"])
    return out


def heatmap(summary: pd.DataFrame, k: int) -> pd.DataFrame:
    """Segment x dimension summary with small groups suppressed, ready for a heatmap.

    The mask is applied per dimension on that dimension's ``n`` (people can skip items,
    so ``n`` differs between dimensions). Suppressed rows keep segment, dimension and
    instrument, get ``suppressed = True`` and NaN for n, mean, score_0_100, pct_* and alpha.
    Rows are sorted by dimension, then segment.

    Parameters
    ----------
    summary
        Rows of ``culture.summarise(items, table, by=segment)``: segment, dimension,
        instrument, n, mean, score_0_100, pct_favourable, pct_neutral, pct_unfavourable, alpha.
    k
        Minimum group size.

    Examples
    --------
    >>> s = pd.DataFrame({"segment": ["a", "b", "c"], "dimension": "d", "instrument": "x",
    ...     "n": [2, 6, 9], "mean": [3.0, 4.0, 2.0], "score_0_100": [50.0, 75.0, 25.0],
    ...     "pct_favourable": 1.0, "pct_neutral": 1.0, "pct_unfavourable": 1.0, "alpha": 0.8})
    >>> heatmap(s, 5)[["segment", "n", "suppressed"]].to_dict("list")
    {'segment': ['a', 'b', 'c'], 'n': [nan, nan, 9.0], 'suppressed': [True, True, False]}
    """
    require_columns(summary, [*HEATMAP_KEYS, "instrument", *HEATMAP_STATS], "summary")
    out = k_anonymous(summary, k, within=["dimension"], stats=HEATMAP_STATS)
    order = np.lexsort(
        (out["segment"].astype(str).to_numpy(), out["dimension"].astype(str).to_numpy())
    )
    return out.iloc[order].reset_index(drop=True)


# --------------------------------------------------------------------------- comments


def _comment_groups(
    comments: pd.DataFrame, segment: pd.Series, k_comments: int, k: int | None
) -> tuple[pd.Series, pd.Series, int]:
    """Per comment: its segment label (NaN if unknown) and whether it may be shown."""
    require_columns(comments, ["respondent", "question", "text"], "comments")
    limit = max(
        require_whole_number(k_comments, "k_comments"),
        require_whole_number(k, "k") if k is not None else 1,
    )
    labels = segment_labels(segment)
    if not labels.index.is_unique:
        raise _fail("segments", "a respondent has more than one segment value.",
                    "pass one segment value per respondent id.")  # fmt: skip
    # The group size is people in the segment, not comments: the same rule as the heatmap.
    mask = suppression_mask(labels.value_counts(sort=False), limit)
    group = comments["respondent"].map(labels)
    show = group.map(mask).eq(False)
    return group, show, limit


def visible_comments(
    comments: pd.DataFrame, segment: pd.Series, k_comments: int, seed: int, k: int | None = None
) -> pd.DataFrame:
    """Free-text comments of the groups large enough to show them, in a seeded shuffled order.

    A comment is shown only if its respondent's segment has at least ``k_comments``
    respondents (people, not comments) and survives :func:`suppression_mask` with
    ``max(k_comments, k)`` (so a group the heatmap hides never shows comments: a mask with a
    larger ``k`` hides a superset). Respondents missing from ``segment`` are left out.
    Output columns are segment, question, text; the respondent id never leaves. Rows are
    grouped by segment and question, and shuffled within them with
    ``numpy.random.default_rng(seed)`` after a canonical sort, so the order does not depend
    on the input order and reveals nothing about who wrote what.

    Examples
    --------
    >>> c = pd.DataFrame({"respondent": ["r1", "r2", "r3"], "question": "Q",
    ...                   "text": ["good", "fine", "slow"]})
    >>> seg = pd.Series(["a", "a", "b", "c"], index=["r1", "r2", "r3", "r4"])
    >>> visible_comments(c, seg, k_comments=2, seed=1)["segment"].tolist()
    ['a', 'a']
    """
    group, show, _ = _comment_groups(comments, segment, k_comments, k)
    out = pd.DataFrame({
        "segment": group[show].astype(str),
        "question": comments.loc[show, "question"].astype(str),
        "text": comments.loc[show, "text"].astype(str),
    })  # fmt: skip
    out = out[out["text"].str.strip() != ""]
    out = out.sort_values(COMMENT_COLUMNS, kind="mergesort").reset_index(drop=True)
    if len(out):
        out = out.iloc[np.random.default_rng(seed).permutation(len(out))]
        out = out.sort_values(["segment", "question"], kind="mergesort")
    return out.reset_index(drop=True)[COMMENT_COLUMNS]


def comment_group_note(
    comments: pd.DataFrame, segment: pd.Series, k_comments: int, k: int | None = None
) -> str:
    """One sentence for the app: how many comments are shown, how many withheld, and why.

    Never names a withheld group or its size.

    Examples
    --------
    >>> c = pd.DataFrame({"respondent": ["r1", "r2", "r3"], "question": "Q",
    ...                   "text": ["good", "fine", "slow"]})
    >>> seg = pd.Series(["a", "a", "b", "c"], index=["r1", "r2", "r3", "r4"])
    >>> comment_group_note(c, seg, k_comments=2)[:52]
    'Showing 2 of 3 comments. 1 comment is withheld becau'
    """
    group, show, limit = _comment_groups(comments, segment, k_comments, k)
    total = len(comments)
    if total == 0:
        return "There are no comments."
    unknown = int(group.isna().sum())
    withheld = int((~show).sum()) - unknown
    if not withheld and not unknown:
        return f"All {total} comments are shown."
    parts = [f"Showing {int(show.sum())} of {total} comments."]
    if withheld:
        noun = "comment is" if withheld == 1 else "comments are"
        pron = "it comes" if withheld == 1 else "they come"
        parts.append(
            f"{withheld} {noun} withheld because {pron} from groups with fewer than {limit} "
            "people (or from groups hidden so that a smaller group cannot be worked out)."
        )
    if unknown:
        parts.append(f"{unknown} comment(s) belong to no known respondent and are left out.")
    return " ".join(parts)
