"""Folding makes one the letter variants each language writes interchangeably."""

from __future__ import annotations

import pytest

from bot.text import fold


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Ёлка", "елка"),
        ("Ґанок", "ганок"),
        ("Ї", "і"),
        ("أحمد إبراهيم آمنة", "احمد ابراهيم امنه"),
        ("مسؤول", "مسوول"),
        ("رئيس", "رييس"),
        ("مستشفى", "مستشفي"),
        ("غـــزة", "غزه"),
        ("غَزَّة", "غزه"),
        ("٣٠ قتيلا", "30 قتيلا"),
        ("۱۲", "12"),
        ("Tərtər", "terter"),
    ],
)
def test_letter_variants_fold_alike(written: str, folded: str) -> None:
    assert fold(written) == folded


def test_ascii_text_is_only_lower_cased_and_squeezed() -> None:
    assert fold("  Ganja  SHELLED ") == "ganja shelled"
