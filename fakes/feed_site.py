"""A loopback feed site for tests and benchmarks: feeds that change, and hostile ones.

`FeedSite` is an aiohttp app on a free loopback port. It serves

* feeds a test programs (`add_feed`, `add_item`, `set_items`), rendered by `render_feed`,
  with a strong ETag, Last-Modified, 304s and gzip;
* a fixed catalogue of hostile or broken answers, one per path (`BEHAVIOURS`);
* directories of files (`serve_directory`), where the ``Header:`` lines feedparser's test
  corpus keeps in a file's leading comment become response headers;
* two raw TCP ports that do not speak HTTP: `garbage_url` and `silent_url`.

Every request is recorded (`requests`, `wait_for_requests`); `hold` parks the requests to a
path, so a test counts how many a client keeps open at once without sleeping.

The site runs on the caller's loop (``async with FeedSite() as site``) or on a loop of its
own in a thread (`start_in_thread`), for benchmarks and for a bot in another process.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import gzip
import hashlib
import mimetypes
import random
import re
import socket
import struct
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from multidict import CIMultiDict

from fakes.feed_documents import (
    CONTENT_TYPES,
    CYRILLIC_TITLES,
    DOCUMENTS,
    LATIN1_TITLES,
    FeedEntry,
    FeedKind,
    changing_guids,
    endless_feed,
    good_rss,
    gzip_bomb,
    http_date,
    huge_feed,
    make_entries,
    render_feed,
    sized_feed,
    trickle,
)
from fakes.waits import WAIT

__all__ = [
    "BEHAVIOURS",
    "CYRILLIC_TITLES",
    "LATIN1_TITLES",
    "SSRF_TARGETS",
    "FeedEntry",
    "FeedSite",
    "RequestRecord",
    "corpus_headers",
    "gzip_bomb",
    "make_entries",
    "render_feed",
]

_RSS = CONTENT_TYPES["rss"]
SSRF_TARGETS: dict[str, str] = {
    "/redirect/to-loopback": "http://127.0.0.1/feed.xml",
    "/redirect/to-metadata": "http://169.254.169.254/latest/meta-data/",
    "/redirect/to-ipv6-loopback": "http://[::1]/",
    "/redirect/to-private-10": "http://10.0.0.1/feed.xml",
    "/redirect/to-decimal-ip": "http://2130706433/feed.xml",
    "/redirect/to-file-scheme": "file:///etc/passwd",
}
_STATUSES: dict[str, tuple[int, str | None]] = {  # path -> (status, Retry-After)
    "/status/404": (404, None),
    "/status/410": (410, None),
    "/status/500": (500, None),
    "/status/503-retry-after": (503, "120"),
    "/status/503-retry-after-garbage": (503, "soon-ish"),
    "/status/429-retry-after-seconds": (429, "30"),
    "/status/429-retry-after-huge": (429, "31536000"),
    "/status/304-unconditional": (304, None),  # though the request had no validators
}
_REDIRECTS: dict[str, tuple[int, str]] = {  # path -> (status, Location); "" sends none
    "/redirect/301": (301, "absolute"),
    "/redirect/302": (302, "/good/rss"),
    "/redirect/307": (307, "../good/rss"),
    "/redirect/308": (308, "absolute"),
    "/redirect/loop": (302, "/redirect/loop-b"),
    "/redirect/loop-b": (302, "/redirect/loop"),
    "/redirect/no-location": (301, ""),
    **{path: (302, target) for path, target in SSRF_TARGETS.items()},
}
_SLOW_SECONDS = 30.0  # /slow/headers: nothing for this long
_OVERSIZE = 20 * 1024 * 1024


# --- files from a directory, as feedparser's corpus wants them served ------------------------

_CORPUS_HEADER = re.compile(
    rb"^Header:[ \t]*([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t\r]*$", re.MULTILINE
)
# Framing is aiohttp's job: a corpus file must not be able to break the response.
_HOP_BY_HOP = frozenset({"content-length", "transfer-encoding", "connection"})
_EXTENSION_TYPES = {
    ".xml": "application/xml",
    ".json": "application/feed+json",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
}


def corpus_headers(body: bytes) -> list[tuple[str, str]]:
    """The ``Header: Name: value`` lines of a corpus file's leading comment, in order."""
    start = body.find(b"<!--", 0, 2048)
    if start < 0:
        return []
    end = body.find(b"-->", start)
    found = _CORPUS_HEADER.findall(body[start : end if end >= 0 else len(body)])
    pairs = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in found]
    return [(name, value) for name, value in pairs if name.lower() not in _HOP_BY_HOP]


def _load_file(root: Path, target: Path) -> web.Response:
    """The file with its corpus headers; 404 if missing or outside `root` (../ in a URL)."""
    resolved = target.resolve()
    if not resolved.is_relative_to(root) or not resolved.is_file():
        return web.Response(status=404, text="no such file\n")
    body = resolved.read_bytes()
    headers = CIMultiDict(corpus_headers(body))
    if "Content-Type" not in headers:
        suffix = resolved.suffix.lower()
        guess = _EXTENSION_TYPES.get(suffix) or mimetypes.guess_type(resolved.name)[0]
        headers["Content-Type"] = guess or "application/octet-stream"
    return web.Response(body=body, headers=headers)


# --- the request log -----------------------------------------------------------------------


@dataclass(slots=True)
class RequestRecord:
    """One request the site received, and what it answered (status None: not yet, or never)."""

    path: str
    method: str
    query: str
    headers: CIMultiDict[str]
    status: int | None = None
    response_headers: CIMultiDict[str] = field(default_factory=CIMultiDict)

    @property
    def user_agent(self) -> str | None:
        return self.headers.get("User-Agent")

    @property
    def if_none_match(self) -> str | None:
        return self.headers.get("If-None-Match")

    @property
    def if_modified_since(self) -> str | None:
        return self.headers.get("If-Modified-Since")

    @property
    def accept_encoding(self) -> str | None:
        return self.headers.get("Accept-Encoding")

    def __str__(self) -> str:
        target = f"{self.path}?{self.query}" if self.query else self.path
        return f"{self.method} {target} -> {self.status if self.status is not None else '...'}"


_RECORD = web.RequestKey("feed_site_record", RequestRecord)

# --- programmable feeds --------------------------------------------------------------------


@dataclass(slots=True)
class _Feed:
    kind: FeedKind
    title: str
    items: list[FeedEntry]
    modified: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    body: bytes | None = None
    tag: str = ""
    gzipped: bytes | None = None

    def changed(self) -> None:
        """Forget the rendered body; Last-Modified moves on by at least a second, since HTTP
        dates have one-second resolution and If-Modified-Since must then see a change."""
        now = datetime.now(UTC).replace(microsecond=0)
        self.modified = max(now, self.modified + timedelta(seconds=1))
        self.body = self.gzipped = None

    def rendered(self) -> tuple[bytes, str]:
        """The body and the opaque part of its strong ETag (a digest of those bytes)."""
        if self.body is None:
            self.body = render_feed(self.kind, self.title, self.items, updated=self.modified)
            self.tag = hashlib.sha256(self.body).hexdigest()[:32]
        return self.body, self.tag

    def compressed(self) -> bytes:
        if self.gzipped is None:  # mtime=0: the same content gives the same bytes
            self.gzipped = gzip.compress(self.rendered()[0], compresslevel=6, mtime=0)
        return self.gzipped


def _not_modified(request: web.Request, tag: str, modified: datetime) -> bool:
    """If-None-Match by weak comparison (either coding's ETag), else If-Modified-Since;
    RFC 9110 13.1.3 ignores the date when both are sent."""
    tags = request.headers.get("If-None-Match")
    if tags is not None:
        return tags.strip() == "*" or bool(
            {tag, f"{tag}-gzip"} & set(re.findall(r'"([^"]*)"', tags))
        )
    try:
        since = parsedate_to_datetime(request.headers["If-Modified-Since"])
    except (KeyError, TypeError, ValueError, IndexError):
        return False  # absent or unparsable: ignored, as RFC 9110 says
    return modified <= (since if since.tzinfo else since.replace(tzinfo=UTC))


def _accepts_gzip(header: str | None) -> bool:
    for part in (header or "").split(","):
        coding, _, params = part.partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip"):
            quality = re.search(r"q\s*=\s*([0-9.]+)", params)
            try:
                return quality is None or float(quality.group(1)) > 0
            except ValueError:
                return False
    return False


def _serve_feed(request: web.Request, feed: _Feed) -> web.Response:
    body, tag = feed.rendered()
    zipped = _accepts_gzip(request.headers.get("Accept-Encoding"))
    # A strong ETag must differ between content-codings (RFC 9110 8.8.3).
    headers = {
        "ETag": f'"{tag}-gzip"' if zipped else f'"{tag}"',
        "Last-Modified": http_date(feed.modified),
        "Vary": "Accept-Encoding",
    }
    if _not_modified(request, tag, feed.modified):
        return web.Response(status=304, headers=headers)
    headers["Content-Type"] = CONTENT_TYPES[feed.kind]
    if zipped:
        headers["Content-Encoding"] = "gzip"
    return web.Response(body=feed.compressed() if zipped else body, headers=headers)


def _document(body: bytes, content_type: str = _RSS, **headers: str) -> web.Response:
    return web.Response(body=body, headers={"Content-Type": content_type, **headers})


def _raw_head(content_length: int) -> bytes:
    # Connection: close keeps the damage to one exchange: no client may pool a connection
    # carrying junk, or another test's next request would fail.
    return (
        f"HTTP/1.1 200 OK\r\nContent-Type: {_RSS}\r\nContent-Length: {content_length}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()


def _abort_with_rst(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None:  # SO_LINGER with a zero timeout: close() sends RST, not FIN
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    assert isinstance(transport, asyncio.WriteTransport)
    transport.abort()


# --- the site ------------------------------------------------------------------------------


class FeedSite:
    """A feed website on loopback that tests program and inspect; see the module doc."""

    def __init__(self, *, host: str = "127.0.0.1") -> None:
        self.host = host
        self._lock = threading.RLock()  # feeds and records are touched from other threads
        self._feeds: dict[str, _Feed] = {}
        self._good = _Feed("rss", "Good rss feed", make_entries(5, 1729))
        self._mounts: dict[str, Path] = {}
        self._gates: dict[str, asyncio.Event] = {}
        self._records: list[RequestRecord] = []
        self._hits: Counter[str] = Counter()
        self._open: Counter[str] = Counter()
        self._peak: Counter[str] = Counter()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._arrived = asyncio.Condition()
        self._stopping = asyncio.Event()
        self._raw: dict[str, asyncio.Server] = {}
        self._raw_connections: set[asyncio.Task[Any]] = set()
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> FeedSite:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> None:
        """Listen on free loopback ports: the HTTP site and the two raw TCP servers."""
        self._loop = asyncio.get_running_loop()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        app.on_response_prepare.append(self._on_prepare)
        # handler_cancellation: a handler waiting on a client that hung up ends at once.
        runner = web.AppRunner(app, handler_cancellation=True, access_log=None, shutdown_timeout=1)
        await runner.setup()
        await web.TCPSite(runner, self.host, 0).start()
        self._runner = runner
        for name, serve in (("garbage", self._garbage), ("silent", self._silent)):
            self._raw[name] = await asyncio.start_server(self._raw_task(serve), self.host, 0)

    async def stop(self) -> None:
        """Stop serving; parked, slow and raw connections end promptly."""
        if self._runner is None:
            return
        self._stopping.set()
        with self._lock:
            gates, self._gates = list(self._gates.values()), {}
        for gate in gates:
            gate.set()
        for server in self._raw.values():
            server.close()
        # Python 3.11's Server.close() leaves accepted connections open.
        for task in self._raw_connections:
            task.cancel()
        await asyncio.gather(*self._raw_connections, return_exceptions=True)
        for server in self._raw.values():
            await server.wait_closed()
        await self._runner.cleanup()
        self._runner = None

    def start_in_thread(self) -> FeedSite:
        """Serve from a daemon thread with its own loop; returns once it listens."""
        ready: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self._thread.start()
        ready.result(10)
        return self

    def stop_thread(self) -> None:
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        asyncio.run_coroutine_threadsafe(self.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        self._thread = None

    def _serve(self, ready: concurrent.futures.Future[None]) -> None:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(self.start())
        except BaseException as exc:
            ready.set_exception(exc)
            loop.close()
            return
        ready.set_result(None)
        loop.run_forever()
        leftovers = asyncio.all_tasks(loop)
        for task in leftovers:
            task.cancel()
        if leftovers:
            loop.run_until_complete(asyncio.gather(*leftovers, return_exceptions=True))
        loop.close()

    # -- addresses -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._runner is None:
            raise RuntimeError("FeedSite is not started")
        return int(self._runner.addresses[0][1])

    def url(self, path: str, *, host: str | None = None) -> str:
        """`path` on this site; `host="localhost"` names the same server differently."""
        return f"http://{host or self.host}:{self.port}{path}"

    @property
    def garbage_url(self) -> str:
        """A port that answers any connection with random bytes that are not HTTP."""
        return f"http://{self.host}:{self._raw_port('garbage')}/feed.xml"

    @property
    def silent_url(self) -> str:
        """A port that accepts connections and never sends a byte."""
        return f"http://{self.host}:{self._raw_port('silent')}/feed.xml"

    def _raw_port(self, name: str) -> int:
        return int(self._raw[name].sockets[0].getsockname()[1])

    # -- programmable feeds ----------------------------------------------------------------

    def add_feed(
        self,
        path: str,
        kind: FeedKind = "rss",
        *,
        title: str = "Test feed",
        items: Iterable[FeedEntry] = (),
    ) -> None:
        """Serve a feed at `path`, items newest first (replacing any feed there)."""
        with self._lock:
            self._feeds[path] = _Feed(kind, title, list(items))

    def add_item(self, path: str, entry: FeedEntry) -> None:
        """Publish an item at the top of the feed (new ETag and Last-Modified)."""
        self._change(path, lambda items: [entry, *items])

    def set_items(self, path: str, items: Iterable[FeedEntry]) -> None:
        self._change(path, lambda _: list(items))

    def _change(self, path: str, edit: Callable[[list[FeedEntry]], list[FeedEntry]]) -> None:
        with self._lock:
            feed = self._feeds[path]
            feed.items = edit(feed.items)
            feed.changed()

    def feed_body(self, path: str) -> bytes:
        """The bytes served at `path` to a client that takes no gzip."""
        with self._lock:
            return self._feeds[path].rendered()[0]

    def serve_directory(self, prefix: str, directory: str | Path) -> None:
        """Serve the files under `directory` at `prefix`/<relative path>."""
        with self._lock:
            self._mounts["/" + prefix.strip("/") + "/"] = Path(directory).resolve()

    # -- parking and observing -------------------------------------------------------------

    def hold(self, path: str) -> None:
        """Park requests to `path` until release(): they stay open, to be counted."""
        with self._lock:
            self._gates.setdefault(path, asyncio.Event())

    def release(self, path: str) -> None:
        with self._lock:
            gate = self._gates.pop(path, None)
        if gate is not None and self._loop is not None:
            self._loop.call_soon_threadsafe(gate.set)

    def requests(self, path: str | None = None) -> list[RequestRecord]:
        """Requests received so far (to `path`, or all), oldest first."""
        with self._lock:
            return [r for r in self._records if path is None or r.path == path]

    def clear_requests(self) -> None:
        with self._lock:
            self._records.clear()

    def open_requests(self, path: str) -> int:
        with self._lock:
            return self._open[path]

    def max_open_requests(self, path: str) -> int:
        """The most requests to `path` in progress at once."""
        with self._lock:
            return self._peak[path]

    async def wait_for_requests(
        self, path: str | None, n: int, timeout: float = WAIT
    ) -> list[RequestRecord]:
        """Until `path` (None: any) has had `n` requests; woken by each one, from any loop."""
        waiting = self._wait_here(path, n, timeout)
        if asyncio.get_running_loop() is self._loop:
            return await waiting
        assert self._loop is not None
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(waiting, self._loop))

    def wait_for_requests_sync(
        self, path: str | None, n: int, timeout: float = WAIT
    ) -> list[RequestRecord]:
        """wait_for_requests for plain threads, with the site in its own thread."""
        assert self._loop is not None
        waiting = self._wait_here(path, n, timeout)
        return asyncio.run_coroutine_threadsafe(waiting, self._loop).result()

    async def _wait_here(self, path: str | None, n: int, seconds: float) -> list[RequestRecord]:
        try:
            async with asyncio.timeout(seconds), self._arrived:
                await self._arrived.wait_for(lambda: len(self.requests(path)) >= n)
        except TimeoutError:
            got = ", ".join(map(str, self.requests()[-20:])) or "nothing"
            where = path or "any path"
            raise TimeoutError(f"no {n} request(s) to {where} in {seconds}s; last: {got}") from None
        return self.requests(path)

    # -- requests --------------------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        record = RequestRecord(
            request.path, request.method, request.query_string, CIMultiDict(request.headers)
        )
        request[_RECORD] = record
        with self._lock:
            self._records.append(record)
            self._hits[record.path] += 1
            self._open[record.path] += 1
            self._peak[record.path] = max(self._peak[record.path], self._open[record.path])
        try:
            async with self._arrived:
                self._arrived.notify_all()
            return await self._route(request)
        finally:
            with self._lock:
                self._open[record.path] -= 1

    async def _on_prepare(self, request: web.Request, response: web.StreamResponse) -> None:
        record = request.get(_RECORD)
        # Raw answers record what they put on the wire; aiohttp's placeholder never goes out.
        if record is not None and record.status is None:
            record.status = response.status
            record.response_headers = CIMultiDict(response.headers)

    async def _route(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        with self._lock:
            gate, feed = self._gates.get(path), self._feeds.get(path)
            mount = next((p for p in self._mounts if path.startswith(p)), None)
        if gate is not None:
            await gate.wait()
        if feed is not None:
            with self._lock:
                return _serve_feed(request, feed)
        if mount is not None:
            root = self._mounts[mount]
            return await asyncio.to_thread(_load_file, root, root / path[len(mount) :])
        return await self._behaviour(request)

    async def _behaviour(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path in DOCUMENTS:
            body, content_type, headers = DOCUMENTS[path]
            return _document(body(), content_type, **headers)
        if path in _STATUSES:
            return _status(*_STATUSES[path])
        if path in _REDIRECTS:
            return _redirect(request, *_REDIRECTS[path])
        chain = re.fullmatch(r"/redirect/chain/(\d{1,3})", path)
        if chain:
            hops = int(chain.group(1))
            return _redirect(
                request, 302, f"/redirect/chain/{hops - 1}" if hops > 1 else "/good/rss"
            )
        handler = _HANDLERS.get(path)
        if handler is None:
            return web.Response(status=404, text=f"no such feed: {path}\n")
        return await handler(self, request)

    # -- behaviours that need the site -----------------------------------------------------

    async def _good_rss(self, request: web.Request) -> web.StreamResponse:
        with self._lock:
            return _serve_feed(request, self._good)

    async def _burst(self, request: web.Request) -> web.StreamResponse:
        """500, 502, 503, then a good feed."""
        with self._lock:
            hit = self._hits[request.path]
        if hit > 3:
            return await self._good_rss(request)
        return web.Response(status=(500, 502, 503)[hit - 1], text=f"failure {hit} of 3\n")

    async def _changing_guids(self, request: web.Request) -> web.StreamResponse:
        with self._lock:
            fetch = self._hits[request.path]
        return _document(changing_guids(fetch))

    async def _retry_after_date(self, request: web.Request) -> web.StreamResponse:
        when = http_date(datetime.now(UTC) + timedelta(seconds=90))
        return web.Response(status=429, headers={"Retry-After": when}, text="slow down\n")

    async def _slow_headers(self, request: web.Request) -> web.StreamResponse:
        if await self._pause(_SLOW_SECONDS):
            return web.Response(status=503)
        return await self._good_rss(request)

    async def _huge(self, request: web.Request) -> web.StreamResponse:
        return _document(await asyncio.to_thread(huge_feed))

    async def _gzip_bomb(self, request: web.Request) -> web.StreamResponse:
        return _document(await asyncio.to_thread(gzip_bomb), **{"Content-Encoding": "gzip"})

    async def _slow_body(self, request: web.Request) -> web.StreamResponse:
        """Slowloris: 200 at once, then eight bytes a second, forever."""
        return await self._stream(request, trickle(), interval=1.0)

    async def _endless(self, request: web.Request) -> web.StreamResponse:
        return await self._stream(request, endless_feed())

    async def _oversize(self, request: web.Request) -> web.StreamResponse:
        return await self._stream(request, sized_feed(_OVERSIZE), content_length=_OVERSIZE)

    async def _oversize_chunked(self, request: web.Request) -> web.StreamResponse:
        """The same body with no Content-Length: only a streaming cap stops it."""
        return await self._stream(request, sized_feed(_OVERSIZE))

    async def _too_long(self, request: web.Request) -> web.StreamResponse:
        """Content-Length 5000; 1000 bytes follow, then the connection closes."""
        return await self._raw_reply(request, _raw_head(5000) + good_rss()[:1000])

    async def _too_short(self, request: web.Request) -> web.StreamResponse:
        """Content-Length 200, then the whole feed: the excess 0.1 s later."""
        body = good_rss()
        return await self._raw_reply(request, _raw_head(200) + body[:200], body[200:])

    async def _reset(self, request: web.Request) -> web.StreamResponse:
        """512 of the promised bytes, then a TCP RST."""
        body = good_rss()
        return await self._raw_reply(request, _raw_head(len(body)) + body[:512], reset=True)

    # -- streams, raw replies and raw ports ------------------------------------------------

    async def _pause(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True if cut short because the site is stopping."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._stopping.wait()
                return True
        return False

    async def _stream(
        self,
        request: web.Request,
        chunks: Iterator[bytes],
        *,
        content_length: int | None = None,
        interval: float = 0.0,
    ) -> web.StreamResponse:
        """Write `chunks` until they run out, the client hangs up or the site stops; no
        Content-Length means chunked."""
        response = web.StreamResponse(headers={"Content-Type": _RSS})
        response.content_length = content_length
        await response.prepare(request)
        with contextlib.suppress(ConnectionError):  # the client giving up is the usual end
            for chunk in chunks:
                await response.write(chunk)
                if self._stopping.is_set() or (interval and await self._pause(interval)):
                    break
        return response

    async def _raw_reply(
        self, request: web.Request, *parts: bytes, reset: bool = False
    ) -> web.StreamResponse:
        """Exact bytes on the wire past aiohttp's framing, then FIN, or RST if `reset`. Each
        later part (and the reset) waits 0.1 s, so the client reads what came before first
        and reports the problem it is meant to see."""
        request[_RECORD].status = 200
        transport = request.transport
        assert transport is not None
        for index, part in enumerate(parts):
            if transport.is_closing() or (index and await self._pause(0.1)):
                break
            transport.write(part)
        if reset and not transport.is_closing() and not await self._pause(0.1):
            _abort_with_rst(transport)
        transport.close()
        return web.Response()  # aiohttp finds the transport closed: nothing more goes out

    def _raw_task(
        self, serve: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
    ) -> Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]:
        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.current_task()
            assert task is not None
            self._raw_connections.add(task)
            try:
                await serve(reader, writer)
            except ConnectionError:
                pass  # the client going away is how these connections end
            finally:
                writer.close()
                self._raw_connections.discard(task)

        return connection

    async def _garbage(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # Read the request first: closing a socket with unread input sends an RST, which
        # could destroy the garbage before the client reads it.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(1.0):
                await reader.read(65536)
        # A NUL first byte cannot be mistaken for "HTTP/1.x".
        writer.write(b"\x00\xff" + random.randbytes(random.randint(64, 1024)))
        await writer.drain()

    async def _silent(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await reader.read(65536):
            pass  # read and ignore until the client gives up


def _status(status: int, retry_after: str | None) -> web.Response:
    if status == 304:
        return web.Response(status=304)
    headers = {"Retry-After": retry_after} if retry_after else {}
    return web.Response(status=status, headers=headers, text=f"error {status}\n")


def _redirect(request: web.Request, status: int, location: str) -> web.Response:
    if location == "absolute":
        location = f"http://{request.host}/good/rss"
    return web.Response(status=status, headers={"Location": location} if location else {})


_HANDLERS: dict[str, Callable[[FeedSite, web.Request], Awaitable[web.StreamResponse]]] = {
    "/good/rss": FeedSite._good_rss,
    "/flaky/5xx-burst": FeedSite._burst,
    "/content/changing-guids": FeedSite._changing_guids,
    "/status/429-retry-after-date": FeedSite._retry_after_date,
    "/slow/headers": FeedSite._slow_headers,
    "/slow/body": FeedSite._slow_body,
    "/endless": FeedSite._endless,
    "/oversize": FeedSite._oversize,
    "/oversize-chunked": FeedSite._oversize_chunked,
    "/content/100k-items": FeedSite._huge,
    "/gzip-bomb": FeedSite._gzip_bomb,
    "/bad-length/too-long": FeedSite._too_long,
    "/bad-length/too-short": FeedSite._too_short,
    "/reset-mid-body": FeedSite._reset,
}
#: Every path with a fixed behaviour: the good feed, and each hostile or broken answer.
BEHAVIOURS: frozenset[str] = frozenset(
    {*DOCUMENTS, *_STATUSES, *_REDIRECTS, *_HANDLERS, "/redirect/chain/15"} - {"/redirect/loop-b"}
)
