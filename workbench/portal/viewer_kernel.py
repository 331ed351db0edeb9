"""Loaded into every kernel the portal starts: no traceback ever reaches a viewer.

Voila's ``show_tracebacks = False`` covers the cells it runs, not what happens later: a widget
callback that fails calls IPython's ``showtraceback`` (an ``error`` message with the whole
traceback), and a comm message the kernel cannot handle (any viewer can send one, e.g. a
``comm_open`` to the widget control channel) is logged by ipykernel through Python's
last-resort handler, which writes to the redirected ``sys.stderr``: a stream to the viewer
with the server's paths in it. Here, the details go to the server's log (the kernel process's
real stderr) and the viewer gets one plain sentence.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import traceback
from pathlib import Path

MODULE = "workbench.portal.viewer_kernel"
PLAIN_NOTE = "This part could not be updated. Please reload the page in a minute."
_MARK = "[workbench kernel] "


def _to_server_log(text: str) -> None:
    stream = sys.__stderr__
    if stream is not None:
        stream.write(_MARK + text.rstrip() + "\n")
        stream.flush()


class ServerLogHandler(logging.Handler):
    """Log records of the kernel go to the server's log, never to the viewer's stream."""

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):  # logging must never break the kernel
            _to_server_log(logging.Formatter("%(levelname)s %(name)s: %(message)s").format(record))


def load_ipython_extension(shell) -> None:
    """IPython extension entry point (``c.InteractiveShellApp.extensions``)."""
    root = logging.getLogger()
    if not any(isinstance(h, ServerLogHandler) for h in root.handlers):
        root.addHandler(ServerLogHandler())
    for name in ("ipykernel", "ipykernel.comm", "comm", "traitlets"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            if isinstance(handler, logging.StreamHandler) and not isinstance(
                handler, ServerLogHandler
            ):
                logger.removeHandler(handler)  # a stream handler may write to the viewer
        logger.addHandler(ServerLogHandler())
        logger.propagate = False

    shown = shell.showtraceback

    def showtraceback(*args, **kwargs) -> None:
        if _request_type(shell) == "execute_request":
            # Voila's own run of the notebook: it keeps the error and, with show_tracebacks
            # off, shows the portal's note instead of the traceback.
            return shown(*args, **kwargs)
        etype, value, tb = sys.exc_info()
        if etype is not None:
            _to_server_log("".join(traceback.format_exception(etype, value, tb)))
        print(PLAIN_NOTE, file=sys.stdout)

    shell.showtraceback = showtraceback
    shell.showsyntaxerror = lambda *a, **k: showtraceback()


def _request_type(shell) -> str:
    """The type of the message the kernel is handling now ("" when unknown)."""
    parent = {}
    kernel = getattr(shell, "kernel", None)
    try:
        parent = kernel.get_parent("shell") if kernel is not None else {}
    except Exception:
        parent = getattr(shell, "parent_header", None) or {}
    return str((parent or {}).get("header", {}).get("msg_type", ""))


def write_profile(ipython_dir: Path) -> Path:
    """An IPython folder (the kernels' IPYTHONDIR) whose kernels load this module; return it.

    Kernels also keep no history there, and output written to the process's stderr (the
    server's log) is not copied to viewers (ipykernel's ``capture_fd_output``).
    """
    profile = ipython_dir / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(
        f"c.InteractiveShellApp.extensions = [{MODULE!r}]\n"
        "c.IPKernelApp.capture_fd_output = False\n"
        "c.HistoryManager.enabled = False\n",
        encoding="utf-8",
    )
    return ipython_dir
