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
from bot.match import QueryError, parse_query
from bot.models import Query, Subscription

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


def split_truces(args: str) -> tuple[str, bool]:
    """`/subscribe truces violations Ganja` -> ("violations Ganja", True): the word
    "truces" (unquoted) taken out of what else the command names."""
    tokens = _TOKEN.findall(args)
    rest = [t for t in tokens if t.lower() not in TRUCE_WORDS]
    return " ".join(rest), len(rest) < len(tokens)


def check_feed_url(url: str, allow_private: bool) -> str | None:
    """Why a URL typed in chat cannot be a feed (None when it can)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "That is not a valid address."
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "A feed address must start with http:// or https://."
    if len(url) > 2048 or any(c.isspace() for c in url):
        return "That address is too long or contains spaces."
    if allow_private:
        return None
    host = parts.hostname.strip("[]")
    address = as_address(host)
    if address is not None and (problem := address_problem(address)):
        return f"Refused: {problem}."
    if host == "localhost" or host.endswith(".localhost"):
        return "Refused: localhost is a loopback address."
    return None


def choose_subscriptions(
    subs: list[Subscription], args: str
) -> tuple[list[Subscription], str | None]:
    """`all`, numbers as listed by /subscriptions, or the same words as a subscription."""
    if args.lower() == "all":
        return subs, None
    numbers = args.replace(",", " ").split()
    if all(is_number(n) for n in numbers):
        return _by_number(subs, [int(n) for n in numbers])
    try:
        wanted = parse_query(args).canonical()
    except QueryError as exc:
        return [], str(exc).capitalize() + "."
    chosen = [s for s in subs if canonical_of(s) == wanted]
    return (chosen, None) if chosen else ([], "No subscription matches those words.")


def _by_number(
    subs: list[Subscription], picked: list[int]
) -> tuple[list[Subscription], str | None]:
    bad = [n for n in picked if not 1 <= n <= len(subs)]
    if bad:
        return [], f"There is no subscription {bad[0]} (this chat has {len(subs)})."
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
