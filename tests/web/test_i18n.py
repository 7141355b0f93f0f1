"""UI strings: gettext catalogues complete in every language, the template current with the
code, and dates, language and section names in the reader's language."""

from __future__ import annotations

import string
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from bbabo.web import i18n

# Every default target language has its own interface (config.DEFAULT_TARGETS).
REQUIRED = {"en", "pl", "ru", "uk", "de", "es", "fr", "be", "bg", "it"}
TRANSLATED = sorted(i18n.catalog_languages() - {i18n.SOURCE_LANGUAGE})
WEB = Path(i18n.__file__).parent.parent
MOMENT = datetime(2024, 1, 10, 14, 5, tzinfo=UTC)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _read(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source)


def _template_ids() -> set[str]:
    return {message.id for message in _read(i18n.CATALOG_DIR / "messages.pot") if message.id}


def test_at_least_the_required_languages() -> None:
    assert REQUIRED <= i18n.catalog_languages()


def test_the_template_holds_exactly_the_strings_the_code_uses() -> None:
    with (i18n.CATALOG_DIR / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    used = {message for _, _, message, _, _ in extract_from_dir(str(WEB), method_map,
                                                                  options_map)}
    assert used == _template_ids(), "run the pybabel commands in babel.cfg"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalogue_translates_every_string_with_the_same_fields(lang: str) -> None:
    catalog = _read(i18n.catalog_path(lang))
    assert str(catalog.locale) == lang
    messages = {message.id: message for message in catalog if message.id}
    assert set(messages) == _template_ids()
    for msgid, message in messages.items():
        assert not message.fuzzy, f"{lang}: fuzzy translation for {msgid!r}"
        # A plural message has a form per plural category of the language, each with the
        # plural msgid's fields (``{n}`` included: "21" takes the form of "1" in Russian).
        forms = message.string if message.pluralizable else (message.string,)
        source = msgid[1] if message.pluralizable else msgid
        assert len(forms) == catalog.num_plurals or not message.pluralizable, lang
        for form in forms:
            assert form, f"{lang}: no translation for {msgid!r}"
            assert _fields(form) == _fields(source), f"{lang}: {msgid!r}"
            assert "<" not in form, "markup belongs in templates, not catalogues"


@pytest.mark.parametrize(("lang", "notice"), [
    ("en", "Translated by machine from Russian."),
    ("pl", "Przetłumaczono maszynowo z języka: rosyjski."),
    ("ru", "Машинный перевод. Язык оригинала: русский."),
    ("uk", "Машинний переклад. Мова оригіналу: російська."),
    ("de", "Maschinell übersetzt. Originalsprache: Russisch."),
    ("es", "Traducido automáticamente del ruso."),
    ("fr", "Traduction automatique. Langue d’origine\u00a0: russe."),
    ("be", "Машынны пераклад. Мова арыгінала: руская."),
    ("bg", "Машинен превод от руски."),
    ("it", "Traduzione automatica. Lingua originale: russo."),
])
def test_the_machine_translation_notice_names_the_language_in_the_reader_s_language(
        lang: str, notice: str) -> None:
    ui = i18n.messages(lang)
    language = i18n.language_name("ru", lang)
    assert ui.gettext("Translated by machine from {language}.", language=language) == notice


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "January 10, 2024, 2:05\u202fPM UTC"),
    ("pl", "10 stycznia 2024, 14:05 UTC"),
    ("ru", "10 января 2024\u202fг., 14:05 UTC"),
    ("uk", "10 січня 2024\u202fр., 14:05 UTC"),
    ("de", "10. Januar 2024, 14:05 UTC"),
    ("es", "10 de enero de 2024, 14:05 UTC"),
    ("fr", "10 janvier 2024, 14:05 UTC"),
    ("it", "10 gennaio 2024, 14:05 UTC"),
    ("nl", "10 januari 2024, 14:05 UTC"),  # no catalogue, but CLDR knows Dutch dates
])
def test_dates_read_as_each_language_writes_them(lang: str, expected: str) -> None:
    assert i18n.format_datetime(MOMENT, lang) == expected


def test_a_language_without_a_catalogue_gets_the_english_interface() -> None:
    assert i18n.messages("nl").lang == "en"
    assert i18n.messages("nl").gettext("Latest news") == "Latest news"
    assert i18n.messages("pl").gettext("Latest news") == "Najnowsze wiadomości"
    assert i18n.language_name("ru", "nl") == "Russian"


def test_section_names() -> None:
    assert i18n.section_name("news", "pl") == "Wiadomości"
    assert i18n.section_name("news", "ru") == "Новости"
    assert i18n.section_name("world", "de") == "Welt"
    assert i18n.section_name("news", "en") == "News"
    assert i18n.section_name("sport-lokal", "ru") == "sport-lokal"  # unknown: as configured


def test_a_broken_placeholder_in_a_catalogue_falls_back_to_english(
        monkeypatch: pytest.MonkeyPatch) -> None:
    ui = i18n.Messages("pl")
    monkeypatch.setattr(ui._translations, "gettext", lambda message: "Strona {numer}")
    assert ui.gettext("Page {n}", n=2) == "Page 2"


@pytest.mark.parametrize(("lang", "counts", "expected"), [
    ("en", (1, 1), "1 report in 1 language"),
    ("en", (4, 3), "4 reports in 3 languages"),
    ("ru", (1, 2), "1 публикация на 2 языках"),
    ("ru", (4, 3), "4 публикации на 3 языках"),
    ("ru", (5, 21), "5 публикаций на 21 языке"),
    ("pl", (22, 5), "22 relacje w 5 językach"),
    ("pl", (12, 1), "12 relacji w 1 języku"),
    ("uk", (3, 3), "3 публікації 3 мовами"),
    ("de", (1, 2), "1 Bericht in 2 Sprachen"),
    ("fr", (0, 1), "0 article en 1 langue"),
])
def test_counted_strings_take_the_language_s_plural_forms(
        lang: str, counts: tuple[int, int], expected: str) -> None:
    ui = i18n.messages(lang)
    reports, languages = counts
    named = ui.ngettext("{n} language", "{n} languages", languages)
    assert ui.ngettext("{n} report in {languages}", "{n} reports in {languages}", reports,
                       languages=named) == expected


def test_unknown_language_codes_are_named_as_given() -> None:
    assert i18n.language_name("xx", "en") == "xx"
