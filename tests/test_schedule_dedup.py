"""Pure decisions: when to poll next, and which items tell the same story."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import dedup
from bot.schedule import MAX_POLL_BACKOFF, PollOutcome, health_status, next_poll_at

NOW = datetime(2020, 10, 11, 6, tzinfo=UTC)


def delay(
    outcome: PollOutcome, failures: int = 0, interval: float = 300, draw: float = 0.5
) -> float:
    return (next_poll_at(NOW, interval, failures, outcome, draw) - NOW).total_seconds()


def test_success_waits_one_interval_with_jitter() -> None:
    assert delay(PollOutcome(ok=True)) == 300
    assert 270 <= delay(PollOutcome(ok=True), draw=0.0) < 300
    assert 300 < delay(PollOutcome(ok=True), draw=0.999) <= 330


def test_failures_back_off_exponentially_up_to_a_cap() -> None:
    waits = [delay(PollOutcome(ok=False), failures=n) for n in range(1, 8)]
    assert waits == sorted(waits) and waits[0] == 600 and waits[1] == 1200
    assert delay(PollOutcome(ok=False), failures=50) == MAX_POLL_BACKOFF.total_seconds()


def test_retry_after_is_honoured_but_bounded() -> None:
    assert delay(PollOutcome(ok=False, retry_after=7200), failures=1) == 7200
    assert delay(PollOutcome(ok=False, retry_after=10**9), failures=1) == 86400


def test_cache_control_lengthens_the_interval_up_to_an_hour() -> None:
    assert delay(PollOutcome(ok=True, max_age=900)) == 900
    assert delay(PollOutcome(ok=True, max_age=86400)) == 3600
    assert delay(PollOutcome(ok=True, max_age=10)) == 300


def test_a_source_failing_for_days_is_broken() -> None:
    three_days = timedelta(days=3)
    assert health_status(0, None, NOW, three_days) == "ok"
    assert health_status(4, NOW - timedelta(hours=5), NOW, three_days) == "failing"
    assert health_status(40, NOW - timedelta(days=4), NOW, three_days) == "broken"


def test_item_key_prefers_guid_then_link_then_content() -> None:
    assert dedup.item_key("g1", "https://x/1", "t", "s") == "g:g1"
    assert dedup.item_key(" ", "https://x/1", "t", "s") == "l:https://x/1"
    assert dedup.item_key(None, None, "t", "s") == dedup.item_key(None, None, "T", " s ")
    assert len(dedup.item_key("x" * 5000, None, "t", "s")) < 100


SYNDICATED = (
    "Azerbaijan says rocket strike on Ganja kills nine civilians",
    "A rocket fired from Armenian territory hit an apartment block in Ganja overnight, "
    "killing nine civilians and wounding 34, officials said on Sunday.",
)


@pytest.mark.parametrize(
    ("title", "summary", "same"),
    [
        # same wire story, other outlet's signature and case
        ("AZERBAIJAN SAYS ROCKET STRIKE ON GANJA KILLS NINE CIVILIANS - Reuters", "", True),
        # retitled but near-identical text
        (
            "Rocket strike on Ganja kills nine, Baku says",
            "A rocket fired from Armenian territory hit an apartment block in Ganja overnight, "
            "killing nine civilians and wounding 34, officials said on Sunday morning.",
            True,
        ),
        # same place, different story
        (
            "Azerbaijan and Armenia foreign ministers to meet in Geneva",
            "The ministers will meet the Minsk Group co-chairs on Friday.",
            False,
        ),
        # short generic titles never join on title alone
        ("Update", "", False),
    ],
)
def test_same_story(title: str, summary: str, same: bool) -> None:
    assert dedup.same_story_text(*SYNDICATED, title, summary) is same


def test_near_identical_texts_share_a_band() -> None:
    a = dedup.fingerprint(*SYNDICATED).bands
    b = dedup.fingerprint(SYNDICATED[0] + " - RFE/RL", SYNDICATED[1] + " Yerevan denied it.").bands
    c = dedup.fingerprint("Talks in Moscow", "Foreign ministers met for ten hours.").bands
    assert set(a) & set(b)
    assert not set(a) & set(c)


def test_generic_title_has_no_key() -> None:
    assert dedup.title_key("Press release") is None
    assert dedup.title_key("Truce holds in Karabakh - OSCE") == "truce holds in karabakh"


def test_fingerprint_is_stable_and_compact() -> None:
    first, again = dedup.fingerprint(*SYNDICATED), dedup.fingerprint(*SYNDICATED)
    assert first == again  # same in every process: no salted hashes
    assert (
        first.folded == "azerbaijan says rocket strike on ganja kills nine civilians a "
        "rocket fired from armenian territory hit an apartment block in ganja overnight, "
        "killing nine civilians and wounding 34, officials said on sunday."
    )
    assert dedup.unpack(first.shingles) == dedup.shingle_hashes(first.folded)
    assert len(first.shingles) == 4 * len(dedup.shingle_hashes(first.folded))


def test_short_texts_do_not_collide_on_empty_buckets() -> None:
    a = dedup.fingerprint("Truce holds", "").bands
    b = dedup.fingerprint("Markets rally", "").bands
    assert not set(a) & set(b)


def test_unseen_keeps_the_first_of_each_key_and_text() -> None:
    from fakes.builders import item

    stored = item("Stored before", key="g:0")
    batch = [
        item("Shelling in Martuni", key="g:1"),
        item("Shelling in Martuni again", key="g:1"),  # key seen in this batch
        item("Shelling in Martuni", key="g:2"),  # text seen in this batch
        item("Stored before", key="g:9"),  # text stored by an earlier poll
        item("Anything", key="g:0"),  # key stored by an earlier poll
        item("Talks in Moscow", key="g:3"),
    ]
    keys, hashes = {stored.key}, {stored.fingerprint.content_hash}
    fresh = dedup.unseen(batch, keys, hashes)
    assert [i.title for i in fresh] == ["Shelling in Martuni", "Talks in Moscow"]
    assert keys == {"g:0", "g:1", "g:3"}


@pytest.mark.parametrize(
    ("a", "b"), [({1, 2, 3}, {2, 3, 4}), ({1}, {1}), ({1, 2}, {3}), (set(), {1})]
)
def test_similarity_is_jaccard(a: set[int], b: set[int]) -> None:
    expected = len(a & b) / len(a | b) if a and b else 0.0
    assert dedup.similarity(frozenset(a), frozenset(b)) == expected
