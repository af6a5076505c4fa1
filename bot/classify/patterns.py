"""Compile the figure patterns of figures.toml, filling their <placeholders>."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

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
        "word": rf"(?:(?!{stop}(?![\w'-]))[^\W\d_][\w'-]*|<age>(?![\w'-])|(?:[^\W\d_]\.){{2,}})",
        "person": rf"(?:{alternation([*WORDS['people'], *WORDS['pairs']])}|<age>)(?![\w'-])",
        "auxiliary": rf"{alternation(WORDS['auxiliaries'])}(?![\w'-])",
        "subset": alternation(WORDS["subset"]),
        "loss_noun": rf"{alternation(WORDS['loss_nouns'])}(?![\w'-])",
        "earlier_event": alternation(WORDS["earlier_event"]),
        "figurative_object": rf"{alternation(WORDS['figurative_objects'])}(?![\w'-])",
        "hurt_object": rf"{alternation(WORDS['hurt_objects'])}(?![\w'-])",
    }


def fill(template: str, fragments: Mapping[str, str]) -> str:
    """Replace every <name> in `template`, recursively, from `fragments`."""
    return _PLACEHOLDER.sub(lambda m: fill(fragments[m.group(1)], fragments), template)


def _compile_all() -> dict[str, re.Pattern[str]]:
    fragments = {**_FRAGMENTS, **_DATA["fragments"]}
    templates: dict[str, str] = _DATA["patterns"]
    return {name: re.compile(fill(t, fragments), re.VERBOSE) for name, t in templates.items()}


_FRAGMENTS = _fragments()
_COMPILED = _compile_all()

#: see figures.toml [patterns]
BEFORE_VERB = _COMPILED["before_verb"]
AFTER_VERB = _COMPILED["after_verb"]
TOLL = _COMPILED["toll"]
LOSS = _COMPILED["loss"]
LIVES = _COMPILED["lives"]
BODIES_BEFORE = _COMPILED["bodies_before"]
EARLIER_EVENT = _COMPILED["earlier_event"]
NAME = _COMPILED["name"]
NAMED_OF = _COMPILED["named_of"]
NAMED_WHO = _COMPILED["named_who"]
EDGE_QUOTE = _COMPILED["edge_quote"]
YEAR = _COMPILED["year"]
AGE = re.compile(fill("<age>", _DATA["fragments"]))
GROUP_ITEM = _COMPILED["group_item"]
SUBSET_CLAUSE = _COMPILED["subset_clause"]
AGES = _COMPILED["ages"]
FAMILY_OF = _COMPILED["family_of"]
FIGURATIVE_KILL = _COMPILED["figurative_kill"]
FIGURATIVE_HURT = _COMPILED["figurative_hurt"]
SUBSET_TOTAL = _COMPILED["subset_total"]
SUBSET_BEFORE = _COMPILED["subset_before"]
VAGUE = re.compile(fill("<vague>", _FRAGMENTS), re.VERBOSE)

PEOPLE = frozenset(WORDS["people"])
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
