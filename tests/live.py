"""Helpers for tests against live processes: a portal on a free port, and polling."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from workbench.core.errors import EngagementError
from workbench.portal.serve import PortalSettings, VoilaServer, _free_port

T = TypeVar("T")


def wait_for(condition: Callable[[], T], what: str, timeout: float = 60, every: float = 0.1) -> T:
    """Call ``condition`` until it returns something true and return that.

    The deadline is generous on purpose: it only decides how long a broken test takes to fail,
    never whether a slow machine passes.
    """
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout} s for {what}")
        time.sleep(every)
    return result


def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


@contextlib.contextmanager
def portal(notebooks: Path, settings: PortalSettings | None = None) -> Iterator[VoilaServer]:
    """A VoilaServer on a free port (default settings: a kernel started per visit).

    Another program can take a free port before Voila binds it (other test runs share this
    machine): then, and only then, start again on another port.
    """
    settings = settings or PortalSettings(warm_kernels=0)
    for attempt in range(3):
        port = _free_port()
        try:
            server = VoilaServer(notebooks, settings, port=port).__enter__()
        except EngagementError:
            if attempt == 2 or not _port_taken(port):
                raise
            continue
        try:
            yield server
        finally:
            server.__exit__()
        return
