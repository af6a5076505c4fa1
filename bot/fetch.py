"""Retrieving feeds politely and safely: bytes plus caching info, or a clear FetchError.

One aiohttp session for everything: conditional GET, gzip, time-outs, a size cap
counted on the decompressed stream (so gzip bombs stop early), redirects, a
per-host connection limit, and an SSRF guard applied to the address actually
connected to, which covers redirects and DNS answers alike.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import mimetypes
import re
import socket
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import aiohttp

from bot import __version__

USER_AGENT = (
    f"TruceWatch/{__version__} (conflict-news alert bot; +https://github.com/trucewatch/trucewatch)"
)
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
MAX_REDIRECTS = 10
_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


class FetchError(Exception):
    """A feed could not be retrieved. `retry_after` is the server's wish, in seconds."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class BlockedAddress(ConnectionRefusedError):
    """Raised while connecting: the address is one a feed must not point at."""


@dataclass(frozen=True, slots=True)
class Fetched:
    not_modified: bool
    body: bytes
    content_type: str | None
    final_url: str
    moved_to: str | None
    etag: str | None
    last_modified: str | None
    max_age: float | None


def address_problem(address: str) -> str | None:
    """Why a feed may not connect to `address` (None when it may)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address} is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{kind}"):
            return f"{ip} is a {kind.replace('_', '-')} address"
    return None if ip.is_global else f"{ip} is not a public address"


AddrInfo = tuple[int, int, int, str, tuple[object, ...]]


def guarded_socket(exempt: Collection[tuple[str, int]]) -> Callable[[AddrInfo], socket.socket]:
    """A socket factory that refuses non-public addresses, except the `exempt` (host, port)s."""

    def create(addr_info: AddrInfo) -> socket.socket:
        family, kind, proto, _, sockaddr = addr_info
        host, port = str(sockaddr[0]), int(sockaddr[1])  # type: ignore[call-overload]
        problem = None if (host, port) in exempt else address_problem(host)
        if problem is not None:
            raise BlockedAddress(
                f"refused to connect: {problem} (set TRUCEWATCH_ALLOW_PRIVATE_URLS=1 to allow)"
            )
        return socket.socket(family, kind, proto)

    return create


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def parse_max_age(cache_control: str | None) -> float | None:
    found = _MAX_AGE.search(cache_control or "")
    return float(found.group(1)) if found else None


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """Validators echoed exactly as the server sent them."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def permanent_target(history: Sequence[aiohttp.ClientResponse], final_url: str) -> str | None:
    """The new address when every redirect on the way was permanent (301/308)."""
    if history and all(r.status in (301, 308) for r in history):
        return final_url
    return None


class Fetcher:
    """Owns the HTTP session; `fetch` never raises anything but FetchError."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        max_bytes: int = 10 * 1024 * 1024,
        timeout: float = 30.0,
        per_host: int = 2,
        total_connections: int = 100,
        exempt: Collection[tuple[str, int]] = (),
    ) -> None:
        """`exempt` lists (address, port) pairs the SSRF guard lets through, such as a
        feed server on this machine that the operator trusts."""
        self.allow_private = allow_private
        self._exempt = frozenset(exempt)
        self.max_bytes = max_bytes
        self._timeout = aiohttp.ClientTimeout(
            total=timeout, connect=min(10.0, timeout), sock_read=min(20.0, timeout)
        )
        self._per_host = per_host
        self._total = total_connections
        self._session: aiohttp.ClientSession | None = None
        self._hosts: dict[str, asyncio.Semaphore] = {}

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=self._total,
                socket_factory=None if self.allow_private else guarded_socket(self._exempt),
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=self._timeout,
                headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
                trust_env=False,
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def fetch(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        *,
        allow_files: bool = False,
    ) -> Fetched:
        if url.lower().startswith("file:"):
            if not allow_files:
                raise FetchError("file: sources can only be added from the command line")
            return await asyncio.to_thread(self._read_file, url, last_modified)
        if not url.lower().startswith(("http://", "https://")):
            raise FetchError("only http and https feed addresses are supported")
        # The per-host limit is taken before the request's time-out starts: a host whose
        # connections are held by hanging feeds must not make its healthy feeds time out.
        async with self._host_slot(url):
            return await self._fetch_http(url, etag, last_modified)

    def _host_slot(self, url: str) -> asyncio.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        return self._hosts.setdefault(host, asyncio.Semaphore(self._per_host))

    async def _fetch_http(self, url: str, etag: str | None, last_modified: str | None) -> Fetched:
        try:
            return await self._get(url, conditional_headers(etag, last_modified))
        except FetchError:
            raise
        except Exception as exc:  # anything aiohttp or the network throws becomes one message
            raise FetchError(describe_error(exc, self._timeout.total)) from exc

    async def _get(self, url: str, headers: dict[str, str]) -> Fetched:
        session = self._open()
        async with session.get(url, headers=headers, max_redirects=MAX_REDIRECTS) as resp:
            if resp.status == 304:
                return self._result(resp, b"", url)
            if 300 <= resp.status < 400:
                raise FetchError(f"HTTP {resp.status} redirect without a usable Location header")
            if resp.status >= 400 or resp.status < 200:
                raise FetchError(
                    f"HTTP {resp.status} {resp.reason or ''}".strip(),
                    retry_after=parse_retry_after(resp.headers.get("Retry-After"), _now()),
                )
            return self._result(resp, await self._read_capped(resp), url)

    async def _read_capped(self, resp: aiohttp.ClientResponse) -> bytes:
        declared = resp.content_length
        if (
            declared is not None
            and declared > self.max_bytes
            and not resp.headers.get("Content-Encoding")
        ):
            raise FetchError(self._too_big())
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(64 * 1024):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(self._too_big())
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_big(self) -> str:
        return f"response larger than the {self.max_bytes / 1048576:g} MB limit"

    def _result(self, resp: aiohttp.ClientResponse, body: bytes, url: str) -> Fetched:
        final = str(resp.url)
        return Fetched(
            not_modified=resp.status == 304,
            body=body,
            content_type=resp.headers.get("Content-Type"),
            final_url=final,
            moved_to=permanent_target(resp.history, final) if final != url else None,
            etag=resp.headers.get("ETag"),
            last_modified=resp.headers.get("Last-Modified"),
            max_age=parse_max_age(resp.headers.get("Cache-Control")),
        )

    def _read_file(self, url: str, last_modified: str | None) -> Fetched:
        path = Path(unquote(urlsplit(url).path))
        try:
            stamp = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
            if stamp == last_modified:
                return Fetched(True, b"", None, url, None, None, stamp, None)
            if path.stat().st_size > self.max_bytes:
                raise FetchError(self._too_big())
            body = path.read_bytes()
        except OSError as exc:
            raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from exc
        kind = mimetypes.guess_type(path.name)[0]
        return Fetched(False, body, kind, url, None, None, stamp, None)


def describe_error(exc: BaseException, total_timeout: float | None) -> str:
    """One line a user can act on, for any failure below HTTP status level."""
    if isinstance(exc, aiohttp.TooManyRedirects):
        return f"too many redirects ({MAX_REDIRECTS} or more) or a redirect loop"
    if isinstance(exc, aiohttp.NonHttpUrlRedirectClientError | aiohttp.InvalidUrlClientError):
        return f"invalid address or redirect: {exc}"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return f"cannot connect to {exc.host}:{exc.port}: {_os_reason(exc.os_error)}"
    if isinstance(exc, TimeoutError):
        return f"timed out (limit {total_timeout:g} s)" if total_timeout else "timed out"
    if isinstance(exc, aiohttp.ClientPayloadError):
        return f"connection broken while reading the body: {_first_line(exc)}"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "the server closed the connection without a complete response"
    if isinstance(exc, aiohttp.ClientResponseError):
        return f"invalid HTTP response: {_first_line(exc)}"
    if isinstance(exc, aiohttp.ClientError | OSError):
        return f"network error: {_first_line(exc) or type(exc).__name__}"
    return f"unexpected error: {type(exc).__name__}: {_first_line(exc)}"


def _os_reason(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else ""


def _now() -> datetime:
    return datetime.now(UTC)
