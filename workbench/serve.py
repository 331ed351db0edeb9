"""`workbench serve`: the engagement's finished notebooks as Voila apps on localhost."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from workbench import paths
from workbench.engagement import Engagement, resolve
from workbench.errors import EngagementError
from workbench.run import RUN_NAME

VOILA_TEMPLATE = "workbench"


def app_dir(engagement: str | Path | None = None, run: str | None = None) -> Path:
    """The folder of notebooks to serve: the demo's, or an engagement's latest (or named) run."""
    if engagement is None or str(engagement) == paths.DEMO_NAME and not Path(engagement).is_dir():
        if not paths.DEMO_NOTEBOOKS.is_dir():
            raise EngagementError(
                f"The demo notebooks are missing from {paths.DEMO_NOTEBOOKS}. "
                "Fix: run `make notebooks` in the repository."
            )
        return paths.DEMO_NOTEBOOKS
    eng = Engagement.load(resolve(engagement))
    # Only finished runs carry a dated name; .running-*/.failed-* and stray folders never do.
    runs = sorted(p for p in eng.outputs.glob("*") if p.is_dir() and RUN_NAME.match(p.name))
    if run:
        chosen = eng.outputs / run
        if not chosen.is_dir():
            raise EngagementError(
                f"No run '{run}' in {eng.outputs}. Fix: use one of: "
                f"{', '.join(p.name for p in runs) or '(none yet)'}."
            )
        return chosen
    if not runs:
        raise EngagementError(
            f"{eng.root} has no finished notebooks yet. Fix: `workbench run {engagement}` first."
        )
    return runs[-1]


def voila_env() -> dict[str, str]:
    """The environment Voila needs to find the workbench's offline template."""
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(paths.SHARE_DIR), env.get("JUPYTER_PATH", "")) if p
    )
    return env


def voila_argv(notebooks: Path, port: int = 8866, ip: str = "127.0.0.1") -> list[str]:
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebooks),
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--no-browser",
        f"--template={VOILA_TEMPLATE}",
        "--theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.strip_sources=True",
    ]


class VoilaServer:
    """A real Voila server in a child process, stopped on exit (used by tests and benchmarks).

    >>> with VoilaServer(paths.DEMO_NOTEBOOKS) as server:  # doctest: +SKIP
    ...     print(server.url)
    """

    def __init__(self, notebooks: Path, port: int | None = None, startup_timeout: float = 60):
        self.notebooks = notebooks
        self.port = port or _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen | None = None
        self.log_path: Path | None = None

    def __enter__(self) -> VoilaServer:
        log = tempfile.NamedTemporaryFile("wb", prefix="voila-", suffix=".log", delete=False)
        self.log_path = Path(log.name)
        self.process = subprocess.Popen(
            voila_argv(self.notebooks, port=self.port), env=voila_env(), stdout=log, stderr=log
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise EngagementError(f"Voila exited at start-up; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise EngagementError(
            f"Voila did not answer within {self.startup_timeout} s; see {self.log_path}"
        )

    def __exit__(self, *_exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
