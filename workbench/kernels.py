"""The portal's kernel manager: Jupyter's own, with a cap on how many kernels clients start.

Voila starts one kernel per visit. Without a cap, a crawler or a burst of visitors could start
kernels until the machine runs out of memory; with it, the visitor over the cap gets a
"try again in a minute" page (HTTP 503) and the server stays healthy.
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

# Voila marks the kernels it starts for its pool of preheated kernels with this variable.
PREHEAT_MARK = "VOILA_PREHEAT"


class CappedKernelManager(AsyncMappingKernelManager):
    """At most ``max_kernels`` kernels started for visitors (preheated spares come on top)."""

    max_kernels = Integer(
        40, config=True, help="Most kernels visitors may hold at once; 0 means no cap."
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = 0  # starts in flight count too, so a burst cannot overshoot

    async def start_kernel(self, *args, **kwargs):
        # Voila sets the mark on every kernel it starts: "True" for the pool, "False" for visits.
        preheating = (kwargs.get("env") or {}).get(PREHEAT_MARK) == "True"
        in_use = len(self.list_kernel_ids()) + self._starting
        if not preheating and self.max_kernels and in_use >= self.max_kernels:
            self.log.warning("Kernel cap reached (%s kernels); refusing a visit", in_use)
            raise web.HTTPError(503, "All app sessions are in use; try again in a minute.")
        self._starting += 1
        try:
            return await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1
