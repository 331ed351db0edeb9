"""Run folders in outputs/: built hidden, named atomically, and swept after a crash.

A run is built in ``outputs/.running-XXXX/``, which records the process that owns it (pid,
start time, host). Its dated name is reserved by creating ``outputs/.name-<name>`` exclusively
before the name is written on the workbooks' cover, and the folder is renamed to it only when
every step succeeded. The next run removes what a killed run left (staging folders whose
process is gone, stale reservations, old failed runs), never what a live run is writing.

Examples
--------
>>> import tempfile
>>> outputs = Path(tempfile.mkdtemp())
>>> staging = start(outputs)
>>> staging.name.startswith(".running-") and is_live(staging)
True
>>> name = reserve_name(outputs, staging, datetime(2026, 11, 22, 10, 15))
>>> publish(staging, outputs, name).name
'2026-11-22T101500'
>>> sorted(p.name for p in outputs.iterdir())
['2026-11-22T101500']
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import tempfile
import time
from datetime import datetime
from pathlib import Path

from workbench.core import paths
from workbench.core.errors import RunError

RUNNING = ".running-"
FAILED = ".failed-"
RESERVED = ".name-"
OWNER = ".owner.json"  # in a staging folder: which process builds it
KEEP_FAILED = 3  # failed runs kept aside for a look; older ones go with the next run
ORPHAN_SECONDS = 3600  # a staging folder without an owner file this old was never finished


def start(outputs: Path) -> Path:
    """Sweep what earlier runs left, then make this run's staging folder and sign it."""
    sweep(outputs)
    staging = Path(tempfile.mkdtemp(prefix=RUNNING, dir=outputs))
    owner = {"pid": os.getpid(), "started": _process_start(os.getpid()), "host": _host()}
    (staging / OWNER).write_text(json.dumps(owner), encoding="utf-8")
    return staging


def reserve_name(outputs: Path, staging: Path, now: datetime | None = None) -> str:
    """The dated name of a run finished at ``now``, reserved for ``staging`` and no other run.

    The reservation file is created exclusively (``O_EXCL``), so of two runs finishing in the
    same second exactly one gets ``<stamp>`` and the other ``<stamp>-2``; the name is checked
    only after the reservation, so a run published meanwhile is seen too.
    """
    stamp = (now or datetime.now()).strftime("%Y-%m-%dT%H%M%S")
    for attempt in range(1, 1000):
        candidate = stamp if attempt == 1 else f"{stamp}-{attempt}"
        marker = outputs / f"{RESERVED}{candidate}"
        try:
            fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(staging.name)
        if (outputs / candidate).exists():  # published by hand or by an older workbench
            marker.unlink()
            continue
        return candidate
    raise RunError(f"Could not name the run in {outputs}. Fix: clean up old runs.")


def publish(staging: Path, outputs: Path, name: str) -> Path:
    """Give a finished run its reserved name; never reuses or replaces an existing run."""
    target = outputs / name
    (staging / OWNER).unlink(missing_ok=True)
    try:
        if target.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(target))
        staging.rename(target)
    finally:
        (outputs / f"{RESERVED}{name}").unlink(missing_ok=True)
    return target


def release(outputs: Path, name: str | None) -> None:
    """Give back a reserved name (the run failed or was stopped)."""
    if name:
        (outputs / f"{RESERVED}{name}").unlink(missing_ok=True)


def set_aside(staging: Path, keep_only_notebooks: bool = False) -> Path | None:
    """Rename a failed run ``.failed-*`` so it is never served; return its new path.

    With ``keep_only_notebooks`` (the disk is full) everything but the partly executed
    notebooks is removed first, and nothing is kept if there is no notebook.
    """
    if keep_only_notebooks:
        for path in staging.iterdir():
            if path.suffix != ".ipynb" or not path.is_file():
                _remove(path)
        if not any(staging.iterdir()):
            staging.rmdir()
            return None
    (staging / OWNER).unlink(missing_ok=True)
    failed = staging.with_name(staging.name.replace(RUNNING, FAILED, 1))
    staging.rename(failed)
    return failed


def discard(staging: Path) -> None:
    """Remove a staging folder entirely (the run was stopped)."""
    shutil.rmtree(staging, ignore_errors=True)


def sweep(outputs: Path) -> list[str]:
    """Remove what killed runs left in ``outputs``; return the names removed.

    Staging folders go when their process is gone (or, without an owner file, after an
    hour); reservations go when their staging folder is gone; failed runs beyond the newest
    :data:`KEEP_FAILED` go. Nothing of a live run is touched.
    """
    removed = []
    for path in sorted(outputs.glob(f"{RUNNING}*")):
        if path.is_dir() and not path.is_symlink() and not is_live(path):
            _remove(path)
            removed.append(path.name)
    for marker in sorted(outputs.glob(f"{RESERVED}*")):
        try:
            owner = marker.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            continue
        # A reservation is written in one go, just after it is made: give it a minute.
        if (not owner or not (outputs / owner).is_dir()) and _older_than(marker, 60):
            marker.unlink(missing_ok=True)
            removed.append(marker.name)
    failed = sorted((p for p in outputs.glob(f"{FAILED}*") if p.is_dir()), key=_mtime)
    for path in failed[: max(len(failed) - KEEP_FAILED, 0)]:
        _remove(path)
        removed.append(path.name)
    return removed


def is_live(staging: Path) -> bool:
    """Whether the process that owns ``staging`` may still be building it."""
    try:
        owner = json.loads((staging / OWNER).read_text(encoding="utf-8"))
        pid, started, host = int(owner["pid"]), owner.get("started"), owner.get("host")
    except FileNotFoundError:
        return not _older_than(staging, ORPHAN_SECONDS)  # just made, or made before owners
    except (ValueError, KeyError, TypeError, OSError):
        return not _older_than(staging, ORPHAN_SECONDS)
    if host != _host():
        return True  # another machine's run on a shared drive: its processes are not ours to see
    if not _pid_exists(pid):
        return False
    return started is None or _process_start(pid) in (None, started)  # else: a reused pid


def outputs_summary(outputs: Path) -> str:
    """How many runs ``outputs`` holds and their size, e.g. '3 runs, 12.4 MB'."""
    runs = [p for p in outputs.iterdir() if p.is_dir() and paths.RUN_NAME.match(p.name)]
    size = sum(f.stat().st_size for run in runs for f in run.rglob("*") if f.is_file())
    return f"{len(runs)} run{'s' if len(runs) != 1 else ''}, {human_size(size)}"


def folder_size(folder: Path) -> int:
    """Bytes of the files in ``folder`` and below (0 if it is missing)."""
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.exists() else 0


def human_size(size: float) -> str:
    """A size in bytes as a person reads it.

    >>> human_size(12_400_000)
    '12.4 MB'
    """
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _older_than(path: Path, seconds: float) -> bool:
    return _mtime(path) < time.time() - seconds


def _host() -> str:
    return socket.gethostname()


def _pid_exists(pid: int) -> bool:
    if os.name == "nt":  # os.kill would end the process there: assume it lives
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return _process_state(pid) != "Z"  # a zombie has finished: only its exit status is left


def _proc_stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # no /proc (macOS, Windows) or the process is gone
        return None
    return raw[raw.rindex(")") + 2 :].split()  # fields after "pid (name)"


def _process_state(pid: int) -> str | None:
    fields = _proc_stat(pid)
    return fields[0] if fields else None


def _process_start(pid: int) -> str | None:
    """When ``pid`` started (clock ticks since boot, from /proc), to tell a reused pid apart."""
    fields = _proc_stat(pid)
    return fields[19] if fields else None  # field 22 of /proc/<pid>/stat
