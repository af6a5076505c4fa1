"""Copies the write-ahead log into the database file, and gives its disk space back, from a
connection and a thread of their own: the writer never does either.

SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the
writer: a big ingest or fan-out then has commits that take a second, and a chat command
waits behind them. Passive checkpoints here never wait for the writer nor make it wait.

Once a checkpoint has copied every frame, the next commit starts the log over from its
beginning; with a `journal_size_limit` that commit also cuts the file down to the limit, in
one `ftruncate` that took 0.7 s for a 2 GB log here (a 10,000-feed ingest grows the log by
gigabytes between two checkpoints), with the write lock held. So the store's connections
never cut the log (`storage.db`), and the checkpointer shrinks it a step at a time: right
after a checkpoint that copied everything, it makes the log's first commit itself, a
one-page write, with its own limit one step below the file's size.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading

#: Seconds between passive checkpoints. A checkpoint copies every page changed since the
#: last one into the database file: index pages that each ingest batch touches again are
#: copied once per checkpoint, not once per batch. Commits are durable through a crash or
#: kill before their checkpoint (the log holds them); only a power loss may take back the
#: last interval's writes (polls then fetch its items again).
CHECKPOINT_EVERY = 120.0
#: The log's size at rest; beyond it the log is shrunk, a step per checkpoint.
WAL_REST_BYTES = 64 * 1024 * 1024
#: Bytes cut from the log at a time: cutting 128 MB took 27 ms here, so a chat command's
#: write that comes meanwhile waits that long at most for the lock.
SHRINK_STEP_BYTES = 128 * 1024 * 1024
#: Seconds until the next step while the log is still above its size at rest.
SHRINK_PAUSE = 2.0


def shrink_target(
    size: int, rest: int = WAL_REST_BYTES, step: int = SHRINK_STEP_BYTES
) -> int | None:
    """The size to cut a log of `size` bytes down to, or None when it is small enough."""
    if size <= rest:
        return None
    return max(rest, size - step)


class Checkpointer:
    """Checkpoints the log every `every` seconds and shrinks it while it is oversized."""

    def __init__(
        self,
        path: str,
        every: float = CHECKPOINT_EVERY,
        rest: int = WAL_REST_BYTES,
        step: int = SHRINK_STEP_BYTES,
    ) -> None:
        self._conn = sqlite3.connect(path, timeout=0.1, check_same_thread=False)
        self._conn.isolation_level = None  # transactions are begun here, explicitly
        self._wal = f"{path}-wal"
        self._every, self._rest, self._step = every, rest, step
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="trucewatch-db-checkpoint")
        self._thread.daemon = True
        self._thread.start()

    def _run(self) -> None:
        pause = self._every
        while not self._stop.wait(pause):
            pause = SHRINK_PAUSE if self.checkpoint() else self._every

    def checkpoint(self) -> bool:
        """One passive checkpoint, then a shrinking step if it copied every frame and the
        log is oversized; whether the log is still oversized."""
        with contextlib.suppress(sqlite3.Error):  # busy, or closing: next time
            busy, frames, copied = self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            target = shrink_target(self._wal_size(), self._rest, self._step)
            if target is None:
                return False
            if not busy and frames == copied:
                self._restart_log(target)
        return shrink_target(self._wal_size(), self._rest, self._step) is not None

    def _restart_log(self, target: int) -> None:
        """The log's first commit since the checkpoint, which starts it over and cuts its
        file to `target` bytes. A commit of the writer's in between has started it over
        already (without cutting it): then nothing is cut until the next checkpoint."""
        conn = self._conn
        conn.execute(f"PRAGMA journal_size_limit = {int(target)}")
        conn.execute("BEGIN IMMEDIATE")
        try:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            conn.execute(f"PRAGMA user_version = {int(version)}")  # a one-page write
            conn.execute("COMMIT")
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            raise

    def _wal_size(self) -> int:
        try:
            return os.path.getsize(self._wal)
        except OSError:
            return 0

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        with contextlib.suppress(sqlite3.Error):
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        self._conn.close()
