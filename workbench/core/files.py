"""Files the workbench writes: atomically, only inside the engagement, and not forever.

Examples
--------
>>> import tempfile
>>> target = Path(tempfile.mkdtemp()) / "notes.txt"
>>> atomic_write_bytes(target, b"kept").read_bytes()
b'kept'
"""

from __future__ import annotations

import fnmatch
import os
import tempfile
import time
from pathlib import Path

from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.core.errors import Problem, StoreError

TEMP_PATTERN = ".*.tmp"  # what atomic_write_bytes leaves behind if its process is killed
STALE_TEMP_SECONDS = 3600  # a save takes milliseconds: an hour-old temp file is an orphan
# What of workshop/ a run does not copy: dated copies and hidden files (temp files of saves).
WORKSHOP_SKIP = ("history", ".*")


def atomic_write_bytes(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` so that a crash leaves either the old file or the new one.

    The bytes go to a temporary file in the same folder, are flushed to disk, and only then
    replace the target with :func:`os.replace`, which is atomic on POSIX and Windows.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def writable_workshop(engagement: Engagement) -> Path:
    """The workshop folder to save into; the built-in demo refuses (it ships read-only)."""
    if engagement.is_demo:
        raise StoreError(
            "The built-in demo engagement is read-only, so workshop changes cannot be saved "
            "into it. Fix: copy it with `workbench new PATH --demo` and open that copy."
        )
    return engagement.workshop


def unsafe_links(folder: Path, root: Path, skip: tuple[str, ...] = ()) -> list[Problem]:
    """Symbolic links in ``folder`` (itself included) that a copy must not follow.

    A link that points nowhere, that loops, or whose target lies outside ``root`` (the
    engagement folder) is a problem: following it would read, and a run would publish, a file
    from elsewhere on the machine. Links that stay inside ``root`` are fine (they are copied as
    files) and are followed, so a linked folder is checked too. Names matching a pattern in
    ``skip`` (as in :func:`shutil.ignore_patterns`) are not looked at. ``folder`` may also be a
    single file; a missing ``folder`` has no problems.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "inputs").mkdir()
    >>> (root / "inputs" / "gone.csv").symlink_to(root / "nowhere.csv")
    >>> [p.file for p in unsafe_links(root / "inputs", root)]
    ['inputs/gone.csv']
    """
    base = root.resolve()
    problems: list[Problem] = []
    seen: set[Path] = set()
    pending = [folder]
    while pending:
        path = pending.pop()
        if path.is_symlink():
            problem = _link_problem(path, root, base)
            if problem:
                problems.append(problem)
                continue
        if not path.is_dir():
            continue
        real = path.resolve()
        if real in seen:  # a link back to a folder already walked: nothing new beneath it
            continue
        seen.add(real)
        children = sorted(path.iterdir(), reverse=True)  # popped in name order
        pending += [c for c in children if not any(fnmatch.fnmatch(c.name, s) for s in skip)]
    return sorted(problems, key=lambda p: p.file)


def engagement_link_problems(engagement: Engagement) -> list[Problem]:
    """:func:`unsafe_links` in everything a run reads: engagement.toml, inputs/, workshop/.

    `workbench run` refuses these before reading anything; `workbench check` reports them.
    """
    root = engagement.root
    problems = unsafe_links(root / paths.ENGAGEMENT_FILE, root)
    problems += unsafe_links(engagement.inputs, root)
    problems += unsafe_links(engagement.workshop, root, skip=WORKSHOP_SKIP)
    return problems


def _link_problem(link: Path, root: Path, base: Path) -> Problem | None:
    where = _relative(link, root)
    pointed = os.readlink(link)
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # missing target, or a loop of links
        return Problem(
            where,
            f"This link points to {pointed}, which does not exist (or links back to itself).",
            "remove the link, or put the file it should point to back in place.",
        )
    if not target.is_relative_to(base):
        return Problem(
            where,
            f"This link points to {target}, outside the engagement folder {root}; the "
            "workbench never reads or publishes anything from outside the engagement.",
            "copy the file into the engagement folder instead of linking it, or remove the link.",
        )
    return None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def prune_history(folder: Path, prefix: str, keep: int = 100) -> int:
    """Remove the oldest dated copies named ``prefix<stamp>...`` in ``folder`` beyond ``keep``.

    Copies are ordered by name, which is their time order (the stamps sort as text); temp
    files and anything else in the folder are left alone. Returns how many were removed.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for day in ("01", "02", "03"):
    ...     _ = (folder / f"adjustments-2026-11-{day}.csv").write_text("id")
    >>> prune_history(folder, "adjustments-", keep=2)
    1
    >>> sorted(p.name for p in folder.iterdir())
    ['adjustments-2026-11-02.csv', 'adjustments-2026-11-03.csv']
    """
    if keep < 0:
        raise ValueError(f"keep must be 0 or more, not {keep}")
    if not folder.is_dir():
        return 0
    copies = sorted(
        p
        for p in folder.iterdir()
        if p.name.startswith(prefix) and not p.name.startswith(".") and p.is_file()
    )
    old = copies[: max(len(copies) - keep, 0)]
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)


def remove_stale_temp_files(
    folder: Path, older_than: float = STALE_TEMP_SECONDS, now: float | None = None
) -> int:
    """Remove the temp files of saves killed midway (see :func:`atomic_write_bytes`).

    Only ``.*.tmp`` files in ``folder`` and below whose last change is more than
    ``older_than`` seconds ago go; a save in progress is milliseconds old. Returns how many.
    """
    if not folder.is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - older_than
    removed = 0
    for path in folder.rglob(TEMP_PATTERN):
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # removed by someone else meanwhile
            continue
    return removed
