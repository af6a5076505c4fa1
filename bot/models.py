"""Domain records shared by every layer: plain frozen dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Literal, TypeVar

_Record = TypeVar("_Record")

Label = Literal["ceasefire_violation", "diplomatic_move", "casualty_report"]
LABELS: tuple[Label, ...] = ("ceasefire_violation", "diplomatic_move", "casualty_report")

#: One mark per label, used wherever labels are shown in one line.
LABEL_MARKS: dict[str, str] = {
    "ceasefire_violation": "⚠️",
    "diplomatic_move": "🕊",
    "casualty_report": "🩸",
}
LABEL_TITLES: dict[str, str] = {
    "ceasefire_violation": "cease-fire violation",
    "diplomatic_move": "diplomatic move",
    "casualty_report": "casualty report",
}


def compact_pickle(cls: type[_Record]) -> type[_Record]:
    """Pickle as the class and its field values. Parsed items travel back from the parser
    processes by pickle, and a frozen dataclass's own state restore (a Python call per
    field) takes about twice as long to unpickle, on the bot's side."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]

    def reduce(self: _Record) -> tuple[type[_Record], tuple[Any, ...]]:
        return cls, tuple(getattr(self, name) for name in names)

    # setattr: mypy refuses assigning over a method, which this deliberately does
    setattr(cls, "__reduce__", reduce)  # noqa: B010
    return cls


@compact_pickle
@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of the item's text that decided a label or a casualty figure."""

    label: str  # a label name, or "killed" / "wounded" for a figure
    field: Literal["title", "summary"]
    start: int
    end: int
    text: str
    rule: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "rule": self.rule,
        }


@compact_pickle
@dataclass(frozen=True, slots=True)
class Classification:
    """What the classifier decided about one item."""

    labels: tuple[Label, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)
    killed: int | None = None
    wounded: int | None = None
    evidence: tuple[Evidence, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "labels": list(self.labels),
            "scores": {label: round(self.scores.get(label, 0.0), 4) for label in LABELS},
            "killed": self.killed,
            "wounded": self.wounded,
            "evidence": [e.to_json() for e in self.evidence],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Classification:
        return cls(
            labels=tuple(label for label in LABELS if label in data.get("labels", ())),
            scores={str(k): float(v) for k, v in data.get("scores", {}).items()},
            killed=data.get("killed"),
            wounded=data.get("wounded"),
            evidence=tuple(Evidence(**e) for e in data.get("evidence", ())),
        )


@compact_pickle
@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What dedup compares: folded text and its hash, title key, shingle hashes, bands."""

    folded: str
    content_hash: str
    title_key: str | None
    shingles: bytes
    bands: tuple[str, ...]


@compact_pickle
@dataclass(frozen=True, slots=True)
class ParsedItem:
    """One feed entry as parsed, cleaned and classified, before storage."""

    key: str
    title: str
    summary: str
    url: str | None
    published_at: datetime
    fingerprint: Fingerprint
    classification: Classification


@dataclass(frozen=True, slots=True)
class Source:
    """A configured feed and its health."""

    id: int
    url: str
    name: str
    interval: float | None = None
    etag: str | None = None
    last_modified: str | None = None
    status: str = "new"
    last_success_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    first_failure_at: datetime | None = None
    failures: int = 0
    next_poll_at: datetime | None = None
    items_count: int = 0
    created_at: datetime | None = None
    origin: str = "cli"
    #: digest of the last body stored, so a server that ignores conditional GET and sends
    #: the same feed again costs no parsing
    body_hash: str | None = None


@dataclass(frozen=True, slots=True)
class Subscription:
    """Categories (any of) AND include terms (any of), minus exclude terms."""

    id: int
    chat_id: int
    categories: tuple[Label, ...]
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StoredItem:
    """An item as read back from storage, for alerts, timelines and search."""

    id: int
    source_id: int
    source_name: str
    title: str
    summary: str
    url: str | None
    published_at: datetime
    fetched_at: datetime
    story_id: int
    classification: Classification


@dataclass(frozen=True, slots=True)
class Alert:
    """One outbox row ready to send: the item and why this chat gets it."""

    outbox_id: int
    chat_id: int
    item: StoredItem
    reason: str
    attempts: int = 0
    plain: bool = False
