"""Load the TOML lexicons once and compile the single scanning regex."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
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
    #: each term's category itself, saving the scanner a lookup per hit
    term_categories: Mapping[str, Category]


def read_toml(name: str) -> dict[str, Any]:
    """Parse one of the package's TOML files."""
    text = Path(__file__).with_name(name).read_text(encoding="utf-8")
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
    by_term = {term: categories[name] for term, name in term_category.items()}
    return Lexicon(categories, term_category, compile_scanner(term_category), by_term)


#: marks that may end a clause or a sentence (scan.py tells which do)
MARKS = frozenset(";!?,():.-")


def compile_scanner(term_category: Mapping[str, str]) -> re.Pattern[str]:
    """One regex for every term (group `t`) and punctuation, to run over the
    text with a space in front.

    Each match starts with the character before a term, or is a mark of
    MARKS with no term after it: opening on a non-word character lets the
    regex engine skip the letters inside words with a set test instead of
    trying a match at each of them.  A term after a hyphen is part of a
    compound ("cross-border"), not the term.  Telling a full stop from
    "U.S." is left to Python, for the few candidates.
    """
    words = trie_regex(term_category)
    marks = re.escape("".join(sorted(MARKS)))
    return re.compile(rf"\W(?:(?<!-)(?P<t>{words})(?!\w)|(?<=[{marks}]))")


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
