"""Text helpers shared by parsing, dedup and matching: folding, words, HTML to text."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
# Typographic variants users and feeds mix freely; folded so "Kyiv’s" matches "Kyiv's".
_VARIANTS = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "‛": "'",
        "“": '"',
        "”": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "\u00ad": None,
    }
)
# Letters that carry no combining accent to strip, yet readers type them as plain Latin:
# Azerbaijani "Tərtər" is "Terter", Turkish "Diyarbakır" is "Diyarbakir".
_LATIN = str.maketrans(
    {
        "ə": "e",
        "Ə": "e",
        "ı": "i",
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ħ": "h",
        "Ħ": "h",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
        # Ukrainian ґ is written г as often as not; ё and й lose their marks below
        "ґ": "г",
        "Ґ": "г",
        # Arabic letters written interchangeably (alef and hamza forms lose their marks
        # below): alef maqsura as ya, ta marbuta as ha, Persian ya and kaf, no tatweel
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
        "ة": "ه",
        "ـ": None,
        # Arabic-Indic and Persian digits as ASCII ones
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object"})
_BLOCK_TAGS = frozenset({"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"})


#: both tables in one, and the characters they change: translate() with a table is slow on
#: non-ASCII text, so it runs only when one of them is present
_FOLDS = {k: chr(k).translate(_VARIANTS).translate(_LATIN) for k in {*_VARIANTS, *_LATIN}}
_FOLDED_CHARS = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(_FOLDS)) + "]")


def fold(text: str) -> str:
    """Case-, accent- and width-insensitive form of `text`, whitespace collapsed;
    letter variants a language writes interchangeably are made one (ё е, ґ г,
    Arabic alef and hamza forms, ta marbuta, alef maqsura, tatweel, digits)."""
    if _FOLDED_CHARS.search(text):
        text = text.translate(_FOLDS)
    if not text.isascii():  # ASCII has nothing to decompose: skip the costly part
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def words(folded: str) -> list[str]:
    return _WORD.findall(folded)


def squash(text: str) -> str:
    """Collapse runs of whitespace (newlines included) into single spaces."""
    return _SPACE.sub(" ", text).strip()


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary when one is near."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + "…"


def html_to_text(markup: str, limit: int) -> str:
    """Visible text of an HTML fragment (scripts dropped, entities decoded), bounded."""
    if "<" not in markup and "&" not in markup:
        return clip(squash(markup), limit)
    # Parse a bounded prefix: the visible text of a 1 MB fragment is not worth the time.
    extractor = _TextExtractor()
    extractor.feed(markup[: limit * 8])
    extractor.close()
    return clip(squash("".join(extractor.parts)), limit)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self._skipping:
            self._skipping -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)
