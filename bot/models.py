"""Domain records shared by every layer: plain frozen dataclasses, no I/O."""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Sequence
from dataclasses import MISSING, dataclass, field, fields
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

CATEGORY_NAMES: dict[str, Label] = {
    "violations": "ceasefire_violation",
    "violation": "ceasefire_violation",
    "ceasefire_violation": "ceasefire_violation",
    "ceasefire_violations": "ceasefire_violation",
    "diplomacy": "diplomatic_move",
    "diplomatic": "diplomatic_move",
    "diplomatic_move": "diplomatic_move",
    "diplomatic_moves": "diplomatic_move",
    "casualties": "casualty_report",
    "casualty": "casualty_report",
    "casualty_report": "casualty_report",
    "casualty_reports": "casualty_report",
}
#: The short name users type for each label, for replies.
CATEGORY_WORDS: dict[str, str] = {
    "ceasefire_violation": "violations",
    "diplomatic_move": "diplomacy",
    "casualty_report": "casualties",
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


#: stands for "not given" where a field's default is made by a factory
_NOT_GIVEN: Any = object()


def quick_init(cls: type[_Record]) -> type[_Record]:
    """Give a frozen slotted dataclass an __init__ that fills its slots through
    their descriptors. The generated one calls object.__setattr__ per field,
    about twice as slow, and the classifier builds several per item; the
    signature, defaults and default factories stay those of the fields."""
    params, body = [], []
    names: dict[str, Any] = {"_NOT_GIVEN": _NOT_GIVEN}
    for spec in fields(cls):  # type: ignore[arg-type]
        name = spec.name
        names[f"_set_{name}"] = getattr(cls, name).__set__
        if spec.default is not MISSING:
            names[f"_default_{name}"] = spec.default
            params.append(f"{name}=_default_{name}")
        elif spec.default_factory is not MISSING:
            names[f"_factory_{name}"] = spec.default_factory
            params.append(f"{name}=_NOT_GIVEN")
            body.append(f"    if {name} is _NOT_GIVEN: {name} = _factory_{name}()")
        else:
            params.append(name)
        body.append(f"    _set_{name}(self, {name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body)
    # a fixed template over the class's own field names, as dataclasses builds its own
    exec(source, names)  # noqa: S102
    # setattr: mypy refuses assigning over a method, which this deliberately does
    setattr(cls, "__init__", names["__init__"])  # noqa: B010
    return cls


@quick_init
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


@quick_init
@compact_pickle
@dataclass(frozen=True, slots=True)
class Classification:
    """What the classifier decided about one item."""

    labels: tuple[Label, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)
    killed: int | None = None
    wounded: int | None = None
    evidence: tuple[Evidence, ...] = ()
    language: str = "en"  # ISO 639-1, as identified from the item's text

    def to_json(self) -> dict[str, Any]:
        return {
            "language": self.language,
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
            language=str(data.get("language", "en")),
        )


@compact_pickle
@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What dedup compares: folded text and its hash, title key, shingle hashes, bands."""

    folded: str
    content_hash: str
    title_key: str | None
    shingles: bytes
    bands: tuple[int, ...]


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


class ParseError(Exception):
    """The body is not a feed we can read; the message says what it is instead."""


@dataclass(frozen=True, slots=True)
class PackedItems:
    """A feed's parsed items as they come back from a parser process and wait for the
    database writer: pickled and compressed, a tenth of the memory the items take as
    objects. Only our own parser processes make them."""

    count: int
    data: bytes

    @classmethod
    def pack(cls, items: Sequence[ParsedItem]) -> PackedItems:
        data = pickle.dumps(tuple(items), protocol=pickle.HIGHEST_PROTOCOL)
        return cls(len(items), zlib.compress(data, 1))

    def unpack(self) -> tuple[ParsedItem, ...]:
        items: tuple[ParsedItem, ...] = pickle.loads(zlib.decompress(self.data))  # noqa: S301
        return items


@dataclass(frozen=True, slots=True)
class PackedFeed:
    """A parsed feed on its way from a parser process: its title, its items packed."""

    title: str
    items: PackedItems


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
    #: False while the source is called by its address: the feed's title will name it
    named: bool = True


ChatKind = Literal["private", "group", "channel"]
CHAT_KINDS: tuple[ChatKind, ...] = ("private", "group", "channel")


@dataclass(frozen=True, slots=True)
class ChatRef:
    """A chat as its transport knows it: Telegram's and Discord's ids live in different
    spaces, so a chat is never named by its number alone."""

    transport: str  # "telegram" | "discord" | "console"
    address: int


@dataclass(frozen=True, slots=True)
class Chat:
    """A chat we talk to, as stored."""

    id: int  # ours, for subscriptions and the outbox
    ref: ChatRef
    kind: ChatKind
    title: str | None
    active: bool
    muted_until: datetime | None
    inactive_reason: str | None = None
    parent: int | None = None  # what the chat belongs to (a Discord channel's server)
    paused_until: datetime | None = None
    paused_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Query:
    categories: tuple[Label, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.categories or self.include or self.exclude)

    def canonical(self) -> str:
        """One spelling per meaning, so the same subscription typed twice is one."""
        parts = [CATEGORY_WORDS[c] for c in self.categories]
        parts += [_quoted(t) for t in self.include]
        parts += ["-" + _quoted(t) for t in self.exclude]
        return " ".join(parts)


def _quoted(term: str) -> str:
    plain = " " not in term and not term.startswith("-") and term not in CATEGORY_NAMES
    return term if plain else f'"{term}"'


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
    chat: ChatRef
    item: StoredItem
    reason: str
    attempts: int = 0
    plain: bool = False
    queued_at: datetime | None = None
    #: the language the chat is spoken to in (chosen, or its platform's); None: English
    language: str | None = None
    #: the chat's time zone (IANA name), for every time the alert shows
    zone: str = "UTC"


# --- ingest: what a poll brings, what the store knows, what to write ---------------------


@dataclass(frozen=True, slots=True)
class PollSuccess:
    """What a good poll changes on its source."""

    etag: str | None
    last_modified: str | None
    next_poll_at: datetime
    moved_to: str | None = None
    body_hash: str | None = None
    #: the feed's own title, which names a source added without a name
    feed_title: str | None = None


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """One feed's successful poll, ready to plan and store."""

    source_id: int
    items: Sequence[ParsedItem]
    success: PollSuccess
    fetched_at: datetime


@dataclass(frozen=True, slots=True)
class Known:
    """What the store already holds of a feed's items, read before planning."""

    first_poll: bool
    keys: frozenset[str]
    hashes: frozenset[str]
    next_id: int


@dataclass(frozen=True, slots=True)
class StoryCandidate:
    """Another feed's item near in time that may be the same story."""

    story_id: int
    title_key: str | None
    shingles: bytes | None
    #: the folded text, for items stored before shingles were kept
    folded: str | None = None


@dataclass(frozen=True, slots=True)
class Candidates:
    """Stories a new item may belong to: by exact title first, then by similar text."""

    same_title: int | None
    similar: tuple[StoryCandidate, ...] = ()


@dataclass(frozen=True, slots=True)
class NewItem:
    id: int
    story_id: int
    item: ParsedItem


@dataclass(frozen=True, slots=True)
class StoredQuery:
    """A query as stored, shared by every chat that follows the same words."""

    id: int
    categories: tuple[Label, ...]
    include: tuple[str, ...]
    exclude: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FanoutRow:
    """A story for everyone following one query: expanded into each eligible chat's alert
    by the store, in small steps, so storing a poll never waits on how many follow."""

    story_id: int
    item_id: int
    query_id: int
    reason: str
    published_at: datetime


@dataclass(frozen=True, slots=True)
class IngestPlan:
    """Everything one poll writes, decided before anything is written."""

    source_id: int
    items: tuple[NewItem, ...]
    fanouts: tuple[FanoutRow, ...]
    success: PollSuccess
    first_poll: bool


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """A source's state after a failed poll."""

    status: str  # "failing" | "broken"
    failures: int
    first_failure_at: datetime
    error: str
    next_poll_at: datetime


@dataclass(frozen=True, slots=True)
class StoreReport:
    new_items: int = 0
    alerts: int = 0  # alerts queued for chats at once
    first_poll: bool = False
    deferred: int = 0  # stories whose followers are still being worked out, in the background
