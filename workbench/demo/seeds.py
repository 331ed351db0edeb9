"""The random seed both demo generators take, checked once."""

from __future__ import annotations

import numpy as np

from workbench.core.errors import WorkbenchError


def check_seed(seed: object, default: int) -> int:
    """``seed`` as an int when it is a whole number of at least 0, else a WorkbenchError.

    Examples
    --------
    >>> check_seed(7, default=2026)
    7
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise WorkbenchError(
            f"The demo seed must be a whole number >= 0, got {seed!r}. "
            f"Fix: pass an int such as {default} (the default)."
        )
    return int(seed)
