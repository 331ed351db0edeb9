"""Files the workbench writes: atomically, and only into an engagement's workshop folder.

Examples
--------
>>> import tempfile
>>> target = Path(tempfile.mkdtemp()) / "notes.txt"
>>> atomic_write_bytes(target, b"kept").read_bytes()
b'kept'
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from workbench.core.engagement import Engagement
from workbench.core.errors import StoreError


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
