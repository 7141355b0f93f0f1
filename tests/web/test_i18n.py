"""UI catalogs: complete in every language, with English as the fallback."""

from __future__ import annotations

import string
from datetime import UTC, datetime

import pytest

from bbabo.web import i18n


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", sorted(i18n.CATALOGS))
def test_every_catalog_has_every_key_with_the_same_fields(lang: str) -> None:
    english = i18n.CATALOGS[i18n.FALLBACK]
    catalog = i18n.CATALOGS[lang]
    assert set(catalog) == set(english)
    for key, text in catalog.items():
        assert _fields(text) == _fields(english[key]), key
    assert len(i18n.MONTHS[lang]) == 12


def test_at_least_english_polish_and_russian() -> None:
    assert {"en", "pl", "ru"} <= set(i18n.CATALOGS)


def test_a_language_without_a_catalog_falls_back_to_english() -> None:
    assert i18n.gettext("de", "latest") == "Latest news"
    assert i18n.gettext("pl", "latest") == "Najnowsze wiadomości"


def test_translated_notice_names_the_source_language() -> None:
    notice = i18n.gettext("en", "translated_from", language=i18n.language_name("ru", "en"))
    assert notice == "Translated by machine from Russian"
    assert i18n.language_name("ru", "pl") == "Русский"


def test_dates_read_naturally() -> None:
    moment = datetime(2024, 1, 10, 14, 5, tzinfo=UTC)
    assert i18n.format_datetime(moment, "en") == "10 January 2024, 14:05 UTC"
    assert i18n.format_datetime(moment, "pl") == "10 stycznia 2024, 14:05 UTC"
    assert i18n.format_datetime(moment, "ru") == "10 января 2024, 14:05 UTC"


def test_sections_without_a_name_show_as_stored() -> None:
    assert i18n.section_name("news", "ru") == "Новости"
    assert i18n.section_name("sport", "ru") == "sport"
