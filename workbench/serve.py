"""`workbench serve`: the engagement's finished notebooks as Voila apps on localhost."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from workbench import paths
from workbench.engagement import Engagement, resolve
from workbench.errors import EngagementError

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
    runs = sorted(p for p in eng.outputs.glob("*") if p.is_dir()) if eng.outputs.is_dir() else []
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
