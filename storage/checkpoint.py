"""Copies the write-ahead log into the database file from a connection and a thread of
their own, and keeps the writer's cuts of the log's file small.

SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the
writer: a big ingest or fan-out then has commits that take a second, and a chat command
waits behind them. Passive checkpoints here never wait for the writer nor make it wait.

Once a checkpoint has copied every frame, the next commit starts the log over from its
beginning, and cuts its file down to `journal_size_limit`: one `ftruncate` that took 0.7 s
for a 2 GB log here (a 10,000-feed ingest grows the log by gigabytes between checkpoints),
with the write lock held. So the writer's limit follows the log's size (`LogLimit`): each
such commit cuts one step of 128 MB at most, and checkpoints come every few seconds until
the log is back to its size at rest. (Only the writer may make that commit: a write from
another connection would void a transaction the writer has begun with reads.)

A checkpoint starts by syncing the log to disk. With two minutes of an ingest's frames
dirty in the page cache, that sync flushed gigabytes, and the writer's commits stalled
behind it (1.2 s on a loaded machine: the file system's journal waits for the flush). So
the checkpointer also syncs the log every second, a few megabytes at a time, and the
checkpoint's own sync finds little left to do: `benchmarks/checkpoint_stall.py` measures
the slowest commit during a checkpoint at 153 ms without these syncs and 35 ms with them.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time

#: Seconds between passive checkpoints. A checkpoint copies every page changed since the
#: last one into the database file: index pages that each ingest batch touches again are
#: copied once per checkpoint, not once per batch. Commits are durable through a crash or
#: kill before their checkpoint (the log holds them), and the log is synced every second
#: (`SYNC_EVERY`): a power loss may take back the last second's writes at most (polls then
#: fetch their items again).
CHECKPOINT_EVERY = 120.0
#: Seconds between syncs of the log's new frames to disk (see the module's docstring).
SYNC_EVERY = 1.0
#: The log's size at rest; beyond it the log is shrunk, a step per checkpoint.
WAL_REST_BYTES = 64 * 1024 * 1024
#: Bytes cut from the log at a time: cutting 128 MB took 27 ms here, so a chat command's
#: write that comes meanwhile waits that long at most for the lock.
SHRINK_STEP_BYTES = 128 * 1024 * 1024
#: Seconds to the next checkpoint while the log is above its size at rest and the writer
#: was quiet since the last one (a busy writer keeps the two-minute pace: each checkpoint
#: copies pages the next batches would change again).
SHRINK_PAUSE = 2.0
#: "Quiet": fewer frames than this (8 MB of 4 KB pages) added to the log since the last pass.
QUIET_FRAMES = 2048


def shrink_target(
    size: int, rest: int = WAL_REST_BYTES, step: int = SHRINK_STEP_BYTES
) -> int | None:
    """The size to cut a log of `size` bytes down to, or None when it is small enough."""
    if size <= rest:
        return None
    return max(rest, size - step)


class LogLimit:
    """The writer's `journal_size_limit`, one step below the log's current size while it is
    oversized, so that a commit that starts the log over cuts one step of it at most."""

    def __init__(self, path: str, rest: int = WAL_REST_BYTES, step: int = SHRINK_STEP_BYTES):
        self._wal, self._rest, self._step = f"{path}-wal", rest, step
        self._applied: int | None = None

    def follow(self, conn: sqlite3.Connection) -> None:
        """Set the limit for the log's size now (before a job of the writer's)."""
        limit = shrink_target(wal_size(self._wal), self._rest, self._step)
        limit = -1 if limit is None else limit
        if limit != self._applied:
            conn.execute(f"PRAGMA journal_size_limit = {limit}")
            self._applied = limit


def shrink_soon(size: int, added_frames: int, rest: int = WAL_REST_BYTES) -> bool:
    """Whether the next checkpoint comes after `SHRINK_PAUSE`: the log (`size` bytes) is
    above its size at rest and the writer added few frames since the last checkpoint."""
    return size > rest and added_frames < QUIET_FRAMES


class Checkpointer:
    """A passive checkpoint every `every` seconds, or every `SHRINK_PAUSE` seconds while the
    log is oversized and the writer quiet (each lets its next commit cut a step of it).
    `log_limit` is the writer's side, for the same size at rest."""

    def __init__(
        self,
        path: str,
        every: float = CHECKPOINT_EVERY,
        rest: int = WAL_REST_BYTES,
        step: int = SHRINK_STEP_BYTES,
    ) -> None:
        self._conn = sqlite3.connect(path, timeout=0.1, check_same_thread=False)
        self._wal, self._every, self._rest = f"{path}-wal", every, rest
        self.log_limit = LogLimit(path, rest, step)
        self._frames = 0  # frames in the log at the last checkpoint
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="trucewatch-db-checkpoint")
        self._thread.daemon = True
        self._thread.start()

    def _run(self) -> None:
        pause, last = self._every, time.monotonic()
        while not self._stop.wait(SYNC_EVERY):
            self.sync_log()
            if time.monotonic() - last >= pause:
                pause = SHRINK_PAUSE if self.checkpoint() else self._every
                last = time.monotonic()

    def sync_log(self) -> None:
        """The log's frames written to disk, so that a checkpoint's sync stays short."""
        try:
            fd = os.open(self._wal, os.O_RDONLY)
        except OSError:  # no log (yet, or any more): nothing to write
            return
        try:
            os.fdatasync(fd)
        except OSError:  # the checkpoint's own sync will say so, if the disk is failing
            pass
        finally:
            os.close(fd)

    def checkpoint(self) -> bool:
        """One passive checkpoint; whether the next one comes soon (see `shrink_soon`)."""
        try:
            _, frames, _ = self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error:  # busy, or closing: next time
            return False
        # Fewer frames than last time: the log was started over meanwhile.
        added = frames if frames < self._frames else frames - self._frames
        self._frames = frames
        return shrink_soon(wal_size(self._wal), added, self._rest)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        with contextlib.suppress(sqlite3.Error):
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        self._conn.close()


def wal_size(wal: str) -> int:
    try:
        return os.path.getsize(wal)
    except OSError:
        return 0
