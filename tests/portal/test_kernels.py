import asyncio
import os

import pytest
from tornado.web import HTTPError

from workbench.portal.kernels import PREHEAT_MARK, CappedKernelManager


def _manager(tmp_path, max_kernels):
    return CappedKernelManager(
        max_kernels=max_kernels, connection_dir=str(tmp_path), root_dir=str(tmp_path)
    )


def test_the_cap_is_configurable_and_on_by_default():
    assert CappedKernelManager.max_kernels.default_value > 0
    assert CappedKernelManager.max_kernels.metadata.get("config") is True


@pytest.mark.slow
def test_kernels_over_the_cap_are_refused_spares_included_until_one_stops(tmp_path):
    async def scenario():
        km = _manager(tmp_path, max_kernels=1)
        try:
            first = await km.start_kernel(kernel_name="python3")
            assert km.list_kernel_ids() == [first]
            with pytest.raises(HTTPError) as refused:
                await km.start_kernel(kernel_name="python3")
            assert refused.value.status_code == 503
            assert km.list_kernel_ids() == [first]
            with pytest.raises(HTTPError):  # a preheated spare counts as well
                await km.start_kernel(
                    kernel_name="python3", env={**os.environ, PREHEAT_MARK: "True"}
                )
            await km.shutdown_kernel(first)
            second = await km.start_kernel(kernel_name="python3")  # room again
            assert km.list_kernel_ids() == [second]
        finally:
            await km.shutdown_all()
        assert km.list_kernel_ids() == []

    asyncio.run(scenario())


@pytest.mark.slow
def test_a_visitor_kernel_marked_not_preheated_counts_towards_the_cap(tmp_path):
    async def scenario():
        km = _manager(tmp_path, max_kernels=1)
        try:
            await km.start_kernel(kernel_name="python3")
            with pytest.raises(HTTPError) as refused:
                await km.start_kernel(
                    kernel_name="python3", env={**os.environ, PREHEAT_MARK: "False"}
                )
            assert refused.value.status_code == 503
        finally:
            await km.shutdown_all()

    asyncio.run(scenario())
