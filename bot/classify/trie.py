"""Turn a word list into one compact regular expression.

A plain alternation makes the regex engine try every word at every position;
a prefix tree lets it reject a position after one or two characters, which
is what keeps the whole lexicon to a single fast scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_Node = dict[str, "_Node"]
_END = ""


def trie_regex(words: Iterable[str]) -> str:
    """A non-capturing pattern matching exactly `words`, longest first."""
    root: _Node = {}
    for word in sorted(set(words)):
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _node_regex(root)


def _node_regex(node: _Node) -> str:
    branches = [_char_regex(c) + _node_regex(node[c]) for c in sorted(node) if c != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # greedy optional: the engine tries the longer phrase first
    return "(?:" + body + ")?" if _END in node else body


def _char_regex(char: str) -> str:
    # quotes may sit between the words of a phrase: "'de-escalation' deal"
    return r"[\s'\"]+" if char == " " else re.escape(char)
