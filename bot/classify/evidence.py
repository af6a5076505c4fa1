"""Build `Evidence` records from hits, quoting the caller's own text."""

from __future__ import annotations

from bot.classify.scan import FieldScan, Hit
from bot.models import Evidence


def hit_span(scan: FieldScan, label: str, first: Hit, last: Hit | None, rule: str) -> Evidence:
    """Evidence covering `first` through `last` (or `first` alone)."""
    other = last or first
    return text_span(scan, label, min(first.start, other.start), max(first.end, other.end), rule)


def text_span(scan: FieldScan, label: str, start: int, end: int, rule: str) -> Evidence:
    """Evidence for the characters `start:end` of the scanned field."""
    field = scan.field
    return Evidence(label, field.name, start, end, field.raw[start:end], rule)
