"""Analyses made once by `workbench run` and handed to the run's notebooks.

`workbench run` analyses every workshop once, in its own process, and writes each
result next to the run's frozen copy of the data (``<run>/engagement/.analysis/``). The
run's notebooks, executed by their own kernels, and later the apps served from the run,
call the same ``analyse`` as always: :func:`handed_over` makes it return the saved result
instead of computing it again, as long as the data it was made from is unchanged.

A saved result is used only when

- it was written by this version of the workbench, for the same arguments, and
- every file of the frozen copy (settings, inputs, workshop results) still has the
  content it had when the run saved it (a content hash, so a copied or unzipped run still
  qualifies while an edited one does not).

Otherwise ``analyse`` computes as usual: a handoff can make a notebook faster, never
different. The file is a pickle: whoever can write a run folder can already change the
notebooks in it, so this trusts nothing more than a run folder already is.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from workbench import __version__
from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.core.files import atomic_write_bytes

__all__ = ["fingerprint", "handed_over", "save"]

Result = TypeVar("Result")
_CHUNK = 1 << 20


def fingerprint(root: Path) -> str:
    """A hash of every file the analyses read under ``root`` (names and contents).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "engagement.toml").write_text("x")
    >>> before = fingerprint(folder)
    >>> _ = (folder / "engagement.toml").write_text("y")
    >>> before == fingerprint(folder)
    False
    """
    digest = hashlib.blake2b(digest_size=20)
    files = [root / paths.ENGAGEMENT_FILE]
    for folder in (paths.INPUTS, paths.WORKSHOP):
        if (root / folder).is_dir():
            files += sorted(p for p in (root / folder).rglob("*") if p.is_file())
    for path in files:
        if not path.is_file():
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        with open(path, "rb") as handle:
            while block := handle.read(_CHUNK):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def _file(root: Path, name: str) -> Path:
    return root / paths.HANDOFF / f"{name}.pickle"


def save(root: Path, results: dict[Callable, object]) -> None:
    """Write each result of ``analyse`` (called with its defaults) for the frozen copy at ``root``.

    ``results`` maps a workshop's ``analyse``, decorated with :func:`handed_over`, to what
    it returned; a notebook's call with the same (default) arguments then loads that result
    instead of computing it. The frozen copy is hashed once for all of them.
    """
    digest = fingerprint(root)
    (root / paths.HANDOFF).mkdir(exist_ok=True)
    for analyse, result in results.items():
        header = {"version": __version__, "fingerprint": digest, "arguments": _defaults(analyse)}
        data = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL)
        data += pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        # Readable like the run's other files, for a portal running as another user.
        atomic_write_bytes(_file(root, analyse.handoff_name), data).chmod(0o644)


def _defaults(analyse: Callable) -> dict:
    """The arguments of a plain call, other than the engagement and the serving context."""
    parameters = inspect.signature(analyse).parameters.values()
    skip = {"engagement", "context"}
    return {p.name: p.default for p in parameters if p.name not in skip}


def _load(root: Path, name: str, arguments: dict) -> object | None:
    path = _file(root, name)
    if not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            header = pickle.load(handle)
            if not (
                isinstance(header, dict)
                and header.get("version") == __version__
                and header.get("arguments") == arguments
                and header.get("fingerprint") == fingerprint(root)
            ):
                return None
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - an unreadable handoff only means: compute it here
        return None


def handed_over(name: str) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Let a workshop's ``analyse(engagement, ..., context=...)`` use a run's saved result.

    The saved result gets the engagement and serving context of this call, so the app
    sees its own folder and knows who is looking.
    """

    def decorate(analyse: Callable[..., Result]) -> Callable[..., Result]:
        signature = inspect.signature(analyse)

        @functools.wraps(analyse)
        def analyse_or_load(*args, **kwargs) -> Result:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            given = dict(bound.arguments)
            engagement = given.pop("engagement")
            context = given.pop("context", None)
            simple = all(v is None or isinstance(v, str | int | float) for v in given.values())
            root = engagement.root if isinstance(engagement, Engagement) else Path(engagement)
            if simple and (root / paths.HANDOFF).is_dir():
                saved = _load(root, name, given)
                if saved is not None:
                    changes = {"engagement": Engagement.of(engagement)}
                    if context is not None:
                        changes["context"] = context
                    return dataclasses.replace(saved, **changes)
            return analyse(*args, **kwargs)

        analyse_or_load.handoff_name = name
        return analyse_or_load

    return decorate
