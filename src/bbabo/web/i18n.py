"""UI strings, one catalog per language; any key a catalog lacks falls back to English.

Only the chrome of the site lives here (headings, notices, errors). Article text is never
translated here: it comes from the store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from bbabo import langs

__all__ = ["CATALOGS", "MONTHS", "FALLBACK", "gettext", "translator", "format_datetime",
           "section_name", "language_name"]

FALLBACK = "en"

CATALOGS: dict[str, dict[str, str]] = {
    "en": {
        "latest": "Latest news",
        "no_articles": "No articles yet.",
        "newer": "← Newer",
        "older": "Older →",
        "page_n": "Page {n}",
        "source": "Source",
        "published": "Published",
        "translated_from": "Translated by machine from {language}",
        "languages": "Languages",
        "not_found_title": "Page not found",
        "not_found_text": "There is nothing at this address.",
        "not_available_title": "Not available in this language",
        "not_available_text": "This article has not been published in {language}. Read it in:",
        "error_title": "Something went wrong",
        "error_text": "The server could not answer this request. Please try again later.",
        "http_error_title": "The request could not be served",
        "datetime": "{day} {month} {year}, {time} UTC",
        "section.news": "News",
        "search": "Search",
        "search_hint": "Type one or more words to find articles in this language.",
        "search_results": "Results for “{query}”",
        "no_results": "Nothing found for “{query}”.",
    },
    "pl": {
        "latest": "Najnowsze wiadomości",
        "no_articles": "Nie ma jeszcze artykułów.",
        "newer": "← Nowsze",
        "older": "Starsze →",
        "page_n": "Strona {n}",
        "source": "Źródło",
        "published": "Opublikowano",
        "translated_from": "Przetłumaczono maszynowo z języka: {language}",
        "languages": "Języki",
        "not_found_title": "Nie znaleziono strony",
        "not_found_text": "Pod tym adresem nic nie ma.",
        "not_available_title": "Niedostępne w tym języku",
        "not_available_text": "Ten artykuł nie ukazał się w języku: {language}. Przeczytaj go:",
        "error_title": "Coś poszło nie tak",
        "error_text": "Serwer nie mógł obsłużyć tego żądania. Spróbuj ponownie później.",
        "http_error_title": "Nie można obsłużyć żądania",
        "datetime": "{day} {month} {year}, {time} UTC",
        "section.news": "Wiadomości",
        "search": "Szukaj",
        "search_hint": "Wpisz jedno lub kilka słów, aby znaleźć artykuły w tym języku.",
        "search_results": "Wyniki dla „{query}”",
        "no_results": "Nic nie znaleziono dla „{query}”.",
    },
    "ru": {
        "latest": "Последние новости",
        "no_articles": "Статей пока нет.",
        "newer": "← Новее",
        "older": "Старше →",
        "page_n": "Страница {n}",
        "source": "Источник",
        "published": "Опубликовано",
        "translated_from": "Машинный перевод с языка: {language}",
        "languages": "Языки",
        "not_found_title": "Страница не найдена",
        "not_found_text": "По этому адресу ничего нет.",
        "not_available_title": "Недоступно на этом языке",
        "not_available_text": "Эта статья не опубликована на языке: {language}. Читайте её:",
        "error_title": "Что-то пошло не так",
        "error_text": "Сервер не смог ответить на запрос. Попробуйте позже.",
        "http_error_title": "Запрос не может быть выполнен",
        "datetime": "{day} {month} {year}, {time} UTC",
        "section.news": "Новости",
        "search": "Поиск",
        "search_hint": "Введите одно или несколько слов, чтобы найти статьи на этом языке.",
        "search_results": "Результаты по запросу «{query}»",
        "no_results": "По запросу «{query}» ничего не найдено.",
    },
}

# Genitive forms where the language declines month names after a day number.
MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "pl": ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
           "września", "października", "listopada", "grudnia"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
}


def gettext(lang: str, key: str, **values: object) -> str:
    """The string ``key`` in ``lang`` (else English), with ``{name}`` fields filled in."""
    catalog = CATALOGS.get(lang, CATALOGS[FALLBACK])
    text = catalog.get(key, CATALOGS[FALLBACK][key])
    return text.format(**values) if values else text


def translator(lang: str) -> Callable[..., str]:
    """``gettext`` bound to one language, as templates call it: ``t("latest")``."""

    def translate(key: str, **values: object) -> str:
        return gettext(lang, key, **values)

    return translate


def format_datetime(moment: datetime, lang: str) -> str:
    """A reader's form of an instant, in UTC (readers' time zones are unknown without JS)."""
    moment = moment.astimezone(UTC)
    months = MONTHS.get(lang, MONTHS[FALLBACK])
    return gettext(lang, "datetime", day=moment.day, month=months[moment.month - 1],
                   year=moment.year, time=moment.strftime("%H:%M"))


def section_name(section: str, lang: str) -> str:
    """A section's display name; sections without a catalog entry show as stored."""
    key = f"section.{section}"
    return gettext(lang, key) if key in CATALOGS[FALLBACK] else section


def language_name(code: str, ui_lang: str) -> str:
    """A language's name for a UI in ``ui_lang``: English names on the English (fallback) UI,
    the language's own name elsewhere, until catalogs carry names of their own."""
    if not langs.is_known(code):
        return code
    if ui_lang not in CATALOGS or ui_lang == FALLBACK:
        return langs.english_name(code)
    return langs.native_name(code)
