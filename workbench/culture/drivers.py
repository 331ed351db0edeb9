"""Key-driver analysis: which culture dimensions go together with an outcome (e.g. eNPS).

Two views per dimension, both on respondents who answered every dimension and the
outcome (complete cases): the Pearson correlation with the outcome on its own, and the
standardised regression weight (beta) with all dimensions together, which says how much
a dimension adds once the others are known. Dimensions are ranked by the size of beta.
This shows association, not cause.

Examples
--------
>>> rng = np.random.default_rng(0)
>>> scores = pd.DataFrame({"trust": rng.normal(size=200), "noise": rng.normal(size=200)})
>>> outcome = 2 * scores["trust"] + rng.normal(size=200)
>>> drivers(scores, outcome)["dimension"].tolist()
['trust', 'noise']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.core.guards import FrameError, require_numeric, require_whole_number

COLUMNS = ["dimension", "n", "r", "p_value", "beta", "rank"]


def _empty(reason: str, n: int = 0) -> pd.DataFrame:
    out = pd.DataFrame({
        "dimension": pd.Series(dtype=object), "n": pd.Series(dtype="int64"),
        "r": pd.Series(dtype=float), "p_value": pd.Series(dtype=float),
        "beta": pd.Series(dtype=float), "rank": pd.Series(dtype="Int64"),
    })  # fmt: skip
    out.attrs.update(reason=reason, n=n, note="")
    return out


def _check(scores: pd.DataFrame, outcome: pd.Series, min_n: int) -> None:
    require_numeric(scores, None, "scores")  # the frame of scoring.respondent_scores()
    if not isinstance(outcome, pd.Series):
        raise TypeError(f"outcome: expected one score column (a Series), got {type(outcome)}.")
    if not pd.api.types.is_numeric_dtype(outcome):
        raise FrameError(f"outcome: the column {outcome.name!r} is not numeric.")
    if not outcome.index.is_unique or not scores.index.is_unique:
        raise FrameError("scores: respondent ids repeat, so scores and outcome cannot be lined up.")
    require_whole_number(min_n, "min_n", minimum=3)


def drivers(scores: pd.DataFrame, outcome: pd.Series, min_n: int = 30) -> pd.DataFrame:
    """Correlation and standardised regression weight of each dimension with the outcome.

    Uses complete cases only (every dimension and the outcome answered; rows are lined up
    on the respondent index). ``r`` and ``p_value`` come from ``scipy.stats.pearsonr``;
    ``beta`` from least squares on z-scores of all dimensions together; ``rank`` 1 is the
    largest ``|beta|`` (ties by name). Dimensions without spread (everyone gave the same
    score) stay in the table with NaN and no rank, and ``attrs["note"]`` names them. r, p
    and beta have 3 decimals. ``attrs`` also holds ``n`` and ``r_squared``.

    With fewer than ``min_n`` complete cases (or not more cases than dimensions + 1, or no
    spread in the outcome) the result is empty, with the same columns, and
    ``attrs["reason"]`` says why in a sentence for the reader.

    Parameters
    ----------
    scores
        Dimension scores per respondent (``culture.respondent_scores`` without the outcome).
    outcome
        Outcome per respondent (same index), e.g. the eNPS answer or an engagement score.
    min_n
        Fewest complete cases for a result.

    Examples
    --------
    >>> few = drivers(pd.DataFrame({"a": [1.0, 2.0, 3.0]}), pd.Series([1.0, 3.0, 2.0]))
    >>> few.empty, few.attrs["reason"][:30]
    (True, 'Only 3 respondents answered ev')
    """
    _check(scores, outcome, min_n)
    frame = scores.join(outcome.rename("__outcome__"), how="inner").astype(float).dropna()
    n = len(frame)
    if n < min_n:
        return _empty(
            f"Only {n} respondents answered every dimension and the outcome; the driver "
            f"analysis needs at least {min_n}, so it is left out.",
            n,
        )
    if not len(scores.columns):
        return _empty("There are no dimensions to relate to the outcome.", n)
    y = frame.pop("__outcome__").to_numpy()
    if not y.std() > 0:
        return _empty("Everyone gave the same outcome score, so nothing can explain it.", n)
    x = frame.to_numpy()
    spread = x.std(axis=0) > 0
    if not spread.any():
        return _empty("Everyone gave the same score on every dimension, so nothing can be "
                      "related to the outcome.", n)  # fmt: skip
    if n <= spread.sum() + 1:
        return _empty(
            f"With {n} complete answers and {int(spread.sum())} dimensions the regression "
            "cannot be estimated; more answers are needed.",
            n,
        )
    from scipy import stats  # here, not at import: scipy.stats takes 0.6 s to load

    r = np.full(x.shape[1], np.nan)
    p = np.full(x.shape[1], np.nan)
    for j in np.flatnonzero(spread):
        result = stats.pearsonr(x[:, j], y)
        r[j], p[j] = result.statistic, result.pvalue
    z = stats.zscore(x[:, spread], ddof=1)
    zy = stats.zscore(y, ddof=1)
    coef, *_ = np.linalg.lstsq(z, zy, rcond=None)
    beta = np.full(x.shape[1], np.nan)
    beta[spread] = coef
    fitted = z @ coef
    r_squared = 1 - ((zy - fitted) ** 2).sum() / (zy**2).sum()
    out = pd.DataFrame({
        "dimension": list(frame.columns), "n": n, "r": np.round(r, 3),
        "p_value": np.round(p, 3), "beta": np.round(beta, 3),
    })  # fmt: skip
    strength = np.where(spread, -np.abs(beta), np.inf)
    order = np.lexsort((out["dimension"].astype(str).to_numpy(), strength))
    out = out.iloc[order].reset_index(drop=True)
    rank = pd.array(np.arange(1, len(out) + 1), dtype="Int64")
    out["rank"] = pd.Series(rank).where(out["beta"].notna().to_numpy())
    out = out.astype({"n": "int64", "rank": "Int64"})[COLUMNS]
    flat = [str(c) for c, s in zip(frame.columns, spread, strict=True) if not s]
    note = (
        f"Left out of the regression because everyone gave the same score: {', '.join(flat)}."
        if flat
        else ""
    )
    out.attrs.update(reason="", n=n, r_squared=round(float(r_squared), 3), note=note)
    return out
