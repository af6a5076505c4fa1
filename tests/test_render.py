"""Alerts and replies as each platform shows them: the neutral message, its Telegram HTML
and its Discord markdown and embeds, with hostile feed text in every field (pure)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot import format as fmt
from bot.buttons import Follow, NextPage
from bot.message import (
    DEFAULT_SURFACE,
    Bold,
    Button,
    Code,
    Image,
    Italic,
    Link,
    Message,
    Surface,
    bold,
    italic,
    join,
    line,
    link,
    message,
    plain,
    plain_text,
    utf16_length,
    visible,
    visible_text,
)
from bot.models import Alert, Classification, Evidence, StoredItem
from fakes.builders import T0, tg
from fakes.telegram_rules import parse_telegram_html
from handlers.discord import render as dc
from handlers.telegram import render as tgr

V, D, C = "ceasefire_violation", "diplomatic_move", "casualty_report"
#: A feed's name as a hostile feed would set it: markup of both platforms, a mention, a link.
HOSTILE_SOURCE = '<b>W</b>&<a href="x">c</a> **@everyone** [x](y)'


def stored(
    title: str = "Truce broken near Ganja",
    summary: str = "Shelling resumed overnight.",
    *,
    source: str = "Wire",
    url: str | None = "https://wire.example/a?b=1&c=2",
    labels: tuple[str, ...] = (V,),
    killed: int | None = None,
    wounded: int | None = None,
    evidence: tuple[Evidence, ...] = (),
    published: datetime = T0,
) -> StoredItem:
    c = Classification(labels, {}, killed, wounded, evidence)
    return StoredItem(1, 1, source, title, summary, url, published, published, 1, c)


def alert(item: StoredItem, reason: str = "violations") -> Alert:
    return Alert(outbox_id=1, chat_id=1, chat=tg(5), item=item, reason=reason)


def said(text: str, rule: str = "r") -> Evidence:
    return Evidence(V, "title", 0, len(text), text, rule)


# --- the neutral alert ------------------------------------------------------------------------


def test_an_alert_reads_labels_headline_summary_figures_why_source_time_and_link() -> None:
    item = stored(
        labels=(V, C),
        killed=2,
        wounded=5,
        evidence=(said("truce broken"),),
        published=datetime(2020, 10, 10, 12, 5, tzinfo=timezone(timedelta(hours=4))),
    )
    shown = alert(item, "violations, “ganja”")
    assert tgr.to_html(fmt.alert_message(shown)) == "\n".join(
        [
            "⚠️🩸 <b>Cease-fire violation · casualty report</b>",
            "<b>Truce broken near Ganja</b>",
            "Shelling resumed overnight.",
            "🧾 2 killed, 5 wounded",
            "🔎 matched violations, “ganja” — “truce broken”",
            "📰 Wire · 10 Oct 2020 08:05 UTC",
            '<a href="https://wire.example/a?b=1&amp;c=2">Read the report</a>',
        ]
    )


def test_an_alert_without_labels_figures_summary_evidence_or_link_leaves_them_out() -> None:
    item = stored(summary="Truce broken near Ganja", url=None, labels=())
    assert tgr.to_html(fmt.alert_message(alert(item, "“ganja”"))) == "\n".join(
        [
            "<b>News</b>",
            "<b>Truce broken near Ganja</b>",
            "🔎 matched “ganja”",
            "📰 Wire · 10 Oct 2020 08:00 UTC",
        ]
    )
    assert fmt.alert_view(alert(stored(summary=""))).summary is None


@pytest.mark.parametrize(
    ("killed", "wounded", "shown"),
    [
        (None, None, ""),
        (0, None, "0 killed"),
        (None, 0, "0 wounded"),
        (3, 1, "3 killed, 1 wounded"),
    ],
)
def test_figures(killed: int | None, wounded: int | None, shown: str) -> None:
    assert fmt.figures(Classification((C,), {}, killed, wounded)) == shown


def test_alert_fields_are_bounded() -> None:
    view = fmt.alert_view(
        alert(
            stored("T " * 400, "S " * 800, source="N " * 100, evidence=(said("E " * 200),)),
            reason="R " * 300,
        )
    )
    assert len(view.title) <= fmt.ALERT_TITLE and view.title.endswith("…")
    assert len(view.title) > fmt.ALERT_TITLE * 0.8
    assert view.summary is not None and len(view.summary) <= fmt.ALERT_SUMMARY
    assert len(view.summary) > fmt.ALERT_SUMMARY * 0.8
    assert fmt.ALERT_SOURCE * 0.8 < len(view.source) <= fmt.ALERT_SOURCE
    assert fmt.ALERT_WHY * 0.8 < len(view.why) <= fmt.ALERT_WHY
    assert view.labels == (V,) and view.marks == "⚠️" and view.heading == "Cease-fire violation"
    assert view.url == "https://wire.example/a?b=1&c=2" and view.published == T0


def test_evidence_phrases_are_distinct_trimmed_and_few() -> None:
    c = Classification(
        (V,),
        {},
        evidence=(said("  shelling  "), said(""), said("shelling"), said("x" * 300), said("z")),
    )
    phrases = fmt.evidence_phrases(c)
    assert phrases[0] == "shelling" and len(phrases) == 2
    assert len(phrases[1]) == 120 and phrases[1].endswith("…")
    assert fmt.evidence_phrases(c, limit=5)[2] == "z"


@pytest.fixture
def local_time_is_not_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's zone far from UTC, so a time shown in local time shows up."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("local_time_is_not_utc")
def test_times_are_shown_in_utc_whatever_the_machines_zone() -> None:
    moment = datetime(2020, 10, 10, 12, 5, tzinfo=timezone(timedelta(hours=4)))
    assert fmt.when(moment) == "10 Oct 2020 08:05 UTC"
    assert visible(fmt.item_line(stored(published=moment, labels=()))).startswith("08:05 ")


def test_an_item_line_shows_time_marks_linked_headline_figures_and_source() -> None:
    item = stored(labels=(V, C), killed=4, published=datetime(2020, 10, 10, 9, 7, tzinfo=UTC))
    assert tgr.line_html(fmt.item_line(item, extra_sources=2)) == (
        '09:07 ⚠️🩸 <a href="https://wire.example/a?b=1&amp;c=2">Truce broken near Ganja</a>'
        " (4 killed) — <i>Wire +2</i>"
    )
    quiet = stored(labels=(), url=None, title="T " * 150, source="S " * 50)
    assert visible(fmt.item_line(quiet)) == (
        f"08:00 {'T ' * 98}T… — {'S ' * 28}S…"  # headline and source clipped at a space
    )


# --- hostile feed text, escaped by each renderer -----------------------------------------------


def test_telegram_alert_shows_a_hostile_source_name_as_text() -> None:
    item = stored(
        "<i>Breaking</i> & more", "<script>x</script>", source=HOSTILE_SOURCE, labels=(V,)
    )
    html = tgr.to_html(fmt.alert_message(alert(item, "<b>violations</b>")))
    lines = html.split("\n")
    assert lines[-2] == (
        '📰 &lt;b&gt;W&lt;/b&gt;&amp;&lt;a href="x"&gt;c&lt;/a&gt;'
        " **@everyone** [x](y) · 10 Oct 2020 08:00 UTC"
    )
    assert lines[1] == "<b>&lt;i&gt;Breaking&lt;/i&gt; &amp; more</b>"
    assert lines[2] == "&lt;script&gt;x&lt;/script&gt;"
    assert lines[3] == "🔎 matched &lt;b&gt;violations&lt;/b&gt;"
    parsed = parse_telegram_html(html)  # as Telegram reads it: only our own formatting
    assert [e["type"] for e in parsed.entities] == ["bold", "bold", "text_link"]
    assert f"📰 {HOSTILE_SOURCE} · " in parsed.text


def test_telegram_item_lines_show_a_hostile_source_name_as_text() -> None:
    html = tgr.line_html(fmt.item_line(stored(source=HOSTILE_SOURCE)))
    assert html.endswith(
        '<i>&lt;b&gt;W&lt;/b&gt;&amp;&lt;a href="x"&gt;c&lt;/a&gt; **@everyone** [x](y)</i>'
    )
    assert [e["type"] for e in parse_telegram_html(html).entities] == ["text_link", "italic"]


def test_discord_alert_embed_escapes_feed_text_and_shows_the_source_literally() -> None:
    item = stored(
        "**Breaking** @everyone",
        "_Shelling_ [resumed](https://evil.example) @here",
        source=HOSTILE_SOURCE,
        labels=(C, V),
        killed=2,
    )
    embed = dc.alert_embed(fmt.alert_view(alert(item, "`violations`")))
    assert embed.title == "\\*\\*Breaking\\*\\* @\u200beveryone"
    assert embed.description == (
        "\\_Shelling\\_ \\[resumed\\](https://evil.example) @\u200bhere\n"
        "🧾 2 killed\n"
        "🔎 matched \\`violations\\`"
    )
    # Footers show neither markdown nor mentions: the name is shown as it is, not escaped
    # (escaping would put backslashes in front of the reader).
    assert embed.footer.text == f"📰 {HOSTILE_SOURCE}"
    assert embed.author.name == "🩸⚠️ Casualty report · cease-fire violation"
    assert embed.url == "https://wire.example/a?b=1&c=2" and embed.timestamp == T0
    assert embed.colour is not None and embed.colour.value == dc.COLOURS[C]


def test_discord_item_lines_escape_a_hostile_source_name() -> None:
    text = dc.line_markdown(fmt.item_line(stored(source=HOSTILE_SOURCE, url=None)))
    assert text.endswith(' — *<b>W</b>&<a href="x">c</a> \\*\\*@\u200beveryone\\*\\* \\[x\\](y)*')


def test_discord_item_line_headline_cannot_plant_a_masked_link() -> None:
    item = stored("Truce [x] a](https://evil.example) b", url="https://wire.example/1")
    text = dc.line_markdown(fmt.item_line(item))
    assert re.search(r"(?<!\\)\]\(https://evil", text) is None, text


def test_discord_alert_embed_without_labels_summary_or_figures() -> None:
    item = stored(summary="", labels=(), url=None, source="S" * 3000)
    embed = dc.alert_embed(fmt.alert_view(alert(item)))
    assert embed.description == "🔎 matched violations"
    assert embed.colour is not None and embed.colour.value == dc.NEUTRAL
    assert embed.author.name == "News" and embed.url is None
    assert embed.footer.text is not None and len(embed.footer.text) <= dc.FOOTER_LIMIT


def test_discord_alert_embed_stays_within_discords_limits() -> None:
    view = fmt.alert_view(alert(stored("*" * 300, "_" * 700, evidence=(said("|" * 120),))))
    embed = dc.alert_embed(view)
    assert embed.title is not None and len(embed.title) <= dc.TITLE_LIMIT
    assert embed.title.endswith("…") and len(embed.title) > dc.TITLE_LIMIT * 0.8
    assert len(embed) <= dc.EMBED_TOTAL


# --- Telegram HTML -----------------------------------------------------------------------------


def test_telegram_html_for_every_kind_of_piece() -> None:
    msg = message(
        line("a<b & c>d", bold("B<", italic("I&")), Code("x<y>&z")),
        line(Link('https://x.example/?q="1"&r=<2>', ("L<",))),
        "",
        "plain \"quotes\" and 'apostrophes'",
    )
    assert tgr.to_html(msg) == (
        "a&lt;b &amp; c&gt;d<b>B&lt;<i>I&amp;</i></b><code>x&lt;y&gt;&amp;z</code>\n"
        '<a href="https://x.example/?q=&quot;1&quot;&amp;r=&lt;2&gt;">L&lt;</a>\n'
        "\n"
        "plain \"quotes\" and 'apostrophes'"
    )


def test_telegram_keeps_html_up_to_its_limit_then_falls_back_to_clipped_plain_text() -> None:
    at_limit = message(line(bold("é" * 4095), "x"))
    assert utf16_length(visible_text(at_limit)) == tgr.MESSAGE_LIMIT
    assert tgr.bounded(at_limit) == (f"<b>{'é' * 4095}</b>x", True)
    over = message(line(bold("😀" * 2000)), line(link("https://x.example", "y" * 200)))
    text, html = tgr.bounded(over)
    assert not html and "<b>" not in text
    assert utf16_length(text) <= tgr.MESSAGE_LIMIT and len(text) == tgr.MESSAGE_LIMIT // 2
    assert text.endswith("…")
    # plain text is kept whole up to the limit, and only beyond it cut to half of it
    whole = message("😀" * 1024 + "x" * 2048)
    assert tgr.plain(whole) == "😀" * 1024 + "x" * 2048  # exactly 4,096 UTF-16 units
    assert tgr.plain(message("x" * 3000)) == "x" * 3000
    assert tgr.bounded(message(line(bold("x" * 60))), limit=50) == ("x" * 24 + "…", False)
    small = message(line(bold("hi")), line(link("https://x.example", "there")))
    assert tgr.plain(small) == "hi\nthere (https://x.example)"
    assert tgr.plain(small, limit=10) == "hi\nt…"  # clipped to half the limit


def test_telegram_keyboard_carries_each_buttons_payload_in_its_row() -> None:
    assert tgr.keyboard(message("no buttons")) is None
    rows = [
        [Button("One", Follow("violations")), Button("Two", NextPage(7))],
        [Button("3", NextPage(9))],
    ]
    markup = tgr.keyboard(message("x", buttons=rows))
    assert markup is not None
    assert [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard] == [
        [("One", "follow:violations"), ("Two", "tl:7")],
        [("3", "tl:9")],
    ]


# --- Discord markdown --------------------------------------------------------------------------


def test_discord_markdown_for_every_kind_of_piece() -> None:
    msg = message(
        line("a*b_c @everyone", bold("B~", italic("I|")), Code("x`y*")),
        line(Link("https://x.example/a b?q=(1)&r=<2>", ("L_",))),
        "",
    )
    assert dc.to_markdown(msg) == (
        "a\\*b\\_c @\u200beveryone**B\\~*I\\|***`xˋy*`\n"
        "[L\\_](<https://x.example/a%20b?q=%281%29&r=%3C2%3E>)\n"
    )


def test_discord_short_replies_are_content_and_long_ones_an_embed() -> None:
    short = dc.reply_parts(message("x" * dc.CONTENT_LIMIT))
    assert short == {"content": "x" * dc.CONTENT_LIMIT}
    long = dc.reply_parts(message("*" * 3000))
    embed = long.pop("embed")
    assert long == {} and embed.colour.value == dc.NEUTRAL
    assert embed.description.startswith("\\*\\*") and len(embed.description) <= dc.DESCRIPTION_LIMIT
    assert embed.description.endswith("…") and len(embed.description) > dc.DESCRIPTION_LIMIT * 0.8


def test_discord_reply_with_an_image_and_buttons() -> None:
    png = Image(b"\x89PNG-bytes", "chart.png", "a chart")
    rows = [
        [Button("One", Follow("violations")), Button("B" * 100, NextPage(3))],
        [Button("Next", NextPage(4))],
    ]
    parts = dc.reply_parts(message("short", buttons=rows, image=png))
    assert set(parts) == {"embed", "file", "view"}
    assert parts["embed"].description == "short"
    assert parts["embed"].image.url == "attachment://chart.png"
    assert parts["file"].filename == "chart.png" and parts["file"].fp.read() == png.png
    buttons = [(b.label, b.custom_id, b.row) for b in parts["view"].children]
    assert buttons == [
        ("One", "follow:violations", 0),
        ("B" * 80, "tl:3", 0),
        ("Next", "tl:4", 1),
    ]
    assert parts["view"].timeout is None
    assert dc.components(message("none")) is None


# --- the message model -------------------------------------------------------------------------


def test_lines_leave_out_none_and_empty_text_only() -> None:
    assert line("a", None, "", bold(""), "0", Code("")) == ("a", Bold(("",)), "0", Code(""))
    assert link(None, "label") == "label" and link("", "label") == "label"
    assert link("https://x.example", "label") == Link("https://x.example", ("label",))
    assert message("one", ("two", "three")).lines == (("one",), ("two", "three"))


def test_join_keeps_every_line_and_the_last_buttons_and_image() -> None:
    img, chart = Image(b"", "a.png", "a"), Image(b"", "b.png", "b")
    first = message("1", buttons=[[Button("a", NextPage(1))]], image=img)
    second = message("2", buttons=[[Button("b", NextPage(2))]], image=chart)
    third = message("3")
    joined = join(first, second, third)
    assert joined.lines == (("1",), ("2",), ("3",))
    assert joined.buttons == ((Button("b", NextPage(2)),),) and joined.image is chart
    assert join(first, third).image is img
    assert join(third) == Message((("3",),), (), None)


def test_visible_and_plain_text() -> None:
    msg = message(
        line("a ", bold("b ", italic("c")), " ", Code("d"), " ", link("https://x.example", "e")),
        "f",
    )
    assert visible_text(msg) == "a b c d e\nf"
    assert plain_text(msg) == "a b c d e (https://x.example)\nf"
    assert plain(bold(link("https://y.example", "z"))) == "z (https://y.example)"
    assert visible(Italic((Bold(("q",)),))) == "q"


def test_utf16_length_counts_astral_characters_twice() -> None:
    assert utf16_length("a😀é") == 4 and utf16_length("") == 0


def test_surface_fits_whole_lines_within_its_limit_less_the_reserve() -> None:
    surface = Surface(20, lambda ln: len(visible(ln)))
    lines = [line("aaaa")] * 6  # each costs 5 with its newline
    assert surface.size(message(*lines)) == 30
    assert surface.fit(lines, reserve=5) == ([line("aaaa")] * 3, 3)  # 15 <= 15
    assert surface.fit(lines, reserve=4) == ([line("aaaa")] * 3, 3)  # 20 > 16
    assert surface.fit(lines, reserve=0) == ([line("aaaa")] * 4, 2)
    assert surface.fit(lines[:2], reserve=0) == ([line("aaaa")] * 2, 0)
    assert DEFAULT_SURFACE.limit == 4096
    assert DEFAULT_SURFACE.line_size(line(bold("😀"))) == 2
    assert DEFAULT_SURFACE.fit([line("x")] * 5000)[1] == 5000 - (4096 - 96) // 2
