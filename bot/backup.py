"""`trucewatch backup FILE [--force]`: a consistent copy of the database, safe while the
bot runs (`storage.backup`), and a line saying what was written."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import Settings
from storage.backup import BackupResult, backup

_NAMES = {"sources": "feeds", "outbox": "alerts in the outbox"}


def run(args: argparse.Namespace, settings: Settings) -> int:
    result = backup(settings.db_path, Path(args.file), force=args.force)
    print(describe(result, settings.db_path))
    return 0


def describe(result: BackupResult, source: Path) -> str:
    counts = ", ".join(f"{n:,} {_NAMES.get(table, table)}" for table, n in result.counts.items())
    return (
        f"{source} copied to {result.path}: {result.size:,} bytes ({_human(result.size)}), "
        f"{counts}; integrity check: {result.integrity}; {result.seconds:.1f} s"
    )


def _human(size: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")
