"""The languages the bot speaks, and how a message's fixed words are looked up.

Strings are written in English in the code and looked up in gettext catalogues: one PO
file per language under `bot/locales/<code>/LC_MESSAGES/trucewatch.po`, read with Babel
when first needed (`load()` at start-up) and compiled in memory, so no compiled file is
kept in the repository. A message id with no translation (or a fuzzy one) reads in
English. Feed text is never translated: only what the bot itself says.

    tongue("ru").gettext("Read the report")                  -> "Читать сообщение"
    tongue("ar").ngettext("{n} alert", "{n} alerts", 3)       -> "٣ تنبيهات" (with n isolated)

Values are filled in with `str.format` after the lookup; in a right-to-left language each
value is isolated (FSI … PDI), so a Latin name or a number inside Arabic text keeps its
place. `scripts/catalogue.py` extracts the message ids and updates the catalogues.
"""

from __future__ import annotations

import functools
import gettext
import io
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.bidi import isolate_value

#: What the bot speaks: English (the language of the message ids) and its catalogues.
LANGUAGES: tuple[str, ...] = ("en", "ru", "uk", "fr", "ar")
DEFAULT = "en"
RIGHT_TO_LEFT = frozenset({"ar"})
DOMAIN = "trucewatch"
LOCALES = Path(__file__).with_name("locales")


def N_(msgid: str) -> str:
    """Mark a string for the catalogue without translating it here (it is looked up where
    it is shown, in the reader's language)."""
    return msgid


def primary(code: str | None) -> str | None:
    """A platform's language tag as its primary language: "ru-RU", "pt_BR", "EN" -> "ru",
    "pt", "en"; None for nothing usable."""
    if not code:
        return None
    head = code.replace("_", "-").split("-", 1)[0].strip().lower()
    return head if head.isascii() and head.isalpha() and 2 <= len(head) <= 3 else None


def supported(code: str | None) -> str | None:
    """The language we speak for `code`, or None when we do not speak it."""
    head = primary(code)
    return head if head in LANGUAGES else None


@dataclass(frozen=True, slots=True)
class Tongue:
    """One language: its catalogue, its direction, and its name for itself."""

    code: str
    catalogue: gettext.NullTranslations = field(repr=False, compare=False)

    @property
    def rtl(self) -> bool:
        return self.code in RIGHT_TO_LEFT

    def gettext(self, msgid: str, /, **values: object) -> str:
        return self._fill(self.catalogue.gettext(msgid), values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        return self._fill(self.catalogue.ngettext(singular, plural, n), {"n": n, **values})

    def pgettext(self, context: str, msgid: str, /, **values: object) -> str:
        return self._fill(self.catalogue.pgettext(context, msgid), values)

    def _fill(self, text: str, values: dict[str, object]) -> str:
        if not values:
            return text
        shown = {k: isolate_value(str(v)) if self.rtl else v for k, v in values.items()}
        return text.format(**shown)

    @property
    def name(self) -> str:
        """The language's name in itself: "English", "Русский", "العربية"."""
        return native_name(self.code)


@functools.cache
def native_name(code: str) -> str:
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def po_path(code: str) -> Path:
    return LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(code: str) -> gettext.NullTranslations:
    """The PO file compiled in memory (fuzzy entries left out: they read in English)."""
    if code == DEFAULT:
        return gettext.NullTranslations()
    with po_path(code).open("rb") as po:
        catalog = read_po(po, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@functools.cache
def tongue(code: str | None) -> Tongue:
    """The language for `code` (a platform's tag or ours); English when we do not speak it."""
    chosen = supported(code) or DEFAULT
    return Tongue(chosen, read_catalogue(chosen))


def load() -> tuple[Tongue, ...]:
    """Every catalogue, read now (at start-up: a broken file stops the bot at once)."""
    return tuple(tongue(code) for code in LANGUAGES)


ENGLISH = Tongue(DEFAULT, gettext.NullTranslations())
