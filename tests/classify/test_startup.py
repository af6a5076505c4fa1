"""What the classifier leaves for first use, and `warm()`, which loads it all."""

from __future__ import annotations

import subprocess
import sys

import pytest

_CHECK = """
import sys
from bot.classify import classify, patterns, warm
classify("a", "b")
assert "BEFORE_VERB" not in vars(patterns), "figure patterns compiled at import"
assert "bot.classify.foreign" not in sys.modules, "foreign reader loaded at import"
warm()
assert "bot.classify.foreign" in sys.modules
assert all(name in vars(patterns) for name in ("BEFORE_VERB", "AFTER_VERB", "TOLL", "YEAR"))
"""


def test_english_start_leaves_figure_patterns_and_other_languages_for_first_use() -> None:
    # a fresh interpreter: other tests have long since compiled everything here
    subprocess.run([sys.executable, "-c", _CHECK], check=True)


def test_a_figure_pattern_is_compiled_once_and_kept() -> None:
    from bot.classify import patterns

    assert patterns.TOLL is patterns.TOLL
    assert vars(patterns)["TOLL"] is patterns.TOLL


def test_an_unknown_pattern_is_an_attribute_error() -> None:
    from bot.classify import patterns

    with pytest.raises(AttributeError):
        patterns.NO_SUCH_PATTERN  # noqa: B018
