"""The site's own words in the reader's language: gettext catalogues, dates and language names.

Interface strings are English msgids (``_("Latest news")``) translated by the ``.po`` catalogue
of each language in this package (``<lang>/LC_MESSAGES/messages.po``), extracted into
``messages.pot`` by Babel from the Python code and templates of ``bbabo.web`` (see
``babel.cfg``). The ``.po`` files are the only form kept: they are compiled in memory with
Babel the first time a language is used, so no build step can leave a stale ``.mo`` behind.

A language without a catalogue gets the English interface. Dates and language names come from
CLDR through Babel, so they are right in every language Babel knows, catalogue or not. Article
text is never translated here: it comes from the store."""

from __future__ import annotations

import gettext
import io
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import babel
import babel.dates
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from bbabo import langs

__all__ = ["Messages", "messages", "N_", "SOURCE_LANGUAGE", "CATALOG_DIR", "DOMAIN",
           "SECTION_NAMES", "catalog_languages", "catalog_path", "format_datetime",
           "language_name", "section_name"]

SOURCE_LANGUAGE = "en"
CATALOG_DIR = Path(__file__).parent
DOMAIN = "messages"


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; it is translated where it is shown."""
    return message


# Sections are configured per source as plain words; these are shown translated, any other
# section as it was written.
SECTION_NAMES: dict[str, str] = {
    "news": N_("News"), "world": N_("World"), "politics": N_("Politics"),
    "business": N_("Business"), "economy": N_("Economy"), "sport": N_("Sport"),
    "technology": N_("Technology"), "science": N_("Science"), "culture": N_("Culture"),
    "health": N_("Health"), "opinion": N_("Opinion"), "local": N_("Local"),
}


def catalog_path(lang: str) -> Path:
    return CATALOG_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=1)
def catalog_languages() -> frozenset[str]:
    """English (the msgids themselves) and every language with a catalogue."""
    found = {path.name for path in CATALOG_DIR.iterdir() if catalog_path(path.name).is_file()}
    return frozenset(found | {SOURCE_LANGUAGE})


def _compile(lang: str) -> gettext.NullTranslations:
    path = catalog_path(lang)
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    # Fuzzy entries are left out, as msgfmt does: a guess is shown in English until reviewed.
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def _fill(text: str, fallback: str, values: dict[str, object]) -> str:
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        # A broken placeholder in a translation must not break the page (a test guards
        # the catalogues; this guards a catalogue edited on a live site).
        return fallback.format(**values)


class Messages:
    """One language's strings; templates call ``_`` (this object's ``gettext``)."""

    __slots__ = ("lang", "_translations")

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._translations = _compile(lang)

    def gettext(self, message: str, **values: object) -> str:
        """``message`` translated, with ``{name}`` fields filled from ``values``."""
        return _fill(self._translations.gettext(message), message, values)

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The form of ``singular``/``plural`` the language uses for ``n`` (Russian and Polish
        have three), with ``{n}`` and the other ``{name}`` fields filled."""
        fallback = singular if n == 1 else plural
        return _fill(self._translations.ngettext(singular, plural, n), fallback,
                     {"n": n, **values})


@lru_cache(maxsize=64)
def messages(lang: str) -> Messages:
    """The interface strings for pages in ``lang``: its catalogue, else English."""
    return Messages(lang if lang in catalog_languages() else SOURCE_LANGUAGE)


@lru_cache(maxsize=128)
def _locale(lang: str) -> babel.Locale:
    try:
        return babel.Locale.parse(lang)
    except (babel.UnknownLocaleError, ValueError):
        return babel.Locale.parse(SOURCE_LANGUAGE)


@lru_cache(maxsize=128)
def _datetime_pattern(lang: str) -> str:
    # The locale's long date with its short time, joined as the locale joins them; seconds
    # would be noise on a news page. Times are UTC: readers' zones are unknown without JS.
    locale = _locale(lang)
    joined = str(locale.datetime_formats["medium"])
    return (joined.replace("{1}", locale.date_formats["long"].pattern)
            .replace("{0}", locale.time_formats["short"].pattern) + " 'UTC'")


def format_datetime(moment: datetime, lang: str) -> str:
    """``10 stycznia 2024 14:05 UTC``: an instant as readers of ``lang`` write it."""
    return babel.dates.format_datetime(moment, _datetime_pattern(lang), tzinfo=UTC,
                                       locale=_locale(lang))


def language_name(code: str, ui_lang: str) -> str:
    """``ru`` named in the interface language: ``rosyjski`` for Polish, ``Russian`` for
    English (CLDR's names, in the case a dictionary lists them)."""
    ui = messages(ui_lang).lang
    name = _locale(ui).languages.get(code)
    if name:
        return str(name)
    return langs.english_name(code) if langs.is_known(code) else code


def section_name(section: str, lang: str) -> str:
    """A section's display name; sections without a catalogue entry show as configured."""
    message = SECTION_NAMES.get(section)
    return messages(lang).gettext(message) if message is not None else section
