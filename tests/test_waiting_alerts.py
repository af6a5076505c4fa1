"""What a chat reads when alerts waited for it: one message listing them, or (when they
waited long) a "while you were away" summary; word for word, in English and in Russian."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.delivery import Batch, BatchKind
from bot.format import batch_message, item_line
from bot.i18n import tongue
from bot.message import plain_text, utf16_length
from bot.models import Alert, Classification, Label, StoredItem
from fakes.builders import T0, tg
from fakes.telegram_api import telegram_html_to_text
from handlers.console import TERMINAL
from handlers.telegram.render import TELEGRAM, bounded

V: Label = "ceasefire_violation"
D: Label = "diplomatic_move"
C: Label = "casualty_report"
QUEUED = T0 + timedelta(minutes=30)


def alert(
    n: int,
    title: str,
    labels: tuple[Label, ...] = (),
    *,
    killed: int | None = None,
    wounded: int | None = None,
    minutes: int = 0,
    zone: str = "UTC",
) -> Alert:
    """Alert `n`, published `minutes` after T0, fetched an hour after T0, queued at QUEUED."""
    c = Classification(labels, {}, killed, wounded)
    published, fetched = T0 + timedelta(minutes=minutes), T0 + timedelta(hours=1)
    item = StoredItem(n, 1, "Wire", title, "", None, published, fetched, n, c)
    return Alert(n, 1, tg(1), item, "violations", queued_at=QUEUED, zone=zone)


def shown(kind: BatchKind, alerts: list[Alert], language: str | None = None) -> str:
    batch = Batch(1, tg(1), tuple(alerts), kind)
    return plain_text(batch_message(batch, TERMINAL, tongue(language)))


THREE = [
    alert(1, "Shelling near Ganja", (V,), minutes=1),
    alert(2, "Lavrov meets envoys", (D,), minutes=2),
    alert(3, "Two killed in Tartar", (V, C), killed=2, wounded=3, minutes=3),
]


def test_alerts_that_waited_are_listed_oldest_first_under_a_count() -> None:
    assert shown("list", THREE).splitlines() == [
        "3 new alerts (they arrived while others were sent)",
        "08:01 ⚠️ Shelling near Ganja — Wire",
        "08:02 🕊 Lavrov meets envoys — Wire",
        "08:03 ⚠️🩸 Two killed in Tartar (2 killed, 3 wounded) — Wire",
    ]


def test_alerts_that_waited_long_are_summed_up_newest_first() -> None:
    assert shown("summary", THREE).splitlines() == [
        "While you were away (since 10 Oct 2020 08:30 UTC)",  # when the first was queued
        "3 alerts: 2 cease-fire violations, 1 diplomatic move, 1 casualty report.",
        "08:03 ⚠️🩸 Two killed in Tartar (2 killed, 3 wounded) — Wire",
        "08:02 🕊 Lavrov meets envoys — Wire",
        "08:01 ⚠️ Shelling near Ganja — Wire",
        "/timeline 24h shows everything.",
    ]


@pytest.mark.parametrize(
    ("alerts", "tally"),
    [
        ([alert(1, "Talks resume")], "1 alert: no labelled reports."),
        ([alert(1, "Talks resume"), alert(2, "Weather")], "2 alerts: no labelled reports."),
        ([alert(1, "Shelling", (V,))], "1 alert: 1 cease-fire violation."),
    ],
)
def test_a_summary_counts_in_the_singular_and_the_plural(alerts: list[Alert], tally: str) -> None:
    lines = shown("summary", alerts).splitlines()
    assert lines[0] == "While you were away (since 10 Oct 2020 08:30 UTC)"
    assert lines[1] == tally


def test_a_list_and_a_summary_speak_the_chats_language() -> None:
    assert shown("list", THREE, "ru").splitlines() == [
        "3 новых оповещения (они пришли, пока отправлялись другие)",
        "08:01 ⚠️ Shelling near Ganja — Wire",
        "08:02 🕊 Lavrov meets envoys — Wire",
        "08:03 ⚠️🩸 Two killed in Tartar (2 погибших, 3 раненых) — Wire",
    ]
    assert shown("summary", THREE, "ru").splitlines() == [
        "Пока вас не было (с 10 окт. 2020 08:30 UTC)",
        "3 оповещения: 2 нарушения перемирия, 1 дипломатический шаг, 1 сообщение о жертвах.",
        "08:03 ⚠️🩸 Two killed in Tartar (2 погибших, 3 раненых) — Wire",
        "08:02 🕊 Lavrov meets envoys — Wire",
        "08:01 ⚠️ Shelling near Ganja — Wire",
        "/timeline 24h покажет всё.",
    ]


def test_an_alert_with_only_a_death_toll_shows_its_figures() -> None:
    lines = shown("alert", [alert(3, "One killed", (C,), killed=1)]).splitlines()
    assert "🧾 1 killed" in lines


@pytest.mark.parametrize("language", [None, "ru", "uk", "fr"])
def test_a_long_list_keeps_room_for_its_head_and_says_how_many_are_left_out(
    language: str | None,
) -> None:
    t = tongue(language)
    title = "Heavy shelling reported along the whole line of contact overnight " * 3
    alerts = [alert(n, f"{title}{n}", (V,)) for n in range(1, 61)]
    message = batch_message(Batch(1, tg(1), tuple(alerts), "list"), TELEGRAM, t)
    html, is_html = bounded(message)
    text = telegram_html_to_text(html)
    assert is_html and len(text) <= 4096
    head = t.ngettext("{n} new alert", "{n} new alerts", 60)
    assert text.startswith(head)
    listed = len(re.findall(r"^\d\d:\d\d ⚠️", text, flags=re.MULTILINE))
    assert 10 < listed < 60
    assert text.endswith(t.gettext("… and {n} more: /timeline 24h shows them.", n=60 - listed))


@pytest.mark.parametrize("language", [None, "ru", "uk", "fr"])
def test_a_list_whose_lines_fill_the_message_to_the_brim_still_fits(
    language: str | None,
) -> None:
    """Lines sized so that whole lines fill all but a small reserve exactly: the head and
    the closing line (longest in French) must still fit."""
    t = tongue(language)
    probe = item_line(alert(1, "").item, t=t)
    title = "x" * (100 - TELEGRAM.line_size(probe) - 1)  # each line 100 units with its newline
    alerts = [alert(n, title, ()) for n in range(1, 61)]
    html, is_html = bounded(batch_message(Batch(1, tg(1), tuple(alerts), "list"), TELEGRAM, t))
    text = telegram_html_to_text(html)
    assert is_html and utf16_length(text) <= 4096
    listed = len(re.findall(r"^\d\d:\d\d x", text, flags=re.MULTILINE))
    assert text.endswith(t.gettext("… and {n} more: /timeline 24h shows them.", n=60 - listed))


def test_a_list_shows_times_in_the_chats_zone() -> None:
    alerts = [alert(n, f"Report {n}", (V,), minutes=n, zone="Asia/Baku") for n in (1, 2)]
    assert shown("list", alerts).splitlines()[1:] == [
        "12:01 ⚠️ Report 1 — Wire",  # Baku is UTC+4
        "12:02 ⚠️ Report 2 — Wire",
    ]
