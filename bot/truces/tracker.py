"""`find_truces(items, now)`: the truces in the stored news and how each is faring (pure).

    items ─▶ read_truce_event ─▶ assemble (one draft per truce) ─▶ tie items ─▶ tally

Events come in publication order. An opening event (agreed, declared, in force) joins the
live truce of its conflict, or starts a new one when none is live or when it names a start
more than a day after the live one's (which it then supersedes). Extensions lengthen the
latest truce of the conflict (a new version, not a new truce); endings close it. News is
tied to a truce by the conflict its places and parties name, within the truce's life.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.models import StoredItem
from bot.text import fold, words
from bot.truces.clock import zone_info
from bot.truces.events import TruceEvent, read_truce_event, worth_reading
from bot.truces.places import BY_KEY, CONFLICT_WORDS, conflicts_named
from bot.truces.record import Status, Truce, TruceVersion
from bot.truces.reports import TruceReport, read_report

_WORD = re.compile(r"\w+")
#: Two stated starts this close are the same truce, reported twice.
SAME_START = timedelta(hours=3)
#: A stated start this far after the live truce's is a new truce.
NEW_START = timedelta(hours=24)
#: An extension this long after a truce ran out still extends it.
EXTENSION_GRACE = timedelta(days=3)


@dataclass(slots=True)
class Draft:
    """A truce being assembled from events (internal and mutable; `Truce` is the result)."""

    conflict: str
    zone: str
    openings: list[TruceEvent]
    changes: list[TruceEvent] = field(default_factory=list)
    close: TruceEvent | None = None
    close_at: datetime | None = None
    superseded: bool = False
    memo: dict[str, object] = field(default_factory=dict)

    def touch(self) -> None:
        """Forget the start and end worked out before a change."""
        self.memo.clear()

    @property
    def announced_at(self) -> datetime:
        return self.openings[0].reported_at

    def start(self) -> tuple[datetime, bool]:
        """The start most openings state (earliest reported on a tie), else the first
        announcement's time, and whether the text gave it."""
        if "start" not in self.memo:
            self.memo["start"] = self.work_out_start()
        return self.memo["start"]  # type: ignore[return-value]

    def work_out_start(self) -> tuple[datetime, bool]:
        stated = [e.starts_at for e in self.openings if e.starts_at is not None]
        if not stated:
            return self.announced_at, False
        counts = Counter(stated)
        return max(stated, key=lambda s: (counts[s], -stated.index(s))), True

    def schedule(self) -> tuple[datetime | None, list[TruceVersion]]:
        """The scheduled end after every extension, and a version per change."""
        start, _ = self.start()
        first = self.openings[0]
        ends = next((e.ends_at for e in self.openings if e.ends_at is not None), None)
        length = next((e.duration for e in self.openings if e.duration is not None), None)
        if ends is None and length is not None:
            ends = start + length
        versions = [TruceVersion(first.kind, first.item_id, first.reported_at, start, ends)]
        for change in self.changes:
            ends = changed_end(change, ends)
            versions.append(
                TruceVersion(change.kind, change.item_id, change.reported_at, None, ends)
            )
        return ends, versions

    def end(self) -> datetime | None:
        """When it ends or ended: closed, or scheduled (whichever comes first)."""
        if "end" not in self.memo:
            self.memo["end"] = self.work_out_end()
        return self.memo["end"]  # type: ignore[return-value]

    def work_out_end(self) -> datetime | None:
        scheduled, _ = self.schedule()
        if self.close_at is None:
            return scheduled
        return self.close_at if scheduled is None else min(scheduled, self.close_at)

    def live_at(self, moment: datetime) -> bool:
        end = self.end()
        return end is None or moment < end


def changed_end(change: TruceEvent, ends: datetime | None) -> datetime | None:
    """The scheduled end after an extension ("until Friday", "by 48 hours")."""
    if change.ends_at is not None:
        return change.ends_at
    if change.duration is not None and change.kind == "extended":
        return max(ends or change.reported_at, change.reported_at) + change.duration
    return ends


def assemble(events: Iterable[TruceEvent]) -> list[Draft]:
    """One draft per truce, from events in publication order."""
    drafts: list[Draft] = []
    for event in events:
        same = sorted(
            (d for key in event.conflicts for d in by_conflict(drafts, key)),
            key=lambda d: d.announced_at,
        )
        for draft in apply(drafts, same, event):
            draft.touch()
    return drafts


def by_conflict(drafts: list[Draft], key: str) -> list[Draft]:
    """The drafts of one conflict (a scan, but over truces, which are few)."""
    return [d for d in drafts if d.conflict == key]


def apply(drafts: list[Draft], same: Sequence[Draft], event: TruceEvent) -> list[Draft]:
    """Apply one event; the drafts it changed."""
    if event.opens:
        return open_or_join(drafts, same, event)
    if event.kind == "extended":
        return extend(drafts, same, event)
    if event.kind in ("ended", "collapsed"):
        return close(same, event)
    return []


def new_draft(event: TruceEvent) -> Draft:
    return Draft(event.conflicts[0], event.zone, [event])


def open_or_join(drafts: list[Draft], same: Sequence[Draft], event: TruceEvent) -> list[Draft]:
    """Join the truce this event restates, or start a new one."""
    restated = next((d for d in same if same_start(d, event)), None)
    current = next(
        (d for d in reversed(same) if d.close is None and d.live_at(event.reported_at)), None
    )
    target = restated or current
    if target is None:
        drafts.append(new_draft(event))
        return []
    if restated is None and later_start(target, event):
        supersede(target, event)
        drafts.append(new_draft(event))
    else:
        target.openings.append(event)
    return [target]


def same_start(draft: Draft, event: TruceEvent) -> bool:
    start, known = draft.start()
    return known and event.starts_at is not None and abs(event.starts_at - start) <= SAME_START


def later_start(draft: Draft, event: TruceEvent) -> bool:
    start, known = draft.start()
    return known and event.starts_at is not None and event.starts_at - start > NEW_START


def supersede(draft: Draft, event: TruceEvent) -> None:
    """A new truce for the same conflict replaces the live one when it starts."""
    draft.close, draft.superseded = event, True
    draft.close_at = event.starts_at


def extend(drafts: list[Draft], same: Sequence[Draft], event: TruceEvent) -> list[Draft]:
    """Lengthen the latest truce of the conflict; an extension of a truce we never saw
    announced starts one (its start unknown)."""
    target = next((d for d in reversed(same) if extendable(d, event.reported_at)), None)
    if target is None:
        if not event.reference:
            drafts.append(new_draft(event))
        return []
    if target.close is not None and target.close.kind == "ended" and not target.superseded:
        target.close = target.close_at = None  # "expired, then extended": it lives on
    target.changes.append(event)
    return [target]


def extendable(draft: Draft, moment: datetime) -> bool:
    if draft.superseded or (draft.close is not None and draft.close.kind == "collapsed"):
        return False
    end = draft.end()
    return end is None or moment <= end + EXTENSION_GRACE


def close(same: Sequence[Draft], event: TruceEvent) -> list[Draft]:
    """An ending: a future time is a schedule, anything else closes the truce."""
    target = next((d for d in reversed(same) if d.close is None), None)
    if target is None or target.announced_at > event.reported_at:
        return []
    if event.ends_at is not None and event.ends_at > event.reported_at:
        target.changes.append(event)
    else:
        target.close = event
        target.close_at = event.ends_at or event.reported_at
    return [target]


def find_truces(items: Iterable[StoredItem], now: datetime) -> list[Truce]:
    """The truces in `items` (any order) as they stand at `now`, oldest start first.
    Items published after `now` are ignored, so two calls with the same `now` differ only
    by the items given."""
    items = list(items)
    return truces_from_events(item_events(items), items, now)


def item_events(items: Iterable[StoredItem]) -> list[TruceEvent]:
    """The truce events read in `items`, of those that have one."""
    return [e for e in map(item_event, items) if e is not None]


def item_event(item: StoredItem) -> TruceEvent | None:
    """The truce event the tracker reads in `item`, if any (a pure function of the item,
    so a caller may read it once and keep only the event)."""
    low = (item.title + "\n" + item.summary).lower()
    return read_truce_event(item) if worth_reading(item, low) else None


def truces_from_events(
    events: Iterable[TruceEvent], items: Iterable[StoredItem], now: datetime
) -> list[Truce]:
    """`find_truces` with the events already read: `events` must hold the event of every
    item that has one, `items` every labelled item that may be tied to a truce (any
    others are skipped)."""
    known = sorted(
        (e for e in events if e.reported_at <= now), key=lambda e: (e.reported_at, e.item_id)
    )
    ordered = sorted(
        (i for i in items if i.published_at <= now), key=lambda i: (i.published_at, i.id)
    )
    drafts = assemble(known)
    lowered = [(i.title + "\n" + i.summary).lower() for i in ordered]
    tied = tie_items(ordered, lowered, drafts)
    truces = [finish(d, tied[n], now) for n, d in enumerate(drafts)]
    return sorted(truces, key=lambda t: (t.starts_at, t.id))


@dataclass(frozen=True, slots=True)
class Tie:
    """An item tied to a draft, with the names that tied it."""

    item: StoredItem
    names: tuple[str, ...]


def tie_items(
    ordered: Sequence[StoredItem], lowered: Sequence[str], drafts: Sequence[Draft]
) -> list[list[Tie]]:
    """Per draft, the labelled items of its conflict published within its life. Only
    items inside some truce's life have their places read."""
    tied: list[list[Tie]] = [[] for _ in drafts]
    last = datetime.max.replace(tzinfo=UTC)
    spans = sorted((d.announced_at, d.end() or last, n) for n, d in enumerate(drafts))
    starts = [s[0] for s in spans]
    cache: dict[tuple[int, ...], frozenset[str]] = {}
    for item, low in zip(ordered, lowered, strict=True):
        if not item.classification.labels:
            continue
        t = item.published_at
        live = [n for _, hi, n in spans[: bisect_right(starts, t)] if t <= hi]
        if not live:
            continue
        words_of = tokens(low)
        if not live_words(drafts, live, cache).isdisjoint(words_of):
            conflicts, names = conflicts_named(words_of)
            target = pick([(n, drafts[n]) for n in live], conflicts, t)
            if target is not None:
                tied[target].append(Tie(item, names))
    return tied


def live_words(
    drafts: Sequence[Draft], live: list[int], cache: dict[tuple[int, ...], frozenset[str]]
) -> frozenset[str]:
    """The words that could tie an item to one of the live drafts (cached per set)."""
    key = tuple(live)
    if key not in cache:
        cache[key] = frozenset().union(*(CONFLICT_WORDS[drafts[n].conflict] for n in live))
    return cache[key]


def tokens(low: str) -> list[str]:
    """Folded words of lower-cased text; folding (accents, letters like "ə") only where
    the text is not ASCII, which is where it changes anything."""
    return _WORD.findall(low) if low.isascii() else words(fold(low))


def pick(
    live: Sequence[tuple[int, Draft]], conflicts: tuple[str, ...], moment: datetime
) -> int | None:
    """Of the live drafts of the item's conflicts, the one in force (the latest started),
    else the latest announced; its index."""
    mine = [(n, d) for n, d in live if d.conflict in conflicts]
    started = [(n, d) for n, d in mine if d.start()[0] <= moment]
    best = max(started or mine, key=lambda nd: nd[1].start()[0], default=None)
    return None if best is None else best[0]


def finish(draft: Draft, ties: Sequence[Tie], now: datetime) -> Truce:
    """The frozen record of a draft at `now`."""
    start, known = draft.start()
    end = draft.end()
    _, versions = draft.schedule()
    if draft.close is not None:
        versions.append(
            TruceVersion(draft.close.kind, draft.close.item_id, draft.close.reported_at, None, end)
        )
    reports = tuple(read_report(t.item, start, draft.zone) for t in ties)
    counted = [
        r for r in reports if start <= r.published_at and (end is None or r.published_at < end)
    ]
    violations = first_reports([r for r in counted if r.violation])
    first = min(violations, key=lambda r: r.alleged_at or r.published_at, default=None)
    killed, wounded, casualty_reports = casualties(counted)
    status = truce_status(draft, start, end, now, bool(violations))
    opening = draft.openings[0]
    return Truce(
        id=min(e.item_id for e in draft.openings),
        conflict=draft.conflict,
        title=truce_title(draft, start),
        headline=opening.headline,
        zone=draft.zone,
        announced_at=draft.announced_at,
        starts_at=start,
        start_known=known,
        ends_at=end,
        status=status,
        end_reason=end_reason(draft, status, end, now),
        violations=len(violations),
        first_violation_at=None if first is None else first.alleged_at or first.published_at,
        first_violation_reported_at=min((r.published_at for r in violations), default=None),
        first_violation_item_id=None if first is None else first.item_id,
        killed=killed,
        wounded=wounded,
        casualty_reports=casualty_reports,
        places=ranked(
            [n for e in draft.openings for n in e.places] + [n for t in ties for n in t.names]
        ),
        parties=ranked([p for e in draft.openings for p in e.parties]),
        mediators=mediators(draft.openings),
        purpose=next((e.purpose for e in draft.openings if e.purpose), None),
        source_item_ids=tuple(e.item_id for e in draft.openings),
        end_item_id=None if draft.close is None else draft.close.item_id,
        versions=tuple(versions),
        reports=reports,
    )


def first_reports(reports: Sequence[TruceReport]) -> list[TruceReport]:
    """Each story once: its earliest report (reports come in publication order)."""
    seen: dict[int, TruceReport] = {}
    for report in reports:
        seen.setdefault(report.story_id, report)
    return list(seen.values())


def casualties(reports: Sequence[TruceReport]) -> tuple[int, int, int]:
    """Killed and wounded reported: per story its largest figure, summed over stories;
    and how many stories reported casualties."""
    killed: dict[int, int] = {}
    wounded: dict[int, int] = {}
    stories = {r.story_id for r in reports if "casualty_report" in r.labels}
    for r in reports:
        if r.killed is not None:
            killed[r.story_id] = max(killed.get(r.story_id, 0), r.killed)
        if r.wounded is not None:
            wounded[r.story_id] = max(wounded.get(r.story_id, 0), r.wounded)
    return sum(killed.values()), sum(wounded.values()), len(stories)


def truce_status(
    draft: Draft, start: datetime, end: datetime | None, now: datetime, violated: bool
) -> Status:
    """announced, holding, violated, collapsed or ended, at `now`."""
    if draft.close is not None and not draft.superseded:
        said_over = draft.close.declared_end and violated
        return "collapsed" if draft.close.kind == "collapsed" or said_over else "ended"
    if end is not None and end <= now:
        return "ended"
    if start > now:
        return "announced"
    return "violated" if violated else "holding"


def end_reason(draft: Draft, status: Status, end: datetime | None, now: datetime) -> str | None:
    if draft.superseded:
        return "superseded"
    if status == "collapsed":
        return "collapsed"
    if draft.close is not None:
        return "called off" if draft.close.declared_end else "expired"
    return "expired" if end is not None and end <= now else None


def truce_title(draft: Draft, start: datetime) -> str:
    """ "Nagorno-Karabakh humanitarian truce of 10 October 2020" (the local start date)."""
    conflict = BY_KEY[draft.conflict].name
    purpose = next((e.purpose for e in draft.openings if e.purpose), None)
    day = start.astimezone(zone_info(draft.zone))
    kind = f"{purpose} truce" if purpose else "truce"
    return f"{conflict} {kind} of {day.day} {day:%B %Y}"


def ranked(names: Sequence[str]) -> tuple[str, ...]:
    """Most named first; first named first on a tie."""
    counts = Counter(names)
    return tuple(sorted(counts, key=lambda n: (-counts[n], names.index(n))))


def mediators(openings: Sequence[TruceEvent]) -> tuple[str, ...]:
    """Mediators named by at least half the items announcing the truce."""
    counts = Counter(m for e in openings for m in set(e.mediators))
    order = ranked([m for e in openings for m in e.mediators])
    return tuple(m for m in order if counts[m] * 2 >= len(openings))
