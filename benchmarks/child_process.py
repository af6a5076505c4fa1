"""Helpers the benchmarks share: children in their own processes, and loop-lag tickers."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import statistics
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Self

TICK = 0.010


def spawn_child(
    target: Callable[..., None], name: str, *args: Any, daemon: bool = True
) -> tuple[Connection, BaseProcess]:
    """Start `target(conn, *args)` in a fresh spawned process (no state inherited from the
    measured one); return our end of the pipe and the process. A child that starts
    processes of its own (a bot with parser workers) cannot be a daemon."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=target, args=(theirs, *args), name=name, daemon=daemon)
    process.start()
    return ours, process


class LagTicker:
    """A task waking every `period` on the running loop; records how late each wake-up was."""

    def __init__(self, period: float = TICK) -> None:
        self.period = period
        self.lags: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        expected = loop.time() + self.period
        while True:
            await asyncio.sleep(self.period)
            now = loop.time()
            self.lags.append(max(0.0, now - expected))
            expected = now + self.period

    def __enter__(self) -> LagTicker:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="lag-ticker")
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._task is not None:
            self._task.cancel()

    def worst_ms(self) -> float:
        return 1000 * max(self.lags, default=0.0)

    def p99_ms(self) -> float:
        if len(self.lags) < 2:
            return self.worst_ms()
        return 1000 * statistics.quantiles(self.lags, n=100, method="inclusive")[98]


class Child:
    """A fake in a process of its own, spoken to over its pipe: it says hello (its
    addresses) when ready, answers each message, and ends on `stop_message` (also when a
    `with` block is left)."""

    stop_message: Any = "stop"

    def __init__(self, target: Callable[..., None], name: str, *args: Any) -> None:
        self._conn, self.process = spawn_child(target, name, *args)
        self.hello: Any = self._conn.recv()

    def call(self, message: Any) -> Any:
        self._conn.send(message)
        return self._conn.recv()

    def stop(self) -> None:
        with contextlib.suppress(OSError, EOFError):
            self.call(self.stop_message)
        self.process.join(10)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
