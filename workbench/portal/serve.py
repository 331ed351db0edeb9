"""`workbench serve`: an engagement's finished notebooks as a branded, offline client portal.

The portal is a real Voila server. Everything it needs (the branded template, the list of apps,
the security and kernel settings) is written into a private runtime folder at start-up, so the
command line carries no secret and the served folder is never written to.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core import paths
from workbench.core.engagement import DEFAULTS, Engagement, resolve
from workbench.core.errors import EngagementError
from workbench.portal import pages, viewer_kernel
from workbench.present import serving

if TYPE_CHECKING:
    from workbench.portal.hub import HubSettings

TOKEN_ENV = "WORKBENCH_TOKEN"
PASSWORD_ENV = "WORKBENCH_PASSWORD_HASH"
MIN_TOKEN_LENGTH = 16
SECRET_ENV = {TOKEN_ENV, PASSWORD_ENV, "JUPYTER_TOKEN", "JUPYTER_PASSWORD"}
SECRET_PREFIXES = ("JUPYTERHUB_", "JPY_")  # the hub's API token when run as a hub service
_HASH = re.compile(r"^(argon2|sha1|sha256|sha512):\S+$")


@dataclass(frozen=True)
class PortalSettings:
    """How the portal runs. The defaults suit one consultant's laptop.

    >>> PortalSettings(public=True, token="x" * 32).ip
    '0.0.0.0'
    """

    port: int = 8866
    public: bool = False  # listen on every interface; needs a token or a hashed password
    token: str = ""
    password_hash: str = ""
    base_url: str = "/"
    warm_kernels: int = 1  # preheated kernels per app; 0 starts a kernel on each visit
    max_kernels: int = 40  # kernels at once, preheated spares included
    cull_idle_seconds: int = 600  # an idle kernel nobody is connected to is stopped after this
    cull_interval_seconds: int = 60
    max_per_visitor: int = 4  # kernels one visitor (address, or signed-in browser) holds; 0: any
    unattached_seconds: int = 30  # a visit's kernel no browser connected to stops after this
    hub: HubSettings | None = None  # visitors sign in through JupyterHub (portal/hub.py)

    @property
    def ip(self) -> str:
        return "0.0.0.0" if self.public else "127.0.0.1"


def settings_from_env(**overrides) -> PortalSettings:
    """Settings with the secrets read from the environment, never from the command line."""
    settings = PortalSettings(
        token=os.environ.get(TOKEN_ENV, ""), password_hash=os.environ.get(PASSWORD_ENV, "")
    )
    return replace(settings, **overrides)


def check_settings(s: PortalSettings) -> PortalSettings:
    """Refuse settings that would expose the apps or cannot work; say how to fix them."""
    if s.token and len(s.token) < MIN_TOKEN_LENGTH:
        raise EngagementError(
            f"The token in {TOKEN_ENV} has {len(s.token)} characters; it needs at least "
            f"{MIN_TOKEN_LENGTH}. Fix: `export {TOKEN_ENV}=$(python -c "
            "'import secrets; print(secrets.token_urlsafe(32))')`."
        )
    if s.password_hash and not _HASH.match(s.password_hash):
        raise EngagementError(
            f"{PASSWORD_ENV} is not a hashed password (it should start with 'argon2:'). "
            "Fix: create one with `workbench password` and put its output there."
        )
    if s.public and not (s.token or s.password_hash or s.hub):
        raise EngagementError(
            "--public makes the apps reachable from other machines, so it needs a token or a "
            f"password. Fix: set {TOKEN_ENV} to a long random value, or set {PASSWORD_ENV} "
            "to the output of `workbench password`; or drop --public to serve on 127.0.0.1."
        )
    if not (s.base_url.startswith("/") and s.base_url.endswith("/")):
        raise EngagementError(
            f"--base-url {s.base_url!r} must start and end with '/'. Fix: e.g. --base-url /apps/."
        )
    for name in (
        "warm_kernels",
        "max_kernels",
        "cull_idle_seconds",
        "cull_interval_seconds",
        "max_per_visitor",
        "unattached_seconds",
    ):
        if getattr(s, name) < 0:
            raise EngagementError(f"{name} cannot be negative. Fix: use 0 or more.")
    if not 0 < s.port < 65536:
        raise EngagementError(f"Port {s.port} is not a TCP port. Fix: use one in 1-65535.")
    return s


def app_dir(engagement: str | Path | None = None, run: str | None = None) -> Path:
    """The folder of notebooks to serve: the demo's, or an engagement's latest (or named) run."""
    if engagement is None or str(engagement) == paths.DEMO_NAME and not Path(engagement).is_dir():
        if not paths.DEMO_NOTEBOOKS.is_dir():
            raise EngagementError(
                f"The demo notebooks are missing from {paths.DEMO_NOTEBOOKS}. "
                "Fix: in a checkout, run `make notebooks`; if installed from a wheel, reinstall "
                "it (the wheel carries them)."
            )
        return paths.DEMO_NOTEBOOKS
    eng = Engagement.load(resolve(engagement))
    # Only finished runs carry a dated name; .running-*/.failed-* and stray folders never do.
    runs = sorted(p for p in eng.outputs.glob("*") if p.is_dir() and paths.RUN_NAME.match(p.name))
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


def portal_brand(notebooks: Path) -> pages.Brand:
    """Branding for a served folder: its engagement's, or the workbench's own for others."""
    folder = notebooks.resolve()
    if folder == paths.DEMO_NOTEBOOKS.resolve():
        return pages.brand(Engagement.load(paths.DEMO_NAME), "Demo engagement (built in)")
    root = folder.parent.parent
    if folder.parent.name == paths.OUTPUTS and (root / paths.ENGAGEMENT_FILE).is_file():
        return pages.brand(Engagement.load(root), f"Results of the run of {folder.name}")
    colours = DEFAULTS["branding"]  # the same defaults a new engagement.toml starts from
    return pages.Brand(
        "Relationship Workbench",
        "Apps",
        colours["primary_color"],
        colours["accent_color"],
        "",
        str(folder),
    )


def voila_config(s: PortalSettings) -> dict:
    """The whole Voila configuration, written as voila.json into the runtime folder."""
    config: dict = {
        "Voila": {
            "ip": s.ip,
            "port": s.port,
            "open_browser": False,
            "base_url": s.base_url,
            # XSRF is checked on every POST (the sign-in form above all); Voila's leave-the-page
            # beacon, which cannot carry the token, is exempt in voila_app.PortalShutdownHandler.
            "tornado_settings": {
                "xsrf_cookies": True,
                "xsrf_cookie_kwargs": {"samesite": "Lax"},
            },
            "port_retries": 0,  # a busy port is an error, never a silent move to another one
        },
        "VoilaConfiguration": {
            "template": pages.PORTAL_TEMPLATE,
            "theme": "light",
            # ?template=lab or ?theme= would bypass the portal (hidden cells, CDN fonts).
            "allow_template_override": "NO",
            "allow_theme_override": "NO",
            "show_tracebacks": False,  # tracebacks go to the server log only
            "strip_sources": True,  # no code reaches the browser
            "file_allowlist": [],  # the apps embed what they show; serve no files beside them
            "preheat_kernel": s.warm_kernels > 0,
            "default_pool_size": max(s.warm_kernels, 1),
            "multi_kernel_manager_class": "workbench.portal.kernels.CappedKernelManager",
        },
        "VoilaKernelManager": {
            "kernel_pools_config": {"default": {"pool_size": max(s.warm_kernels, 1)}},
            "fill_delay": 0,
        },
        # The sign-in cookie: never sent with cross-site requests, never readable by scripts.
        "IdentityProvider": {"cookie_options": {"samesite": "Lax", "httponly": True}},
        "CappedKernelManager": {
            "max_kernels": s.max_kernels,
            "max_per_visitor": s.max_per_visitor,
            "unattached_seconds": s.unattached_seconds,
            "cull_idle_timeout": s.cull_idle_seconds,
            "cull_interval": s.cull_interval_seconds,
            "cull_connected": False,  # an open tab keeps its kernel
        },
    }
    if s.hub:  # the hub's OAuth checks every visitor (see workbench.portal.hub)
        from workbench.portal import hub

        for section, values in hub.voila_config(s.hub).items():
            config.setdefault(section, {}).update(values)
    elif not (s.token or s.password_hash):
        # Without a secret, answer only requests addressed to localhost: a web page cannot
        # reach the apps through DNS rebinding. (Behind a proxy, set a token.)
        config["Voila"]["tornado_settings"]["allow_remote_access"] = False
    if s.token:
        config["Voila"]["token"] = s.token
    if s.password_hash:
        config["PasswordIdentityProvider"] = {"hashed_password": s.password_hash}
    return config


def voila_env(
    templates: Path | None = None, base_url: str = "/", ipython_dir: Path | None = None
) -> dict[str, str]:
    """The environment Voila runs in: where its templates are, and marks for the kernels.

    With ``ipython_dir`` (see :func:`viewer_kernel.write_profile`), kernels load the portal's
    viewer guard: no traceback reaches a viewer.
    """
    env = dict(os.environ)
    for name in list(env):  # kernels run notebook code; they never need the server's secrets
        if name in SECRET_ENV or name.startswith(SECRET_PREFIXES):
            del env[name]
    data_dirs = [str(templates)] if templates else []  # the portal's generated template
    data_dirs += [str(paths.SHARE_DIR), env.get("JUPYTER_PATH", "")]
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in data_dirs if p)
    # Editors in the apps are read-only; with the portal's template, network maps load
    # vis-network from the portal instead of inlining it.
    env.update(serving.kernel_environment(pages.vis_url(base_url) if templates else None))
    if ipython_dir is not None:
        env["IPYTHONDIR"] = str(ipython_dir)
    return env


def voila_argv(notebooks: Path, runtime: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "workbench.portal.voila_app",  # Voila with the portal's guards (see that module)
        str(notebooks),
        f"--Voila.config_file_paths={runtime}",
    ]


class VoilaServer:
    """The portal in a child process, stopped on exit (the CLI, tests and benchmarks use it).

    >>> with VoilaServer(paths.DEMO_NOTEBOOKS) as server:  # doctest: +SKIP
    ...     print(server.url)
    """

    def __init__(
        self,
        notebooks: Path,
        settings: PortalSettings | None = None,
        *,
        port: int | None = None,
        startup_timeout: float = 60,
        log_to_console: bool = False,
    ):
        if settings is None:  # tests and benchmarks: a free port, a kernel started per visit
            settings = PortalSettings(warm_kernels=0, port=port or _free_port())
        elif port:
            settings = replace(settings, port=port)
        self.settings = check_settings(settings)
        self.notebooks = Path(notebooks)
        self.apps = pages.discover_apps(self.notebooks)
        spares = self.settings.warm_kernels * len(self.apps)
        if self.settings.max_kernels and spares >= self.settings.max_kernels:
            raise EngagementError(
                f"{len(self.apps)} apps with {self.settings.warm_kernels} preheated kernel(s) "
                f"each fill the cap of {self.settings.max_kernels} kernels, leaving no room for "
                f"visitors. Fix: raise --max-kernels above {spares} or lower --warm."
            )
        self.brand = portal_brand(self.notebooks)
        self.url = f"http://127.0.0.1:{self.settings.port}{self.settings.base_url.rstrip('/')}"
        self.startup_timeout = startup_timeout
        self.log_to_console = log_to_console
        self.process: subprocess.Popen | None = None
        self.runtime: Path | None = None
        self.log_path: Path | None = None

    def __enter__(self) -> VoilaServer:
        self.runtime = Path(tempfile.mkdtemp(prefix="workbench-portal-"))  # mode 0700
        try:
            self._start()
            self._wait_until_answering()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start(self) -> None:
        share = self.runtime / "share"  # what kernels see on JUPYTER_PATH: templates only
        pages.write_template(share, self.apps, self.brand, self.settings.base_url)
        # Answered only by this server, so a portal already on the port is never mistaken
        # for this one.
        self._instance = secrets.token_hex(16)
        static = share / "voila" / "templates" / pages.PORTAL_TEMPLATE / "static"
        (static / "instance.txt").write_text(self._instance, encoding="ascii")
        config = self.runtime / "voila.json"
        config.touch(mode=0o600)  # it may hold the token or the password hash
        config.write_text(json.dumps(voila_config(self.settings), indent=1), encoding="utf-8")
        self.log_path = self.runtime / "server.log"
        log = None if self.log_to_console else open(self.log_path, "wb")  # noqa: SIM115
        try:
            self.process = subprocess.Popen(
                voila_argv(self.notebooks, self.runtime),
                env=voila_env(
                    share,
                    self.settings.base_url,
                    viewer_kernel.write_profile(self.runtime / "ipython"),
                ),
                stdout=log,
                stderr=log,
            )
        finally:
            if log:
                log.close()

    def _wait_until_answering(self) -> None:
        probe = f"{self.url}/voila/static/instance.txt"  # open without the secret
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise EngagementError(
                    f"Voila stopped while starting on port {self.settings.port}.{self._log_tail()}"
                    " Fix: if the port is in use, pick another with --port."
                )
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.read().decode("ascii", "replace") == self._instance:
                        return
                raise EngagementError(
                    f"Another server answers on port {self.settings.port}. "
                    "Fix: stop it, or pick another port with --port."
                )
            except urllib.error.HTTPError:
                time.sleep(0.2)  # someone else's server, or ours still starting
            except OSError:
                time.sleep(0.2)
        raise EngagementError(
            f"Voila did not answer within {self.startup_timeout} s.{self._log_tail()}"
        )

    def _log_tail(self, lines: int = 15) -> str:
        tail = self.log_text().strip().splitlines()[-lines:]
        return ("\nLast lines of the server log:\n" + "\n".join(tail)) if tail else ""

    def log_text(self) -> str:
        if self.log_path and self.log_path.is_file():
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        return ""

    def wait_until_warm(self, timeout: float = 180) -> None:
        """Block until every app's pool of preheated kernels has been filled once."""
        deadline = time.monotonic() + timeout
        wanted = {app.path for app in self.apps}
        while time.monotonic() < deadline:
            if wanted <= set(re.findall(r"Kernel pool of (\S+) is filled", self.log_text())):
                return
            time.sleep(0.25)
        raise EngagementError(f"The kernel pools were not warm after {timeout} s")

    def kernel_pids(self) -> list[int]:
        """Process ids of the kernels this server has started (its ipykernel children; Linux)."""
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if parent == self.process.pid and b"ipykernel" in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
            except (OSError, IndexError, ValueError):
                continue  # it ended while we looked
        return found

    def wait(self) -> int:
        return self.process.wait() if self.process else 0

    def __exit__(self, *_exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.runtime:
            shutil.rmtree(self.runtime, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
