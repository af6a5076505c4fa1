"""Diplomacy cues that name no move, by cue group: talks said to have
stalled, a release only sought, a body found, a standing description ("is
recognized as"), a visit to one's own troops, a summit or meeting that is
only where something else was said, and an official who is only the source
of a remark or holds the office no longer.  `diplomacy.py` asks
`NOT_A_MOVE[cue]` of each cue.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.classify import roles
from bot.classify.scan import Hit

#: people who act by their office, unless they hold it no longer
OFFICE_CUES = frozenset({"embassy_staff", "envoy", "office", "leader"})
#: talks at a standstill, a state and not a turn in them ("truce talks stall"):
#: "negotiations seem to have stalled", "talks remain deadlocked"
_STALLED = re.compile(
    r"(?:\s+(?:talks|negotiations|process))?"  # "Normandy format talks have stalled"
    r"\s+(?:(?:seem|seems|appear|appears)\s+to\s+)?(?:have|has|had|are|were|remain|remained)\s+"
    r"(?:stalled|deadlocked|broken\s+down)(?![\w'-])"
)
#: talks that yield nothing, named before them: "with no sign of progress from
#: renewed talks", "little progress in the negotiations"
_NO_PROGRESS = re.compile(
    r"(?<![\w'-])(?:no|little|scant|without|lack\s+of)\s+(?:(?:sign|signs)\s+of\s+)?"
    r"(?:any\s+)?progress\s+(?:in|from|at|on|toward|towards)\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}$"
)
NO_PROGRESS_CHARS = 70
#: a release sought, not made: "efforts to secure the release of hostages",
#: "efforts for the hostage release", "a plea for the hostage's release"
_AIMED = re.compile(
    r"(?:(?:to|for)\s+(?:secure|securing|win|winning|obtain|obtaining)|efforts?\s+(?:for|towards?)"
    r"|(?:plea|pleas|pleaded|pleading|appeal|appeals|appealed|appealing)\s+for)"
    r"\s+(?:the\s+)?(?:[\w'-]+\s+)?$"
)
#: a visit to one's own forces: "visited US troops", "meets soldiers at the front"
_OWN_FORCES = re.compile(
    r"\s+(?:(?:the|his|her|their|its|[\w'-]+)\s+){0,2}(?:troops|soldiers|forces|servicemen|the\s+front)"
    r"(?![\w'-])"
)
#: a standing description, not a decision: "is widely recognized as"
_STANDING = re.compile(r"(?<![\w'-])(?:is|are)\s+(?:[\w-]+ly\s+)?recogni[sz]ed$")
#: an office holder who only speaks: "the UN's envoy to the country said"
_SPEAKER = re.compile(
    r"(?:\s+(?:to|for|in|of|at)(?:\s+the)?(?:\s+[\w'-]+){1,2})?"
    r"\s+(?:said|says|told\s+reporters|noted|added)(?![\w'-])\s*(?:[.;]|$)"
)
#: a talks word in a speaker's title: "Fidel Agcaoili, chair of the NDFP
#: negotiating panel, said", "the head of the rebel negotiating team told"
_TITLE_BEFORE = re.compile(
    r"(?<![\w'-])(?:chair|chairman|chairwoman|head|chief|member|leader|spokesman"
    r"|spokeswoman|spokesperson)\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w'-]+\s+){0,3}$"
)
_TITLE_AFTER = re.compile(
    r"\s+(?:panel|team|committee|delegation)\s*,?\s+(?:said|says|told|added|stated)(?![\w'-])"
)
TITLE_CHARS = 50
#: "on the sidelines of the NATO summit": the place something else was said or done
_SIDELINES = re.compile(r"sidelines\s+of(?:\s+[\w'-]+){0,4}\s+$")
SIDELINES_CHARS = 45
#: a body found, not handed over: "found the body of the ambassador"
_DISCOVERY = re.compile(
    r"(?:found|discovered|recovered|unearthed|finds|find|bury|buries|buried|burying|exhumed)"
    r"\s+(?:the\s+)?(?:[\w,]+\s+)?$"
)
#: a handover right before the bodies: "hands over the", "returned the"
_HANDED = re.compile(
    r"(?:hand|return|exchang|swap|repatriat|receiv|transfer)[\w]*\s+(?:over\s+)?(?:the\s+)?$"
)
#: "63 bodies found in Omdurman", "bodies were exhumed": found, told after them
_FOUND_AFTER = re.compile(
    r"(?:\s+[\w'-]+){0,4}?\s+(?:(?:were|was|have\s+been|had\s+been)\s+)?"
    r"(?:found|discovered|unearthed|exhumed|buried)(?![\w'-])"
)


def _found_body(low: str, hit: Hit) -> bool:
    """'found the body of the ambassador', 'bury 63 bodies found in the town':
    a body found or buried, not handed over."""
    if hit.role != roles.BODIES:
        return False
    head = low[max(0, hit.start - 30) : hit.start]
    if _DISCOVERY.search(head):
        return True
    # "hands over the bodies of soldiers buried in X" is still a handover
    return _FOUND_AFTER.match(low, hit.end) is not None and not _HANDED.search(head)


def _stalled(low: str, hit: Hit) -> bool:
    """'negotiations seem to have stalled', 'no sign of progress from the talks'."""
    if _STALLED.match(low, hit.end) is not None:
        return True
    return _NO_PROGRESS.search(low, max(0, hit.start - NO_PROGRESS_CHARS), hit.start) is not None


def _aimed(low: str, hit: Hit) -> bool:
    """'efforts to secure the release of hostages': an aim."""
    return _AIMED.search(low, max(0, hit.start - 30), hit.start) is not None


def _standing(low: str, hit: Hit) -> bool:
    """'is recognized as a show of force': a description."""
    if not low.startswith(" as ", hit.end):
        return False
    return _STANDING.search(low, max(0, hit.start - 30), hit.end) is not None


def _own_forces(low: str, hit: Hit) -> bool:
    """'visited US troops': a leader with his own forces."""
    return _OWN_FORCES.match(low, hit.end) is not None


def _speaker(low: str, hit: Hit) -> bool:
    """'..., the UN's envoy to the nation said.': a source, not a move."""
    return _SPEAKER.match(low, hit.end) is not None


def _in_title(low: str, hit: Hit) -> bool:
    """'the chair of the rebels' negotiating panel said': an office, not talks."""
    if _TITLE_AFTER.match(low, hit.end) is None:
        return False
    return _TITLE_BEFORE.search(low, max(0, hit.start - TITLE_CHARS), hit.start) is not None


def _on_sidelines(low: str, hit: Hit) -> bool:
    """'said on the sidelines of the NATO summit': a setting."""
    return _SIDELINES.search(low, max(0, hit.start - SIDELINES_CHARS), hit.start) is not None


def _former(low: str, hit: Hit) -> bool:
    """'former diplomats', 'a former British ambassador': an office no longer held."""
    return "former" in low[max(0, hit.start - 25) : hit.start].split()[-2:]


Check = Callable[[str, Hit], bool]


def _either(*checks: Check) -> Check:
    """One check that holds when any of `checks` does (a lone check stays itself, so
    the common case costs one call)."""
    if len(checks) == 1:
        return checks[0]
    return lambda low, hit: any(check(low, hit) for check in checks)


#: per cue group, what makes one of its cues no move
NOT_A_MOVE: dict[str, Check] = {
    "exchange_object": _found_body,
    "talks": _either(_stalled, _in_title),
    "exchange_event": _aimed,
    "exchange_verb": _aimed,
    "recognition": _standing,
    "meeting": _either(_own_forces, _on_sidelines),
    "summit": _on_sidelines,
    **{cue: _either(_speaker, _former) for cue in OFFICE_CUES},
}
