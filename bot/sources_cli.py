"""`trucewatch sources add | list | remove | import | export`."""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from bot.config import Settings
from storage.store import DuplicateError, Store


def _store(settings: Settings) -> Store:
    return Store(str(settings.db_path))


def normalise_url(raw: str, base: Path | None = None) -> str:
    """http(s) URLs as given; local paths (absolute, or relative to `base`) as file: URIs."""
    raw = raw.strip()
    scheme = urlsplit(raw).scheme.lower()
    if scheme in ("http", "https") and urlsplit(raw).hostname:
        return raw
    if scheme == "file":
        return raw
    if scheme and len(scheme) > 1:
        raise ValueError(f"{raw!r}: only http, https and local files can be feeds")
    path = Path(raw).expanduser()
    if not path.is_absolute() and base is not None:
        path = base / path
    if not path.is_file():
        raise ValueError(f"{raw!r} is neither an http(s) URL nor an existing file")
    return path.resolve().as_uri()


def add(args: argparse.Namespace, settings: Settings) -> int:
    try:
        url = normalise_url(args.url)
    except ValueError as exc:
        print(f"trucewatch: {exc}", file=sys.stderr)
        return 2
    name = args.name or urlsplit(url).hostname or Path(urlsplit(url).path).name
    try:
        source = _store(settings).add_source(
            url,
            name,
            datetime.now(UTC),
            interval=args.interval,
            origin="cli",
            named=bool(args.name),
        )
    except DuplicateError as exc:
        print(f"trucewatch: {exc}", file=sys.stderr)
        return 1
    print(f"added #{source.id} {source.name} <{source.url}>")
    return 0


def list_sources(args: argparse.Namespace, settings: Settings) -> int:
    sources = _store(settings).list_sources()
    if not sources:
        print("no sources; add one with `trucewatch sources add URL`")
    for s in sources:
        success = s.last_success_at.strftime("%Y-%m-%d %H:%M") if s.last_success_at else "never"
        error = f"  error: {s.last_error}" if s.status in ("failing", "broken") else ""
        print(
            f"#{s.id:<4} {s.status:<8} {s.items_count:>6} items  last ok {success}  "
            f"{s.name} <{s.url}>{error}"
        )
    return 0


def remove(args: argparse.Namespace, settings: Settings) -> int:
    raw = args.source
    key: int | str = int(raw) if raw.isascii() and raw.isdecimal() and len(raw) <= 18 else raw
    source = _store(settings).remove_source(key)
    if source is None:
        print(f"trucewatch: no source {args.source}", file=sys.stderr)
        return 1
    print(f"removed #{source.id} {source.name}")
    return 0


def import_opml(args: argparse.Namespace, settings: Settings) -> int:
    try:
        outlines = read_opml(args.file)
    except (OSError, ET.ParseError) as exc:
        print(f"trucewatch: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    store, added, problems = _store(settings), 0, 0
    for name, raw in outlines:
        try:
            store.add_source(normalise_url(raw, args.file.parent), name, datetime.now(UTC))
            added += 1
        except (ValueError, DuplicateError) as exc:
            problems += 1
            print(f"skipped {raw}: {exc}", file=sys.stderr)
    print(f"imported {added} of {len(outlines)} feeds from {args.file}")
    return 0 if added or not outlines else 1


def read_opml(path: Path) -> list[tuple[str, str]]:
    """(name, xmlUrl) of every outline that has a feed address, nested ones included."""
    root = ET.parse(path).getroot()  # noqa: S314 - a file the operator chose
    found = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url:
            name = outline.get("title") or outline.get("text") or urlsplit(url).hostname or url
            found.append((name.strip()[:80], url.strip()))
    return found


def export_opml(args: argparse.Namespace, settings: Settings) -> int:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "TruceWatch sources"
    body = ET.SubElement(root, "body")
    for s in _store(settings).list_sources():
        ET.SubElement(body, "outline", text=s.name, title=s.name, type="rss", xmlUrl=s.url)
    ET.indent(root)
    print(ET.tostring(root, encoding="unicode", xml_declaration=True))
    return 0
