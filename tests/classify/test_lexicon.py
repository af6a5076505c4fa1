"""The TOML lexicons load, expand and compile as documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.classify import roles
from bot.classify.lexicon import LEXICON, SCANNER_FILES, LexiconError, expand, load_lexicon
from bot.classify.trie import trie_regex

PACKAGE = Path(__file__).resolve().parents[2] / "bot" / "classify"
KNOWN_ROLES = {
    value for name, value in vars(roles).items() if name.isupper() and isinstance(value, str)
}


def test_brace_groups_expand_to_every_combination() -> None:
    assert list(expand("kill{,s,ed}")) == ["kill", "kills", "killed"]
    assert sorted(expand("{a,b} {c,d}")) == ["a c", "a d", "b c", "b d"]
    assert list(expand("  Cease  Fire ")) == ["cease fire"]


def test_every_category_names_a_role_the_rules_know() -> None:
    unknown = {c.name: c.role for c in LEXICON.categories.values() if c.role not in KNOWN_ROLES}
    assert unknown == {}


def test_every_term_is_found_by_the_scanner_as_its_own_category() -> None:
    for term, name in LEXICON.term_category.items():
        match = LEXICON.scanner.search(f" {term} ")
        assert match is not None and match.group("t") is not None, term
        assert LEXICON.term_category.get(match.group("t")) == name, term


def test_trie_regex_matches_exactly_the_words_longest_first() -> None:
    pattern = re.compile(trie_regex(["shot", "shot dead", "shell", "shelling"]))
    assert pattern.match("shot dead").group() == "shot dead"
    assert pattern.match("shelling").group() == "shelling"
    assert pattern.fullmatch("shel") is None


def test_duplicate_terms_are_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml = '[a]\nrole = "hostile"\nterms = ["raid"]\n[b]\nrole = "truce"\nterms = ["raid"]\n'
    monkeypatch.setattr(
        "bot.classify.lexicon.read_toml", lambda name: __import__("tomllib").loads(toml)
    )
    with pytest.raises(LexiconError, match="raid"):
        load_lexicon(("x.toml",))


def test_categories_need_a_role(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.classify.lexicon.read_toml", lambda name: {"a": {"terms": ["x"]}})
    with pytest.raises(LexiconError, match="role"):
        load_lexicon(("x.toml",))


def test_lexicon_files_are_package_data() -> None:
    for name in (*SCANNER_FILES, "figures.toml"):
        assert (PACKAGE / name).is_file()
