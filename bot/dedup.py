"""Item identity and same-story detection across feeds (pure).

An item's key says whether a feed's entry is one we have seen. Its fingerprint says
whether another feed carried the same story: the title key matches syndicated headlines
exactly; word-shingle hashes measure near-identical text; MinHash bands built from those
hashes find candidates cheaply, and `same_story` decides on the hashes themselves. The
fingerprint is computed once, where the item is parsed, so storing an item only compares.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from array import array
from collections.abc import Iterable, Sequence
from datetime import timedelta

from bot.models import Fingerprint, ParsedItem
from bot.text import fold, words

#: Items further apart than this are different stories, however alike.
STORY_WINDOW = timedelta(hours=24)
#: Word-shingle Jaccard similarity at or above which two texts are "near-identical".
SIMILARITY = 0.6
#: Titles shorter than this many words ("Update", "Press release") never join stories.
MIN_TITLE_WORDS = 4
#: MinHash: one hash per shingle, split into buckets (one-permutation hashing); every
#: band of consecutive buckets is an index key. Near-identical texts share a band.
_BANDS, _ROWS = 6, 3
_BUCKETS = _BANDS * _ROWS
_EMPTY = 0xFFFFFFFF
_MAX_KEY = 512
# A trailing " - Reuters" or " | RFE/RL": outlets sign syndicated headlines differently.
_SIGNATURE = re.compile(r"\s+[-|]\s+[^-|]{1,40}$")


def item_key(guid: str | None, link: str | None, title: str, summary: str) -> str:
    """Stable identity within a feed: the guid, else the link, else a content hash."""
    for candidate, prefix in ((guid, "g:"), (link, "l:")):
        if candidate and candidate.strip():
            value = candidate.strip()
            return prefix + (value if len(value) <= _MAX_KEY else _digest(value))
    return "h:" + _digest(fold(f"{title}\n{summary}"))


def body_hash(body: bytes) -> str:
    """Identity of a whole response body: the same bytes again hold nothing new."""
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def fingerprint(title: str, summary: str) -> Fingerprint:
    """Everything dedup needs to know about an item's text, computed once."""
    folded = fold(f"{title}\n{summary}")
    hashes = shingle_hashes(folded)
    return Fingerprint(
        folded=folded,
        content_hash=_digest(folded),
        title_key=title_key(title),
        shingles=array("I", sorted(hashes)).tobytes(),
        bands=bands(hashes),
    )


def title_key(title: str) -> str | None:
    """Normalised title for exact cross-feed matching, or None when too generic."""
    tokens = words(fold(_SIGNATURE.sub("", title)))
    return " ".join(tokens) if len(tokens) >= MIN_TITLE_WORDS else None


def shingle_hashes(folded: str) -> frozenset[int]:
    """32-bit hashes of the text's three-word shingles (single words for tiny texts)."""
    tokens = words(folded)
    if len(tokens) < 3:
        return frozenset(zlib.crc32(t.encode("utf-8", "replace")) for t in tokens)
    return frozenset(
        zlib.crc32(" ".join(tokens[i : i + 3]).encode("utf-8", "replace"))
        for i in range(len(tokens) - 2)
    )


def unpack(shingles: bytes) -> frozenset[int]:
    return frozenset(array("I", shingles))


def bands(hashes: frozenset[int]) -> tuple[int, ...]:
    """One-permutation MinHash bands, as keys; a band with an empty bucket is left out, so
    short texts do not all collide on their empty buckets."""
    minima = [_EMPTY] * _BUCKETS
    for h in hashes:
        bucket = h % _BUCKETS
        if h < minima[bucket]:
            minima[bucket] = h
    found = []
    for b in range(_BANDS):
        rows = minima[b * _ROWS : (b + 1) * _ROWS]
        if _EMPTY not in rows:
            found.append(band_key(b, rows))
    return tuple(found)


def band_key(band: int, rows: Sequence[int]) -> int:
    """A band (its number and its minima) as a signed 64-bit integer, SQLite's INTEGER: an
    index row of a third the size of the band written out. Two bands sharing a key (one
    chance in 2**64) would only bring a candidate that `same_story` then turns down."""
    packed = struct.pack(f"<B{len(rows)}I", band, *rows)
    digest = hashlib.blake2b(packed, digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)  # the union's size, without building it


def same_story(
    key_a: str | None, shingles_a: frozenset[int], key_b: str | None, shingles_b: frozenset[int]
) -> bool:
    """Same story: equal normalised titles, or near-identical text."""
    if key_a is not None and key_a == key_b:
        return True
    return similarity(shingles_a, shingles_b) >= SIMILARITY


def unseen(items: Iterable[ParsedItem], keys: set[str], hashes: set[str]) -> list[ParsedItem]:
    """Items whose key and text are both new to the feed, first one wins; `keys` and
    `hashes` (what the feed stored before) grow with each item taken."""
    fresh = []
    for item in items:
        key, content_hash = item.key, item.fingerprint.content_hash
        if key in keys or content_hash in hashes:
            continue  # known, or the same text under a new guid (a feed that re-keys entries)
        keys.add(key)
        hashes.add(content_hash)
        fresh.append(item)
    return fresh


def same_story_text(title_a: str, summary_a: str, title_b: str, summary_b: str) -> bool:
    """`same_story` from raw texts (for callers that hold no fingerprints)."""
    a, b = fingerprint(title_a, summary_a), fingerprint(title_b, summary_b)
    return same_story(a.title_key, unpack(a.shingles), b.title_key, unpack(b.shingles))


def _digest(text: str) -> str:
    return body_hash(text.encode("utf-8", "surrogatepass"))
