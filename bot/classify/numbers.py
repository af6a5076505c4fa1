"""Read numbers written in digits or in words ("twenty-one", "1,400")."""

from __future__ import annotations

import re

from bot.classify.lexicon import read_toml

_NUMBERS = read_toml("figures.toml")["numbers"]
UNITS: dict[str, int] = {word: value for value, word in enumerate(_NUMBERS["units"])}
TENS: dict[str, int] = {word: 20 + 10 * i for i, word in enumerate(_NUMBERS["tens"])}
SCALES: dict[str, int] = {str(k): int(v) for k, v in _NUMBERS["scales"].items()}

_SPLIT = re.compile(r"[\s-]+")

#: figures beyond this are typos or not counts of people
MAX_FIGURE = 10_000_000


def parse_number(text: str) -> int | None:
    """The value of a number phrase, or None if it is not one."""
    text = text.strip()
    value: int | None
    if text[:1].isascii() and text[:1].isdigit():
        value = int(text.replace(",", ""))
    else:
        value = _parse_words(_SPLIT.split(text))
    return value if value is not None and value <= MAX_FIGURE else None


def _parse_words(words: list[str]) -> int | None:
    total = current = 0
    divisor = 1  # "half a dozen"
    for word in words:
        if word in UNITS or word in TENS:
            current += UNITS.get(word, 0) + TENS.get(word, 0)
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in SCALES:
            total, current = total + max(current, 1) * SCALES[word] // divisor, 0
        elif word == "half" and not total + current:
            divisor = 2
        elif word not in ("a", "and"):
            return None
    value = total + current
    return None if divisor > 1 and not value else value
