"""Who is looking at an app, and where its assets come from: the serving context.

The portal marks every kernel it starts through environment variables; :func:`from_environment`
is the one place that reads them. A template reads the context once and hands it to its
workshop's ``analyse``; views and editors take it from the result object, never from the
environment.

Examples
--------
>>> from_environment({"WORKBENCH_CLIENT_APP": "1"}).client_app
True
>>> CONSULTANT.vis_url is None
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

# Set by the portal for every kernel it starts (preheated ones too).
CLIENT_APP_ENV = "WORKBENCH_CLIENT_APP"
# The folder URL (ending in "/") where the portal serves vis-network; unset elsewhere.
VIS_URL_ENV = "WORKBENCH_VIS_URL"


@dataclass(frozen=True)
class ServingContext:
    """How an app is being served.

    Attributes
    ----------
    client_app : bool
        A client sees the app (the portal, or any Voila server): editors are read-only.
    vis_url : str or None
        Where the network library is served from; ``None`` inlines it so that JupyterLab
        and exported HTML stay self-contained.
    """

    client_app: bool = False
    vis_url: str | None = None


# A consultant in JupyterLab, papermill or a test: editors write, assets are inlined.
CONSULTANT = ServingContext()


def from_environment(environ: Mapping[str, str] | None = None) -> ServingContext:
    """The serving context of this kernel, read from its environment.

    A Voila started by hand (without the portal) still gives itself away through
    ``SERVER_SOFTWARE``, so it counts as a client app too.
    """
    env = os.environ if environ is None else environ
    client = bool(env.get(CLIENT_APP_ENV)) or env.get("SERVER_SOFTWARE", "").startswith("voila")
    return ServingContext(client_app=client, vis_url=env.get(VIS_URL_ENV) or None)


def kernel_environment(vis_url: str | None) -> dict[str, str]:
    """The marks the portal puts in its kernels' environment (the inverse of the above)."""
    marks = {CLIENT_APP_ENV: "1"}
    if vis_url:
        marks[VIS_URL_ENV] = vis_url
    return marks
