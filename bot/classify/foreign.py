"""Labels and casualty figures for items in Russian, Ukrainian, French and Arabic.

The same rules as for English (shared/spec/labels.md), read from stem lexicons
(stems.py) instead of the English phrase tables:

- casualty_report: someone killed, wounded or a victim, not negated ("без
  жертв"), in an item about armed conflict (an armed actor, a conflict zone, a
  hostile act or a truce) and not about an accident, disaster or ordinary crime
  with no hostile act in it, nor a death long past ("годовщина").
- ceasefire_violation: a truce and, in the same sentence, a breach ("нарушение",
  "violation", "خرق"), or a hostile act with "despite" ("несмотря на").
- diplomatic_move: a diplomatic act (talks, mediation, envoys, sanctions,
  summits, exchanges, agreements) in an item about armed conflict, or a truce
  agreed ("договорились о перемирии"); labour, trade and election items without
  an armed conflict are off topic.
- figures (figures.py's rules in brief): the number nearest a killed or wounded
  word in its clause; the largest per kind; a cumulative toll ("с начала войны")
  only when the item gives no other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.classify.stems import LANGUAGES, Hit, StemLexicon, load_stem_lexicon
from bot.classify.text import MAX_SUMMARY_CHARS, MAX_TITLE_CHARS, FieldName
from bot.classify.tokens import Token, tokenize, variants
from bot.models import LABELS, Classification, Evidence

LEXICONS = {language: load_stem_lexicon(language) for language in LANGUAGES}
CONFLICT_ROLES = frozenset({"actor", "hostile", "truce", "breach"})
#: words between a number and the killed or wounded word it counts
FIGURE_REACH = 4
#: numbers that are years, not tolls, when nothing says they count people
YEARS = range(1900, 2101)


@dataclass(frozen=True, slots=True)
class FieldHits:
    """One field: its name, text, tokens and the terms found in them."""

    name: FieldName
    text: str
    tokens: Sequence[Token]
    hits: Sequence[Hit]

    def roles(self) -> frozenset[str]:
        return frozenset(hit.role for hit in self.hits)

    def having(self, *roles: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.role in roles]

    def evidence(self, label: str, hit: Hit, rule: str) -> Evidence:
        start, end = self.tokens[hit.first].start, self.tokens[hit.last].end
        return Evidence(label, self.name, start, end, self.text[start:end], rule)

    def sentence(self, hit: Hit) -> int:
        return self.tokens[hit.first].sentence


def classify_foreign(language: str, title: str, summary: str) -> Classification:
    """Labels, figures and evidence for an item in one of LANGUAGES."""
    lexicon = LEXICONS[language]
    fields = [_read(lexicon, "title", title[:MAX_TITLE_CHARS])]
    if summary.strip() and summary.strip() != title.strip():
        fields.append(_read(lexicon, "summary", summary[:MAX_SUMMARY_CHARS]))
    decided = {label: decide(label, fields) for label in LABELS}
    labels = tuple(label for label in LABELS if decided[label])
    killed, wounded, figure_evidence = (
        figures(lexicon, fields) if "casualty_report" in labels else (None, None, ())
    )
    return Classification(
        labels=labels,
        scores={label: 1.0 if decided[label] else 0.0 for label in LABELS},
        killed=killed,
        wounded=wounded,
        evidence=tuple(e for label in labels for e in decided[label]) + tuple(figure_evidence),
    )


def _read(lexicon: StemLexicon, name: FieldName, text: str) -> FieldHits:
    tokens = tokenize(text, lexicon.language)
    return FieldHits(name, text, tokens, lexicon.find(tokens))


def decide(label: str, fields: Sequence[FieldHits]) -> list[Evidence]:
    """The evidence for `label` (empty when the label is not given)."""
    roles = frozenset().union(*(f.roles() for f in fields))
    if label == "casualty_report":
        return casualty(fields, roles)
    if label == "ceasefire_violation":
        return violation(fields)
    return diplomacy(fields, roles)


def casualty(fields: Sequence[FieldHits], roles: frozenset[str]) -> list[Evidence]:
    """Someone killed or wounded in an armed conflict (see the module docstring)."""
    if not roles & CONFLICT_ROLES or ("accident" in roles and "hostile" not in roles):
        return []
    found = []
    for field in fields:
        history = {field.sentence(h) for h in field.having("history")}
        for hit in field.having("killed", "wounded", "harm"):
            if not _negated(field, hit) and field.sentence(hit) not in history:
                found.append(field.evidence("casualty_report", hit, "harm in a conflict"))
    return found[:3]


def violation(fields: Sequence[FieldHits]) -> list[Evidence]:
    """A truce and, in its sentence, a breach or a hostile act despite it."""
    for field in fields:
        for truce in field.having("truce"):
            near = [h for h in field.hits if field.sentence(h) == field.sentence(truce)]
            breach = next((h for h in near if h.role == "breach"), None)
            if breach is not None:
                rule = "breach of a truce"
                return [field.evidence("ceasefire_violation", h, rule) for h in (truce, breach)]
            despite = next((h for h in near if h.role == "despite"), None)
            act = next((h for h in near if h.role == "hostile"), None)
            if despite is not None and act is not None:
                rule = "hostile act despite a truce"
                return [field.evidence("ceasefire_violation", h, rule) for h in (act, truce)]
    return []


def diplomacy(fields: Sequence[FieldHits], roles: frozenset[str]) -> list[Evidence]:
    """A diplomatic act about an armed conflict, or a truce agreed."""
    armed = bool(roles & CONFLICT_ROLES)
    for field in fields:
        for hit in field.having("dip"):
            if armed and not _negated(field, hit):
                return [field.evidence("diplomatic_move", hit, "diplomatic act in a conflict")]
        agreed = _truce_agreed(field)
        if agreed:
            return agreed
    return []


def _truce_agreed(field: FieldHits) -> list[Evidence]:
    for agree in field.having("agree"):
        for truce in field.having("truce"):
            if field.sentence(truce) == field.sentence(agree) and not field.having("breach"):
                rule = "truce agreed"
                return [field.evidence("diplomatic_move", h, rule) for h in (agree, truce)]
    return []


def _negated(field: FieldHits, hit: Hit) -> bool:
    clause = field.tokens[hit.first].clause
    for other in field.having("negation"):
        if 0 < hit.first - other.last <= 2 and field.tokens[other.last].clause == clause:
            return True
    return False


def figures(
    lexicon: StemLexicon, fields: Sequence[FieldHits]
) -> tuple[int | None, int | None, list[Evidence]]:
    """Killed and wounded figures, and the spans that gave them."""
    found: dict[str, list[tuple[bool, int, Evidence]]] = {"killed": [], "wounded": []}
    for field in fields:
        cumulative = {field.sentence(h) for h in field.having("cumulative")}
        for hit in field.having("killed", "wounded"):
            value = _nearest_number(lexicon, field.tokens, hit)
            if value is not None:
                number, token = value
                evidence = _figure_evidence(field, hit, token, hit.role)
                found[hit.role].append((field.sentence(hit) in cumulative, number, evidence))
    killed, k_evidence = _best(found["killed"])
    wounded, w_evidence = _best(found["wounded"])
    return killed, wounded, [e for e in (k_evidence, w_evidence) if e is not None]


def _best(candidates: list[tuple[bool, int, Evidence]]) -> tuple[int | None, Evidence | None]:
    """The largest figure of the event; a cumulative one only when there is no other."""
    event = [c for c in candidates if not c[0]] or candidates
    if not event:
        return None, None
    _, number, evidence = max(event, key=lambda c: c[1])
    return number, evidence


def _nearest_number(
    lexicon: StemLexicon, tokens: Sequence[Token], hit: Hit
) -> tuple[int, Token] | None:
    clause = tokens[hit.first].clause
    for distance in range(1, FIGURE_REACH + 1):
        for index in (hit.first - distance, hit.last + distance):
            if 0 <= index < len(tokens) and tokens[index].clause == clause:
                value = _value(lexicon, tokens, index)
                if value is not None:
                    return value, tokens[index]
    return None


def _value(lexicon: StemLexicon, tokens: Sequence[Token], index: int) -> int | None:
    token = tokens[index]
    if token.number is not None:
        number = token.number
        return None if number != int(number) or int(number) in YEARS else int(number)
    value = _number_word(lexicon, token)
    if value is None:
        return None
    following = _number_word(lexicon, tokens[index + 1]) if index + 1 < len(tokens) else None
    return value + following if following is not None and following < 10 <= value else value


def _number_word(lexicon: StemLexicon, token: Token) -> int | None:
    for word in variants(token.norm, lexicon.language):
        if word in lexicon.numbers:
            return lexicon.numbers[word]
    return None


def _figure_evidence(field: FieldHits, hit: Hit, number: Token, kind: str) -> Evidence:
    start = min(number.start, field.tokens[hit.first].start)
    end = max(number.end, field.tokens[hit.last].end)
    return Evidence(kind, field.name, start, end, field.text[start:end], "number near the word")


def labelled_languages() -> Iterable[str]:
    return LEXICONS.keys()
