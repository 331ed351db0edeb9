"""What the portal adds around Voila's handlers where Voila and Jupyter Server have no setting.

Pure pieces (what to hide in a log line, who a visitor is, how long a guesser waits) are
plain functions and small classes here; :mod:`workbench.portal.voila_app` wires them into the
running server. Each wrapper names the upstream gap it covers.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import time
import traceback
from collections.abc import Callable, Iterable

from tornado import web
from tornado.httputil import HTTPHeaders

SECRET_PARAMS = ("token", "_xsrf", "password")
_PARAM = re.compile(r"(?i)\b(" + "|".join(SECRET_PARAMS) + r")=[^&\s\"'<>]+")
_AUTH_HEADER = re.compile(r"(?i)(authorization:\s*(?:token|bearer)\s+)\S+")
_KERNEL_ID = re.compile(r"\b([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
REDACTED = "[secret]"

# Sent on every response, static files and tornado's own 404s included (Jupyter's
# `tornado_settings.headers` only reach its own handlers). Our pages frame only our own
# documents (the network map is an about:srcdoc frame), so 'self' keeps them working.
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": "frame-ancestors 'self'",
}


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with secrets replaced and kernel ids shortened, for the server log.

    Query parameters that carry a secret lose their value, the configured secrets vanish
    wherever they appear, and a kernel id (a capability for its websockets) keeps only the
    first 8 characters, enough to follow one kernel through the log.

    >>> redact("404 GET /x?token=abc&a=1 kernel 6dd498ad-6910-45c9-b9a3-311a2d313b49")
    '404 GET /x?token=[secret]&a=1 kernel 6dd498ad…'
    >>> redact("the key is hunter2-hunter2", ["hunter2-hunter2"])
    'the key is [secret]'
    """
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    text = _PARAM.sub(lambda m: f"{m.group(1)}={REDACTED}", text)
    text = _AUTH_HEADER.sub(lambda m: m.group(1) + REDACTED, text)
    return _KERNEL_ID.sub(lambda m: m.group(1) + "…", text)


def install_log_redaction(secrets: Iterable[str]) -> None:
    """Redact every log record of this process when it is made (any logger, any handler).

    Tornado logs the full URI of 4xx/5xx requests, the token included; Jupyter Server
    redacts it in its own request log (jupyter-server/jupyter_server#1212) but standalone
    Voila uses tornado's log function, and kernel ids appear in Voila's messages.
    """
    known = [s for s in secrets if s]
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep what we have, still redacted
            message = str(record.msg)
        if record.exc_info:
            message += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
            record.exc_info = None
        record.msg, record.args = redact(message, known), ()
        record.exc_text = None
        return record

    logging.setLogRecordFactory(factory)


def without_secret_params(query: str) -> str:
    """A query string without the parameters that carry secrets (for what kernels see).

    >>> without_secret_params("token=abc&view=2&_xsrf=x")
    'view=2'
    """
    kept = [
        part
        for part in query.split("&")
        if part and part.split("=", 1)[0].lower() not in SECRET_PARAMS
    ]
    return "&".join(kept)


def scrub_request(request) -> None:
    """Remove secret parameters from a tornado request after authentication has read them.

    Voila copies the query and the full URL into each new kernel's environment (QUERY_STRING,
    VOILA_REQUEST_URL) and into what /voila/query answers; a kernel must never hold the token.
    """
    for name in list(request.query_arguments):
        if name.lower() in SECRET_PARAMS:
            request.query_arguments.pop(name, None)
            request.arguments.pop(name, None)
    request.query = without_secret_params(request.query)
    request.uri = request.path + (f"?{request.query}" if request.query else "")


def is_loopback(address: str) -> bool:
    """
    >>> is_loopback("::1"), is_loopback("10.0.0.1"), is_loopback("nonsense")
    (True, False, False)
    """
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def client_ip(peer: str, headers: HTTPHeaders | dict) -> str:
    """The visitor's address: the peer's, or the proxy's word for it when the peer is this
    machine (nginx on the same host, see docs/deploy.md). A remote peer cannot claim another
    address.

    >>> client_ip("203.0.113.7", {"X-Forwarded-For": "10.0.0.1"})
    '203.0.113.7'
    >>> client_ip("127.0.0.1", {"X-Forwarded-For": "10.0.0.1, 198.51.100.4"})
    '198.51.100.4'
    """
    if is_loopback(peer):
        forwarded = (headers.get("X-Forwarded-For") or "").split(",")[-1].strip()
        real = (headers.get("X-Real-IP") or "").strip()
        for claimed in (forwarded, real):
            try:
                return str(ipaddress.ip_address(claimed))
            except ValueError:
                continue
    return peer


def visitor_keys(ip: str | None, user: str | None) -> tuple[str, ...]:
    """What the per-visitor share counts by: the address, and the signed-in browser.

    >>> visitor_keys("10.0.0.1", "ab12")
    ('ip:10.0.0.1', 'user:ab12')
    >>> visitor_keys(None, "alice")  # behind JupyterHub: the hub user only
    ('user:alice',)
    """
    return ((f"ip:{ip}",) if ip else ()) + ((f"user:{user}",) if user else ())


class Throttle:
    """Failed sign-ins per address with exponential back-off (Jupyter Server has none).

    After ``free`` failures the next guess waits ``first`` seconds, and each further failure
    doubles the wait, up to ``longest`` seconds; a success forgets the address.

    >>> clock = [0.0]
    >>> t = Throttle(free=2, first=1, longest=8, clock=lambda: clock[0])
    >>> for _ in range(3): t.failed("a")
    >>> t.wait("a"), t.wait("b")
    (2.0, 0.0)
    >>> clock[0] = 2.5; t.wait("a")
    0.0
    """

    def __init__(
        self,
        free: int = 5,
        first: float = 2.0,
        longest: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        remember: int = 10_000,
    ):
        self.free, self.first, self.longest, self.clock = free, first, longest, clock
        self.remember = remember
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (count, blocked until)

    def wait(self, key: str) -> float:
        """Seconds ``key`` must wait before its next guess is checked (0: go ahead)."""
        _, until = self._failures.get(key, (0, 0.0))
        return max(0.0, until - self.clock())

    def failed(self, key: str) -> None:
        count = self._failures.get(key, (0, 0.0))[0] + 1
        over = count - self.free + 1
        delay = min(self.longest, self.first * 2 ** (over - 1)) if over > 0 else 0.0
        if len(self._failures) >= self.remember and key not in self._failures:
            self._failures.pop(next(iter(self._failures)))  # bounded memory under a flood
        self._failures[key] = (count, self.clock() + delay)

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)


class SecurityHeaders(web.OutputTransform):
    """Adds :data:`SECURITY_HEADERS` to every response that does not set its own."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        for name, value in SECURITY_HEADERS.items():
            if name not in headers:
                headers[name] = value
        return status_code, headers, chunk
