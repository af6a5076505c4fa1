"""`trucewatch truces [--json]`: the truces found in the stored news (TRUCEWATCH_DB), as a
table or as the JSON list whose fields architecture.md names (times ISO 8601 UTC)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import UTC, datetime

from bot.config import Settings
from bot.truce_book import stored_truces
from bot.truces import Truce, duration_text
from storage.store import Store

COLUMNS = ("#", "status", "starts (UTC)", "ends (UTC)", "violations", "first after", "killed",
           "wounded", "title")  # fmt: skip
RIGHT = frozenset({"#", "violations", "killed", "wounded"})


def truces(args: argparse.Namespace, settings: Settings) -> int:
    store = Store(str(settings.db_path))
    try:
        found = stored_truces(store, datetime.now(UTC))
    finally:
        store.close()
    if args.json:
        print(json.dumps([t.to_json() for t in found], ensure_ascii=False, indent=2))
    else:
        print(table(found))
    return 0


def stamp(moment: datetime | None) -> str:
    return "—" if moment is None else f"{moment.astimezone(UTC):%Y-%m-%d %H:%M}"


def row(truce: Truce) -> tuple[str, ...]:
    after = truce.first_violation_after
    return (
        str(truce.id),
        truce.status,
        stamp(truce.starts_at) + ("" if truce.start_known else "?"),
        stamp(truce.ends_at),
        str(truce.violations),
        "—" if after is None else duration_text(after),
        str(truce.killed),
        str(truce.wounded),
        truce.title,
    )


def table(found: Sequence[Truce]) -> str:
    """Aligned columns, oldest start first; a start the news did not give ends in "?"."""
    if not found:
        return "No truce found in the stored news."
    rows = [COLUMNS, *(row(t) for t in found)]
    widths = [max(len(r[n]) for r in rows) for n in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(
            cell.rjust(w) if name in RIGHT else cell.ljust(w)
            for name, cell, w in zip(COLUMNS, r, widths, strict=True)
        ).rstrip()
        for r in rows
    )
