"""The outcome of one label's rules."""

from __future__ import annotations

from dataclasses import dataclass

from bot.models import Evidence

#: a label is given when its score reaches this
THRESHOLD = 0.5


# The classifier's per-item records (this one, fields, scans, harms, phrases)
# are not frozen: a frozen dataclass sets each field through object.__setattr__,
# which makes building one three to five times slower, and nothing changes them.
@dataclass(slots=True)
class Decision:
    """A label's score in [0, 1] and the spans that decided it."""

    score: float
    evidence: tuple[Evidence, ...] = ()

    @property
    def given(self) -> bool:
        return self.score >= THRESHOLD
