"""The truce tracker: truces found in the stored news, their status and tallies (pure).

    from bot.truces import find_truces, truce_alerts, truce_series
    truces = find_truces(stored_items, now)           # list[Truce], oldest start first
    [t.to_json() for t in truces]                    # `trucewatch truces --json`
    alerts = truce_alerts(before, after)              # announced / first_violation / ...
    read_truce_event(item)                            # does this item announce/end one?

No storage, network or chat here: callers pass items and `now` and get frozen records.
"""

from bot.truces.alerts import AlertKind, TruceAlert, truce_alerts
from bot.truces.describe import describe, duration_text
from bot.truces.events import TruceEvent, may_mention_truce, read_truce_event
from bot.truces.record import STATUSES, Status, Truce, TruceVersion
from bot.truces.reports import TruceReport
from bot.truces.series import DayCount, Point, daily_series, item_point, truce_series
from bot.truces.tracker import find_truces

__all__ = [
    "STATUSES",
    "AlertKind",
    "DayCount",
    "Point",
    "Status",
    "Truce",
    "TruceAlert",
    "TruceEvent",
    "TruceReport",
    "TruceVersion",
    "daily_series",
    "describe",
    "duration_text",
    "find_truces",
    "item_point",
    "may_mention_truce",
    "read_truce_event",
    "truce_alerts",
    "truce_series",
]
