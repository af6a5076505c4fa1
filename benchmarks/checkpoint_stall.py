"""How long a commit waits while a checkpoint copies a big write-ahead log, with and
without the checkpointer's syncs of the log every second (`storage.checkpoint`).

    python benchmarks/checkpoint_stall.py [--seconds 25] [--runs 3]

A writer thread commits 500 rows of 3.5 KB every 20 ms (about 80 MB of log a second,
like a 10,000-feed ingest at its busiest) into a fresh database with the store's own
settings (`storage.db.connect`, automatic checkpoints off as the bot has them). After
`--seconds`, a passive checkpoint copies the log from another connection, as the
checkpointer does. Reported per mode, median over runs: the slowest commit before the
checkpoint, the slowest commit that overlapped it, and the checkpoint's duration.
Modes alternate run by run: "bare" (no syncs) and "synced" (`Checkpointer` running, its
checkpoint interval set beyond the run, so only its syncs happen).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.checkpoint import Checkpointer  # noqa: E402
from storage.db import connect  # noqa: E402

ROWS, BODY, PAUSE = 500, 3500, 0.02


def one_run(seconds: float, synced: bool) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as scratch:
        path = str(Path(scratch) / "stall.db")
        conn = connect(path).conn
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB)")
        conn.commit()
        syncer = Checkpointer(path, every=10 * seconds) if synced else None
        commits: list[tuple[float, float]] = []
        stop = threading.Event()
        writer = threading.Thread(target=write, args=(conn, stop, commits))
        writer.start()
        time.sleep(seconds)
        began = time.monotonic()
        checkpoint = connect(path).conn
        checkpoint.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        ended = time.monotonic()
        checkpoint.close()
        time.sleep(2)
        stop.set()
        writer.join()
        if syncer is not None:
            syncer.close()
        conn.close()
        before = [took for at, took in commits if at + took < began]
        during = [took for at, took in commits if at + took >= began and at <= ended]
        return max(before), max(during, default=0.0), ended - began


def write(
    conn: sqlite3.Connection, stop: threading.Event, commits: list[tuple[float, float]]
) -> None:
    body = os.urandom(BODY)
    n = 0
    while not stop.is_set():
        started = time.monotonic()
        with conn:
            conn.executemany(
                "INSERT OR REPLACE INTO t VALUES (?, ?)",
                [((n * ROWS + j) % 400_000, body) for j in range(ROWS)],
            )
        commits.append((started, time.monotonic() - started))
        n += 1
        time.sleep(PAUSE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=25.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float, float]]] = {"bare": [], "synced": []}
    for n in range(args.runs):
        for mode in ("bare", "synced"):
            results[mode].append(one_run(args.seconds, mode == "synced"))
            before, during, took = results[mode][-1]
            print(
                f"run {n + 1} {mode}: commit max {1000 * before:.0f} ms before, "
                f"{1000 * during:.0f} ms during the checkpoint ({took:.2f} s)",
                flush=True,
            )
    for mode, runs in results.items():
        before, during, took = (statistics.median(r[k] for r in runs) for k in range(3))
        print(
            f"{mode}: median of {len(runs)} runs: slowest commit {1000 * before:.0f} ms "
            f"before, {1000 * during:.0f} ms during the checkpoint; checkpoint {took:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
