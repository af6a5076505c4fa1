"""Numbers of an item in Russian, Ukrainian, French or Arabic, as counts of people:
digits and number words in their case forms ("двадцать пять", "п'ятеро", "خمسة
وعشرين", "dix-huit"), thousands ("4,1 тыс.", "3 آلاف") and Arabic duals ("مدنيان"),
but not a year, a share, a measure or a date ("48 heures", "9 avril"), nor part of a
name ("Су-34", "M23")."""

from __future__ import annotations

import re

from bot.classify.foreign_fields import FieldHits
from bot.classify.stems import StemLexicon
from bot.classify.tokens import Token, variants

#: words between a number and the killed or wounded word it counts
FIGURE_REACH = 5

#: numbers that are years, not tolls, when nothing says they count people
YEARS = range(1900, 2101)


#: number words from this value up multiply the number before them ("4,1 тыс.")
THOUSAND = 1000


def compound_head(field: FieldHits, index: int) -> int:
    """The first word of a compound number ("dix-huit", "двадцать пять")."""
    head = index - 1
    if field.tokens[index].norm in field.lexicon.approximate:
        return index  # "une quinzaine": the article is no part of the number
    own = number_word(field.lexicon, field.tokens[head]) if head >= 0 else None
    if own is not None and count_at(field, head) != own:
        # "مئة وخمسة وثلاثين": Arabic hundreds stand two words before the tens
        hundreds = field.lexicon.language == "ar" and own < 10
        return compound_head(field, head) if hundreds else head
    return index


def is_one(lexicon: StemLexicon, norm: str) -> bool:
    return listed_in(lexicon, norm, lexicon.one)


def listed_in(lexicon: StemLexicon, norm: str, words: frozenset[str]) -> bool:
    """Whether a word, or in Arabic the word bare of its clitics, is listed."""
    if lexicon.language != "ar":
        return norm in words  # only Arabic words have variants: skip the generator
    return any(w in words for w in variants(norm, lexicon.language))


def count_at(field: FieldHits, index: int) -> int | None:
    """The number at `index` (digits, or number words such as "двадцать пять"),
    when it counts people: not a year, a share ("70 %"), a measure ("48
    heures", "une trentaine") or part of a name ("M23", "Су-25", "18-й"), nor one
    denied ("et non dix morts"), nor a count of attacks or weapons ("cinq
    attaques")."""
    lexicon, tokens = field.lexicon, field.tokens
    token = tokens[index]
    word = number_word(lexicon, token) if token.number is None else None
    if word is None and token.number is None and token.norm not in lexicon.halves:
        return None  # most words asked about are no number: none of the reads below fits
    if index > 0 and tokens[index - 1].norm in lexicon.denials:
        return None  # "et non dix morts": a figure denied
    if index + 1 in field.acts_at:
        return None  # "cinq attaques", "10 ракет": acts or weapons counted
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is not None and following.norm in lexicon.tens:
        return _tens(lexicon, token)
    if following is not None and (_measures(lexicon, following) or _paired_measure(field, index)):
        return None
    more = number_word(lexicon, following) if following is not None else None
    if token.number is not None:
        if _ranked(field, index) or _clock_time(field.text, token):
            return None
        number = token.number
        if more is not None and more >= THOUSAND and not _in_name(field.text, token):
            return round(number * more)  # "4,1 тыс.", "3 آلاف"
        if _dotted_thousands(field.text, token):
            number = round(number * THOUSAND)  # "1.200 Palestiniens", "2.000" is no year
        elif number != int(number) or int(number) in YEARS or _in_name(field.text, token):
            return None
        if number >= THOUSAND and following is not None and following.norm in lexicon.uprooted:
            return None  # "82.800 déplacés": the displaced, not a toll
        return int(number)
    value = word
    round_thousand = token.norm in lexicon.approximate  # "un millier de morts": 1000
    if value is None or (value >= THOUSAND and not round_thousand) or _ranked(field, index):
        return None  # "тысячи", thousands, unless a number comes first
    if token.norm in lexicon.approximate and _vaguely_approximate(field, index):
        return None
    if more is None:
        return value
    if following is not None and following.norm in lexicon.approximate:
        return None  # "une quinzaine": the article of a round number
    after = tokens[index + 2] if index + 2 < len(tokens) else None
    if after is not None and more < THOUSAND and _measures(lexicon, after):
        return None  # "أربع وعشرين ساعة", "двадцать пять лет": a measure
    if more >= THOUSAND:
        return value * more
    if more < 10 <= value:
        return value + more + _arabic_tens(field, index, value)
    # Arabic puts the unit first: "ثلاثة عشر" (13), "خمسة وعشرون" (25)
    units_first = lexicon.language == "ar" and value < 10 and more % 10 == 0 and more < 100
    return value + more if units_first else value


def _arabic_tens(field: FieldHits, index: int, value: int) -> int:
    """ "مئة وسبعة وتسعين" (197): after hundreds Arabic puts the unit, then the tens."""
    if field.lexicon.language != "ar" or value % 100 or index + 2 >= len(field.tokens):
        return 0
    tens = number_word(field.lexicon, field.tokens[index + 2])
    return tens if tens is not None and tens % 10 == 0 and 20 <= tens < 100 else 0


def _tens(lexicon: StemLexicon, token: Token) -> int | None:
    """ "Два десятка" 20, "полтора десятка" 15: tens counted by a small number."""
    if token.norm in lexicon.halves:
        return 15
    value = token.number if token.number is not None else number_word(lexicon, token)
    return int(value) * 10 if value is not None and 2 <= value <= 9 else None


def _vaguely_approximate(field: FieldHits, index: int) -> bool:
    """ "Plus d'une quinzaine de morts" bounds a round number, so no count is
    stated; "à une trentaine de kilomètres" is a distance."""
    tokens, lexicon = field.tokens, field.lexicon
    bounded = index >= 2 and tokens[index - 2].norm in lexicon.bounds
    measure = index + 2 < len(tokens) and _measures(lexicon, tokens[index + 2])
    return bounded or measure


def _ranked(field: FieldHits, index: int) -> bool:
    """ "الجندي رقم 53", "numéro 5": a rank or a label, not a count."""
    return index > 0 and listed_in(field.lexicon, field.tokens[index - 1].norm, field.lexicon.ranks)


#: "1.200": thousands grouped with a dot, as French and Arabic feeds may write them
DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _dotted_thousands(text: str, token: Token) -> bool:
    return DOTTED_THOUSANDS.fullmatch(text[token.start : token.end]) is not None


def _paired_measure(field: FieldHits, index: int) -> bool:
    """The first of two measures joined ("enfants de 8 et 9 ans")."""
    tokens = field.tokens
    if index + 3 >= len(tokens) or tokens[index + 1].norm not in field.lexicon.joins:
        return False
    second = tokens[index + 2]
    paired = second.number is not None or number_word(field.lexicon, second) is not None
    return paired and _measures(field.lexicon, tokens[index + 3])


def _measures(lexicon: StemLexicon, following: Token) -> bool:
    """A unit after the number; in Arabic not one with the article ("مدنيان اليوم"
    is two civilians today, "48 ساعة" a measure)."""
    if following.norm in lexicon.units:
        return True
    if lexicon.language != "ar" or following.norm.startswith("ال"):
        return False  # only Arabic words have variants
    words = variants(following.norm, lexicon.language)
    return any(word in lexicon.units for word in words)


def _in_name(text: str, token: Token) -> bool:
    """Digits glued to letters, or to them by a hyphen, or followed by a percent sign."""
    before, after = text[max(0, token.start - 2) : token.start], text[token.end : token.end + 2]
    if before[-1:].isalpha() and not _is_arabic(before[-1]):
        return True
    if before[-1:] == "-" and before[:1].isalpha():
        return True
    if after[:1].isalpha() and not _is_arabic(after[0]):
        return True
    if after[:1] == "-" and (after[1:].isalpha() or after[1:2] in ("", " ")):
        return True
    return after.lstrip(" \u00a0\u202f")[:1] == "%"


#: "по состоянию на 19:15", "à 18:30": hours and minutes, no count of people
CLOCK = re.compile(r"\d{1,2}:\d{2}(?!\d)")


def _clock_time(text: str, token: Token) -> bool:
    """Digits that are the hour or the minutes of a time of day."""
    around = text[max(0, token.start - 3) : token.end + 3]
    return CLOCK.search(around) is not None and ":" in text[token.start - 1 : token.end + 1]


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


def ordinal(lexicon: StemLexicon, norm: str) -> int | None:
    """An ordinal word's value ("третий" 3); in Arabic, bare of its clitics."""
    if lexicon.language != "ar":
        return lexicon.ordinals.get(norm)  # only Arabic words have variants
    return next((lexicon.ordinals[w] for w in variants(norm, "ar") if w in lexicon.ordinals), None)


def number_word(lexicon: StemLexicon, token: Token) -> int | None:
    """A number word; in Arabic not one with the article ("الاثنين" is Monday),
    and the dual of a word for one person ("مدنيان", "طفلتين")."""
    if lexicon.language != "ar":
        return lexicon.numbers.get(token.norm)  # only Arabic words have variants
    for word in variants(token.norm, lexicon.language):
        if word in lexicon.numbers:
            return None if token.norm.endswith("ال" + word) else lexicon.numbers[word]
    return 2 if _dual(lexicon, token.norm) else None


def _dual(lexicon: StemLexicon, norm: str) -> bool:
    """ "مدنيان" (a one-person word and -ان), "مجندتين" (a feminine one and -تين or
    -تان); a masculine -ين is also a plural ("مدنيين"), so it is not read."""
    if norm.endswith(("تان", "تين")) and norm[:-3] + "ه" in lexicon.one:
        return True
    return norm.endswith("ان") and norm[:-2] in lexicon.one
