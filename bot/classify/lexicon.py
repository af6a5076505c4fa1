"""Load the TOML lexicons once and compile the single scanning regex."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from bot.classify.trie import trie_regex

#: Files whose categories feed the scanner, in load order.
SCANNER_FILES = (
    "common.toml",
    "gazetteer.toml",
    "violation.toml",
    "diplomacy.toml",
    "casualty.toml",
)
#: how strongly a `conflict = true` category places an item in an armed conflict
CONTEXTS = ("strong", "weak")

_BRACES = re.compile(r"\{([^{}]*)\}")


class LexiconError(ValueError):
    """A lexicon file is malformed; raised at import so mistakes surface early."""


@dataclass(frozen=True, slots=True)
class Category:
    """A named group of terms and what the rules do with it."""

    name: str
    role: str
    weight: float
    negatable: bool
    conflict: bool
    strong: bool
    weak: bool
    standalone: bool
    counted: bool
    generic: bool
    inherent: bool
    cue: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every scanner term, its category, and the regex that finds them."""

    categories: Mapping[str, Category]
    term_category: Mapping[str, str]
    scanner: re.Pattern[str]


def read_toml(name: str) -> dict[str, Any]:
    """Parse one of the package's TOML files."""
    text = resources.files("bot.classify").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def expand(term: str) -> Iterator[str]:
    """All spellings of `term`: "kill{,s}" yields "kill" and "kills"."""
    match = _BRACES.search(term)
    if match is None:
        yield " ".join(term.lower().split())
        return
    for option in match.group(1).split(","):
        yield from expand(term[: match.start()] + option + term[match.end() :])


def load_lexicon(files: tuple[str, ...] = SCANNER_FILES) -> Lexicon:
    """Read `files` and build the lexicon; duplicate terms are an error."""
    categories: dict[str, Category] = {}
    term_category: dict[str, str] = {}
    for file_name in files:
        for name, table in read_toml(file_name).items():
            categories[name] = _category(file_name, name, table)
            for term in _terms(file_name, name, table):
                _add_term(term_category, term, name, file_name)
    return Lexicon(categories, term_category, compile_scanner(term_category))


def compile_scanner(term_category: Mapping[str, str]) -> re.Pattern[str]:
    """One regex for every term (group `t`) and punctuation (group `p`).

    Punctuation is a bare character class: telling a full stop from "U.S."
    is cheaper in Python for the few candidates than in the regex at every
    position.
    """
    words = trie_regex(term_category)
    return re.compile(rf"(?P<p>[;!?,():.-])|(?<![\w-])(?P<t>{words})(?!\w)")


def _category(file_name: str, name: str, table: Any) -> Category:
    if not isinstance(table, dict) or not isinstance(table.get("role"), str):
        raise LexiconError(f"{file_name}: [{name}] needs a role")
    return Category(
        name=name,
        role=table["role"],
        weight=float(table.get("weight", 0.0)),
        negatable=bool(table.get("negatable", False)),
        conflict=bool(table.get("conflict", False)),
        strong=bool(table.get("conflict", False)) and _context(file_name, name, table) == "strong",
        weak=bool(table.get("weak", False)),
        standalone=bool(table.get("standalone", False)),
        counted=bool(table.get("counted", False)),
        generic=bool(table.get("generic", False)),
        inherent=bool(table.get("inherent", False)),
        cue=str(table.get("cue", name)),
    )


def _context(file_name: str, name: str, table: dict[str, Any]) -> str:
    """A conflict category's context: "strong" (a war's places, parties and
    weapons) unless it says "weak" (soldiers, police-like forces, protests),
    which crime and accidents can share."""
    context = table.get("context", "strong")
    if context not in CONTEXTS:
        raise LexiconError(f"{file_name}: [{name}] has an unknown context {context!r}")
    return str(context)


def _terms(file_name: str, name: str, table: dict[str, Any]) -> Iterator[str]:
    terms = table.get("terms")
    if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
        raise LexiconError(f"{file_name}: [{name}] needs a list of string terms")
    for term in terms:
        yield from expand(term)


def _add_term(term_category: dict[str, str], term: str, name: str, file_name: str) -> None:
    if not term:
        raise LexiconError(f"{file_name}: [{name}] has an empty term")
    previous = term_category.setdefault(term, name)
    if previous != name:
        raise LexiconError(f"{file_name}: {term!r} is in both [{previous}] and [{name}]")


#: The shipped lexicon, built once at import.
LEXICON = load_lexicon()
