"""Lexicons of the languages read by stems: lang_ru.toml, lang_uk.toml, lang_fr.toml,
lang_ar.toml.

A term is one or more word stems; a stem matches any word that begins with it
(so "перемири" matches "перемирие", "перемирия", "перемирием"), and a stem
written "=мир" matches that word exactly. Stems are normalised like the text
(tokens.normalise), so a file may spell them with ё, accents or hamza. Each
`[category]` names its role (the roles are listed in ROLES) and its terms; a
term may stand in one category only; `[numbers]` maps number words to values, and
`[ordinals]` ordinal words to theirs ("третий" 3: "умер третий пострадавший").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from bot.classify.lexicon import LexiconError, read_toml
from bot.classify.tokens import Token, normalise, variants

LANGUAGES = ("ru", "uk", "fr", "ar")
ROLES = frozenset(
    {
        "truce", "breach", "endanger", "hostile", "blast", "despite", "ended", "dip",
        "dip_war", "agree", "modal", "opinion", "killed", "wounded", "harm", "actor",
        "party", "off_topic", "accident", "negation", "cumulative", "history", "ignore",
        "sanction", "goods", "call", "background",
    }
)  # fmt: skip
#: where a language puts a toll: "after" its verb (Arabic "استشهد 6"), or "nearest"
FIGURE_ORDERS = frozenset({"after", "nearest"})
#: shortest stem matched by prefix (shorter words must be written "=word")
MIN_STEM = 3


class Term(NamedTuple):
    """A lexicon entry: its stems (with whether each must match exactly)."""

    stems: tuple[tuple[str, bool], ...]
    category: str
    role: str


class Hit(NamedTuple):
    """A term found in a field: its role and the tokens it covers."""

    role: str
    category: str
    first: int
    last: int


#: words whose lexicon candidates are remembered, per language, before the memory is reset
CANDIDATE_MEMORY = 50_000


@dataclass(frozen=True, slots=True)
class StemLexicon:
    """One language's terms, indexed by their first stem, and its number words."""

    language: str
    by_first: Mapping[str, tuple[Term, ...]]
    lengths: tuple[int, ...]
    numbers: Mapping[str, int]
    one: frozenset[str]
    vague: frozenset[str]
    figure_order: str
    units: frozenset[str] = frozenset()
    single: frozenset[str] = frozenset()
    also: frozenset[str] = frozenset()
    joins: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    others: frozenset[str] = frozenset()
    tolls: frozenset[str] = frozenset()
    later: frozenset[str] = frozenset()
    revised: frozenset[str] = frozenset()
    uprooted: frozenset[str] = frozenset()
    tally: frozenset[str] = frozenset()
    subsets: frozenset[str] = frozenset()
    sides: frozenset[str] = frozenset()
    own_span: frozenset[str] = frozenset()
    same_day: frozenset[str] = frozenset()
    denials: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()
    ranks: frozenset[str] = frozenset()
    approximate: frozenset[str] = frozenset()
    bounds: frozenset[str] = frozenset()
    asides: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    companions: frozenset[str] = frozenset()
    instrumental: frozenset[str] = frozenset()
    troops: frozenset[str] = frozenset()
    delegates: frozenset[str] = frozenset()
    born: frozenset[str] = frozenset()
    each_side: frozenset[str] = frozenset()
    day: frozenset[str] = frozenset()
    tens: frozenset[str] = frozenset()
    halves: frozenset[str] = frozenset()
    ranges: frozenset[str] = frozenset()
    partitives: frozenset[str] = frozenset()
    plural_alike: frozenset[str] = frozenset()
    ordinals: Mapping[str, int] = field(default_factory=dict)
    memory: dict[str, tuple[Term, ...]] = field(default_factory=dict, compare=False, repr=False)

    def find(self, tokens: Sequence[Token]) -> list[Hit]:
        """Every term in `tokens`, the longest at each place, left to right."""
        hits: list[Hit] = []
        at = 0
        count = len(tokens)
        remembered = self.memory.get  # the hot loop: most words were looked up before
        while at < count:
            norm = tokens[at].norm
            candidates = remembered(norm)
            if candidates is None:
                candidates = self._candidates(norm)
            hit = _first_fitting(candidates, tokens, at, self.language) if candidates else None
            if hit is None:
                at += 1
                continue
            if hit.role != "ignore":
                hits.append(hit)
            at = hit.last + 1
        return hits

    def _candidates(self, norm: str) -> tuple[Term, ...]:
        """The terms that may begin at a word `norm`, in the order they are tried;
        remembered, since news repeats its words."""
        known = self.memory.get(norm)
        if known is None:
            if len(self.memory) >= CANDIDATE_MEMORY:
                self.memory.clear()
            known = self.memory[norm] = _tried(self._lookup(norm))
        return known

    def _lookup(self, norm: str) -> Iterator[Term]:
        """The terms whose first stem begins `norm` (or one of its variants),
        longest stem first, less those whose first stem is a word `norm` is not."""
        for word in variants(norm, self.language):
            for length in self.lengths:
                terms = self.by_first.get(word[:length]) if length <= len(word) else None
                for term in terms or ():
                    stem, exact = term.stems[0]
                    if not exact or word == stem:
                        yield term


def _tried(terms: Iterator[Term]) -> tuple[Term, ...]:
    """`terms` up to the first of one stem, which always fits: none after it is tried."""
    tried: list[Term] = []
    for term in terms:
        tried.append(term)
        if len(term.stems) == 1:
            break
    return tuple(tried)


def _first_fitting(
    terms: Sequence[Term], tokens: Sequence[Token], at: int, language: str
) -> Hit | None:
    for term in terms:  # longest terms first
        stems = term.stems
        size = len(stems)
        # most terms are one stem: no call and no slice of the words after it
        if size == 1:
            return Hit(term.role, term.category, at, at)
        if language != "ar" and at + 1 < len(tokens):
            # most longer terms fail at their second word: tested here, with no call
            stem, exact = stems[1]
            norm = tokens[at + 1].norm
            if (norm != stem) if exact else not norm.startswith(stem):
                continue
        if _rest_fits(stems, tokens, at, language):
            return Hit(term.role, term.category, at, at + size - 1)
    return None


def _rest_fits(
    stems: tuple[tuple[str, bool], ...], tokens: Sequence[Token], at: int, language: str
) -> bool:
    """Whether the words after the first match the term's other stems."""
    if at + len(stems) > len(tokens):
        return False
    # a plain loop: most calls fail at the second word, before a generator would start
    for i in range(1, len(stems)):
        stem, exact = stems[i]
        norm = tokens[at + i].norm
        if language == "ar":  # only Arabic words have variants
            if not _variant_matches(stem, exact, variants(norm, language)):
                return False
        elif (norm != stem) if exact else not norm.startswith(stem):
            return False
    return True


def _variant_matches(stem: str, exact: bool, forms: tuple[str, ...]) -> bool:
    if exact:
        return stem in forms
    return any(form.startswith(stem) for form in forms)


def load_stem_lexicon(language: str) -> StemLexicon:
    """Read lang_<language>.toml; a malformed file is an error at import."""
    name = f"lang_{language}.toml"
    data = read_toml(name)
    numbers = {normalise(k, language): int(v) for k, v in data.pop("numbers", {}).items()}
    ordinals = {normalise(k, language): int(v) for k, v in data.pop("ordinals", {}).items()}
    figures = _figures(name, data.pop("figures", {}), language)
    index: dict[str, list[Term]] = {}
    seen: dict[tuple[tuple[str, bool], ...], str] = {}
    for category, table in data.items():
        role = _role(name, category, table)
        for raw in _terms(name, category, table):
            term = Term(_stems(name, raw, language), category, role)
            if seen.setdefault(term.stems, category) != category:
                raise LexiconError(f"{name}: {raw!r} is in [{seen[term.stems]}] and [{category}]")
            index.setdefault(term.stems[0][0], []).append(term)
    ordered = {k: tuple(sorted(v, key=lambda t: -len(t.stems))) for k, v in index.items()}
    lengths = tuple(sorted({len(k) for k in ordered}, reverse=True))
    return StemLexicon(language, ordered, lengths, numbers, **figures, ordinals=ordinals)


#: optional `[figures]` lists of words, each a StemLexicon field of that name
OPTIONAL_FIGURE_WORDS = (
    "units", "single", "also", "joins", "articles", "others", "tolls", "later", "revised",
    "uprooted", "tally", "subsets", "sides", "own_span", "same_day", "denials", "relatives",
    "ranks", "approximate", "bounds", "asides", "auxiliaries", "companions", "instrumental",
    "troops", "delegates", "born", "each_side", "day", "tens", "halves", "ranges", "partitives",
    "plural_alike",
)  # fmt: skip


def _figures(name: str, table: Any, language: str) -> dict[str, Any]:
    """`[figures]`: `one` lists words that count a single victim ("a woman"),
    read only when no number is near; `vague` words next to a victim word, or
    after a number, say there is no count ("and others wounded", "une
    trentaine"); `order` is where the toll stands. Optional lists: `units`,
    words after a number that make it a measure or a date, not people ("48
    heures", "9 avril"); `single`, victim words that are one victim themselves
    ("є загиблий"); `also`, words before a number that add victims to the toll
    before it ("ещё один"); `joins`, words joining counted groups ("trois
    soldats et deux civils"); `articles`, number words that are also articles
    ("une attaque"); `others`, words after a number that make it count the next
    victim word ("et 19 autres blessés"); `tolls`, nouns that make a victim
    word a toll whose number may stand anywhere later in the sentence ("число
    погибших выросло до 14"); `later`, victim words whose number may stand
    anywhere later in the sentence ("жертвами стали пять человек"); `revised`,
    words before a toll's number that revise it to the next number ("passé de
    cinq à onze", "выросло с трех до семи"); `uprooted`, words after a number
    of thousands that count the displaced, not a toll ("82.800 déplacés"); `tally`,
    verbs that state the number of a victim word before them ("погибших стало
    137"); `subsets`,
    words (or phrases) that open a clause breaking a toll down ("19 personnes,
    dont huit enfants, ont été tuées"), which the toll's number stands before;
    `sides`, words that put the armed men after them on the victims' side ("200
    morts dans les rangs des jihadistes"); `own_span`, stems of words that, just
    after a cumulative or earlier marker, name the span of the event itself ("с
    начала суток", "منذ بدء القصف"), so the toll is the event's; `same_day`, the
    same after an earlier marker ("في وقت سابق من اليوم"); `denials`, words right
    before a number that deny it ("et non dix morts"); `relatives`, pronouns that
    open a clause about the person named before it ("сапера, который подорвался");
    `ranks`, words right before a number that make it a rank or a label, not a count
    ("الجندي رقم 53", "le soldat numéro 53"); `approximate`, number words that
    give a round number ("une quinzaine" 15) unless a `bounds` word stands two
    words before ("plus d'une quinzaine") or a unit follows their "de"; `asides`,
    time words that may stand alone between commas without parting a clause ("a
    massacré, mardi, au moins 50 civils"); `auxiliaries`, words of a verb before
    a victim word after which its count heads the subject, however far ("huit
    supplétifs civils de l'armée ont été tués"); `companions`, words for "with"
    that join the group after them when its number is `instrumental` ("подружжя з
    двома дітьми"); `troops`, stems of the troops or residents a meeting "with"
    them is held with, which is no diplomacy ("встреча с бойцами"), also when
    `delegates` (stems) of them stand between ("с представителями общественности"); `born`, the
    word after years of birth that tell victims one a year ("1983 и 1985 годов
    рождения"); `each_side`, phrases after a toll that count it once for each of
    two sides ("6 000 soldats tombés de chaque côté"); `day`, words of a day near the
    rank of a victim that make it a rank among the day's dead ("четвертий загиблий
    за добу"), not the event's toll; `tens`, words for ten that a number word or a
    half before them multiplies ("два десятка" 20, `halves` "полтора десятка" 15);
    `ranges`, words between two numbers that make them a range, whose top is the
    figure ("مقتل 8 إلى 10 مسلحين", "от 8 до 10 человек"); `partitives`, words after
    an article that make it pick one out of the people after them ("a blessé un de
    ses soldats"); `plural_alike`, words of `one` that are also a plural form ("солдат":
    "убили солдат"), one person only before the victim word ("солдат погиб")."""
    one, vague, order = table.get("one"), table.get("vague"), table.get("order")
    if not isinstance(one, list) or not isinstance(vague, list) or order not in FIGURE_ORDERS:
        raise LexiconError(
            f"{name}: [figures] needs lists `one` and `vague`, order {FIGURE_ORDERS}"
        )
    optional = {key: table.get(key, []) for key in OPTIONAL_FIGURE_WORDS}
    if not all(isinstance(words, list) for words in optional.values()):
        raise LexiconError(f"{name}: [figures] {', '.join(OPTIONAL_FIGURE_WORDS)} are lists")
    read = {key: _normalised(words, language) for key, words in optional.items()}
    fixed = {"one": _normalised(one, language), "vague": _normalised(vague, language)}
    return {**fixed, "figure_order": str(order), **read}


def _normalised(words: list[str], language: str) -> frozenset[str]:
    return frozenset(normalise(word, language) for word in words)


def _role(name: str, category: str, table: Any) -> str:
    if not isinstance(table, dict) or table.get("role") not in ROLES:
        raise LexiconError(f"{name}: [{category}] needs a role among {sorted(ROLES)}")
    return str(table["role"])


def _terms(name: str, category: str, table: dict[str, Any]) -> list[str]:
    terms = table.get("terms")
    if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
        raise LexiconError(f"{name}: [{category}] needs a list of non-empty terms")
    return terms


def _stems(name: str, raw: str, language: str) -> tuple[tuple[str, bool], ...]:
    stems = []
    for part in raw.split():
        exact = part.startswith("=")
        stem = normalise(part.lstrip("="), language)
        if not exact and len(stem) < MIN_STEM:
            raise LexiconError(f"{name}: stem {part!r} of {raw!r} is short: write '={part}'")
        stems.append((stem, exact))
    return tuple(stems)
