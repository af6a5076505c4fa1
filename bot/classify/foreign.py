"""Labels and casualty figures for items in Russian, Ukrainian, French and Arabic.

The same rules as for English (shared/spec/labels.md), read from stem lexicons
(stems.py) instead of the English phrase tables:

- casualty_report: someone killed, wounded or a victim, not negated ("без
  жертв"), in an item about armed conflict (an armed actor, a conflict zone, a
  hostile act, a truce, or a blast with no accident named) and not about an
  accident, disaster, ordinary crime or a non-combat death ("небойові втрати")
  with no hostile act in it, nor a death
  long past ("годовщина"), nor a death with no wound and no attack in the item
  ("умер ветеран войны").
- ceasefire_violation: a truce and, in the same sentence, a breach ("нарушение",
  "violation", "خرق", "не соблюдается"), or a hostile act or harm with
  "despite", "since" or "during" ("несмотря на", "во время", "في اليوم الثاني
  من الهدنة"; "since" and "during" right before the truce); not a breach of
  talks ("انهيار محادثات الهدنة"), one only feared or supposed ("قد يؤدي إلى انهيار",
  "en cas de violation", "la trêve menace de voler en éclats") or one denied ("ни
  одного нарушения"); a truce that did not hold or last ("n'a pas tenu",
  "продержалось меньше суток") is broken; a breach of an accord ("нарушение
  соглашения", "خرق الاتفاق") in an item about armed conflict; a truce "despite"
  which a sentence says something happened, that holds on the whole ("globalement
  respecté"), changes nothing ("n'y change rien") or whose day a sentence names
  ("третий день перемирия"), or a breach alone in its sentence ("plusieurs violations
  ont été signalées"), in an item that reports a hostile act elsewhere; or
  hostile acts said to go on or recorded ("не стихают обстрелы", "зафіксовано
  шість обстрілів") in an item that names a truce not ended, not only called
  for and not the goal of talks it names.
- diplomatic_move: a diplomatic act (talks, mediation, envoys, sanctions,
  summits, exchanges, agreements) in an item about armed conflict, or a truce
  agreed ("договорились о перемирии"), not in the pluperfect of an item reporting no
  breach ("ما سبق أن أعلنته عن هدنة"); labour, trade and election items without
  an armed conflict are off topic, and in a labour or trade item only an act of
  war, a truce or a breach of something other than talks tells one (not a region
  at war named, nor "l'échec des négociations" with the management).
- figures: in `foreign_figures` ("six tués et 18 blessés"; not "48 heures").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.classify.foreign_fields import FieldHits, lexicon, read_field
from bot.classify.foreign_figures import figures
from bot.classify.foreign_numbers import is_one
from bot.classify.language import cyrillic_field
from bot.classify.stems import LANGUAGES, Hit, StemLexicon
from bot.classify.text import MAX_SUMMARY_CHARS, MAX_TITLE_CHARS
from bot.models import LABELS, Classification, Evidence

CONFLICT_ROLES = frozenset({"actor", "hostile", "truce", "breach"})
#: what tells a war itself, not only a place or group of one
WAR_SIGNS = CONFLICT_ROLES - {"actor"}
#: what happens in a truce that breaks it: a hostile act, or people killed, wounded
#: or lost ("найбільші втрати з часів зупинки вогню")
ACTS = ("hostile", "killed", "wounded", "harm")
#: categories of accords whose breach ("нарушение соглашения") is a truce's breach
PACTS = frozenset({"pact", "peace_pact"})
#: words after a breach that may stand before the accord it breaks ("of the")
PACT_REACH = 3
#: categories of `despite` hits: "despite" itself may set a truce in one sentence
#: and the hostile act in another; a day ("the second day of the truce") only
#: right before the truce
STRONG_DESPITE, TRUCE_DAY, DAY_REACH = "despite", "truce_day", 3
#: "з опівночі", "depuis minuit": a truce in force since a time past, which an
#: act the item reports (in any sentence) broke, as "despite" does
IN_FORCE = frozenset({STRONG_DESPITE, "in_force"})
#: "ранее", "plus tôt": what follows in the sentence happened before the item's news
EARLIER = "earlier"
#: "столкновение": a clash of arms, or of cars in an accident
CLASH = "clash"
#: "пострадавших нет": a negation that ends the clause of the words it negates
ABSENT = "absent"
#: "без жертв", "sans faire de blessés": a negation of the words after it only
WITHOUT = "without"
#: "скончался", "succombé": a death that is a casualty only of wounds or in an attack
SUCCUMBED = "succumbed"
#: sport items: a player's injury is no casualty
SPORT = "sport"
#: elections are off topic only in the sentence that names them
ELECTIONS = "elections"
#: words between a negation and what it negates, before it and after it
NEGATION_BEFORE, NEGATION_AFTER = 2, 3


def classify_foreign(language: str, title: str, summary: str) -> Classification:
    """Labels, figures and evidence for an item in one of LANGUAGES; a field in
    another of them (a Ukrainian headline over a Russian summary) is read with
    its own lexicon."""
    fields = [read_field(_lexicon_for(title, language), "title", title[:MAX_TITLE_CHARS])]
    if summary.strip() and summary.strip() != title.strip():
        lexicon = _lexicon_for(summary, language)
        fields.append(read_field(lexicon, "summary", summary[:MAX_SUMMARY_CHARS]))
    decided = decide_all(fields)
    labels = tuple(label for label in LABELS if decided[label])
    killed, wounded, figure_evidence = (
        figures(fields) if "casualty_report" in labels else (None, None, ())
    )
    return Classification(
        labels=labels,
        scores={label: 1.0 if decided[label] else 0.0 for label in LABELS},
        killed=killed,
        wounded=wounded,
        evidence=tuple(e for label in labels for e in decided[label]) + tuple(figure_evidence),
        language=language,
    )


def _lexicon_for(text: str, item_language: str) -> StemLexicon:
    """Russian and Ukrainian share a script, and feeds mix them within an item."""
    own = cyrillic_field(text, item_language) if item_language in ("ru", "uk") else item_language
    return lexicon(own if own in LANGUAGES else item_language)


def decide_all(fields: Sequence[FieldHits]) -> dict[str, list[Evidence]]:
    """The evidence for each label (empty when the label is not given)."""
    roles = frozenset().union(*(f.roles() for f in fields))
    violated = violation(fields, roles)
    return {
        "ceasefire_violation": violated,
        "diplomatic_move": diplomacy(fields, roles, bool(violated)),
        "casualty_report": casualty(fields, roles),
    }


def casualty(fields: Sequence[FieldHits], roles: frozenset[str]) -> list[Evidence]:
    """Someone killed or wounded in an armed conflict (see the module docstring)."""
    if not roles & CONFLICT_ROLES and not _attack_blast(roles) and not _martyred(fields):
        return []
    if _lone_shooter(fields, roles):
        return []
    acts = any(h.category != CLASH for f in fields for h in f.having("hostile"))
    if not acts and ("accident" in roles or any(f.having_category(SPORT) for f in fields)):
        return []
    wounds = acts or any(f.having("wounded") for f in fields)
    found = []
    for field in fields:
        history = {field.sentence(h) for h in field.having("history")}
        for hit in field.victims("killed", "wounded", "harm"):
            if hit.category == SUCCUMBED and not wounds:
                continue  # "умер ветеран войны": a death, not of wounds nor in an attack
            if not _negated(field, hit) and field.sentence(hit) not in history:
                found.append(field.evidence("casualty_report", hit, "harm in a conflict"))
    return found[:3]


def violation(fields: Sequence[FieldHits], roles: frozenset[str]) -> list[Evidence]:
    """A truce and, in its sentence, a breach, or a hostile act despite it, since
    it took effect, during it, or endangering it; not when the sentence says it
    has ended. Else an accord breached in an item about armed conflict, or a
    sentence saying that something happened despite the truce in an item that
    reports a hostile act."""
    for field in fields:
        for truce in field.having("truce"):
            found = _breach_near(field, truce)
            if found:
                return found
    if roles & {"actor", "hostile", "truce"}:
        for field in fields:
            found = _pact_breached(field)
            if found:
                return found
    if any(field.having(*ACTS) for field in fields):
        for field in fields:
            found = _despite_truce(field) or (_bare_breach(field) if "truce" in roles else [])
            if found:
                return found
    if "truce" in roles and not _truce_ended(fields) and not _truce_sought(fields):
        for field in fields:
            found = _acts_went_on(field)
            if found:
                return found
    return []


#: "обстрелы продолжались", "зафіксовано шість обстрілів": acts that went on or were
#: recorded; words between such a word and the act
WENT_ON, WENT_ON_REACH = "went_on", 3
#: words between an act and the word after it saying it went on, in its clause
SUBJECT_REACH = 7


def _truce_ended(fields: Sequence[FieldHits]) -> bool:
    """A sentence that names the truce says it ended: what went on after it broke nothing."""
    for field in fields:
        ended = {field.sentence(h) for h in field.having("ended")}
        if any(field.sentence(t) in ended for t in field.having("truce")):
            return True
    return False


def _truce_sought(fields: Sequence[FieldHits]) -> bool:
    """Every truce named is one the item's talks aim at ("finaliser un cessez-le-feu,
    alors que les combats se poursuivent") or one called for in its sentence, and
    none is said to be agreed or declared: no truce in force that fighting broke."""
    talks = any(f.having("dip", "dip_war") for f in fields)
    for field in fields:
        agreed = {field.sentence(h) for h in field.having("agree")}
        called = {field.sentence(h) for h in field.having("call")}
        for truce in field.having("truce"):
            sentence = field.sentence(truce)
            if sentence in agreed or not (talks or sentence in called):
                return False
    return True


def _went_on_reach(act: Hit, going: Hit) -> int:
    """An act that is its clause's subject may stand further before its verb, past
    the place it names ("бойові дії на території Курської та Бєлгородської
    областей продовжуються")."""
    return SUBJECT_REACH if act.last < going.first else WENT_ON_REACH


def _acts_went_on(field: FieldHits) -> list[Evidence]:
    """In an item that names a truce not ended, hostile acts said to go on or
    recorded ("не стихают обстрелы", "фіксували численні обстріли") are its breach,
    wherever the truce is named: the item counts them against it."""
    acts = field.having("hostile")
    for going in field.having_category(WENT_ON):
        if _negated(field, going):
            continue
        clause = field.tokens[going.first].clause
        for act in acts:
            near = _within(act, going, _went_on_reach(act, going))
            if near and field.tokens[act.first].clause == clause:
                return _evidence(
                    field, "ceasefire_violation", "acts went on in a truce", going, act
                )
    return []


#: roles that may stand beside a breach that names nothing breached ("plusieurs
#: violations ont été signalées")
BARE = frozenset({"breach", "actor", "party", "despite"})


def _bare_breach(field: FieldHits) -> list[Evidence]:
    """A breach alone in its sentence, in an item that names a truce elsewhere
    and reports a hostile act: the truce's breach."""
    for breach in field.having("breach"):
        if _no_truce_breach(field, breach):
            continue
        sentence = [h for h in field.hits if _same_sentence(field, h, breach)]
        if all(h.role in BARE for h in sentence):
            return _evidence(field, "ceasefire_violation", "breach of the truce named", breach)
    return []


#: a truce named by its breach ("порушення тиші"): the word is truce and breach at once
TRUCE_BREACHED = "truce_breached"


def _breach_near(field: FieldHits, truce: Hit) -> list[Evidence]:
    if truce.category == TRUCE_BREACHED and not _negated(field, truce):
        return _evidence(field, "ceasefire_violation", "breach of a truce", truce)
    sentence = [hit for hit in field.hits if _same_sentence(field, hit, truce)]
    near = {hit.role: hit for hit in reversed(sentence) if not _no_truce_breach(field, hit)}
    if "breach" in near:
        return _evidence(field, "ceasefire_violation", "breach of a truce", truce, near["breach"])
    act = next((hit for hit in sentence if hit.role in ACTS), None)
    if act is None or "ended" in near:
        return []
    setting = next((hit for hit in sentence if _sets(hit, truce)), None)
    if setting is None and ("endanger" not in near or "hostile" not in near):
        return []
    return _evidence(field, "ceasefire_violation", "hostile act despite a truce", act, truce)


#: words after a breach within which what it breaks is named ("انهيار محادثات الهدنة")
OBJECT_REACH = 4
#: words before a breach within which a hedge makes it only feared ("قد يؤدي إلى انهيار")
HEDGE_REACH = 3


#: "la trêve menace de voler en éclats": a truce at risk, hedging its breach only
#: with the truce as subject ("le groupe menace de rompre la trêve" is a threat told)
AT_RISK = "at_risk"


def _feared(field: FieldHits, breach: Hit) -> bool:
    """A breach only feared or supposed ("قد يؤدي إلى انهيار", "en cas de violation")."""
    return any(_hedges(field, m, breach) for m in field.having("modal"))


def _hedges(field: FieldHits, modal: Hit, breach: Hit) -> bool:
    if not 0 < breach.first - modal.last <= HEDGE_REACH:
        return False
    return modal.category != AT_RISK or any(
        0 < modal.first - truce.last <= 1 for truce in field.having("truce")
    )


def _no_truce_breach(field: FieldHits, breach: Hit) -> bool:
    """A breach of talks, not of a truce ("انهيار محادثات الهدنة", "срыв переговоров
    о перемирии": talks named before any truce after it), one only feared, or one
    denied ("не зафиксировано ни одного нарушения")."""
    if breach.role != "breach":
        return False
    if _negated(field, breach) or _record_denied(field, breach):
        return True
    if _feared(field, breach):
        return True
    return _talks_object(field, breach) or _talks_subject(field, breach)


def _talks_object(field: FieldHits, breach: Hit) -> bool:
    """Talks named after the breach before any truce ("срыв переговоров о перемирии")."""
    clause = field.tokens[breach.first].clause
    for hit in field.hits:
        if not 0 < hit.first - breach.last <= OBJECT_REACH:
            continue
        if field.tokens[hit.first].clause != clause or hit.role == "truce":
            return False
        if hit.role in ("dip", "dip_war"):
            return True
    return False


#: words between talks and a breach after them ("переговоры о перемирии в Ливии провалились")
TALKS_SUBJECT_REACH = 6


def _talks_subject(field: FieldHits, breach: Hit) -> bool:
    """Talks before the breach in its clause, with the truce they seek between
    ("переговоры о перемирии в Ливии провалились"; places may stand there too): the
    talks failed, not the truce."""
    clause, truce = field.tokens[breach.first].clause, False
    for hit in reversed(field.hits):
        if not 0 < breach.first - hit.last <= TALKS_SUBJECT_REACH:
            continue
        if field.tokens[hit.first].clause != clause:
            return False
        if hit.role in ("dip", "dip_war"):
            return truce
        if hit.role not in ("truce", "actor", "party"):
            return False
        truce = truce or hit.role == "truce"
    return False


#: words between a breach and the truce it names as its object ("порушень режиму
#: припинення вогню")
TRUCE_OBJECT_REACH = 2


def _record_denied(field: FieldHits, breach: Hit) -> bool:
    """A breach with its truce after it, then a negation ("порушень режиму
    припинення вогню не зафіксовано", "нарушений режима тишины не выявлено"): the
    record says there were none, the negation only past the truce's words."""
    for truce in field.having("truce"):
        if 0 < truce.first - breach.last <= TRUCE_OBJECT_REACH and _negated_after(field, truce):
            return True
    return False


def _negated_after(field: FieldHits, hit: Hit) -> bool:
    """A negation (not "без") within a few words after the hit, in its clause."""
    clause = field.tokens[hit.first].clause
    return any(
        other.category != WITHOUT
        and 0 < other.first - hit.last <= NEGATION_AFTER
        and field.tokens[other.first].clause == clause
        for other in field.having("negation")
    )


#: "since" and "during" set an act in the truce they stand before ("во время
#: перемирия"), not in one the sentence names apart ("a truce… in the war going on
#: since 22 months")
SETTINGS, SETTING_REACH = frozenset({"since", "during"}), 5
#: words between "since the start of" and the truce it names ("depuis le début de la trêve")
START_REACH = 3


def _sets(hit: Hit, truce: Hit) -> bool:
    """A word that sets an act in a truce: "despite", "since", "during", "since
    the start of" right before it ("с начала перемирия"), or a day of it right
    before it ("на второй день перемирия")."""
    if hit.role == "cumulative":
        return hit.category != "earlier" and 0 < truce.first - hit.last <= START_REACH
    if hit.role != "despite" or hit.category == WENT_ON:
        return False
    if hit.category in SETTINGS:
        return 0 < truce.first - hit.last <= SETTING_REACH
    return hit.category != TRUCE_DAY or 0 < truce.first - hit.last <= DAY_REACH


def _pact_breached(field: FieldHits) -> list[Evidence]:
    """A breach and, just after it, an accord: "нарушение Минских соглашений",
    "خرق الاتفاق", "violations de l'accord"."""
    pacts = field.having_category(*PACTS)
    for breach in field.having("breach"):
        if _negated(field, breach) or _feared(field, breach):
            continue  # "у разі порушення домовленостей": a breach only supposed
        for pact in pacts:
            same_clause = field.tokens[pact.first].clause == field.tokens[breach.last].clause
            if same_clause and 0 < pact.first - breach.last <= PACT_REACH:
                return _evidence(field, "ceasefire_violation", "breach of an accord", breach, pact)
    return []


def _despite_truce(field: FieldHits) -> list[Evidence]:
    """ "Это произошло несмотря на перемирие": the act told in another sentence."""
    for truce in field.having("truce"):
        sentence = [hit for hit in field.hits if _same_sentence(field, hit, truce)]
        if any(hit.role == "ended" for hit in sentence):
            continue
        agreed = any(hit.role == "agree" for hit in sentence)
        despite = next((hit for hit in sentence if _in_force_at(hit, truce, agreed)), None)
        if despite is not None:
            return _evidence(field, "ceasefire_violation", "despite a truce", despite, truce)
    return []


def diplomacy(fields: Sequence[FieldHits], roles: frozenset[str], violated: bool) -> list[Evidence]:
    """A diplomatic act about an armed conflict, or a truce agreed. Acts that
    concern armed conflict by nature (prisoner exchanges, peace talks, the
    Security Council) need no other sign of it; the others need an armed actor,
    act or place, or a party to a war in an item not about trade, farming or
    labour, and in a sentence not about elections. A truce's own wording ("a truce negotiated in
    Washington"), or an accord that the sentence says was breached, is no move
    in an item that reports it broken."""
    # a sport item's "strikes" and "summits" are a match's ("ضربة رأس", "مباراة القمة")
    topical = any(h.category != ELECTIONS for f in fields for h in f.having("off_topic"))
    # in a labour or trade item, an armed place or group named ("miners of the Donetsk
    # region strike") is no war's talks: an act of war, a truce or a breach must be told
    signs = roles & (WAR_SIGNS if topical else CONFLICT_ROLES)
    if topical and not _truce_breach_told(fields):
        signs -= {"breach"}  # "l'échec des négociations avec la direction": talks failed
    fighting = bool(signs) and not any(f.having_category(SPORT) for f in fields)
    for field in fields:
        votes = {field.sentence(h) for h in field.having_category(ELECTIONS)}
        # a broken truce's participle ("перемирия, объявленного Россией") is its story
        told = _truce_described(field) if violated else frozenset()
        for hit in field.having("dip_war", "dip", "sanction"):
            off_topic = topical or field.sentence(hit) in votes
            armed = fighting or ("party" in roles and not off_topic)
            if hit.first not in told and _is_move(field, hit, armed, violated):
                return _evidence(field, "diplomatic_move", "diplomatic act in a conflict", hit)
        apart = not violated or _told_apart(field)
        if apart:
            agreed = _truce_agreed(field, violated, told) or _accord_agreed(field, roles, told)
        else:
            agreed = _truce_agreed(field, violated, told, _quiet_sentences(field))
        if agreed:
            return agreed
    return []


def _truce_breach_told(fields: Sequence[FieldHits]) -> bool:
    """A breach of something other than talks: in a labour or trade item, talks
    that failed ("échec des négociations") tell no war."""
    return any(not _no_truce_breach(f, breach) for f in fields for breach in f.having("breach"))


def _told_apart(field: FieldHits) -> bool:
    """A headline with no breach, act or harm in it: in an item that reports a
    truce broken, an agreement it announces is news of its own ("agreed on
    verifying the truce", over a summary of its breaches)."""
    return field.name == "title" and not field.having("breach", "despite", *ACTS)


def _accord_agreed(
    field: FieldHits, roles: frozenset[str], told: frozenset[int] = frozenset()
) -> list[Evidence]:
    """An accord signed, reached or proposed ("подписали соглашение", "وقّعا
    اتفاقًا", "signent un accord") by parties to a war, in an item not about
    trade, farming or labour."""
    if not roles & CONFLICT_ROLES and "party" not in roles:
        return []
    if any(h.category != ELECTIONS for h in field.having("off_topic")):
        return []
    for agree in field.having_category("agree"):
        if agree.first in told:
            continue  # "угоди, укладеної у Досі": the accord broken or ended
        pact = next((p for p in field.having_category(*PACTS) if _within(p, agree, 4)), None)
        if pact is None or not _same_sentence(field, pact, agree):
            continue
        near = _roles_near(field, agree)
        if not near & {"breach", "ended"} and _counts(field, agree, False):
            return _evidence(field, "diplomatic_move", "accord agreed", agree, pact)
    return []


def _is_move(field: FieldHits, hit: Hit, armed: bool, violated: bool) -> bool:
    if not (hit.role == "dip_war" or armed) or not _counts(field, hit, violated):
        return False
    if _told_before(field, hit):
        return False
    return hit.role != "sanction" or _imposed(field, hit)


def _told_before(field: FieldHits, hit: Hit) -> bool:
    """Talks in the pluperfect ("ils avaient appelé… à l'issue des consultations de
    Nairobi") are the story before the news, not a move of their own (a truce
    accepted in it is still news beside its breach: see `_truce_agreed`)."""
    background = field.having("background")
    return any(_same_sentence(field, b, hit) and b.last < hit.first for b in background)


def _imposed(field: FieldHits, sanction: Hit) -> bool:
    """Sanctions are a move when imposed or approved ("ЕС ввел санкции"), not
    when an item only tells what they did to a market."""
    return any(_same_sentence(field, hit, sanction) for hit in field.having("agree"))


def _counts(field: FieldHits, hit: Hit, violated: bool) -> bool:
    """Not negated, not hedged ("может", "pourrait"), no analyst's view, and
    (when the item reports a breach) not the truce's own description."""
    if _negated(field, hit) or _hedged(field, hit) or _with_troops(field, hit):
        return False
    if _visit_aside(field, hit) or _backdrop_talks(field, hit):
        return False
    if any(_same_sentence(field, o, hit) for o in field.having("opinion")):
        return False
    if not violated:
        return True
    # "обстріли зброєю, забороненою мінськими угодами": the accord the breach broke
    if hit.category in PACTS and any(
        _same_sentence(field, b, hit) for b in field.having("breach", "truce", "despite")
    ):
        return False
    if _told_of_breach(field, hit) or _truce_subject(field, hit):
        return False
    return not any(_within(h, hit, 4) for h in field.having("truce"))


#: words before the truce or accord that opens a sentence as its subject ("Cet accord")
SUBJECT_START = 2


def _truce_subject(field: FieldHits, hit: Hit) -> bool:
    """In an item that reports a truce broken, a sentence that opens with the
    truce or accord as its subject ("Cet accord est la première étape d'un plan de
    paix", "Это соглашение - часть мирного процесса") describes it: the peace plan
    or process named there is the broken truce's setting, not a move."""
    if hit.role != "dip_war":
        return False
    tokens, sentence = field.tokens, field.tokens[hit.first].sentence
    opening = next(h for h in field.hits if tokens[h.first].sentence == sentence)
    if opening is hit or (opening.role != "truce" and opening.category not in PACTS):
        return False
    start = next(i for i, token in enumerate(tokens) if token.sentence == sentence)
    return opening.first - start <= SUBJECT_START


#: the `modal` category of possibility words ("возможные переговоры"), which hedge
#: a breach but not talks: talks considered are news
POSSIBLE = "possible"


def _hedged(field: FieldHits, hit: Hit) -> bool:
    """A modal verb right before the cue ("может начать переговоры")."""
    return any(
        0 < hit.first - o.last <= 2 and o.category != POSSIBLE for o in field.having("modal")
    )


def _with_troops(field: FieldHits, hit: Hit) -> bool:
    """ "Провёл встречу с бойцами", "rencontre avec les soldats": an official
    meeting troops or residents, "with" them right after the cue (a word may
    stand between: "avec les"), holds no talks."""
    tokens, lexicon = field.tokens, field.lexicon
    at = hit.last + 1
    if at >= len(tokens) or tokens[at].norm not in lexicon.companions:
        return False
    # "встреча с представителями общественности": the group the delegates stand for
    if at + 1 < len(tokens) and _starts(tokens[at + 1].norm, lexicon.delegates):
        at += 1
    following = (t.norm for t in tokens[at + 1 : at + 3])
    return any(word.startswith(stem) for word in following for stem in lexicon.troops)


#: the `visit` category, and the words from a relative pronoun to the visit it
#: tells of its person ("який перебуває зараз з візитом")
VISIT = "visit"
VISIT_ASIDE_REACH = 4


def _visit_aside(field: FieldHits, visit: Hit) -> bool:
    """A visit told in a relative clause about a person ("Порошенко, який
    перебуває з візитом в Австралії", "Kiir, qui est en visite au Japon") says
    where the speaker is, an aside to the news, not a move of its own."""
    if visit.category != VISIT:
        return False
    tokens, relatives = field.tokens, field.lexicon.relatives
    clause = tokens[visit.first].clause
    start = max(visit.first - VISIT_ASIDE_REACH, 0)
    return any(
        tokens[at].clause == clause and tokens[at].norm in relatives
        for at in range(start, visit.first)
    )


#: words from "during" or "amid" to the talks it names ("في خضم المفاوضات")
BACKDROP_REACH = 3
#: cues that, before "amid talks" in a sentence, make the talks part of a move
#: ("agreed on a truce during the talks"), not an attack's time
MOVE_ROLES = frozenset({"dip", "dip_war", "agree", "sanction", "truce", "breach"})


def _backdrop_talks(field: FieldHits, talks: Hit) -> bool:
    """Talks named as the time of an attack told before them ("هاجمت
    الولايات المتحدة إيران في خضم المفاوضات", "обстреляла Харьков во время
    переговоров") are the attack's backdrop, not news of a move."""
    if talks.role not in ("dip", "dip_war"):
        return False
    during = next(
        (h for h in field.having_category("during") if 0 < talks.first - h.last <= BACKDROP_REACH),
        None,
    )
    if during is None or not _same_sentence(field, during, talks):
        return False
    for prior in reversed([h for h in field.hits if h.last < during.first]):
        if not _same_sentence(field, prior, during) or prior.role in MOVE_ROLES:
            return False
        if prior.role in ACTS:
            return True
    return False


def _starts(word: str, stems: frozenset[str]) -> bool:
    return any(word.startswith(stem) for stem in stems)


def _told_of_breach(field: FieldHits, hit: Hit) -> bool:
    """In an item that reports a truce broken, a cue after a breach in its sentence
    tells the truce or process broken ("violer le cessez-le-feu signé à Doha sous
    médiation", "faire échouer le processus de paix"), and one after "earlier"
    ("Ранее стороны договорились о перемирии") the truce's story: no news of its
    own (but "calls held after Israel's breaches" are)."""
    breaches = [*field.having("breach"), *field.having_category(TRUCE_BREACHED, EARLIER)]
    return any(_same_sentence(field, b, hit) and b.last < hit.first for b in breaches)


def _quiet_sentences(field: FieldHits) -> frozenset[int]:
    """The sentences with no breach, act, harm or "despite" in them: in an item
    that reports a truce broken, a truce accepted there ("Les deux camps ont
    accepté la trêve réclamée par Moscou") is news of its own, unless told as
    earlier ("Ранее стороны объявили о перемирии"): the broken truce's story."""
    loud = {field.sentence(h) for h in field.having("breach", "despite", "endanger", *ACTS)}
    loud |= {field.sentence(h) for h in field.having_category(EARLIER)}
    return frozenset(field.sentence(h) for h in field.hits) - loud


def _truce_agreed(
    field: FieldHits,
    violated: bool,
    told: frozenset[int] = frozenset(),
    only: frozenset[int] | None = None,
) -> list[Evidence]:
    """A truce agreed, announced or accepted; in an item that reports it broken,
    only in a headline told apart from the breach or in the `only` sentences, and
    in one clause ("agreed on verifying the truce", not "Easter truce: Russia
    announced the war goes on")."""
    for agree in field.having("agree"):
        if (only is not None and field.sentence(agree) not in only) or agree.first in told:
            continue
        near = _roles_near(field, agree)
        if "truce" not in near or near & {"breach", "ended"}:
            continue
        truce = next(h for h in field.having("truce") if _same_sentence(field, h, agree))
        if violated and _in_force(field, truce):
            continue  # "з опівночі оголошено режим припинення вогню": the broken truce's story
        one_clause = field.tokens[truce.first].clause == field.tokens[agree.first].clause
        if not violated and _told_before(field, agree):
            continue  # "ما سبق أن أعلنته عن هدنة": a truce of the story before the news
        if _counts(field, agree, False) and (one_clause or not violated):
            return _evidence(field, "diplomatic_move", "truce agreed", agree, truce)
    return []


#: long passive participles, which describe a noun rather than tell an act
#: ("объявленного", "укладеної", "досягнутого", "conclu", "déclarée"); Ukrainian
#: "-ені" is no noun's "-енні" ("в оголошенні"), nor Russian "-нный" a short "-но"
PARTICIPLES = {
    "ru": re.compile(r"(?:нн|нут|нят)(?:ый|ий|ая|ое|ого|ому|ым|ую|ых|ыми|ой)$"),
    "uk": re.compile(r"(?:[еая]н|нут|нят)(?:ий|ого|ому|им|ім|ій|а|у|ої|е|і|их|ими)$"),
    "fr": re.compile(r"(?:é|ée|és|ées|conclue?s?|convenue?s?)$"),
}
#: words from a participle to the truce it stands before ("Оголошене президентом
#: РФ перемир'я"), or after it to the end of what it says of the truce
DESCRIBED_REACH = 6
#: languages whose participles stand before the noun they describe (a French one
#: before it is a verb's: "ont accepté la trêve")
PARTICIPLE_FIRST = frozenset({"ru", "uk"})


def _participle(field: FieldHits, at: int) -> bool:
    pattern = PARTICIPLES.get(field.lexicon.language)
    token = field.tokens[at] if 0 <= at < len(field.tokens) else None
    return bool(pattern and token and pattern.search(field.text[token.start : token.end].lower()))


def _truce_described(field: FieldHits) -> frozenset[int]:
    """Where words describe a truce: a participle right after it and the words
    it governs ("угоди про припинення вогню, укладеної за посередництва США"), or
    one before it in its clause ("Оголошене Путіним перемир'я"). In a report of
    the truce broken, how it came about is its setting, not a move."""
    told: set[int] = set()
    for truce in field.having("truce"):
        told.update(_described_after(field, truce))
        told.update(_described_before(field, truce))
    return frozenset(told)


def _described_after(field: FieldHits, truce: Hit) -> list[int]:
    """The participle after a truce, the words it governs in its clause, and the
    accord the truce names ("угода про припинення вогню, укладена…"); not a
    headline's opening words ("Accord de cessez-le-feu conclu à Djeddah"): its news."""
    tokens, after = field.tokens, truce.last + 1
    if not _participle(field, after) or tokens[after].sentence != tokens[truce.first].sentence:
        return []
    pacts = [p.first for p in field.having_category(*PACTS) if _names(p, truce)]
    if field.name == "title" and min([truce.first, *pacts]) <= 1:
        return []
    end = min(after + DESCRIBED_REACH, len(tokens) - 1)
    clause = tokens[after].clause
    return [*pacts, *(i for i in range(after, end + 1) if tokens[i].clause == clause)]


def _described_before(field: FieldHits, truce: Hit) -> range:
    """From a participle before the truce in its clause to the truce ("Оголошене
    президентом РФ перемир'я"), in a language whose participles stand first."""
    if field.lexicon.language not in PARTICIPLE_FIRST:
        return range(0)
    tokens, clause = field.tokens, field.tokens[truce.first].clause
    for at in range(max(truce.first - DESCRIBED_REACH, 0), truce.first):
        if tokens[at].clause == clause and _participle(field, at):
            return range(at, truce.first)
    return range(0)


def _names(pact: Hit, truce: Hit) -> bool:
    """An accord named by the truce right after it ("accord de cessez-le-feu")."""
    return 0 < truce.first - pact.last <= 2


def _roles_near(field: FieldHits, agree: Hit) -> set[str]:
    """The roles in an agreement's sentence, less breaches only supposed or
    denied ("une riposte en cas de violation"), which leave the agreement news."""
    sentence = (h for h in field.hits if _same_sentence(field, h, agree))
    return {h.role for h in sentence if not _no_truce_breach(field, h)}


def _in_force_by(hit: Hit, truce: Hit, agreed: bool) -> bool:
    """ "Despite", a time past the truce runs from ("з опівночі"), or "earlier"
    before it agreed ("Ранее стороны объявили о перемирии"): the truce was in
    force when the act the item reports took place."""
    if hit.category in IN_FORCE:
        return True
    return agreed and hit.category == EARLIER and hit.last < truce.first


def _in_force_at(hit: Hit, truce: Hit, agreed: bool) -> bool:
    """In force by `_in_force_by`, or a day of the truce right before it ("третий
    день перемирия"): the item's acts, in any sentence, took place in it."""
    if hit.role == "despite" and hit.category == TRUCE_DAY:
        return 0 < truce.first - hit.last <= DAY_REACH
    return _in_force_by(hit, truce, agreed)


def _in_force(field: FieldHits, truce: Hit) -> bool:
    return any(_same_sentence(field, h, truce) for h in field.having_category("in_force"))


def _evidence(field: FieldHits, label: str, rule: str, *hits: Hit) -> list[Evidence]:
    return [field.evidence(label, hit, rule) for hit in hits]


def _same_sentence(field: FieldHits, one: Hit, other: Hit) -> bool:
    return field.sentence(one) == field.sentence(other)


def _within(one: Hit, other: Hit, words: int) -> bool:
    return max(one.first - other.last, other.first - one.last) <= words


#: "استشهد", "الشهداء": the dead of a conflict by the word itself
MARTYRED = "martyred"


def _lone_shooter(fields: Sequence[FieldHits], roles: frozenset[str]) -> bool:
    """ "Мужчина открыл огонь по людям": every hostile act done by one person
    named by a plain word, in an item with no armed actor, truce or war named,
    is a shooting of ordinary crime, not of a conflict."""
    if roles & {"actor", "truce", "breach", "party"} or _martyred(fields):
        return False
    acts = [(f, h) for f in fields for h in f.having("hostile")]
    return bool(acts) and all(_by_one(f, h) for f, h in acts)


def _by_one(field: FieldHits, act: Hit) -> bool:
    """A word for one person right before the act ("мужчина открыл огонь"), or
    before its auxiliary ("un homme a ouvert le feu")."""
    tokens, lexicon, before = field.tokens, field.lexicon, act.first - 1
    if before > 0 and tokens[before].norm in lexicon.auxiliaries:
        before -= 1
    return before >= 0 and is_one(lexicon, tokens[before].norm)


def _martyred(fields: Sequence[FieldHits]) -> bool:
    return any(f.having_category(MARTYRED) for f in fields)


def _attack_blast(roles: frozenset[str]) -> bool:
    """A blast with no accident named ("взрыв в мечети", "une explosion sur un
    marché") is a bombing: gas, mine and factory blasts name their cause."""
    return "blast" in roles and "accident" not in roles


def _joined_victim(field: FieldHits, hit: Hit) -> int:
    """The words a victim word joined to another ("немає втрат та поранень")
    stands further from the negation before them both: "and" and the other word."""
    at, tokens = hit.first, field.tokens
    if at < 2 or tokens[at - 1].norm not in field.lexicon.joins:
        return 0
    victims = field.victims("killed", "wounded", "harm")
    return 2 if any(other.last == at - 2 for other in victims) else 0


def _negated(field: FieldHits, hit: Hit) -> bool:
    """A negation just before the hit ("без жертв") or shortly after it, in its
    clause ("загиблих і поранених немає"), or anywhere after it in its clause when
    it says there are none ("погибших в результате обстрела нет")."""
    clause = field.tokens[hit.first].clause
    reach = NEGATION_BEFORE + _joined_victim(field, hit)
    for other in field.having("negation"):
        before = 0 < hit.first - other.last <= reach
        limit = len(field.tokens) if other.category == ABSENT else NEGATION_AFTER
        after = other.category != WITHOUT and 0 < other.first - hit.last <= limit
        if (before or after) and field.tokens[other.first].clause == clause:
            return True
    return False
