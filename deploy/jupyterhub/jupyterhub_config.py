# JupyterHub for a consultancy's whole client base: one client portal per engagement.
#
# Each engagement's portal is a hub-managed service at /services/<name>/, started by the hub
# as `workbench serve FOLDER --hub`. The portal checks every visitor with the hub's OAuth, and
# only the users listed for that engagement hold its access scope, so a client signed in to
# the hub reaches their own portal and gets 403 at every other one. Clients get no Jupyter
# server of their own: the `user` role is cut down so that they cannot start one.
#
# The engagements are read from a TOML file, WORKBENCH_ENGAGEMENTS (default
# /etc/workbench/engagements.toml):
#
#     [portal]                      # optional; applies to every portal
#     host = "127.0.0.1"            # where the proxy reaches the portals ("hub" on Kubernetes)
#     args = ["--warm", "1", "--max-kernels", "12", "--cull-after", "600"]
#     consultants = ["carol"]       # see every portal
#     admins = ["carol"]            # also get the hub's admin page
#
#     [engagements.acme]            # the name is the URL: /services/acme/
#     folder = "/srv/engagements/acme"
#     run = "2026-11-22T101500"     # optional; default: the latest finished run
#     users = ["alice"]             # hub user names of the client's people
#     port = 8871                   # optional; default 8870 + the engagement's position
#
# Sign-in is the hub's: pick an authenticator (OAuthenticator for the consultancy's identity
# provider, NativeAuthenticator, ...) in c.JupyterHub.authenticator_class. Only the users
# listed here may sign in. Tested by tests/portal/test_jupyterhub.py; see docs/deploy.md.

import os
import re
import sys
import tomllib
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides it)

SOURCE = Path(os.environ.get("WORKBENCH_ENGAGEMENTS", "/etc/workbench/engagements.toml"))
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")  # a URL path part and a group name
FIRST_PORT = 8870


def _fail(message: str) -> None:
    # JupyterHub shows a config error as a traceback; one clear line is kinder.
    sys.exit(f"{SOURCE}: {message}")


try:
    listing = tomllib.loads(SOURCE.read_text(encoding="utf-8"))
except OSError as exc:
    _fail(f"cannot read it ({exc.strerror}). Fix: write it, or point WORKBENCH_ENGAGEMENTS at it.")
except tomllib.TOMLDecodeError as exc:
    _fail(f"not valid TOML ({exc}). Fix: correct the file.")

portal = listing.get("portal", {})
engagements = listing.get("engagements", {})
if not engagements:
    _fail("no [engagements.<name>] table. Fix: add one per client engagement.")

# The workbench beside the hub's Python (the same virtualenv or image), unless named.
workbench = portal.get("workbench") or str(Path(sys.executable).with_name("workbench"))
host = portal.get("host", "127.0.0.1")
consultants = list(portal.get("consultants", []))

services, groups, roles, portal_of = [], {}, [], {}
for index, (name, spec) in enumerate(engagements.items()):
    if not NAME.match(name):
        _fail(f"engagement name {name!r} must be lower-case letters, digits and '-'.")
    if "folder" not in spec:
        _fail(f'[engagements.{name}] has no folder. Fix: add folder = "/srv/engagements/...".')
    command = [workbench, "serve", spec["folder"], "--hub", *portal.get("args", [])]
    if spec.get("run"):
        command += ["--run", spec["run"]]
    services.append(
        {
            "name": name,
            "url": f"http://{host}:{spec.get('port', FIRST_PORT + index)}",
            "command": command,
            # The hub vouches for its own services: no "authorize access?" page for clients.
            "oauth_no_confirm": True,
            "display": False,  # a client must not see the names of other clients' portals
        }
    )
    group = f"client-{name}"
    groups[group] = {"users": list(spec.get("users", []))}
    roles.append(
        {
            "name": f"portal-{name}",
            "description": f"Open the client portal of {name}",
            "scopes": [f"access:services!service={name}"],
            "groups": [group],
        }
    )
    for user in spec.get("users", []):
        portal_of.setdefault(user, []).append(name)

# Added to, never replaced: on Kubernetes the chart's own services (the idle culler) and roles
# are already here when this file is loaded from jupyterhub_config.d.
c.JupyterHub.services.extend(services)
c.JupyterHub.load_groups.update(groups)
c.JupyterHub.load_roles.extend(
    [
        *roles,
        # Clients only sign in: without the default 'self' scopes they cannot start a Jupyter
        # server (which would run any code they type) or make API tokens.
        {"name": "user", "scopes": ["read:users:name!user", "read:users:groups!user"]},
        {
            "name": "consultant",
            "description": "Open every client portal",
            "scopes": ["access:services", "read:services"],
            "users": consultants,
        },
    ]
)
c.Authenticator.allowed_users.update(set(portal_of) | set(consultants))
c.Authenticator.admin_users.update(portal.get("admins", []))


def _landing(handler):
    """After sign-in, a client with one engagement lands straight in its portal."""
    user = handler.current_user
    names = portal_of.get(user.name, []) if user else []
    base = handler.hub.base_url.removesuffix("hub/")
    return f"{base}services/{names[0]}/" if len(names) == 1 else f"{base}hub/home"


c.JupyterHub.default_url = _landing
