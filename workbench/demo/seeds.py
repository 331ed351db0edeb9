"""What both demo generators share: the checked random seed and the command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

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


def generator_command(
    argv: list[str] | None,
    prog: str,
    what: str,
    write: Callable[[Path, int], list[Path] | Path],
    default_target: Path,
    default_seed: int,
    done: str,
) -> int:
    """The command line both generators share: ``prog [TARGET] [--seed N]``, 1 on a problem.

    ``done`` is what is printed for each file or folder written, e.g. ``"Written to {}"``.
    """
    parser = argparse.ArgumentParser(prog=prog, description=f"Regenerate the seeded {what}.")
    parser.add_argument("target", nargs="?", type=Path, default=default_target, help="folder")
    parser.add_argument("--seed", type=int, default=default_seed, help=f"default {default_seed}")
    args = parser.parse_args(argv)
    try:
        written = write(args.target, args.seed)
    except WorkbenchError as exc:
        print(exc)
        return 1
    for path in written if isinstance(written, list) else [args.target]:
        print(done.format(path))
    return 0
