"""`classify()`: scan an item once, decide each label, read the figures."""

from __future__ import annotations

from collections.abc import Sequence

from bot.classify import patterns
from bot.classify.casualty import CasualtyDecision, decide_casualty
from bot.classify.context import in_armed_conflict, in_war, off_topic
from bot.classify.decision import Decision
from bot.classify.diplomacy import decide_diplomacy
from bot.classify.figures import Figures, extract_figures
from bot.classify.language import SAMPLE_CHARS, identify
from bot.classify.scan import FieldScan, scan_field
from bot.classify.stems import LANGUAGES
from bot.classify.text import MAX_SUMMARY_CHARS, prepare
from bot.classify.violation import decide_violation
from bot.models import LABELS, Classification


def classify(title: str, summary: str) -> Classification:
    """Labels, scores, casualty figures and evidence for one feed item, read
    in its own language; an item in a language without lexicons gets no labels."""
    title = title if isinstance(title, str) else ""
    summary = summary if isinstance(summary, str) else ""
    # identify() reads only the first SAMPLE_CHARS: the rest of a long item is not copied
    language = identify(f"{title[:SAMPLE_CHARS]} {summary[:SAMPLE_CHARS]}")
    if language in LANGUAGES:
        return _classify_foreign(language, title, summary)
    if language != "en":
        return Classification(scores=dict.fromkeys(LABELS, 0.0), language=language)
    scans = scan_item(title, summary)
    casualty, decisions = decide_labels(scans)
    labels = tuple(label for label in LABELS if decisions[label].given)
    given = "casualty_report" in labels
    figures = extract_figures(casualty.harms + casualty.bodies) if given else Figures()
    return Classification(
        labels=labels,
        scores={label: round(decisions[label].score, 4) for label in LABELS},
        killed=figures.killed,
        wounded=figures.wounded,
        evidence=tuple(e for label in labels for e in decisions[label].evidence) + figures.evidence,
    )


def _classify_foreign(language: str, title: str, summary: str) -> Classification:
    """An item in another language. Its reader is imported on the first such
    item, so that a bot reading only English does not load it at start-up."""
    from bot.classify.foreign import classify_foreign

    return classify_foreign(language, title, summary)


def warm() -> None:
    """Load now what later items would load on first use: the figure patterns
    and the reader of other languages (a parser worker calls this before its
    first body, so that no feed waits for it). The figure patterns go first:
    compiling them frees far more than it keeps, and Python's allocator can give
    those pages back only while nothing long-lived has been placed among them."""
    patterns.warm()
    import bot.classify.foreign  # noqa: F401


def scan_item(title: str, summary: str) -> tuple[FieldScan, ...]:
    """Scan the title, and the summary unless it merely repeats the title."""
    title_field = prepare("title", title if isinstance(title, str) else "")
    summary = summary[:MAX_SUMMARY_CHARS] if isinstance(summary, str) else ""
    title_scan = scan_field(title_field)
    if not summary.strip() or summary.strip() == title_field.raw.strip():
        return (title_scan,)
    return title_scan, scan_field(prepare("summary", summary))


def decide_labels(scans: Sequence[FieldScan]) -> tuple[CasualtyDecision, dict[str, Decision]]:
    """Each label's decision; casualties first, since a casualty is a hostile act,
    and violations before diplomacy, since a truce taking effect is a violation's
    setting rather than a move."""
    armed, war = in_armed_conflict(scans), in_war(scans)
    unrelated = off_topic(scans, war)
    casualty = decide_casualty(scans, armed, war, unrelated)
    violation = decide_violation(scans, casualty.harms, unrelated)
    return casualty, {
        "ceasefire_violation": violation,
        "diplomatic_move": decide_diplomacy(scans, (armed, war), unrelated, violation.given),
        "casualty_report": Decision(casualty.score, casualty.evidence),
    }
