"""Which items announce, extend or end a truce, and which "truces" are none."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.truces import read_truce_event
from tests.truces.builders import stored

SAT = datetime(2020, 10, 10, 0, 35, tzinfo=UTC)


@pytest.mark.parametrize(
    ("title", "summary", "kind", "reference"),
    [
        ("Armenia, Azerbaijan agree truce from noon on Saturday, Lavrov says", "", "agreed", False),
        (
            "Humanitarian ceasefire regime enters into force",
            "In accordance with the statement adopted in Moscow, a humanitarian ceasefire entered "
            "into force at 12:00 on 10 October 2020. Units of the Azerbaijani Army have been "
            "instructed to observe it.",
            "in_force",
            False,
        ),
        (
            "Joint Statement",
            "A ceasefire is declared in Nagorno-Karabakh for humanitarian purposes "
            "from 12:00 on 10 October 2020.",
            "declared",
            False,
        ),
        ("Israel and Hamas extend Gaza truce by two days", "", "extended", False),
        (
            "Houthis and Saudi-led coalition agree to extend Yemen truce for two months",
            "",
            "extended",
            False,
        ),
        ("Sudan ceasefire expires as fighting resumes in Khartoum", "", "ended", False),
        ("Israel calls off Gaza truce after rocket fire", "", "ended", False),
        ("Gaza truce collapses as Israel resumes strikes", "", "collapsed", False),
        ("Ceasefire in Nagorno-Karabakh breaks down within hours", "", "collapsed", False),
        (
            "Armenia and Azerbaijan agree new truce after the previous one collapsed",
            "",
            "agreed",
            False,
        ),
        # back-references: an item about something else that names a truce's start
        (
            "Azerbaijan and Armenia trade accusations minutes after truce takes effect",
            "",
            "in_force",
            True,
        ),
        (
            "Lavrov and Mnatsakanyan speak",
            "They exchanged views on the situation in Karabakh after the humanitarian "
            "ceasefire took effect.",
            "in_force",
            True,
        ),
    ],
)
def test_kinds(title: str, summary: str, kind: str, reference: bool) -> None:
    found = read_truce_event(stored(title, summary, published=SAT))
    assert found is not None
    assert (found.kind, found.reference) == (kind, reference)


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        # labour, trade, sports, politics
        (
            "Unions and employers agree a truce in pay dispute",
            "The union agreed to suspend the walkout.",
        ),
        ("US and China agree to extend tariff truce by 90 days", ""),
        ("Premier League clubs agree transfer truce", ""),
        ("Olympic truce declared for the Paris Games", ""),
        ("Coalition partners agree political truce until budget vote", ""),
        # no event: a wish, a risk, a proposal, talks about one
        ("UN chief calls for a ceasefire in Sudan", ""),
        ("Fragile Nagorno-Karabakh cease-fire in danger of collapse", ""),
        ("Gaza truce could collapse, mediators warn", ""),
        ("Armenia and Azerbaijan agreed to hold talks on a ceasefire", ""),
        ("Sudan's army rejected a proposed truce with the RSF", ""),
        ("Karabakh truce holds despite accusations", ""),
        # a truce of long ago
        (
            "Nagorno-Karabakh has been under Armenian control since a 1994 ceasefire ended the war",
            "",
        ),
        ("Ukraine says soldier wounded by sniper in breach of July ceasefire", ""),
        # no truce word at all
        ("Norway oil and gas workers end strike after wage deal", ""),
    ],
)
def test_no_truce_event(title: str, summary: str) -> None:
    assert read_truce_event(stored(title, summary, published=SAT)) is None


@pytest.mark.parametrize(
    ("title", "conflicts", "zone", "starts"),
    [
        (
            "Armenia and Azerbaijan agree truce from noon on Saturday",
            ("karabakh",),
            "Asia/Baku",
            datetime(2020, 10, 10, 8, tzinfo=UTC),
        ),
        (
            "Ganja and Stepanakert: ceasefire to take effect at 12:00 local time on Saturday",
            ("karabakh",),
            "Asia/Baku",
            datetime(2020, 10, 10, 8, tzinfo=UTC),
        ),
        (
            "Ukraine and Russia agree ceasefire in Donbas from 00:01 on 27 July 2020",
            ("ukraine",),
            "Europe/Kyiv",
            datetime(2020, 7, 26, 21, 1, tzinfo=UTC),
        ),
        (
            "Israel and Hamas agree Gaza truce from 7am on Saturday",
            ("gaza",),
            "Asia/Gaza",
            datetime(2020, 10, 10, 4, tzinfo=UTC),
        ),
        (
            "M23 and Congo army agree truce around Goma from noon on Saturday",
            ("drc",),
            "Africa/Lubumbashi",
            datetime(2020, 10, 10, 10, tzinfo=UTC),
        ),
        (
            "Congo ceasefire in Kinshasa agreed from noon on Saturday",
            ("drc",),
            "Africa/Kinshasa",
            datetime(2020, 10, 10, 11, tzinfo=UTC),
        ),
        (
            "India and Pakistan agree ceasefire from 17:00 on Saturday",
            ("kashmir",),
            "Asia/Kolkata",
            datetime(2020, 10, 10, 11, 30, tzinfo=UTC),
        ),
        (
            "Sudan's army and RSF agree ceasefire from 9pm Khartoum time on Saturday",
            ("sudan",),
            "Africa/Khartoum",
            datetime(2020, 10, 10, 19, tzinfo=UTC),
        ),
        (
            "Rebels and army agree ceasefire from noon on Saturday",
            (),
            "UTC",
            datetime(2020, 10, 10, 12, tzinfo=UTC),
        ),
    ],
)
def test_places_and_zones(
    title: str, conflicts: tuple[str, ...], zone: str, starts: datetime
) -> None:
    found = read_truce_event(stored(title, published=SAT, labels=("diplomatic_move",)))
    assert found is not None
    assert (found.conflicts, found.zone, found.starts_at) == (conflicts, zone, starts)


def test_a_violation_report_only_refers_back() -> None:
    """Labelled a violation and not a diplomatic move: it names the truce, never opens one."""
    item = stored(
        "Armenia says Azerbaijan attacked minutes after truce took effect at noon",
        labels=("ceasefire_violation",),
    )
    found = read_truce_event(item)
    assert found is not None and found.reference and not found.opens


def test_event_carries_parties_mediators_and_purpose() -> None:
    item = stored(
        "Armenia, Azerbaijan agree humanitarian truce in Moscow talks hosted by Lavrov",
        published=SAT,
    )
    found = read_truce_event(item)
    assert found is not None
    assert found.parties == ("Armenia", "Azerbaijan")
    assert found.mediators == ("Russia",)
    assert found.purpose == "humanitarian"
