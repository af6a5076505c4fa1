"""`read_truce_event(item)`: does this stored item announce, extend or end a truce (pure)?

An event needs a truce noun and an event verb linked to it in one sentence: the verb
within a dozen words of the noun, not made a wish or a risk by the words before it ("in
danger of collapse", "could agree"), not governing something else ("agreed to hold talks
on a truce"), and not in a clause of its own ("a new truce after the last one
collapsed"). Labour, trade and sports "truces" and truces of no armed conflict are none.
An item that only reports a violation ("attacks since the truce took effect") refers back
to a truce: it can end one, never start one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.models import StoredItem
from bot.text import words
from bot.truces.data import KIND_ORDER, VOCABULARY
from bot.truces.places import PlaceMatch, match_places
from bot.truces.wording import (
    best_slots,
    folded_sentences,
    nouns_in,
    phrase_regex,
    slot_time,
    truce_duration,
)

EventKind = Literal["agreed", "declared", "in_force", "extended", "ended", "collapsed"]
#: Kinds that can bring a truce into being; the others change one that exists.
OPENING: frozenset[str] = frozenset({"agreed", "declared", "in_force"})
#: Words between a noun and a later verb that put the verb in a clause of its own.
SUBORDINATE = frozenset(
    {
        "after",
        "as",
        "because",
        "while",
        "when",
        "since",
        "before",
        "once",
        "but",
        "and",
        "despite",
        "although",
        "though",
        "amid",
    }
)
#: How many words may separate a noun and its verb.
LINK = 12
_VERBS = {kind: phrase_regex(VOCABULARY.kinds[kind]) for kind in KIND_ORDER}
#: Every event verb in one pass; a phrase may belong to more than one kind.
_ANY_VERB = phrase_regex(p for kind in KIND_ORDER for p in VOCABULARY.kinds[kind])
_VERB_KINDS = {
    p: tuple(k for k in KIND_ORDER if p in VOCABULARY.kinds[k])
    for kind in KIND_ORDER
    for p in VOCABULARY.kinds[kind]
}
#: In a report that is only a violation, nothing but an ending matters.
_ENDING = phrase_regex(VOCABULARY.kinds["collapsed"] + VOCABULARY.kinds["ended"])
_MODAL = phrase_regex(VOCABULARY.modal)
_SCHEDULED = phrase_regex(VOCABULARY.scheduled)
_DETOURS = phrase_regex(VOCABULARY.detours)
_FALSE_CONTEXT = phrase_regex(VOCABULARY.false_context)
_CONFLICT_CONTEXT = phrase_regex(VOCABULARY.conflict_context)
_PURPOSE = phrase_regex(VOCABULARY.purposes)
_STEMS = VOCABULARY.stems
_YEAR_OR_MONTH = re.compile(
    r"(?:\b(?:19|20)\d\d|january|february|march|april|june|july|august|september|october|"
    r"november|december)\s+(?:[\w-]+\s+)?$"
)


@dataclass(frozen=True, slots=True)
class TruceEvent:
    """What one item says happened to a truce, with the times it states."""

    item_id: int
    story_id: int
    kind: EventKind
    reported_at: datetime
    conflicts: tuple[str, ...]
    zone: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    duration: timedelta | None = None
    reference: bool = False
    declared_end: bool = False
    places: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    purpose: str | None = None
    headline: str = ""
    evidence: str = ""

    @property
    def opens(self) -> bool:
        """Whether this event can bring a new truce into being."""
        return self.kind in OPENING and not self.reference


@dataclass(frozen=True, slots=True)
class Link:
    """A verb of some kind tied to a truce noun in one sentence."""

    kind: str
    phrase: str
    reference: bool
    sentence: int
    noun: tuple[int, int]


def may_mention_truce(title: str, summary: str) -> bool:
    """Cheap pre-filter on the raw text: no truce word, no event."""
    return mentions_truce(title.lower() + "\n" + summary.lower())


def mentions_truce(low: str) -> bool:
    """`may_mention_truce` on text already lower-cased."""
    return any(stem in low for stem in _STEMS)


def worth_reading(item: StoredItem, low: str) -> bool:
    """Whether the tracker needs `read_truce_event(item)`: a truce word, and unless the
    item may announce one (a pure violation report cannot), an ending word."""
    if not mentions_truce(low):
        return False
    labels = item.classification.labels
    if "ceasefire_violation" in labels and "diplomatic_move" not in labels:
        return _ENDING.search(low) is not None
    return True


def read_truce_event(item: StoredItem) -> TruceEvent | None:
    """The truce event `item` reports, or None."""
    if not may_mention_truce(item.title, item.summary):
        return None
    texts = folded_sentences(item.title, item.summary)
    links = [link for i, text in enumerate(texts) for link in sentence_links(text, i)]
    if not links:
        return None
    place = match_places(words(" ".join(texts)))
    if not place.conflicts and not armed_conflict(" ".join(texts), item):
        return None
    return build_event(item, texts, links, place)


def armed_conflict(text: str, item: StoredItem) -> bool:
    """With no known place: a truce of a war, not of a pay dispute or a trade war."""
    labels = item.classification.labels
    if "diplomatic_move" in labels or "ceasefire_violation" in labels:
        return True
    return bool(_CONFLICT_CONTEXT.search(text)) and not _FALSE_CONTEXT.search(text)


def sentence_links(text: str, sentence: int) -> list[Link]:
    """Every verb linked to a genuine truce noun in one folded sentence."""
    nouns = nouns_in(text)
    verbs = [(m.span(), m[0]) for m in _ANY_VERB.finditer(text)] if nouns else []
    links = []
    for noun in nouns:
        if verbs and not false_truce(text, noun) and not old_truce(text, noun):
            links += noun_links(text, noun, verbs, sentence)
    return links


def false_truce(text: str, noun: tuple[int, int]) -> bool:
    """A labour, trade, sports or political "truce": a giveaway word just before it."""
    before = words(text[max(0, noun[0] - 40) : noun[0]])[-2:]
    pairs = {" ".join(before[i:]) for i in range(len(before))}
    return bool(pairs & VOCABULARY.false_modifiers)


def old_truce(text: str, noun: tuple[int, int]) -> bool:
    """ "The 1994 ceasefire", "the July truce": a truce of the past, named by its date."""
    return bool(_YEAR_OR_MONTH.search(text[max(0, noun[0] - 40) : noun[0]]))


def noun_links(
    text: str, noun: tuple[int, int], verbs: list[tuple[tuple[int, int], str]], sentence: int
) -> list[Link]:
    """The event verbs linked to one noun."""
    reference = words(text[max(0, noun[0] - 30) : noun[0]])[-3:]
    referred = bool(set(reference) & VOCABULARY.reference)
    links = []
    for span, phrase in verbs:
        if not linked(text, noun, span):
            continue
        back = referred or relative(text, noun, span)
        for kind in _VERB_KINDS[phrase]:
            if not modal(text, span[0], kind):
                links.append(Link(kind, phrase, back, sentence, noun))
    return links


def linked(text: str, noun: tuple[int, int], verb: tuple[int, int]) -> bool:
    """Near enough, and no detour or clause boundary between."""
    if verb[0] < noun[1] and verb[1] > noun[0]:
        return False  # the verb is part of the noun phrase ("cessation of hostilities")
    between = text[verb[1] : noun[0]] if verb[0] < noun[0] else text[noun[1] : verb[0]]
    gap = words(between)
    if len(gap) > LINK or _DETOURS.search(between):
        return False
    return verb[0] < noun[0] or not set(gap) & SUBORDINATE


def relative(text: str, noun: tuple[int, int], verb: tuple[int, int]) -> bool:
    """ "The truce that took effect on July 27": a past verb in a relative clause."""
    if verb[0] < noun[1]:
        return False
    gap = set(words(text[noun[1] : verb[0]]))
    return bool(gap & {"that", "which"}) and text[verb[0] : verb[1]] in VOCABULARY.past


def modal(text: str, start: int, kind: str) -> bool:
    """A wish, a risk, a denial or a schedule in the four words before the verb."""
    before = " ".join(words(text[max(0, start - 50) : start])[-4:])
    window = text[max(0, start - 50) : start]
    if "n't" in window[-20:] or _MODAL.search(before):
        return True
    return kind == "ended" and bool(_SCHEDULED.search(before))


def strongest(links: list[Link], labels: tuple[str, ...]) -> Link:
    """The link that decides the event: an ending beats an opening. A pure violation
    report only refers back to a truce, unless it says the truce ended."""
    violation_only = "ceasefire_violation" in labels and "diplomatic_move" not in labels
    ranked = sorted(links, key=lambda link: (KIND_ORDER.index(link.kind), link.reference))
    best = ranked[0]
    if violation_only and best.kind in OPENING | {"extended"}:
        return Link(best.kind, best.phrase, True, best.sentence, best.noun)
    return best


def build_event(
    item: StoredItem, texts: list[str], links: list[Link], place: PlaceMatch
) -> TruceEvent:
    """The event, with the times the item's wording gives."""
    link = strongest(links, item.classification.labels)
    zone = place.zone
    slots = best_slots(texts)
    starts = slot_time(slots["start"], item.published_at, zone)
    ends = slot_time(slots["end"], item.published_at, zone, until=True)
    duration = event_duration(texts, links)
    if starts is not None and ends is None and duration is not None and link.kind != "extended":
        ends = starts + duration
    return TruceEvent(
        item_id=item.id,
        story_id=item.story_id,
        kind=link.kind,  # type: ignore[arg-type]
        reported_at=item.published_at,
        conflicts=place.conflicts,
        zone=zone,
        starts_at=starts if link.kind in OPENING else None,
        ends_at=ends,
        duration=duration,
        reference=link.reference,
        declared_end=link.phrase in VOCABULARY.declared_end,
        places=place.names,
        parties=place.parties,
        mediators=tuple(m for m in place.mediators if m not in place.parties),
        purpose=purpose(texts),
        headline=item.title,
        evidence=texts[link.sentence],
    )


def event_duration(texts: list[str], links: list[Link]) -> timedelta | None:
    """The first duration that qualifies a truce noun or an extension verb."""
    linked_sentences = {link.sentence for link in links}
    for index, text in enumerate(texts):
        extension = _VERBS["extended"].finditer(text) if index in linked_sentences else ()
        anchors = nouns_in(text) + [m.span() for m in extension]
        found = truce_duration(text, anchors)
        if found is not None:
            return found
    return None


def purpose(texts: list[str]) -> str | None:
    """ "humanitarian", "holiday" or "election" when a word before a truce noun says so."""
    for text in texts:
        for start, _ in nouns_in(text):
            match = _PURPOSE.search(text[max(0, start - 30) : start])
            if match:
                return VOCABULARY.purposes[match[0]]
    return None
