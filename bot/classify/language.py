"""Which language an item is written in (pure, no model, nothing downloaded).

The script decides first: Arabic letters are Arabic (Persian and Urdu by their
own letters), Armenian letters Armenian, Cyrillic Russian or Ukrainian by the
letters only one of them uses. Latin text is told by its commonest short words
(lists in language.toml); Latin text too short to tell counts as English, the
language most feeds are in. Codes are ISO 639-1; "und" is undetermined.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import chain

from bot.classify.lexicon import LexiconError, read_toml
from bot.classify.trie import trie_regex

#: how much of a field is read to tell its language
SAMPLE_CHARS = 200
#: another language's short words needed before Latin text is taken for it
MIN_FOREIGN_WORDS = 2
#: languages the classifier labels; the others are recognised, stored and unlabelled
LABELLED = frozenset({"en", "ru", "uk", "fr", "ar"})

_SCRIPTS = {
    "cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
    "armenian": re.compile(r"[\u0531-\u058f]"),
    "georgian": re.compile(r"[\u10a0-\u10ff]"),
    "hebrew": re.compile(r"[\u0590-\u05ff]"),
    "greek": re.compile(r"[\u0370-\u03ff]"),
    "cjk": re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"),
}
_SCRIPT_LANGUAGE = {"armenian": "hy", "georgian": "ka", "hebrew": "he", "greek": "el"}
_APOSTROPHE = re.compile(r"[\u0400-\u04ff]['’ʼ][\u0400-\u04ff]")


def _load() -> tuple[Mapping[str, str], Mapping[str, str], Mapping[str, tuple[str, ...]]]:
    data = read_toml("language.toml")
    letters = {name: str(chars) for name, chars in data["script"].items()}
    words = _word_languages({**data["words"], **data["cyrillic"]})
    endings = {name: tuple(found) for name, found in data["suffixes"].items()}
    return letters, words, endings


def _word_languages(tables: Mapping[str, dict[str, list[str]]]) -> dict[str, str]:
    """Each listed word and its language; a word may stand in one list only."""
    seen: dict[str, str] = {}
    for code, table in tables.items():
        for word in table["words"]:
            if seen.setdefault(word, code) != code:
                raise LexiconError(f"language.toml: {word!r} is in [{seen[word]}] and [{code}]")
    return seen


_LETTERS, _WORD_LANGUAGE, _ENDINGS = _load()
#: a word's longest listed ending, of either language, after at least one more
#: letter: one regex for both lists, and a prefix tree, which tries each word
#: character against a few first letters
_ENDING = re.compile(r"\w(?:" + trie_regex(chain(*_ENDINGS.values())) + r")(?!\w)")
#: each list's letters, each once: counted one by one with str.count, which
#: runs at memory speed where a regex's findall builds a string per letter
_LETTER_SETS = {name: "".join(sorted(set(chars))) for name, chars in _LETTERS.items()}
_WORD = re.compile(r"[^\W\d_]+")
_OTHER_SCRIPT = re.compile("|".join(p.pattern for p in _SCRIPTS.values()))
#: each script's runs of letters: counting letters run by run makes a string
#: per word, not one per letter
_SCRIPT_RUNS = {script: re.compile(f"{pattern.pattern}+") for script, pattern in _SCRIPTS.items()}
_AZERI_WORDS = re.compile(rf"\w*[{re.escape(_LETTERS['azerbaijani'])}]\w*")


def identify(text: str) -> str:
    """The ISO 639-1 code of the language `text` is mostly written in."""
    raw = text[:SAMPLE_CHARS]
    sample = raw.lower()
    if sample.isascii() or not _OTHER_SCRIPT.search(sample):
        return _latin(sample, _words(sample), raw)
    words: list[str] | None = None  # found only when needed: the regex reads every letter
    letters = 1
    for script, runs in _SCRIPT_RUNS.items():
        found = _length(runs.findall(sample))
        if not found:
            continue  # a script with no letter in the sample never wins
        # over a third of the whole sample is over a third of its letters
        if found * 3 > len(sample):
            return _by_script(script, sample, words)
        if words is None:
            words = _WORD.findall(sample)
            letters = _length(words) or 1
        if found * 3 > letters:
            return _by_script(script, sample, words)
    return _latin(sample, _WORD.findall(sample) if words is None else words, raw)


def _length(runs: list[str]) -> int:
    return sum(map(len, runs))


def _by_script(script: str, sample: str, words: list[str] | None) -> str:
    if script == "cyrillic":
        return _cyrillic(sample, _WORD.findall(sample) if words is None else words) or "ru"
    if script == "arabic":
        return "fa" if _letters(sample, "persian") >= 2 else "ar"
    return _SCRIPT_LANGUAGE.get(script, "und")


def _cyrillic(sample: str, words: list[str]) -> str | None:
    """Russian or Ukrainian by their own letters, endings and short words; None
    when neither leads ("Бойовики вдарили по житловим кварталам" has none)."""
    listed = _counts(words)
    # one match per word at most: its letter before the longest ending, and that ending
    endings = [found[1:] for found in _ENDING.findall(sample)]
    ukrainian = _cyrillic_score(sample, endings, "ukrainian") + listed.get("uk", 0)
    russian = _cyrillic_score(sample, endings, "russian") + listed.get("ru", 0)
    if ukrainian == russian:
        return None
    return "uk" if ukrainian > russian else "ru"


def cyrillic_field(text: str, item_language: str) -> str:
    """The language of one field of a Russian or Ukrainian item: its own when
    its words tell it, else the item's (a Ukrainian headline with no letter,
    ending or short word only Ukrainian uses is still Ukrainian)."""
    sample = text[:SAMPLE_CHARS].lower()
    if not _SCRIPTS["cyrillic"].search(sample):
        return identify(text)
    return _cyrillic(sample, _WORD.findall(sample)) or item_language


def _cyrillic_score(sample: str, endings: list[str], name: str) -> int:
    """Letters and word endings only Russian or only Ukrainian uses; for
    Ukrainian, an apostrophe inside a word ("перемир'я", "п'ять"). `endings`
    holds each word's longest listed ending: any shorter one that a word has
    is an ending of that one."""
    score = _letters(sample, name) + sum(e.endswith(_ENDINGS[name]) for e in endings)
    return score + (_apostrophes(sample) if name == "ukrainian" else 0)


def _letters(sample: str, name: str) -> int:
    """How many of the sample's characters are letters of the list `name`."""
    return sum(map(sample.count, _LETTER_SETS[name]))


def _apostrophes(sample: str) -> int:
    """Apostrophes inside Cyrillic words; most samples have no apostrophe at all,
    which substring tests tell without the regex."""
    if "'" not in sample and "’" not in sample and "ʼ" not in sample:
        return 0
    return len(_APOSTROPHE.findall(sample))


def _counts(words: list[str]) -> dict[str, int]:
    """How many of the sample's words are each language's listed short words."""
    counts: dict[str, int] = {}
    # most words are listed in no language: drop them before the Python loop
    for code in filter(None, map(_WORD_LANGUAGE.get, words)):
        counts[code] = counts.get(code, 0) + 1
    return counts


#: ASCII letters kept, every other byte a space
_ASCII_LETTERS = bytes(c if chr(c).isascii() and chr(c).isalpha() else 32 for c in range(256))


def _words(sample: str) -> list[str]:
    """The runs of letters in `sample`; most items are ASCII, where a byte
    table finds them several times faster than the regex."""
    if sample.isascii():
        return sample.encode().translate(_ASCII_LETTERS).decode().split()
    return _WORD.findall(sample)


def _latin(sample: str, words: list[str], raw: str) -> str:
    """English unless another language's short words outnumber English ones."""
    counts = _counts(words)
    french = counts.get("fr", 0)
    # marks are read only where the short words alone fall short (short headlines)
    if french and french < max(MIN_FOREIGN_WORDS, counts.get("en", 0) + 1):
        counts["fr"] += _french_marks(raw)
    if "ə" in sample:  # a name such as "Tərtər" in an English item is no Azerbaijani sentence
        counts["az"] = counts.get("az", 0) + len(_AZERI_WORDS.findall(sample))
    english_words = counts.pop("en", 0)
    best = max(counts, key=counts.__getitem__, default="en")
    if best == "en" or counts[best] < MIN_FOREIGN_WORDS or counts[best] <= english_words:
        return "en"
    if counts[best] >= ACRONYM_LIMIT:
        return best
    # checked only when another language narrowly wins, so most items pay nothing
    found = counts[best] - _acronyms(raw, best)
    return best if found >= MIN_FOREIGN_WORDS and found > english_words else "en"


#: short words from which a language wins outright: acronyms ("UN") are too few to matter
ACRONYM_LIMIT = 6
#: a word in capitals: an acronym ("UN", "LA"), not a short word of a language
_CAPITALS = re.compile(r"\b[A-Z]{2,}\b")


def _acronyms(raw: str, code: str) -> int:
    """How many of a language's listed words stand in capitals ("UN envoy"
    is no French "un"), in text not all in capitals."""
    if raw.isupper():
        return 0
    return sum(_WORD_LANGUAGE.get(word.lower()) == code for word in _CAPITALS.findall(raw))


#: a lower-case word elided ("l'armée", "d'une", "qu'il") or bearing a French
#: accent ("tués", "blessés", "trêve"); capitalised words are left out, as names
#: in English text ("Côte d'Ivoire", "José", "Médecins") carry the same marks
_FRENCH_MARK = re.compile(
    r"(?<![\w'’])(?:(?:qu|[cdjlmnst])['’][a-zà-ÿ]+|[a-zà-ÿ]*[éèêàçù][a-zà-ÿ]*)"
)


def _french_marks(raw: str) -> int:
    """French words a short headline has besides its listed short words: one
    listed word ("au", "la") and two accented participles ("tués, 20 blessés")
    tell French, where short words alone are too few."""
    if raw.isascii() and "'" not in raw:
        return 0
    found = _FRENCH_MARK.findall(raw)
    return sum(_WORD_LANGUAGE.get(word) != "fr" for word in found)


def english(text: str) -> bool:
    """Whether `text` is taken for English (the language of the first lexicons)."""
    return identify(text) == "en"
