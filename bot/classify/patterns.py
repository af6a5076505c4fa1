"""Compile the figure patterns of figures.toml, filling their <placeholders>."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from bot.classify.lexicon import read_toml
from bot.classify.trie import trie_regex

_DATA = read_toml("figures.toml")
WORDS: Mapping[str, list[str]] = _DATA["words"]
_NUMBERS = _DATA["numbers"]
_PLACEHOLDER = re.compile(r"(?<!\?P)<(\w+)>")


def alternation(words: Iterable[str]) -> str:
    """A verbose-mode-safe pattern for `words`, longest first.

    A prefix tree: these lists are tried at every word of a figure phrase,
    where a flat alternation would compare every entry in turn.
    """
    return "(?:" + trie_regex(" ".join(w.split()) for w in words) + ")"


def _number() -> str:
    atom = alternation([*_NUMBERS["units"], *_NUMBERS["tens"]])
    scale = alternation(_NUMBERS["scales"])
    spelled = rf"{atom}(?:-{atom})?"
    # "a dozen", "half a dozen", "two hundred and fifty"
    single = rf"(?:(?:half\s+)?a\s+)?{scale}"
    words = rf"(?:{single}|{spelled})(?:\s+{scale}(?:\s+(?:and\s+)?{spelled})?)*"
    digits = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,7})(?![\w:+%-]|[.,][0-9])"
    return rf"(?:(?<![\w.,:+'-]){digits}|(?<![\w'-]){words}(?![\w'-]))"


def _fragments() -> dict[str, str]:
    stop = alternation(WORDS["stop"])
    return {
        "number": _number(),
        "qualifier": alternation(WORDS["qualifiers"]),
        "vague": rf"(?<![\w'-]){alternation(WORDS['vague'])}(?![\w'-])",
        # a word, an age ("12-year-old") or an abbreviation ("u.s.")
        # (the abbreviation first: "13 u.s. troops" is not "13 u")
        "word": rf"(?:(?:[^\W\d_]\.){{2,}}|(?!{stop}(?![\w'-]))[^\W\d_][\w'-]*|<age>(?![\w'-]))",
        "person": rf"(?:{alternation(_person_words())}|<age>)(?![\w'-])",
        "auxiliary": rf"{alternation(WORDS['auxiliaries'])}(?![\w'-])",
        "subset": alternation(WORDS["subset"]),
        "loss_noun": rf"{alternation(WORDS['loss_nouns'])}(?![\w'-])",
        "earlier_event": alternation(WORDS["earlier_event"]),
        "figurative_object": rf"{alternation(WORDS['figurative_objects'])}(?![\w'-])",
        "hurt_object": rf"{alternation(WORDS['hurt_objects'])}(?![\w'-])",
    }


def _person_words() -> list[str]:
    return [*WORDS["people"], *WORDS["nationals"], *WORDS["pairs"]]


def fill(template: str, fragments: Mapping[str, str]) -> str:
    """Replace every <name> in `template`, recursively, from `fragments`."""
    return _PLACEHOLDER.sub(lambda m: fill(fragments[m.group(1)], fragments), template)


#: the module attribute of each [patterns] template of figures.toml
_ATTRIBUTES = {name.upper(): name for name in _DATA["patterns"]}


def _compile(name: str) -> re.Pattern[str]:
    fragments = {**_FRAGMENTS, **_DATA["fragments"]}
    return re.compile(fill(_DATA["patterns"][name], fragments), re.VERBOSE)


def __getattr__(attribute: str) -> re.Pattern[str]:
    """Compile a figure pattern on its first use.

    Compiling all of them takes most of the classifier's start-up, and an
    item without a killed/wounded word needs none; the compiled pattern is
    kept as a module attribute, so later lookups never come here.
    """
    name = _ATTRIBUTES.get(attribute)
    if name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {attribute!r}")
    pattern = _compile(name)
    globals()[attribute] = pattern
    return pattern


def warm() -> None:
    """Compile every figure pattern now (a worker does it before its first item)."""
    for attribute in _ATTRIBUTES:
        if attribute not in globals():
            __getattr__(attribute)


_FRAGMENTS = _fragments()

if TYPE_CHECKING:  # compiled on first use by __getattr__; see figures.toml [patterns]
    BEFORE_VERB: re.Pattern[str]
    AFTER_VERB: re.Pattern[str]
    TOLL: re.Pattern[str]
    LOSS: re.Pattern[str]
    LIVES: re.Pattern[str]
    BODIES_BEFORE: re.Pattern[str]
    EARLIER_EVENT: re.Pattern[str]
    NAME: re.Pattern[str]
    NAMED_OF: re.Pattern[str]
    NAMED_WHO: re.Pattern[str]
    NAMED_ASIDE: re.Pattern[str]
    EDGE_QUOTE: re.Pattern[str]
    YEAR: re.Pattern[str]
    GROUP_ITEM: re.Pattern[str]
    SUBSET_CLAUSE: re.Pattern[str]
    AGES: re.Pattern[str]
    FAMILY_OF: re.Pattern[str]
    FIGURATIVE_KILL: re.Pattern[str]
    FIGURATIVE_HURT: re.Pattern[str]
    SUBSET_TOTAL: re.Pattern[str]
    SUBSET_BEFORE: re.Pattern[str]
    PART_OF_WHOLE: re.Pattern[str]
    COMPOUND: re.Pattern[str]

AGE = re.compile(fill("<age>", _DATA["fragments"]))
VAGUE = re.compile(fill("<vague>", _FRAGMENTS), re.VERBOSE)

PEOPLE = frozenset(WORDS["people"] + WORDS["nationals"])
NATIONALS = frozenset(WORDS["nationals"])
PAIRS = frozenset(WORDS["pairs"])
COLLECTIVES = frozenset(WORDS["collectives"])
NOT_PEOPLE = frozenset(WORDS["not_people"])
OWN_SIDE = frozenset(WORDS["own_side"])
#: any own-side word as a whole word of a space-padded group, in one search
OWN_SIDE_WORD = re.compile("|".join(re.escape(f" {word} ") for word in sorted(OWN_SIDE)))
ATTACKERS = frozenset(WORDS["attackers"])
SUBSET = frozenset(" ".join(w.split()) for w in WORDS["subset"])
ADDED = frozenset(WORDS["added"])
ACTIVE_VERBS = frozenset(WORDS["active_verbs"])
ACTIVE_ONLY = frozenset(WORDS["active_only"])
TOLL_WORDS = frozenset(WORDS["toll_words"])
LOSS_WORDS = frozenset(WORDS["loss_words"])
LIVES_WORDS = frozenset(WORDS["lives_words"])
OF_NOUNS = frozenset(WORDS["of_nouns"])
BODIES_WORDS = frozenset(WORDS["bodies_words"])
VICTIMS_WORDS = frozenset(WORDS["victims_words"])
BACKGROUND = re.compile(
    r"[^.;!?]{0,40}?(?<![\w'-])" + alternation(WORDS["background"]) + r"(?![\w'-])"
)
