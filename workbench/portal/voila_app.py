"""The Voila application the portal runs: Voila itself, with the portal's guards wired in.

Everything Voila and Jupyter Server can be told through configuration is in
:func:`workbench.portal.serve.voila_config`; this module covers what they cannot, and names the
upstream issue of each gap. Run as ``python -m workbench.portal.voila_app`` (same arguments as
``python -m voila``).
"""

from __future__ import annotations

import math

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.login import LoginFormHandler
from jupyter_server.auth.logout import LogoutHandler
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.voila_identity_provider import VoilaLoginHandler

from workbench.portal import guards, kernels

# Handlers Voila registers without asking who is there. The templates' static folders
# (/voila/static, /voila/templates/<name>/static) stay open: public libraries and styles, the
# same on every install, that the sign-in page and the network map's sandboxed frame (which
# sends no cookie) load. Nothing of an engagement is in them: the brand is in the pages.
_UNGATED = ("ThemesHandler", "FileFindHandler", "AllowListFileHandler")


def _visitor(handler: JupyterHandler) -> tuple[str, ...]:
    """Who the share counts this visit against; nobody for this machine's own browser when
    the portal has no secret (it then answers only this machine, and the consultant may well
    have many tabs open; a proxy in front names its visitors in X-Forwarded-For)."""
    request = handler.request
    peer = request.remote_ip or ""
    ip = guards.client_ip(peer, request.headers)
    if ip == peer and guards.is_loopback(peer) and not handler.identity_provider.auth_enabled:
        return ()
    user = handler.current_user
    name = getattr(user, "username", None) if user else None
    if name and getattr(handler.identity_provider, "counts_by_user", False):
        return guards.visitor_keys(None, name)  # under a hub: the hub user, not the proxy
    return guards.visitor_keys(ip, name)


class PortalPageHandler(TornadoVoilaHandler):
    """An app's page. After sign-in has read the token, the request forgets it: Voila copies
    the query and the full URL into the new kernel's environment (QUERY_STRING,
    VOILA_REQUEST_URL) and into the next preheated kernel's (voila-dashboards/voila#999 added
    that copy; nothing filters it). The kernel manager learns who is visiting, for the share."""

    async def prepare(self):
        await super().prepare()
        if self._finished:
            return
        guards.scrub_request(self.request)
        kernels.VISITOR.set(_visitor(self))


class PortalTemplateStatic(TemplateStaticFileHandler):
    """Voila's template static files, with a 404 instead of a 500 and a traceback in the log
    for a path outside a template's static folder (Voila asserts on it)."""

    def parse_url_path(self, path):
        if path.count("/") < 2 or path.split("/", 2)[1] != "static":
            raise web.HTTPError(404)
        return super().parse_url_path(path)


class PortalShutdownHandler(VoilaShutdownKernelHandler):
    """Voila frees a kernel on leaving with a sendBeacon POST that cannot carry an XSRF token
    (voila-dashboards/voila#1458): this one POST is exempt, every other one is checked. It
    still needs the signed-in visitor and the kernel's random id."""

    def check_xsrf_cookie(self):
        return None


class PortalLoginHandler(VoilaLoginHandler):
    """The sign-in form with guesses throttled per address: five free failures, then a wait
    that doubles with each failure (Jupyter Server has no limit of its own). The XSRF token
    is required by tornado's check, switched on in the configuration."""

    throttle = guards.Throttle()

    @allow_unauthenticated
    def post(self):
        key = guards.client_ip(self.request.remote_ip or "", self.request.headers)
        wait = self.throttle.wait(key)
        if wait:
            seconds = math.ceil(wait)
            self.set_status(429)
            self.set_header("Retry-After", str(seconds))
            self._render(
                message={"error": f"Too many tries. Wait {seconds} seconds, then try again."}
            )
            return
        super().post()
        if self.get_status() == 401:
            self.throttle.failed(key)
        else:
            self.throttle.succeeded(key)


class PortalLogoutHandler(LogoutHandler):
    """Jupyter's sign-out page, with static files found where Voila serves them (its own
    handler answers 500: the server's page template needs a ``static_path`` Voila never
    sets, the same gap VoilaLoginHandler works around for the sign-in page)."""

    static_url = VoilaLoginHandler.static_url


class _Gate:
    """Answers only a signed-in visitor when the portal has a secret; plain error pages
    (Jupyter's page template needs a ``static_path`` Voila never sets)."""

    async def prepare(self):
        result = super().prepare()
        if result is not None:
            await result
        if self._finished or not self.identity_provider.auth_enabled:
            return
        if not self.current_user:
            raise web.HTTPError(403)

    write_error = web.RequestHandler.write_error


def _gated(cls: type) -> type:
    """``cls`` behind :class:`_Gate` (and JupyterHandler, which finds out who is there)."""
    bases = (_Gate, cls) if issubclass(cls, JupyterHandler) else (_Gate, JupyterHandler, cls)
    return type(f"Gated{cls.__name__}", bases, {})


def guard_handlers(handlers: list, base_url: str) -> list:
    """Voila's handler list with the portal's replacements (pure: no server needed)."""
    guarded = []
    for spec in handlers:
        pattern, cls, *rest = spec
        if cls is RequestInfoSocketHandler:
            # Answers anyone who knows a kernel id with the visitor's request, token included
            # (added by voila-dashboards/voila#999 for voila.utils.wait_for_request, which the
            # apps never call; no Voila setting turns it off while preheating is on).
            continue
        if cls is TornadoVoilaHandler:
            cls = PortalPageHandler
        elif cls is TemplateStaticFileHandler:
            cls = PortalTemplateStatic
        elif cls is VoilaShutdownKernelHandler:
            cls = PortalShutdownHandler
        elif isinstance(cls, type) and issubclass(cls, LoginFormHandler):
            pattern, cls = url_path_join(base_url, "login"), PortalLoginHandler
        elif isinstance(cls, type) and issubclass(cls, LogoutHandler):
            pattern, cls = url_path_join(base_url, "logout"), PortalLogoutHandler
        elif getattr(cls, "__name__", "") in _UNGATED:
            cls = _gated(cls)
        guarded.append((pattern, cls, *rest))
    return guarded


class PortalVoila(Voila):
    """Voila with every response carrying the security headers, logs redacted and the
    handlers of :func:`guard_handlers`."""

    def initialize(self, argv=None):
        super().initialize(argv)
        guards.install_log_redaction([self.token or ""])
        # Nobody reads Voila's cache of visitors' requests once /voila/query is gone; without
        # this it would keep every visitor's request (and grow) for the server's lifetime.
        RequestInfoSocketHandler.send_updates = classmethod(lambda cls, msg: None)

    def init_settings(self):
        settings = super().init_settings()
        settings["transforms"] = [guards.SecurityHeaders]  # Voila compresses nothing
        return settings

    def init_handlers(self):
        return guard_handlers(super().init_handlers(), self.server_url or self.base_url)


main = PortalVoila.launch_instance

if __name__ == "__main__":
    main()
