"""Copies the write-ahead log into the database file, from a thread of its own, in passes
that stay short however long the writer goes on.

A checkpoint copies the pages committed since the one before. Every two minutes is enough
for an ingest (pages that each batch rewrites are copied once per interval, not once per
batch), but not for a fan-out to 100,000 chats: it commits about 60 MB of log a second
without a pause, so a two-minute checkpoint had gigabytes to copy and sync at once, and
the writer's commits stalled behind that flush for a quarter of a second. A log grown by
LOG_GROWTH is therefore checkpointed before its interval is up.

SQLite starts the log over (and shrinks its file back to `journal_size_limit`) only when
the writer begins a transaction after a checkpoint has copied everything. While a fan-out
runs without a pause that does not happen, so the file grows with the fan-out (about 7 GB
at 100,000 chats and 200 stories), and shrinks at the first pause after it. Making the
writer copy the rest itself would start it over sooner, but measured there each such copy
held the writer for 100-650 ms: chat commands would wait for the disk.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

#: Seconds between passive checkpoints of the write-ahead log. Commits are durable through
#: a crash or kill before their checkpoint (the log holds them); only a power loss may take
#: back the last interval's writes (polls then fetch its items again).
CHECKPOINT_EVERY = 120.0
#: Bytes of log growth that bring a checkpoint before its interval is up.
LOG_GROWTH = 1024 * 1024 * 1024
#: A pass that found more new frames than this is followed by another at once (up to
#: CATCH_UP_PASSES): each is shorter than the one before, as the writer added less while
#: it ran, and a log copied to its end is started over at the writer's first pause.
CATCH_UP_FRAMES = 1_000
CATCH_UP_PASSES = 4
#: Seconds between looks at the log's size.
TICK = 1.0


@dataclass(frozen=True)
class Pass:
    """What one checkpoint reported: frames in the log, and how many are copied."""

    busy: bool
    frames: int
    copied: int
    before: int = 0  # frames copied before this pass began, as far as it knows

    @property
    def new(self) -> int:
        """Frames this pass copied (the writer's commits since the pass before it)."""
        return max(self.copied - self.before, 0)


def checkpoint_due(since_last: float, grown: int, every: float, growth: int) -> bool:
    """Whether to checkpoint now: the interval is up, or the log has grown too much."""
    return since_last >= every or grown >= growth


def log_growth(size: int, size_at_last: int) -> int:
    """Bytes the log file grew since the last checkpoint. A file smaller than it was has
    been started over and cut back: all of it counts as new."""
    return size - size_at_last if size >= size_at_last else size


class Checkpointer:
    """Runs passive checkpoints from a connection of its own, on a thread of its own.

    SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the
    writer: a big ingest or fan-out then has commits that take a second, and a chat command
    waits behind them. Passive checkpoints never wait for the writer nor make it wait.
    """

    def __init__(
        self,
        path: str,
        every: float = CHECKPOINT_EVERY,
        growth: int = LOG_GROWTH,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._conn = sqlite3.connect(path, timeout=0.1, check_same_thread=False)
        self._log = f"{path}-wal"
        self._every, self._growth, self._clock = every, growth, clock
        self._last, self._size_at_last = clock(), self._log_bytes()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="trucewatch-db-checkpoint")
        self._thread.daemon = True
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(min(TICK, self._every)):
            grown = log_growth(self._log_bytes(), self._size_at_last)
            if checkpoint_due(self._clock() - self._last, grown, self._every, self._growth):
                self.checkpoint()

    def checkpoint(self) -> Pass:
        """Passive passes until one finds little new to copy."""
        self._last, self._size_at_last = self._clock(), self._log_bytes()
        last = passive(self._conn)
        for _ in range(CATCH_UP_PASSES - 1):
            if last.busy or last.new <= CATCH_UP_FRAMES:
                break
            last = passive(self._conn, last.copied)
        return last

    def _log_bytes(self) -> int:
        try:
            return os.stat(self._log).st_size
        except OSError:
            return 0

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        passive(self._conn)
        self._conn.close()


def passive(conn: sqlite3.Connection, before: int = 0) -> Pass:
    """A passive checkpoint: copies what no reader still needs, and never waits."""
    with contextlib.suppress(sqlite3.Error):  # busy, or closing: next time
        busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return Pass(bool(busy), int(frames), int(copied), before)
    return Pass(True, 0, 0, before)
