"""Which truce alerts a change in the news calls for (pure): `/subscribe truces` hears when
a truce is announced, when its first violation is reported, and when it collapses or ends.

Compare the truces computed before and after new items arrive, with the same `now` (so
that only the items differ); each alert names the item that caused it. Compare two `now`s
over the same items to hear of truces that simply ran out (`item_id` is then None). The
very first computation has no "before": store it without alerting, or every truce in the
history would be announced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.truces.record import Truce

AlertKind = Literal["announced", "first_violation", "collapsed", "ended"]
OVER = ("collapsed", "ended")


@dataclass(frozen=True, slots=True)
class TruceAlert:
    """One thing to tell truce subscribers."""

    kind: AlertKind
    truce: Truce
    item_id: int | None


def truce_alerts(before: Sequence[Truce], after: Sequence[Truce]) -> tuple[TruceAlert, ...]:
    """The alerts that going from `before` to `after` calls for, in the order they happened."""
    known = {t.id: t for t in before}
    alerts: list[TruceAlert] = []
    for truce in after:
        alerts += changes(known.get(truce.id), truce)
    return tuple(alerts)


def changes(old: Truce | None, new: Truce) -> list[TruceAlert]:
    """A truce's alerts: new to us, first violated, over."""
    alerts = []
    if old is None:
        alerts.append(TruceAlert("announced", new, new.id))
    if (old is None or old.violations == 0) and new.violations > 0:
        alerts.append(TruceAlert("first_violation", new, new.first_violation_item_id))
    if (old is None or old.status not in OVER) and new.status in OVER:
        kind: AlertKind = "collapsed" if new.status == "collapsed" else "ended"
        alerts.append(TruceAlert(kind, new, new.end_item_id))
    return alerts
