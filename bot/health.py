"""/healthz: whether the parts that keep alerts flowing are alive. The verdict is a pure
function of what the probes found; the probes only look.

    scheduler (polls are started) + outbox worker (alerts are sent) + storage (both
    database threads answer) -> 200 "ok", or 503 with each part's problem
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.db import Connection
from storage.threads import AsyncStore

#: How long a database thread may take to answer a probe before storage counts as stuck.
STORAGE_TIMEOUT = 5.0
#: How late the scheduler's next poll tick may be before the scheduler counts as stuck.
SCHEDULER_SLACK = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Verdict:
    healthy: bool
    checks: dict[str, str]  # part -> "ok" or what is wrong

    @property
    def status(self) -> int:
        return 200 if self.healthy else 503

    def text(self) -> str:
        if self.healthy:
            return "ok\n"
        return "".join(f"{part}: {state}\n" for part, state in self.checks.items())


def verdict(problems: Mapping[str, str | None]) -> Verdict:
    """Healthy when no part has a problem."""
    checks = {part: problem or "ok" for part, problem in problems.items()}
    return Verdict(all(problem is None for problem in problems.values()), checks)


def scheduler_problem(running: bool, next_tick: datetime | None, now: datetime) -> str | None:
    """A stopped scheduler, or one whose poll tick is long overdue (its loop is stuck)."""
    if not running:
        return "stopped"
    if next_tick is None:
        return "no poll job"
    if now - next_tick > SCHEDULER_SLACK:
        return f"poll tick overdue by {(now - next_tick).total_seconds():.0f} s"
    return None


def task_problem(task: asyncio.Task[None] | None) -> str | None:
    """A background task that is missing or has ended (how, when it raised)."""
    if task is None:
        return "not started"
    if not task.done():
        return None
    if task.cancelled():
        return "stopped"
    return f"stopped: {task.exception()!r}"


async def storage_problem(store: AsyncStore, within: float = STORAGE_TIMEOUT) -> str | None:
    """Both database threads run a trivial query within `within` seconds: the reader behind chat
    commands, and the writer behind everything else (a probe jumps ahead of bulk work,
    so only a write that is itself stuck keeps it waiting)."""
    try:
        async with asyncio.timeout(within):
            await store.read(_ping)
            await store.write(_ping)
    except TimeoutError:
        return f"a database thread has not answered in {within:g} s"
    except Exception as exc:
        return f"unavailable: {exc}"
    return None


def _ping(conn: Connection) -> None:
    conn.rows("SELECT 1")
