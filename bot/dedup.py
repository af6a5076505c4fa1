"""Item identity and same-story detection across feeds (pure).

An item's key says whether a feed's entry is one we have seen; its title key and
MinHash bands say whether another feed carried the same story. Bands only find
candidates cheaply; `same_story` makes the decision on the texts themselves.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from bot.text import fold, words

#: Items further apart than this are different stories, however alike.
STORY_WINDOW = timedelta(hours=24)
#: Word-shingle Jaccard similarity at or above which two texts are "near-identical".
SIMILARITY = 0.6
#: Titles shorter than this many words ("Update", "Press release") never join stories.
MIN_TITLE_WORDS = 4
_BANDS, _ROWS = 6, 3
_MASKS = tuple(
    int.from_bytes(hashlib.blake2b(f"trucewatch-{i}".encode(), digest_size=8).digest(), "big")
    for i in range(_BANDS * _ROWS)
)
_MAX_KEY = 512
# A trailing " - Reuters" or " | RFE/RL": outlets sign syndicated headlines differently.
_SIGNATURE = re.compile(r"\s+[-|]\s+[^-|]{1,40}$")


def item_key(guid: str | None, link: str | None, title: str, summary: str) -> str:
    """Stable identity within a feed: the guid, else the link, else a content hash."""
    for candidate, prefix in ((guid, "g:"), (link, "l:")):
        if candidate and candidate.strip():
            value = candidate.strip()
            return prefix + (value if len(value) <= _MAX_KEY else _digest(value))
    return "h:" + content_hash(title, summary)


def content_hash(title: str, summary: str) -> str:
    """Hash of the folded text: same words, same hash, whatever the markup or spacing."""
    return _digest(fold(title) + "\n" + fold(summary))


def title_key(title: str) -> str | None:
    """Normalised title for exact cross-feed matching, or None when too generic."""
    tokens = words(fold(_SIGNATURE.sub("", title)))
    return " ".join(tokens) if len(tokens) >= MIN_TITLE_WORDS else None


def shingles(title: str, summary: str) -> frozenset[str]:
    tokens = words(fold(f"{title} {summary}"))
    if len(tokens) < 3:
        return frozenset(tokens)
    return frozenset(" ".join(tokens[i : i + 3]) for i in range(len(tokens) - 2))


def bands(shingle_set: frozenset[str]) -> tuple[str, ...]:
    """MinHash locality-sensitive bands: near-identical texts share at least one."""
    if len(shingle_set) < 3:
        return ()
    hashes = [
        int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big")
        for s in shingle_set
    ]
    minima = [min(h ^ mask for h in hashes) for mask in _MASKS]
    return tuple(
        f"{b}:{_digest(repr(minima[b * _ROWS : (b + 1) * _ROWS]))[:16]}" for b in range(_BANDS)
    )


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def same_story(title_a: str, summary_a: str, title_b: str, summary_b: str) -> bool:
    """Whether two items tell the same story: equal normalised titles or near-identical text."""
    key_a = title_key(title_a)
    if key_a is not None and key_a == title_key(title_b):
        return True
    return similarity(shingles(title_a, summary_a), shingles(title_b, summary_b)) >= SIMILARITY


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
