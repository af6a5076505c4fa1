"""Runs Store methods on threads: one writer, one reader, so the event loop never blocks."""

from __future__ import annotations

import asyncio
import functools
import itertools
import math
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, Concatenate, ParamSpec, TypeVar

from storage.checkpoint import Checkpointer
from storage.store import Store

P = ParamSpec("P")
R = TypeVar("R")
URGENT, BULK, LAST = 0, 1, 2
#: While chats are active (a chat command came within the last INTERACTIVE_WINDOW seconds),
#: a bulk job's transaction ends after INTERACTIVE_BUDGET seconds: the next command then
#: waits for a short commit, not for the pages of a long one. Other writes (start-up, the
#: delivery's bookkeeping) do not count: with no one waiting, long transactions write fewer
#: bytes.
INTERACTIVE_WINDOW = 10.0
INTERACTIVE_BUDGET = 0.05
_Job = tuple[int, int, Callable[[], Any] | None, Future[Any] | None]


class PriorityWriter(Executor):
    """One thread; jobs run by priority (URGENT before BULK), then in order of submission.

    SQLite has one writer, and an ingest queues hundreds of multi-item transactions: a chat
    command's small write must not wait behind all of them, only behind the one running.
    """

    def __init__(self, name: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._jobs: queue.PriorityQueue[_Job] = queue.PriorityQueue()
        self._order = itertools.count()
        self._urgent = 0  # URGENT jobs queued, not yet started
        self._clock = clock
        self._last_chat = -math.inf  # when a chat command was last seen
        self._job_started = 0.0
        self._urgent_lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    def submit_at(self, priority: int, fn: Callable[[], R]) -> Future[R]:
        if self._closed:
            raise RuntimeError("cannot schedule new futures after shutdown")
        future: Future[R] = Future()
        if priority == URGENT:
            with self._urgent_lock:
                self._urgent += 1
        self._jobs.put((priority, next(self._order), fn, future))
        return future

    def urgent_waiting(self) -> bool:
        """Whether an URGENT job waits for the one running: a long job checks between its
        steps, and ends early so that the urgent one is not kept waiting."""
        return self._urgent > 0

    def chat_seen(self) -> None:
        """A chat command came: for a while, bulk jobs keep their transactions short."""
        self._last_chat = self._clock()

    def turn_over(self) -> bool:
        """Whether the running job should end at its next step: an URGENT job waits, or
        chats are active and the job has held the writer for its budget."""
        now = self._clock()
        active = now - self._last_chat < INTERACTIVE_WINDOW
        return self.urgent_waiting() or (active and now - self._job_started > INTERACTIVE_BUDGET)

    def submit(self, fn: Callable[..., R], /, *args: Any, **kwargs: Any) -> Future[R]:
        return self.submit_at(URGENT, functools.partial(fn, *args, **kwargs))

    def _work(self) -> None:
        while True:
            priority, _, fn, future = self._jobs.get()
            if priority == URGENT:
                with self._urgent_lock:
                    self._urgent -= 1
            if fn is None or future is None:
                return
            if not future.set_running_or_notify_cancel():
                continue
            self._job_started = self._clock()
            try:
                result = fn()
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(result)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if not self._closed:
            self._closed = True
            self._jobs.put((LAST, next(self._order), None, None))
        if wait:
            self._thread.join()


class AsyncStore:
    """Writes go through one thread (SQLite has one writer); reads use their own connection,
    which WAL lets run beside a write, so chat commands are not stuck behind an ingest.
    `write` jumps ahead of queued `write_bulk` jobs (the pipeline's)."""

    def __init__(
        self,
        writer: Store,
        reader: Store,
        pools: tuple[Executor, ...],
        checkpointer: Checkpointer | None = None,
    ):
        self._writer, self._reader = writer, reader
        self._write_pool, self._read_pool = pools[0], pools[-1]
        self._checkpointer = checkpointer
        self._log_limit = None if checkpointer is None else checkpointer.log_limit
        self.path = writer.path

    @classmethod
    async def open(cls, path: str) -> AsyncStore:
        write_pool = PriorityWriter("trucewatch-db-write")
        loop = asyncio.get_running_loop()
        writer = await loop.run_in_executor(write_pool, lambda: Store(path))
        if path == ":memory:":
            return cls(writer, writer, (write_pool,))
        await loop.run_in_executor(write_pool, writer.db.execute, "PRAGMA wal_autocheckpoint = 0")
        # A batch's pages stay in memory until its commit writes each once to the log, rather
        # than spilling there midway and being written again.
        await loop.run_in_executor(write_pool, writer.db.execute, "PRAGMA cache_spill = OFF")
        read_pool = ThreadPoolExecutor(1, thread_name_prefix="trucewatch-db-read")
        reader = await loop.run_in_executor(read_pool, lambda: Store(path))
        return cls(writer, reader, (write_pool, read_pool), Checkpointer(path))

    async def _write_at(self, priority: int, job: Callable[[], R]) -> R:
        pool = self._write_pool
        assert isinstance(pool, PriorityWriter)
        return await asyncio.wrap_future(pool.submit_at(priority, self._limited(job)))

    def _limited(self, job: Callable[[], R]) -> Callable[[], R]:
        """`job`, run after the log's limit is set for its size (see storage.checkpoint)."""
        limit = self._log_limit
        if limit is None:
            return job

        def run() -> R:
            limit.follow(self._writer.db.conn)
            return job()

        return run

    async def write(
        self, fn: Callable[Concatenate[Store, P], R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        return await self._write_at(URGENT, lambda: fn(self._writer, *args, **kwargs))

    async def write_bulk(
        self, fn: Callable[Concatenate[Store, P], R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """A write that may wait for interactive ones (ingest: items, feed health)."""
        return await self._write_at(BULK, lambda: fn(self._writer, *args, **kwargs))

    def writes_waiting(self) -> bool:
        """Whether a `write` waits for the writer (for a `write_bulk` job to give way)."""
        pool = self._write_pool
        return isinstance(pool, PriorityWriter) and pool.urgent_waiting()

    def chat_seen(self) -> None:
        """A chat command came (see INTERACTIVE_WINDOW)."""
        pool = self._write_pool
        if isinstance(pool, PriorityWriter):
            pool.chat_seen()

    def turn_over(self) -> bool:
        """Whether a `write_bulk` job should end its transaction at its next feed: a
        `write` waits, or chats are active and the job has had its share of the writer."""
        pool = self._write_pool
        return isinstance(pool, PriorityWriter) and pool.turn_over()

    async def read(
        self, fn: Callable[Concatenate[Store, P], R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._read_pool, lambda: fn(self._reader, *args, **kwargs)
        )

    async def close(self) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._read_pool, self._reader.close)
        if self._reader is not self._writer:
            await loop.run_in_executor(self._write_pool, self._writer.close)
        self._write_pool.shutdown(wait=True)
        self._read_pool.shutdown(wait=True)
        if self._checkpointer is not None:
            await loop.run_in_executor(None, self._checkpointer.close)
