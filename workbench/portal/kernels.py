"""The portal's kernel manager: Jupyter's own, with a cap, a share per visitor and a quick end
for kernels that no browser attaches to.

Voila starts one kernel per visit. Without a cap, a crawler or a burst of visitors could start
kernels until the machine runs out of memory; with it, the visitor over the cap gets a
"try again in a minute" page (HTTP 503) and the server stays healthy. A client that runs no
JavaScript never connects to the kernel its visit started, so such kernels are stopped after
``unattached_seconds`` instead of the ordinary idle time, and one visitor (by address and by
signed-in browser) holds at most ``max_per_visitor`` kernels; over that, a "too many open pages"
page (HTTP 429).
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections import Counter
from dataclasses import dataclass

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from tornado.ioloop import PeriodicCallback
from traitlets import Integer

# Voila marks the kernels it starts for its pool of preheated kernels with this variable.
PREHEAT_MARK = "VOILA_PREHEAT"
# Who is visiting, set by the portal's page handler for the request being served (the kernel
# manager sees no request).
VISITOR: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar(
    "workbench_visitor", default=()
)
CAP_MESSAGE = "All app sessions are in use; try again in a minute."
SHARE_MESSAGE = "Too many open pages of these apps; close one and reload this page."


@dataclass
class Visit:
    keys: tuple[str, ...]
    since: float  # time.monotonic() when the kernel became this visit's


def share_left(visits: list[tuple[str, ...]], visitor: tuple[str, ...], share: int) -> bool:
    """True while every key of ``visitor`` holds fewer than ``share`` of ``visits``.

    >>> share_left([("ip:a",), ("ip:a", "user:x")], ("ip:a",), 3)
    True
    >>> share_left([("ip:a",), ("ip:a", "user:x")], ("ip:b", "user:x"), 1)
    False
    """
    held = Counter(key for keys in visits for key in keys)
    return not share or all(held[key] < share for key in visitor)


class CappedKernelManager(AsyncMappingKernelManager):
    """At most ``max_kernels`` kernels in all: visitors' kernels and preheated spares alike.

    A visit over the cap gets HTTP 503. A spare that cannot start is taken out of Voila's pool
    (visitors then get a kernel of their own, or the 503 while the cap holds); when any kernel
    stops (a visitor leaves, or an idle kernel is culled), the pools are topped up again.
    """

    max_kernels = Integer(
        40, config=True, help="Most kernels at once, preheated spares included; 0: no cap."
    )
    max_per_visitor = Integer(
        4, config=True, help="Most kernels one visitor (address or browser) holds; 0: no limit."
    )
    unattached_seconds = Integer(
        30,
        config=True,
        help="A visit's kernel that no browser ever connected to is stopped after this many "
        "idle seconds (Jupyter's culling has one timeout for all kernels); 0: never.",
    )
    reclaim_interval = Integer(5, config=True, help="Seconds between checks for such kernels.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = 0  # starts in flight count too, so a burst cannot overshoot
        self._visits: dict[str, Visit] = {}
        self._pending: list[tuple[str, ...]] = []  # visitors whose kernel is on its way
        self._attached: set[str] = set()
        self._reclaimer: PeriodicCallback | None = None
        # Voila's preheating subclass hands a spare to a visitor in get_rendered_notebook,
        # which overrides anything defined here: wrap the bound method instead.
        hand_over = getattr(self, "get_rendered_notebook", None)
        if hand_over is not None:
            self.get_rendered_notebook = self._for_visitor(hand_over)

    # --- the share per visitor ----------------------------------------------------------

    def _claim(self, visitor: tuple[str, ...]) -> None:
        live = [v.keys for k, v in self._visits.items() if k in self._kernels]
        if not share_left(live + self._pending, visitor, self.max_per_visitor):
            self.log.warning("Refusing a visit over its share of %s kernels", self.max_per_visitor)
            raise web.HTTPError(429, SHARE_MESSAGE)
        self._pending.append(visitor)

    def _record(self, visitor: tuple[str, ...], kernel_id: str | None) -> None:
        self._pending.remove(visitor)
        if kernel_id:
            self._visits[kernel_id] = Visit(visitor, time.monotonic())
            self._start_reclaimer()

    def _for_visitor(self, hand_over):
        async def get_rendered_notebook(*args, **kwargs):
            visitor = VISITOR.get()
            self._claim(visitor)
            kernel_id = None
            try:
                result = await hand_over(*args, **kwargs)
                kernel_id = result[2]
                return result
            finally:
                self._record(visitor, kernel_id)

        return get_rendered_notebook

    # --- the cap --------------------------------------------------------------------------

    async def start_kernel(self, *args, **kwargs):
        spare = (kwargs.get("env") or {}).get(PREHEAT_MARK) == "True"
        in_use = len(self.list_kernel_ids()) + self._starting
        if self.max_kernels and in_use >= self.max_kernels:
            self.log.warning(
                "Kernel cap reached (%s kernels); refusing %s",
                in_use,
                "a preheated spare" if spare else "a visit",
            )
            if spare:
                self._leave_pool(asyncio.current_task())
            raise web.HTTPError(503, CAP_MESSAGE)
        visitor = None if spare else VISITOR.get()
        if visitor is not None:
            self._claim(visitor)
        self._starting += 1
        kernel_id = None
        try:
            kernel_id = await super().start_kernel(*args, **kwargs)
            return kernel_id
        finally:
            self._starting -= 1
            if visitor is not None:
                self._record(visitor, kernel_id)

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        self._visits.pop(kernel_id, None)
        self._attached.discard(kernel_id)
        await super().shutdown_kernel(kernel_id, *args, **kwargs)
        self._top_up_pools()

    def notify_connect(self, kernel_id):
        super().notify_connect(kernel_id)
        self._attached.add(kernel_id)

    # --- kernels no browser attaches to -------------------------------------------------------

    def _start_reclaimer(self) -> None:
        if self._reclaimer is None and self.unattached_seconds > 0:
            # A short grace is checked more often, so it is kept to within a quarter.
            every = max(1, min(self.reclaim_interval, self.unattached_seconds // 4))
            self._reclaimer = PeriodicCallback(self.reclaim_unattached, 1000 * every)
            self._reclaimer.start()

    def unattached(self, now: float | None = None) -> list[str]:
        """Visits' kernels that no browser ever connected to, idle for the grace period."""
        now = time.monotonic() if now is None else now
        found = []
        for kernel_id, visit in list(self._visits.items()):
            kernel = self._kernels.get(kernel_id)
            if kernel is None or kernel_id in self._attached:
                continue
            if self._kernel_connections.get(kernel_id, 0) or kernel.execution_state == "busy":
                continue
            last = getattr(kernel, "last_activity", None)
            idle_since = visit.since
            if last is not None:  # a wall-clock time; turn it into this clock's terms
                idle_since = max(idle_since, now - (time.time() - last.timestamp()))
            if now - idle_since >= self.unattached_seconds:
                found.append(kernel_id)
        return found

    async def reclaim_unattached(self) -> None:
        for kernel_id in self.unattached():
            self.log.warning(
                "Stopping kernel %s: no browser connected to it within %s s of its page",
                kernel_id,
                self.unattached_seconds,
            )
            try:
                await self.shutdown_kernel(kernel_id)
            except Exception:  # gone meanwhile; the next round sees the rest
                self.log.exception("Could not stop kernel %s", kernel_id)

    # --- Voila's pools ------------------------------------------------------------------------

    def _leave_pool(self, task: asyncio.Task | None) -> None:
        """Take a refused spare out of Voila's pool, so no visitor waits for it and Voila's
        own shutdown (which reads every finished spare's result) never meets the refusal."""
        for pool in (getattr(self, "_pools", None) or {}).values():
            pool[:] = [t for t in pool if t is not task]

    def _top_up_pools(self) -> None:
        """Drop spares that failed to start and start new ones (Voila's pools only)."""
        pools = getattr(self, "_pools", None)
        if not pools or not hasattr(self, "fill_if_needed"):
            return
        for notebook, pool in pools.items():
            pool[:] = [t for t in pool if not (t.done() and (t.cancelled() or t.exception()))]
            self.fill_if_needed(delay=0, notebook_name=notebook)
