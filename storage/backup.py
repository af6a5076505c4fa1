"""A consistent copy of the database while the bot runs, with SQLite's online backup API.

The copy is made in one backup step, inside one read transaction: with WAL the bot keeps
writing meanwhile, and the copy is the database as of one commit. It is written beside
the target under a temporary name, switched to a single-file journal, checked with
`PRAGMA integrity_check`, and only then put in place; without `force` an existing file is
never replaced, not even by a race.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from storage.db import BUSY_TIMEOUT_MS, StorageError, describe_sqlite_error

#: What the summary counts in the copy.
COUNTED = ("items", "sources", "chats", "subscriptions", "outbox")


class BackupError(StorageError):
    """The backup could not be made; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    size: int  # bytes
    integrity: str  # "ok" for a sound copy
    counts: dict[str, int]
    seconds: float


def backup(source: Path, target: Path, *, force: bool = False) -> BackupResult:
    """Copy the database at `source` to `target`; raise BackupError on any trouble."""
    started = time.perf_counter()
    check_paths(source, target, force=force)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        _copy(source, partial)
        integrity, counts = _inspect(partial)
        if integrity != "ok":
            raise BackupError(
                f"the copy failed its integrity check ({integrity}), so it was not kept: "
                f"the database itself may be damaged; run `trucewatch check`"
            )
        _place(partial, target, force=force)
    finally:
        partial.unlink(missing_ok=True)
    size = target.stat().st_size
    return BackupResult(target, size, integrity, counts, time.perf_counter() - started)


def check_paths(source: Path, target: Path, *, force: bool) -> None:
    """Refuse what cannot work or would destroy something, before any copying."""
    if not source.is_file():
        raise BackupError(f"there is no database at {source} (TRUCEWATCH_DB names it)")
    if target.is_dir():
        raise BackupError(f"{target} is a directory: name the backup file")
    if not target.parent.is_dir():
        raise BackupError(f"the directory {target.parent} does not exist")
    if _same_file(source, target) or target.resolve() in _companions(source):
        raise BackupError(f"{target} is the database or one of its files: choose another name")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists: pass --force to overwrite it")


def _companions(source: Path) -> set[Path]:
    database = source.resolve()
    return {database.with_name(database.name + end) for end in ("-wal", "-shm", "-journal")}


def _same_file(a: Path, b: Path) -> bool:
    with contextlib.suppress(OSError):
        return b.exists() and a.samefile(b)
    return False


def _copy(source: Path, partial: Path) -> None:
    # mode=rw: a missing file is an error, not a new empty database; no migrations run.
    uri = f"{source.resolve().as_uri()}?mode=rw"
    try:
        src = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            with contextlib.closing(sqlite3.connect(partial)) as dst:
                src.backup(dst)  # every page in one step: one consistent snapshot
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(describe_sqlite_error(exc, str(source))) from exc
    except OSError as exc:
        raise BackupError(f"cannot write {partial.parent}: {exc.strerror or exc}") from exc


def _inspect(copy: Path) -> tuple[str, dict[str, int]]:
    """The copy as a single file (no WAL to carry around), its integrity, its rows."""
    try:
        with contextlib.closing(sqlite3.connect(copy)) as db:
            db.execute("PRAGMA journal_mode = DELETE")
            rows = db.execute("PRAGMA integrity_check").fetchall()
            integrity = "; ".join(str(r[0]) for r in rows[:5])
            counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"the copy cannot be read back: {exc}") from exc
    return integrity, counts


def _place(partial: Path, target: Path, *, force: bool) -> None:
    try:
        if force:
            os.replace(partial, target)
        else:
            _place_new(partial, target)
    except FileExistsError:
        raise BackupError(f"{target} already exists: pass --force to overwrite it") from None
    except OSError as exc:
        raise BackupError(f"cannot write {target}: {exc.strerror or exc}") from exc


def _place_new(partial: Path, target: Path) -> None:
    """A hard link fails if the target appeared meanwhile; where the file system has no
    hard links, the check just before the rename has to do."""
    try:
        os.link(partial, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(partial, target)
