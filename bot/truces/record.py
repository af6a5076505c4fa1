"""The truce record the tracker returns, and its JSON form (the `trucewatch truces --json`
contract: ISO 8601 UTC strings or null)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from bot.truces.reports import TruceReport

Status = Literal["announced", "holding", "violated", "collapsed", "ended"]
STATUSES: tuple[Status, ...] = ("announced", "holding", "violated", "collapsed", "ended")


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a "Z", or None."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


@dataclass(frozen=True, slots=True)
class TruceVersion:
    """One step in a truce's life: announced, extended, ended; the times it set."""

    kind: str
    item_id: int
    reported_at: datetime
    starts_at: datetime | None
    ends_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "item_id": self.item_id,
            "reported_at": iso(self.reported_at),
            "starts_at": iso(self.starts_at),
            "ends_at": iso(self.ends_at),
        }


@dataclass(frozen=True, slots=True)
class Truce:
    """A truce found in the news, as of the `now` it was computed for.

    `id` is the smallest id of the items that announced it: stable as items are added,
    so `/truce <id>` keeps naming the same truce. Violations are distinct stories labelled
    as violations, tied to it and published at or after the start and before the end;
    `killed` and `wounded` are reported figures (one per story, its largest), never a
    verified toll. `first_violation_at` is when the earliest violation is alleged to have
    happened where the text says so, else when it was reported.
    """

    id: int
    conflict: str
    title: str
    headline: str
    zone: str
    announced_at: datetime
    starts_at: datetime
    start_known: bool
    ends_at: datetime | None
    status: Status
    end_reason: str | None
    violations: int
    first_violation_at: datetime | None
    first_violation_reported_at: datetime | None
    first_violation_item_id: int | None
    killed: int
    wounded: int
    casualty_reports: int
    places: tuple[str, ...]
    parties: tuple[str, ...]
    mediators: tuple[str, ...]
    purpose: str | None
    source_item_ids: tuple[int, ...]
    end_item_id: int | None
    versions: tuple[TruceVersion, ...]
    reports: tuple[TruceReport, ...]

    @property
    def first_violation_after(self) -> timedelta | None:
        """How long after the start the first violation is alleged."""
        if self.first_violation_at is None:
            return None
        return self.first_violation_at - self.starts_at

    def to_json(self) -> dict[str, Any]:
        """The contract fields first, then what the chat and the CLI can show."""
        after = self.first_violation_after
        return {
            "title": self.title,
            "announced_at": iso(self.announced_at),
            "starts_at": iso(self.starts_at),
            "ends_at": iso(self.ends_at),
            "status": self.status,
            "violations": self.violations,
            "first_violation_at": iso(self.first_violation_at),
            "killed": self.killed,
            "wounded": self.wounded,
            "places": list(self.places),
            "id": self.id,
            "conflict": self.conflict,
            "headline": self.headline,
            "zone": self.zone,
            "start_known": self.start_known,
            "end_reason": self.end_reason,
            "first_violation_reported_at": iso(self.first_violation_reported_at),
            "first_violation_after_seconds": None if after is None else int(after.total_seconds()),
            "first_violation_item_id": self.first_violation_item_id,
            "casualty_reports": self.casualty_reports,
            "parties": list(self.parties),
            "mediators": list(self.mediators),
            "purpose": self.purpose,
            "item_ids": list(self.source_item_ids),
            "versions": [v.to_json() for v in self.versions],
        }
