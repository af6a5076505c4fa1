"""Runs Store methods on threads: one writer, one reader, so the event loop never blocks."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Concatenate, ParamSpec, TypeVar

from storage.store import Store

P = ParamSpec("P")
R = TypeVar("R")


class AsyncStore:
    """Writes go through one thread (SQLite has one writer); reads use their own connection,
    which WAL lets run beside a write, so chat commands are not stuck behind an ingest."""

    def __init__(self, writer: Store, reader: Store, pools: tuple[ThreadPoolExecutor, ...]):
        self._writer, self._reader = writer, reader
        self._write_pool, self._read_pool = pools[0], pools[-1]
        self.path = writer.path

    @classmethod
    async def open(cls, path: str, *, broken_after: timedelta = timedelta(days=3)) -> AsyncStore:
        write_pool = ThreadPoolExecutor(1, thread_name_prefix="trucewatch-db-write")
        loop = asyncio.get_running_loop()
        writer = await loop.run_in_executor(
            write_pool, lambda: Store(path, broken_after=broken_after)
        )
        if path == ":memory:":
            return cls(writer, writer, (write_pool,))
        read_pool = ThreadPoolExecutor(1, thread_name_prefix="trucewatch-db-read")
        reader = await loop.run_in_executor(
            read_pool, lambda: Store(path, broken_after=broken_after)
        )
        return cls(writer, reader, (write_pool, read_pool))

    async def write(
        self, fn: Callable[Concatenate[Store, P], R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._write_pool, lambda: fn(self._writer, *args, **kwargs)
        )

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
