"""The tracker's word lists and gazetteer, read from the TOML files beside this module and
checked once at import: a mistake in the data fails loudly, not as a missed truce."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.text import fold, words

#: The kinds of truce event, in order of precedence within one sentence.
KIND_ORDER = ("collapsed", "extended", "ended", "agreed", "declared", "in_force")


class TruceDataError(ValueError):
    """A data file of the truce tracker is malformed."""


@dataclass(frozen=True, slots=True)
class Name:
    """One named thing (a place, a party, a mediator) and its spellings as word tuples."""

    shown: str
    spellings: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Conflict:
    """A conflict the gazetteer knows: the words that tie news to it and its zone."""

    key: str
    name: str
    zone: str
    places: tuple[Name, ...]
    parties: tuple[Name, ...]
    place_zones: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything truces.toml holds, as folded phrases."""

    nouns: tuple[str, ...]
    stems: tuple[str, ...]
    false_modifiers: frozenset[str]
    false_context: tuple[str, ...]
    conflict_context: tuple[str, ...]
    kinds: Mapping[str, tuple[str, ...]]
    declared_end: frozenset[str]
    past: frozenset[str]
    modal: tuple[str, ...]
    scheduled: tuple[str, ...]
    detours: tuple[str, ...]
    reference: frozenset[str]
    cues: Mapping[str, tuple[str, ...]]
    numbers: Mapping[str, int]
    units: Mapping[str, float]
    purposes: Mapping[str, str]
    zones: Mapping[str, str]


def read_toml(name: str) -> dict[str, Any]:
    """Parse one of the package's TOML files."""
    text = resources.files("bot.truces").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def phrases(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """A list of folded phrases; anything but a non-empty list of strings is an error."""
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise TruceDataError(f"{key}: expected a non-empty list of strings")
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise TruceDataError(f"{key}: every entry must be a non-empty string")
    return tuple(fold(v) for v in value)


def check_zone(zone: object, where: str) -> str:
    """An IANA zone name that zoneinfo can load ("" is the conflict's own zone)."""
    if not isinstance(zone, str):
        raise TruceDataError(f"{where}: zone must be a string")
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise TruceDataError(f"{where}: unknown time zone {zone!r}") from error
    return zone


def typed_table(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...]) -> dict[str, Any]:
    """A table whose values are all of `kind`, with folded keys."""
    table = data.get(key)
    if not isinstance(table, dict) or not table:
        raise TruceDataError(f"{key}: expected a non-empty table")
    for name, value in table.items():
        if not isinstance(value, kind) or isinstance(value, bool):
            raise TruceDataError(f"{key}.{name}: expected {kind}")
    return {fold(name): value for name, value in table.items()}


def load_vocabulary(data: Mapping[str, Any]) -> Vocabulary:
    """Check and fold truces.toml."""
    kinds = data.get("kinds", {})
    cues = data.get("cues", {})
    if not isinstance(kinds, dict) or set(kinds) != set(KIND_ORDER):
        raise TruceDataError(f"kinds: expected exactly {', '.join(KIND_ORDER)}")
    if not isinstance(cues, dict):
        raise TruceDataError("cues: expected a table")
    zones = typed_table(data, "zones", str)
    for phrase, zone in zones.items():
        check_zone(zone, f"zones.{phrase}")
    return Vocabulary(
        nouns=phrases(data, "nouns"),
        stems=phrases(data, "stems"),
        false_modifiers=frozenset(phrases(data, "false_modifiers")),
        false_context=phrases(data, "false_context"),
        conflict_context=phrases(data, "conflict_context"),
        kinds={kind: phrases(kinds, kind) for kind in KIND_ORDER},
        declared_end=frozenset(phrases(data, "declared_end")),
        past=frozenset(phrases(data, "past")),
        modal=phrases(data, "modal"),
        scheduled=phrases(data, "scheduled"),
        detours=phrases(data, "detours"),
        reference=frozenset(phrases(data, "reference")),
        cues={role: phrases(cues, role) for role in ("start", "end", "range_end", "block")}
        | {"duration": phrases(cues, "duration")},
        numbers=typed_table(data, "numbers", int),
        units={k: float(v) for k, v in typed_table(data, "units", (int, float)).items()},
        purposes=typed_table(data, "purposes", str),
        zones=zones,
    )


def load_name(entry: object, where: str) -> Name:
    """ "Ganja|Gəncə|Ganca" -> Name("Ganja", (("ganja",), ("gence",), ("ganca",)))."""
    if not isinstance(entry, str) or not entry.strip():
        raise TruceDataError(f"{where}: a name must be a non-empty string")
    spellings = tuple(tuple(words(fold(s))) for s in entry.split("|"))
    if not all(spellings):
        raise TruceDataError(f"{where}: empty spelling in {entry!r}")
    return Name(entry.split("|")[0].strip(), spellings)


def load_names(data: Mapping[str, Any], key: str, where: str) -> tuple[Name, ...]:
    entries = data.get(key)
    if not isinstance(entries, list) or not entries:
        raise TruceDataError(f"{where}.{key}: expected a non-empty list")
    return tuple(load_name(e, f"{where}.{key}") for e in entries)


def load_conflict(data: Mapping[str, Any]) -> Conflict:
    """Check one [[conflict]] table."""
    key, name = data.get("key"), data.get("name")
    if not isinstance(key, str) or not key or not isinstance(name, str) or not name:
        raise TruceDataError(f"conflict {key!r}: key and name must be non-empty strings")
    place_zones = data.get("zones", {})
    if not isinstance(place_zones, dict):
        raise TruceDataError(f"conflict {key}: zones must be a table")
    return Conflict(
        key=key,
        name=name,
        zone=check_zone(data.get("zone"), f"conflict {key}") or "UTC",
        places=load_names(data, "places", key),
        parties=load_names(data, "parties", key),
        place_zones={fold(p): check_zone(z, f"{key}.zones.{p}") for p, z in place_zones.items()},
    )


def load_gazetteer(data: Mapping[str, Any]) -> tuple[tuple[Conflict, ...], tuple[Name, ...]]:
    """Check gazetteer.toml: conflicts with unique keys, and the mediators."""
    entries = data.get("conflict")
    if not isinstance(entries, list) or not entries:
        raise TruceDataError("gazetteer: expected [[conflict]] tables")
    conflicts = tuple(load_conflict(e) for e in entries)
    keys = [c.key for c in conflicts]
    if len(set(keys)) != len(keys):
        raise TruceDataError("gazetteer: duplicate conflict keys")
    return conflicts, load_names(data.get("mediators", {}), "names", "mediators")


VOCABULARY = load_vocabulary(read_toml("truces.toml"))
CONFLICTS, MEDIATORS = load_gazetteer(read_toml("gazetteer.toml"))
