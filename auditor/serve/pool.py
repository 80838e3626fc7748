"""A bounded pool of audit workers: a request beyond its capacity is refused at once, not queued forever.

Audits run in worker threads so the event loop keeps answering (a refusal, the page, a
health check) while they work. `capacity` counts audits running or waiting for a thread; a
slot is freed when its audit ends, even if its request gave up waiting (a time limit).
A thread cannot be stopped: an audit past its time limit runs to its end, holding its slot.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class Busy(Exception):
    """Every worker is busy and the waiting line is full."""


class TooSlow(Exception):
    """An audit took longer than the time limit of a request."""


class WorkerPool:
    """`workers` threads and room for `queue` audits waiting for one."""

    def __init__(self, workers: int, queue: int) -> None:
        if workers < 1 or queue < 0:
            raise ValueError("a pool needs at least one worker and a queue of 0 or more")
        self.capacity = workers + queue
        self._slots = threading.BoundedSemaphore(self.capacity)
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="auditor-serve")

    def submit(self, work: Callable[[], T]) -> "Future[T]":
        """Start `work` on a worker; raise Busy when the pool is full."""
        if not self._slots.acquire(blocking=False):
            raise Busy(f"all {self.capacity} audit slots are taken")
        try:
            future = self._executor.submit(work)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())
        return future

    async def run(self, work: Callable[[], T], timeout: float) -> T:
        """Run `work` on a worker and wait at most `timeout` seconds from its start; raise Busy or TooSlow.

        The time in the queue does not count: the queue's length bounds it, and a request
        that waited its turn under load is not refused for the others' audits.
        """
        loop = asyncio.get_running_loop()
        started = asyncio.Event()

        def timed() -> T:
            loop.call_soon_threadsafe(started.set)
            return work()

        future = asyncio.wrap_future(self.submit(timed))
        future.add_done_callback(lambda _: started.set())  # cancelled before it started: stop waiting too
        await started.wait()
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except asyncio.TimeoutError:
            raise TooSlow(f"the audit took longer than {timeout:g} s") from None

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
