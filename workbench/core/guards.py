"""Input checks at the top of the analysis functions, written once.

The analysis functions take DataFrames from other code, never from a user: a frame without
its columns, or with text where numbers belong, is a programmer's mistake. So these guards
raise :class:`FrameError`, a ``ValueError`` (``TypeError`` for something that is not a
DataFrame at all), whose message says which frame, which columns and what it holds, and
offers no "Fix:". What a user must fix is found earlier, by the reading and validation
modules, and reported as :class:`~workbench.core.errors.Problem` in an ``InputError``.

Examples
--------
>>> import pandas as pd
>>> require_columns(pd.DataFrame({"segment": ["a"]}), ["segment"], "summary")
>>> require_columns(pd.DataFrame({"n": [1]}), ["segment"], "summary")
Traceback (most recent call last):
...
workbench.core.guards.FrameError: summary frame: missing column(s) 'segment'; it has 'n'.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


class FrameError(ValueError):
    """A frame handed to an analysis function lacks a column or holds the wrong kind of data."""


def _names(columns: Iterable[object]) -> str:
    return ", ".join(repr(str(c)) for c in columns) or "no columns"


def require_frame(frame: object, name: str) -> pd.DataFrame:
    """``frame`` itself when it is a DataFrame; a ``TypeError`` naming ``name`` otherwise."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} frame: expected a pandas DataFrame, got {type(frame).__name__}.")
    return frame


def require_columns(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """Raise one :class:`FrameError` naming every column of ``columns`` that ``frame`` lacks."""
    require_frame(frame, name)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise FrameError(
            f"{name} frame: missing column(s) {_names(missing)}; it has {_names(frame.columns)}."
        )


def require_numeric(frame: pd.DataFrame, columns: Iterable[str] | None, name: str) -> None:
    """Raise one :class:`FrameError` naming every column (all when ``None``) that is not numeric.

    Examples
    --------
    >>> require_numeric(pd.DataFrame({"a": ["x"], "b": [1]}), None, "scores")
    Traceback (most recent call last):
    ...
    workbench.core.guards.FrameError: scores frame: column(s) 'a' are not numeric (str).
    """
    require_frame(frame, name)
    chosen = list(frame.columns) if columns is None else list(columns)
    require_columns(frame, chosen, name)
    bad = [c for c in chosen if not pd.api.types.is_numeric_dtype(frame[c])]
    if bad:
        kinds = ", ".join(sorted({str(frame[c].dtype) for c in bad}))
        raise FrameError(f"{name} frame: column(s) {_names(bad)} are not numeric ({kinds}).")


def as_floats(values: pd.Series) -> np.ndarray:
    """A column as a float array: text that is no number, and missing values, become NaN.

    Examples
    --------
    >>> as_floats(pd.Series(["1.5", None, "x", 2]))
    array([1.5, nan, nan, 2. ])
    """
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def require_whole_number(value: object, name: str, minimum: int = 1) -> int:
    """``value`` as an int when it is a whole number of at least ``minimum``, else a ValueError.

    Examples
    --------
    >>> require_whole_number(5, "k")
    5
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} must be a whole number of at least {minimum}, got {value!r}.")
    return int(value)
