"""Items in languages without lexicons get no labels; English ones keep theirs."""

from __future__ import annotations

import pytest

from bot.classify import classify
from bot.classify.language import english


@pytest.mark.parametrize(
    ("text", "is_english"),
    [
        ("Shelling kills 3 in Donetsk despite the truce", True),
        ("RSF captures El Fasher after 18-month siege", True),
        ("Von der Leyen and the Los Angeles mayor meet in La Paz", True),
        ("Car bombs kill 11", True),
        ("US summons Russian chargé d'affaires over strike in Côte d'Ivoire", True),
        ("Médecins Sans Frontières: 12 killed in strike on Gaza hospital", True),
        ("Joint communiqué after coup d'état talks", True),
        ("Mali : cinq soldats tués dans une embuscade", False),
        ("UN envoy tells Security Council Syria's de-escalation zones have reduced violence", True),
        ("Soudan : 40 morts à El Fasher", False),
        ("ONU : DES FRAPPES À GAZA FONT 20 MORTS", False),
        ("Niger : au moins douze militaires tués", False),
        ("RDC : le M23 accusé d'avoir violé la trêve", False),
        ("", True),
        (
            "La SNCF annonce la signature de l'accord avec les syndicats et que la grève est levée",
            False,
        ),
        ("Обстрел Донецка: погибли трое мирных жителей", False),
        ("قصف على غزة يقتل ثلاثة", False),
        ("Die Waffenruhe ist nach Angriffen gebrochen und wurde nicht verlängert", False),
        ("Ermənistan tərəfi atəşkəs rejimini pozub və mövqelərimizi atəşə tutub", False),
    ],
)
def test_language_is_told_by_script_and_short_words(text: str, is_english: bool) -> None:
    assert english(text) is is_english


def test_languages_without_lexicons_get_no_labels_even_with_shared_words() -> None:
    result = classify(
        "Waffenstillstand: die Verhandlungen sind beendet",
        "Die Waffenruhe ist nach Angriffen gebrochen und wurde nicht verlängert.",
    )
    assert result.labels == () and result.evidence == ()


def test_french_items_are_read_with_french_lexicons() -> None:
    result = classify(
        "Signature de l'accord de cessez-le-feu au Haut-Karabakh",
        "Les négociations sont terminées et la trêve est signée.",
    )
    assert result.labels == ("diplomatic_move",)
    title = "Signature de l'accord de cessez-le-feu au Haut-Karabakh"
    assert all(e.text in title for e in result.evidence)


def test_short_french_headline_without_summary_is_read_in_french() -> None:
    result = classify("Attaque jihadiste au Burkina : 9 gendarmes tués, 4 blessés", "")
    assert result.language == "fr"
    assert result.labels == ("casualty_report",)
    assert (result.killed, result.wounded) == (9, 4)
