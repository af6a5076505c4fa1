"""The bot's fixed words for labels, categories, figures and reasons, in the reader's
language (pure). Message ids are English; `bot.i18n` looks them up.

Category words are what users type (`violations`, `diplomacy`, `casualties`, `truces`);
each language's word for one (from its catalogue: "нарушения", "diplomatie", "الضحايا")
is an alias that means the same category, and the English word is what is stored."""

from __future__ import annotations

import functools
import re

from bot.i18n import LANGUAGES, Tongue, tongue
from bot.models import CATEGORY_WORDS

#: The words that follow something, in the order /help names them.
FOLLOW_WORDS = (*CATEGORY_WORDS.values(), "truces")


def label_name(label: str, t: Tongue) -> str:
    """ "cease-fire violation" (lower case: it may stand inside a sentence)."""
    if label == "ceasefire_violation":
        return t.gettext("cease-fire violation")
    if label == "diplomatic_move":
        return t.gettext("diplomatic move")
    return t.gettext("casualty report")


def label_plural(label: str, t: Tongue) -> str:
    """ "cease-fire violations": the label as a kind of report."""
    if label == "ceasefire_violation":
        return t.gettext("cease-fire violations")
    if label == "diplomatic_move":
        return t.gettext("diplomatic moves")
    return t.gettext("casualty reports")


def label_count(label: str, n: int, t: Tongue) -> str:
    """ "3 cease-fire violations"."""
    if label == "ceasefire_violation":
        return t.ngettext("{n} cease-fire violation", "{n} cease-fire violations", n)
    if label == "diplomatic_move":
        return t.ngettext("{n} diplomatic move", "{n} diplomatic moves", n)
    return t.ngettext("{n} casualty report", "{n} casualty reports", n)


def category_word(word: str, t: Tongue) -> str:
    """The word for a category (or `truces`) in the reader's language."""
    if word == "violations":
        return t.pgettext("category", "violations")
    if word == "diplomacy":
        return t.pgettext("category", "diplomacy")
    if word == "casualties":
        return t.pgettext("category", "casualties")
    return t.pgettext("category", "truces") if word == "truces" else word


@functools.cache
def category_aliases() -> dict[str, str]:
    """Every language's word for each category, folded to lower case -> the English word."""
    aliases = {word: word for word in FOLLOW_WORDS}
    for code in LANGUAGES:
        for word in FOLLOW_WORDS:
            aliases.setdefault(category_word(word, tongue(code)).casefold(), word)
    return aliases


def capital(text: str) -> str:
    """The first letter upper-cased, the rest as it is ("ООН" stays "ООН")."""
    return text[:1].upper() + text[1:]


def listing(parts: list[str], t: Tongue) -> str:
    """ "a, b, c" with the language's comma."""
    return t.pgettext("list separator", ", ").join(parts)


def figures(killed: int | None, wounded: int | None, t: Tongue) -> str:
    """ "3 killed, 5 wounded"; "" when there are no figures."""
    parts = []
    if killed is not None:
        parts.append(t.ngettext("{n} killed", "{n} killed", killed))
    if wounded is not None:
        parts.append(t.ngettext("{n} wounded", "{n} wounded", wounded))
    return listing(parts, t)


_REASON_PART = re.compile(r"“[^”]*”|[^,;]+")


def reason_text(reason: str, t: Tongue) -> str:
    """What an alert matched ("violations, “ganja”; diplomacy"), category words in the
    reader's language; the words the chat follows as they are."""
    if reason == "everything":
        return t.gettext("everything")

    def shown(found: re.Match[str]) -> str:
        word = found[0].strip()
        spoken = category_word(word, t) if word in FOLLOW_WORDS else word
        return found[0].replace(word, spoken) if word else found[0]

    return _REASON_PART.sub(shown, reason)
