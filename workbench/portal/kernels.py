"""The portal's kernel manager: Jupyter's own, with a cap on how many kernels clients start.

Voila starts one kernel per visit. Without a cap, a crawler or a burst of visitors could start
kernels until the machine runs out of memory; with it, the visitor over the cap gets a
"try again in a minute" page (HTTP 503) and the server stays healthy.
"""

from __future__ import annotations

import asyncio

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

# Voila marks the kernels it starts for its pool of preheated kernels with this variable.
PREHEAT_MARK = "VOILA_PREHEAT"


class CappedKernelManager(AsyncMappingKernelManager):
    """At most ``max_kernels`` kernels in all: visitors' kernels and preheated spares alike.

    A visit over the cap gets HTTP 503. A spare that cannot start is taken out of Voila's pool
    (visitors then get a kernel of their own, or the 503 while the cap holds); when any kernel
    stops (a visitor leaves, or an idle kernel is culled), the pools are topped up again.
    """

    max_kernels = Integer(
        40, config=True, help="Most kernels at once, preheated spares included; 0: no cap."
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = 0  # starts in flight count too, so a burst cannot overshoot

    async def start_kernel(self, *args, **kwargs):
        in_use = len(self.list_kernel_ids()) + self._starting
        if self.max_kernels and in_use >= self.max_kernels:
            spare = (kwargs.get("env") or {}).get(PREHEAT_MARK) == "True"
            self.log.warning(
                "Kernel cap reached (%s kernels); refusing %s",
                in_use,
                "a preheated spare" if spare else "a visit",
            )
            if spare:
                self._leave_pool(asyncio.current_task())
            raise web.HTTPError(503, "All app sessions are in use; try again in a minute.")
        self._starting += 1
        try:
            return await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        await super().shutdown_kernel(kernel_id, *args, **kwargs)
        self._top_up_pools()

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
