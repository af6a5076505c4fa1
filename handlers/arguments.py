"""Reading what users type after a command (pure): durations, feed addresses, which
subscriptions they mean. Every problem comes back as a sentence to show them."""

from __future__ import annotations

import ipaddress
import re
import socket
from datetime import timedelta
from urllib.parse import urlsplit

from bot.buttons import is_number
from bot.fetch import address_problem
from bot.i18n import ENGLISH, Tongue
from bot.match import QueryError, parse_query
from bot.models import Query, Subscription
from bot.words import category_aliases

_DURATION = re.compile(r"^(\d{1,6})\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?)$")
_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
#: The word that follows truce news rather than items (not a label: truces are no item's).
TRUCE_WORDS = frozenset({"truce", "truces"})


def parse_duration(text: str) -> timedelta | None:
    found = _DURATION.match(text.strip().lower())
    if not found or int(found.group(1)) == 0:
        return None
    return timedelta(seconds=int(found.group(1)) * _UNITS[found.group(2)[0]])


def english_categories(args: str) -> str:
    """What the user typed, with each category word of another language ("нарушения",
    "victimes", "الضحايا") as the English word that is stored; quoted phrases and
    -excluded words stay as typed."""
    aliases = category_aliases()
    return " ".join(aliases.get(t.casefold(), t) for t in _TOKEN.findall(args))


def query_problem(exc: QueryError, t: Tongue) -> str:
    """Why a query cannot be used, as a sentence in the reader's language."""
    said = t.gettext(exc.template, **exc.values)
    return f"{said[:1].upper()}{said[1:]}."


def split_truces(args: str) -> tuple[str, bool]:
    """`/subscribe truces violations Ganja` -> ("violations Ganja", True): the word
    "truces" (unquoted) taken out of what else the command names."""
    tokens = _TOKEN.findall(args)
    rest = [t for t in tokens if t.lower() not in TRUCE_WORDS]
    return " ".join(rest), len(rest) < len(tokens)


def check_feed_url(url: str, allow_private: bool, t: Tongue = ENGLISH) -> str | None:
    """Why a URL typed in chat cannot be a feed (None when it can)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return t.gettext("That is not a valid address.")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return t.gettext("A feed address must start with http:// or https://.")
    if len(url) > 2048 or any(c.isspace() for c in url):
        return t.gettext("That address is too long or contains spaces.")
    if allow_private:
        return None
    host = parts.hostname.strip("[]")
    address = as_address(host)
    if address is not None and (problem := address_problem(address)):
        return t.gettext("Refused: {problem}.", problem=problem)
    if host == "localhost" or host.endswith(".localhost"):
        return t.gettext("Refused: localhost is a loopback address.")
    return None


def choose_subscriptions(
    subs: list[Subscription], args: str, t: Tongue = ENGLISH
) -> tuple[list[Subscription], str | None]:
    """`all`, numbers as listed by /subscriptions, or the same words as a subscription."""
    if args.lower() == "all":
        return subs, None
    numbers = args.replace(",", " ").split()
    if all(is_number(n) for n in numbers):
        return _by_number(subs, [int(n) for n in numbers], t)
    try:
        wanted = parse_query(args).canonical()
    except QueryError as exc:
        return [], query_problem(exc, t)
    chosen = [s for s in subs if canonical_of(s) == wanted]
    return (chosen, None) if chosen else ([], t.gettext("No subscription matches those words."))


def _by_number(
    subs: list[Subscription], picked: list[int], t: Tongue
) -> tuple[list[Subscription], str | None]:
    bad = [n for n in picked if not 1 <= n <= len(subs)]
    if bad:
        problem = t.gettext(
            "There is no subscription {number} (this chat has {n}).", number=bad[0], n=len(subs)
        )
        return [], problem
    return [subs[n - 1] for n in picked], None


def canonical_of(sub: Subscription) -> str:
    return Query(sub.categories, sub.include, sub.exclude).canonical()


def as_address(host: str) -> str | None:
    """The IP address a host is written as, legacy IPv4 forms included ("2130706433" and
    "0x7f.1" are 127.0.0.1 to the resolver); None for a name, which is checked where it
    is resolved."""
    try:
        return str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        pass
    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        return None
