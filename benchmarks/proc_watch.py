"""Watching a process and its children from outside, through /proc: resident memory,
CPU time and bytes written to storage, sampled on a thread of the watching process.

Resident memory (RSS) counts the pages a process shares (the Python library, libcrypto,
pages a spawned worker has in common with others) in every process that maps them, so a
sum over the bot and its workers counts them several times. The proportional share (PSS)
splits each shared page among the processes mapping it: its sum is what the processes
cost the machine. Both are kept; the goals are set on RSS, the larger.

`write_bytes` in /proc/<pid>/io counts the bytes a process caused to be written to the
storage layer (page-cache pages it dirtied: the WAL, the database file), and
`cancelled_write_bytes` those dirtied and then dropped before they reached the disk (a
truncated WAL). A child that exits keeps the figures of its last sample.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

import psutil  # type: ignore[import-untyped]

SAMPLE_EVERY = 0.050


@dataclass
class Seen:
    """The last figures read for one process."""

    rss: int = 0
    pss: int = 0
    cpu: float = 0.0
    written: int = 0
    cancelled: int = 0


@dataclass
class Peaks:
    main: int = 0  # the watched process
    workers: int = 0  # its children, summed at one instant
    worker: int = 0  # the largest single child
    together: int = 0  # the process and its children at one instant
    together_pss: int = 0  # the same, each counting its share of shared pages
    wal: int = 0  # the database's write-ahead log file
    start: int = 0  # the watched process at the first sample


def io_counters(pid: int) -> tuple[int, int]:
    """(write_bytes, cancelled_write_bytes) of a live process."""
    fields = dict(line.split(": ") for line in Path(f"/proc/{pid}/io").read_text().splitlines())
    return int(fields["write_bytes"]), int(fields["cancelled_write_bytes"])


def proportional_set_size(pid: int) -> int:
    """Bytes of PSS of a live process (/proc/<pid>/smaps_rollup, Linux 4.14 and later)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


def children(pid: int) -> set[int]:
    """Direct children (cheap on Linux; psutil scans all of /proc)."""
    found: set[int] = set()
    for path in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError, ValueError):
            found.update(int(child) for child in path.read_text().split())
    return found


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@dataclass
class TreeWatch:
    """Samples `pid` and its children (multiprocessing's resource tracker excluded) every
    SAMPLE_EVERY seconds until closed; `wal` is the write-ahead log file to watch."""

    pid: int
    wal: Path
    every: float = SAMPLE_EVERY
    peaks: Peaks = field(default_factory=Peaks)
    main: Seen = field(default_factory=Seen)
    workers: dict[int, Seen] = field(default_factory=dict)
    _handles: dict[int, psutil.Process] = field(default_factory=dict)
    _excluded: set[int] = field(default_factory=set)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._handles[self.pid] = psutil.Process(self.pid)
        self.sample()
        self._thread = threading.Thread(target=self._loop, name="proc-watch", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def mark_start(self) -> None:
        """The process is ready: its memory now is its memory at start."""
        self._read(self.pid, self.main)
        self.peaks.start = self.main.rss

    def close(self) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        self._read(self.pid, self.main)
        self._discover()
        for pid, seen in self.workers.items():
            self._read(pid, seen)
        live = [s for pid, s in self.workers.items() if self._alive(pid)]
        rss = [s.rss for s in live]
        self.peaks.main = max(self.peaks.main, self.main.rss)
        self.peaks.workers = max(self.peaks.workers, sum(rss))
        self.peaks.worker = max([self.peaks.worker, *rss])
        self.peaks.together = max(self.peaks.together, self.main.rss + sum(rss))
        pss = self.main.pss + sum(s.pss for s in live)
        self.peaks.together_pss = max(self.peaks.together_pss, pss)
        self.peaks.wal = max(self.peaks.wal, file_size(self.wal))

    def _alive(self, pid: int) -> bool:
        return pid in self._handles

    def _discover(self) -> None:
        with contextlib.suppress(OSError):
            for pid in children(self.pid) - self._excluded - set(self.workers):
                with contextlib.suppress(psutil.Error):
                    child = psutil.Process(pid)
                    if "resource_tracker" in " ".join(child.cmdline()):
                        self._excluded.add(pid)
                    else:
                        self._handles[pid] = child
                        self.workers[pid] = Seen()

    def _read(self, pid: int, seen: Seen) -> None:
        handle = self._handles.get(pid)
        if handle is None:
            return
        try:
            with handle.oneshot():
                seen.rss = handle.memory_info().rss
                times = handle.cpu_times()
            seen.cpu = times.user + times.system
            seen.written, seen.cancelled = io_counters(pid)
            seen.pss = proportional_set_size(pid)
        except (psutil.Error, OSError):  # it exited: keep what was last read
            del self._handles[pid]
            seen.rss = seen.pss = 0

    def written(self) -> int:
        """Bytes written so far by the process and its children (fresh for the process)."""
        self._read(self.pid, self.main)
        return self.main.written + sum(s.written for s in self.workers.values())

    def cancelled(self) -> int:
        return self.main.cancelled + sum(s.cancelled for s in self.workers.values())

    def cpu(self) -> tuple[float, float]:
        """CPU seconds so far: (the process, its children)."""
        self._read(self.pid, self.main)
        return self.main.cpu, sum(s.cpu for s in self.workers.values())


def database_bytes(db: Path) -> int:
    """The database file and its write-ahead log, as they are on disk now."""
    return file_size(db) + file_size(Path(f"{db}-wal"))
