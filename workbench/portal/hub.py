"""Sign-in through JupyterHub: `workbench serve --hub` as a hub-managed service.

Under a hub, the proxy sends every request for ``/services/<name>/`` straight to the portal;
the hub checks nobody on the way. So the portal checks each visitor itself, with the hub's
OAuth: a visitor without the hub's cookie for this service is sent through the hub's sign-in
and back, and one who is signed in but lacks the scope ``access:services!service=<name>`` gets
403. Which users hold that scope is the hub's business (``load_roles`` in
deploy/jupyterhub/jupyterhub_config.py).

The hub hands a managed service its settings in ``JUPYTERHUB_*`` variables. They include the
service's API token, and kernels run notebook code, so :func:`workbench.portal.serve.voila_env`
removes them from the server's environment; :func:`voila_config` writes what the hub's OAuth
needs into the portal's private (0600) configuration instead.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tornado import web

from workbench.core.errors import EngagementError

try:  # JupyterHub is needed only where the portal runs under a hub
    from jupyterhub.singleuser.extension import (
        JupyterHubIdentityProvider,
        JupyterHubOAuthCallbackHandler,
    )
    from jupyterhub.utils import url_path_join
except ImportError:  # settings_from_env says how to install it
    JupyterHubIdentityProvider = None

IDENTITY_PROVIDER = "workbench.portal.hub.HubIdentityProvider"
# What the hub sets for a managed service with a URL; the portal cannot work without them.
REQUIRED_ENV = (
    "JUPYTERHUB_API_TOKEN",
    "JUPYTERHUB_API_URL",
    "JUPYTERHUB_CLIENT_ID",
    "JUPYTERHUB_SERVICE_NAME",
    "JUPYTERHUB_SERVICE_PREFIX",
    "JUPYTERHUB_SERVICE_URL",
)


@dataclass(frozen=True)
class HubSettings:
    """Where the hub is and who this service is to it (from the hub's ``JUPYTERHUB_*``).

    >>> s = HubSettings("acme", "http://127.0.0.1:8871", "/services/acme/",
    ...                 "http://127.0.0.1:8081/hub/api", "service-acme", "secret")
    >>> s.port, s.listens_everywhere, s.access_scopes
    (8871, False, ('access:services!service=acme',))
    >>> s
    HubSettings(name='acme', service_url='http://127.0.0.1:8871', ...)
    """

    name: str
    service_url: str  # where the proxy sends this service's requests
    prefix: str  # /services/<name>/
    api_url: str
    client_id: str
    api_token: str = field(repr=False)
    hub_prefix: str = "/hub/"
    hub_host: str = ""  # set only when the hub serves services on their own subdomains
    access_scopes: tuple[str, ...] = ()

    def __post_init__(self):
        if not self.access_scopes:  # who may visit: holders of this service's access scope
            object.__setattr__(self, "access_scopes", (f"access:services!service={self.name}",))

    def __repr__(self) -> str:  # short, and never the token
        return f"HubSettings(name={self.name!r}, service_url={self.service_url!r}, ...)"

    @property
    def port(self) -> int:
        return urlsplit(self.service_url).port or 80

    @property
    def listens_everywhere(self) -> bool:
        """True when the proxy reaches the portal over the network (the hub pod on Kubernetes,
        ``http://hub:<port>``), not on this machine's loopback."""
        host = urlsplit(self.service_url).hostname or ""
        return host not in {"127.0.0.1", "localhost", "::1"}


def settings_from_env(environ: Mapping[str, str] | None = None) -> HubSettings:
    """The hub's settings for this service, or a message saying how to run under a hub.

    >>> env = {"JUPYTERHUB_API_TOKEN": "t", "JUPYTERHUB_API_URL": "http://127.0.0.1:8081/hub/api",
    ...        "JUPYTERHUB_CLIENT_ID": "service-acme", "JUPYTERHUB_SERVICE_NAME": "acme",
    ...        "JUPYTERHUB_SERVICE_PREFIX": "/services/acme/",
    ...        "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:8871"}
    >>> settings_from_env(env).prefix
    '/services/acme/'
    >>> settings_from_env({})
    Traceback (most recent call last):
    ...
    workbench.core.errors.EngagementError: --hub runs the portal as a JupyterHub service, ...
    """
    env = os.environ if environ is None else environ
    if JupyterHubIdentityProvider is None:
        raise EngagementError(
            "--hub needs JupyterHub's Python package where the portal runs, and it is not "
            "installed. Fix: `pip install jupyterhub` into the portal's environment."
        )
    missing = [name for name in REQUIRED_ENV if not env.get(name)]
    if missing:
        raise EngagementError(
            "--hub runs the portal as a JupyterHub service, but "
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set. Fix: let the "
            "hub start it: list it in c.JupyterHub.services with a 'url' and this command "
            "(see deploy/jupyterhub/jupyterhub_config.py); run without --hub otherwise."
        )
    scopes = tuple(json.loads(env.get("JUPYTERHUB_OAUTH_ACCESS_SCOPES") or "[]"))
    return HubSettings(
        name=env["JUPYTERHUB_SERVICE_NAME"],
        service_url=env["JUPYTERHUB_SERVICE_URL"],
        prefix=env["JUPYTERHUB_SERVICE_PREFIX"],
        api_url=env["JUPYTERHUB_API_URL"],
        client_id=env["JUPYTERHUB_CLIENT_ID"],
        api_token=env["JUPYTERHUB_API_TOKEN"],
        hub_prefix=(env.get("JUPYTERHUB_BASE_URL") or "/").rstrip("/") + "/hub/",
        hub_host=env.get("JUPYTERHUB_HOST", ""),
        access_scopes=scopes,
    )


def voila_config(hub: HubSettings) -> dict:
    """The configuration sections that make the portal check visitors with the hub's OAuth.

    >>> s = HubSettings("acme", "http://hub:8871", "/services/acme/", "http://hub:8081/hub/api",
    ...                 "service-acme", "secret")
    >>> config = voila_config(s)
    >>> config["Voila"]["identity_provider_class"], config["HubOAuth"]["oauth_redirect_uri"]
    ('workbench.portal.hub.HubIdentityProvider', '/services/acme/oauth_callback')
    """
    return {
        "Voila": {"identity_provider_class": IDENTITY_PROVIDER},
        "HubOAuth": {
            "api_url": hub.api_url,
            "api_token": hub.api_token,
            "oauth_client_id": hub.client_id,
            "base_url": hub.prefix,
            "oauth_redirect_uri": hub.prefix + "oauth_callback",
            "hub_prefix": hub.hub_prefix,
            "hub_host": hub.hub_host,
            "access_scopes": list(hub.access_scopes),
        },
    }


if JupyterHubIdentityProvider is not None:

    class HubLogoutHandler(web.RequestHandler):
        """Forgets the hub's cookie for this service, then signs out of the hub itself."""

        def initialize(self, hub_auth):
            self.hub_auth = hub_auth

        def get(self):
            self.hub_auth.clear_cookie(self)
            hub = self.hub_auth
            self.redirect(hub.hub_host + url_path_join(hub.hub_prefix, "logout"))

    class HubIdentityProvider(JupyterHubIdentityProvider):
        """JupyterHub's own identity provider for Jupyter servers, fitted to standalone Voila.

        JupyterHub's version checks the token, the cookie and the access scopes, and sends a
        visitor who is not signed in through the hub's OAuth. What differs here: Voila
        registers an identity provider's pages without the URL prefix, so they get it here;
        there is no sign-in form (the hub's page is the sign-in); and the service's API token
        is never offered as the portal's token (Voila passes ``token=""``).
        """

        # Behind the hub's proxy every visitor seems to come from the proxy's address (on
        # Kubernetes another pod), so the per-visitor share counts the hub user alone.
        counts_by_user = True

        def __init__(self, **kwargs):
            kwargs.pop("token", None)  # Voila's token="" would fall through to object()
            super().__init__(**kwargs)

        @property
        def token(self) -> str:
            return ""  # the portal has no token of its own under a hub

        def get_handlers(self) -> list:
            prefix = self.hub_auth.base_url
            return [
                (
                    url_path_join(prefix, "oauth_callback"),
                    JupyterHubOAuthCallbackHandler,
                    {"hub_auth": self.hub_auth},
                ),
                (url_path_join(prefix, "logout"), HubLogoutHandler, {"hub_auth": self.hub_auth}),
            ]
