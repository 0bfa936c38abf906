"""A request's timeout never swallows a cancel (Ctrl-C) that arrives as the request finishes."""

from __future__ import annotations

import asyncio

import pytest

from tingjian.speech.edge_wire import within


def test_a_cancel_arriving_as_the_work_finishes_is_not_swallowed() -> None:
    async def main() -> None:
        work: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        outer = asyncio.ensure_future(within(work, 30))
        await asyncio.sleep(0)  # the outer task now waits on the work
        work.set_result(1)  # the work finishes and Ctrl-C arrives in the same turn of the loop
        outer.cancel()
        with pytest.raises(asyncio.CancelledError):
            await outer

    asyncio.run(main())


def test_work_that_takes_too_long_is_cancelled_and_times_out() -> None:
    async def main() -> bool:
        work = asyncio.ensure_future(asyncio.sleep(10))
        with pytest.raises(asyncio.TimeoutError):
            await within(work, 0.01)
        return work.cancelled()

    assert asyncio.run(main())


def test_the_result_comes_back_when_in_time() -> None:
    async def main() -> int:
        async def quick() -> int:
            return 7

        return await within(quick(), 5)

    assert asyncio.run(main()) == 7
