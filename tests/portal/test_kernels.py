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


# --- the share per visitor and kernels no browser attaches to ---------------------------------


def test_the_share_counts_every_key_of_a_visitor():
    from workbench.portal.kernels import share_left

    held = [("ip:a", "user:x"), ("ip:a", "user:y")]
    assert share_left(held, ("ip:b", "user:z"), 2)
    assert not share_left(held, ("ip:a", "user:z"), 2)  # the address has two
    assert not share_left(held, ("ip:c", "user:x"), 1)  # the browser has one
    assert share_left(held, ("ip:a",), 0)  # 0: no limit
    assert share_left(held, (), 1)  # nobody to count (this machine's own browser)


def test_the_share_and_the_grace_are_configurable():
    for trait in ("max_per_visitor", "unattached_seconds"):
        assert getattr(CappedKernelManager, trait).metadata.get("config") is True
        assert getattr(CappedKernelManager, trait).default_value > 0


@pytest.mark.slow
def test_a_visitor_over_its_share_gets_429_and_an_unattached_kernel_is_reclaimed(tmp_path):
    from workbench.portal.kernels import SHARE_MESSAGE, VISITOR

    async def scenario():
        km = CappedKernelManager(
            max_kernels=5,
            max_per_visitor=1,
            unattached_seconds=1,
            connection_dir=str(tmp_path),
            root_dir=str(tmp_path),
        )
        try:
            VISITOR.set(("ip:10.0.0.1",))
            first = await km.start_kernel(kernel_name="python3")
            with pytest.raises(HTTPError) as refused:
                await km.start_kernel(kernel_name="python3")
            assert refused.value.status_code == 429 and refused.value.log_message == SHARE_MESSAGE
            VISITOR.set(("ip:10.0.0.2",))
            other = await km.start_kernel(kernel_name="python3")  # others still get in
            km.notify_connect(other)  # a browser attached to this one
            deadline = asyncio.get_running_loop().time() + 60  # the reclaimer runs each second
            while first in km.list_kernel_ids() and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.2)
            assert km.list_kernel_ids() == [other]  # the attached one stays
            VISITOR.set(("ip:10.0.0.1",))
            assert await km.start_kernel(kernel_name="python3")  # its share is free again
        finally:
            await km.shutdown_all()

    asyncio.run(scenario())
