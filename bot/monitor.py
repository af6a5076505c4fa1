"""The operations side of the bot, composed for `bot.app`: the daily retention job on the
app's scheduler, and /metrics and /healthz served by aiohttp in the bot's own event loop
when TRUCEWATCH_METRICS_PORT is set.

    GET /metrics -> cached database reading + process metrics (Prometheus text)
    GET /healthz -> scheduler, outbox worker, storage -> 200 ok | 503 with reasons
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from aiohttp import web
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4

from bot.health import (
    STORAGE_TIMEOUT,
    Verdict,
    scheduler_problem,
    storage_problem,
    task_problem,
    verdict,
)
from bot.metrics import Metrics
from bot.pruner import Pruner
from bot.retention import RetentionPolicy
from storage.db import StorageError

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

#: The first retention run waits for start-up's polls; then it runs once a day.
RETENTION_DELAY = timedelta(minutes=10)


class Operations:
    """Retention and the monitoring endpoints of one App."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.metrics = Metrics(app.store, app.clock)
        self.pruner = Pruner(app.store, RetentionPolicy(app.settings.retention_days), app.clock)
        self.server: MonitorServer | None = None
        self.storage_timeout = STORAGE_TIMEOUT
        self.pruning: asyncio.Task[object] | None = None

    def start(self) -> None:
        """Schedule retention; start serving when a port is configured."""
        first = datetime.now(UTC) + RETENTION_DELAY
        self.app.ticker.add_daily("retention", self.prune, first)
        port = self.app.settings.metrics_port
        if port is not None:
            self.server = MonitorServer(self.metrics.render, self.health)
            self.server.start(self.app.settings.metrics_host, port)

    async def stop(self) -> None:
        """Stop serving, and let a retention run end after its current batch."""
        if self.server is not None:
            await self.server.stop()
        self.pruner.stop()
        if self.pruning is not None:
            await asyncio.gather(self.pruning, return_exceptions=True)

    async def prune(self) -> None:
        """The daily job: a failing disk is logged, and tomorrow's run tries again."""
        self.pruning = asyncio.current_task()
        try:
            await self.pruner.run()
        except StorageError as exc:
            log.error("retention stopped early: %s", exc)
        finally:
            self.pruning = None

    async def health(self) -> Verdict:
        scheduler = self.app.ticker.scheduler
        job = scheduler.get_job("poll") if scheduler is not None else None
        running = scheduler is not None and scheduler.running
        deliver = next((t for t in self.app.tasks if t.get_name() == "deliver"), None)
        return verdict(
            {
                "scheduler": scheduler_problem(running, job and job.next_run_time, _now()),
                "outbox worker": task_problem(deliver),
                "storage": await storage_problem(self.app.store, self.storage_timeout),
            }
        )


def _now() -> datetime:
    """The scheduler's own time: the wall clock, whatever clock the app is given."""
    return datetime.now(UTC)


class MonitorServer:
    """/metrics and /healthz on one port, in the running event loop."""

    def __init__(
        self, metrics: Callable[[], Awaitable[bytes]], health: Callable[[], Awaitable[Verdict]]
    ) -> None:
        self.metrics, self.health = metrics, health
        self.runner: web.AppRunner | None = None
        self.task: asyncio.Task[int] | None = None

    def start(self, host: str, port: int) -> None:
        self.task = asyncio.create_task(self._serve(host, port), name="monitor")

    async def port(self) -> int:
        """The port it listens on, once it does (the one asked for, or the free one
        picked for port 0)."""
        assert self.task is not None
        return await asyncio.shield(self.task)

    async def _serve(self, host: str, port: int) -> int:
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/healthz", self._health)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, host, port)
        try:
            await site.start()
        except OSError as exc:
            log.error("cannot serve /metrics on %s:%s: %s", host, port, exc)
            raise
        bound = int(self.runner.addresses[0][1])
        log.info("serving /metrics and /healthz on http://%s:%d", host, bound)
        return bound

    async def stop(self) -> None:
        if self.task is not None:
            # Let a start in progress finish: a server cancelled half-made keeps its socket.
            await asyncio.gather(self.task, return_exceptions=True)
        if self.runner is not None:
            await self.runner.cleanup()

    async def _metrics(self, request: web.Request) -> web.Response:
        try:
            body = await self.metrics()
        except (StorageError, RuntimeError) as exc:
            return web.Response(status=503, text=f"storage unavailable: {exc}\n")
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_PLAIN_0_0_4})

    async def _health(self, request: web.Request) -> web.Response:
        result = await self.health()
        return web.Response(status=result.status, text=result.text())
