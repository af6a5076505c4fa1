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

from bot.classify.lexicon import LexiconError, read_toml

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
_LETTER = re.compile(r"[^\W\d_]")
_APOSTROPHE = re.compile(r"[\u0400-\u04ff]['’ʼ][\u0400-\u04ff]")


def _load() -> tuple[
    Mapping[str, str], Mapping[str, re.Pattern[str]], Mapping[str, re.Pattern[str]]
]:
    data = read_toml("language.toml")
    letters = {name: str(chars) for name, chars in data["script"].items()}
    cyrillic = _lists(data["cyrillic"])
    for name, endings in data["suffixes"].items():
        cyrillic[f"{name}-endings"] = re.compile(r"\w(?:" + "|".join(endings) + r")(?!\w)")
    return letters, _lists(data["words"]), cyrillic


def _lists(tables: Mapping[str, dict[str, list[str]]]) -> dict[str, re.Pattern[str]]:
    """One regex per word list; a word may stand in one list only."""
    lists = {code: frozenset(table["words"]) for code, table in tables.items()}
    seen: dict[str, str] = {}
    for code, found in lists.items():
        for word in found:
            if seen.setdefault(word, code) != code:
                raise LexiconError(f"language.toml: {word!r} is in [{seen[word]}] and [{code}]")
    return {code: _words_regex(found) for code, found in lists.items()}


def _words_regex(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(words))) + r")(?!\w)")


_LETTERS, _WORD_LISTS, _CYRILLIC_LISTS = _load()
_LETTER_SETS = {name: re.compile(f"[{re.escape(chars)}]") for name, chars in _LETTERS.items()}
_AZERI_WORDS = re.compile(rf"\w*[{re.escape(_LETTERS['azerbaijani'])}]\w*")


def identify(text: str) -> str:
    """The ISO 639-1 code of the language `text` is mostly written in."""
    sample = text[:SAMPLE_CHARS].lower()
    if sample.isascii():
        return _latin(sample)
    letters = len(_LETTER.findall(sample)) or 1
    for script, pattern in _SCRIPTS.items():
        if len(pattern.findall(sample)) * 3 > letters:
            return _by_script(script, sample)
    return _latin(sample)


def _by_script(script: str, sample: str) -> str:
    if script == "cyrillic":
        return (
            "uk"
            if _cyrillic_score(sample, "ukrainian", "uk") > _cyrillic_score(sample, "russian", "ru")
            else "ru"
        )
    if script == "arabic":
        return "fa" if len(_LETTER_SETS["persian"].findall(sample)) >= 2 else "ar"
    return _SCRIPT_LANGUAGE.get(script, "und")


def _cyrillic_score(sample: str, name: str, code: str) -> int:
    """Letters, short words and word endings only Russian or only Ukrainian uses."""
    letters = len(_LETTER_SETS[name].findall(sample))
    if code == "uk":  # an apostrophe inside a word: "перемир'я", "п'ять"
        letters += len(_APOSTROPHE.findall(sample))
    words = len(_CYRILLIC_LISTS[code].findall(sample))
    return letters + words + len(_CYRILLIC_LISTS[f"{name}-endings"].findall(sample))


def _latin(sample: str) -> str:
    """English unless another language's short words outnumber English ones."""
    counts = {code: len(pattern.findall(sample)) for code, pattern in _WORD_LISTS.items()}
    # a name such as "Tərtər" in an English item is no Azerbaijani sentence
    counts["az"] += len(_AZERI_WORDS.findall(sample))
    best = max(counts, key=lambda code: (counts[code], code == "en"))
    if best == "en" or counts[best] < MIN_FOREIGN_WORDS or counts[best] <= counts["en"]:
        return "en"
    return best


def english(text: str) -> bool:
    """Whether `text` is taken for English (the language of the first lexicons)."""
    return identify(text) == "en"
