"""When to poll a feed next: pure functions of the outcome, the clock and a random draw."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.models import Source, SourceHealth

#: Spread polls of same-interval feeds so they do not all hit at once.
JITTER = 0.1
#: A feed may ask for a longer interval (Cache-Control), but alerts must stay timely.
MAX_CACHE_WAIT = timedelta(hours=1)
#: However often a feed fails, it is retried at least this often (it may recover).
MAX_POLL_BACKOFF = timedelta(hours=6)
#: A Retry-After beyond this is treated as this (a server asking for a year is wrong).
MAX_RETRY_AFTER = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """What one poll of a feed gave, as far as scheduling is concerned."""

    ok: bool
    retry_after: float | None = None
    max_age: float | None = None


def next_poll_at(
    now: datetime, interval: float, failures: int, outcome: PollOutcome, draw: float
) -> datetime:
    """The next due time. `failures` counts consecutive failures including this one.

    `draw` is a uniform random number in [0, 1); passing it in keeps this pure.
    """
    base = _success_delay(interval, outcome) if outcome.ok else _failure_delay(interval, failures)
    delay = base * (1 + JITTER * (2 * draw - 1))
    if outcome.retry_after is not None:
        wanted = min(timedelta(seconds=max(0.0, outcome.retry_after)), MAX_RETRY_AFTER)
        delay = max(delay, wanted.total_seconds())
    return now + timedelta(seconds=delay)


def _success_delay(interval: float, outcome: PollOutcome) -> float:
    if outcome.max_age is None:
        return interval
    return max(interval, min(outcome.max_age, MAX_CACHE_WAIT.total_seconds()))


def _failure_delay(interval: float, failures: int) -> float:
    """Exponential back-off: 2, 4, 8 ... intervals, capped (but never below one interval)."""
    ceiling = max(MAX_POLL_BACKOFF.total_seconds(), interval)
    return min(interval * 2.0 ** min(max(failures, 1), 30), ceiling)


def health_status(
    failures: int, first_failure_at: datetime | None, now: datetime, broken_after: timedelta
) -> str:
    """'ok', 'failing', or 'broken' once a feed has failed without a break for too long."""
    if failures == 0 or first_failure_at is None:
        return "ok"
    return "broken" if now - first_failure_at >= broken_after else "failing"


def failure_health(
    source: Source, error: str, next_poll: datetime, now: datetime, broken_after: timedelta
) -> SourceHealth:
    """The source's state after one more failed poll (`source` as it was before it)."""
    failures = source.failures + 1
    first = source.first_failure_at or now
    status = health_status(failures, first, now, broken_after)
    return SourceHealth(status, failures, first, error, next_poll)
