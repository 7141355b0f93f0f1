"""Mojibake in a page's own text: UTF-8 stored as if it were Windows-1252 ("weâ€™ve"), Cyrillic
UTF-8 read as Windows-1251, Windows-1252 quotes kept as Latin-1 C1 controls. The page decodes
right; its characters are wrong. What an article keeps is repaired, and text that is no mojibake
stays exactly as written."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bbabo.extract import extract_article
from bbabo.extract.text import repair, repair_document
from bbabo.model import FetchedPage

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _misread(text: str, codec: str) -> str:
    """``text`` as a CMS shows it after storing its UTF-8 bytes as ``codec`` text (a byte the
    code page leaves undefined, such as 0x9D in Windows-1252, kept as its Latin-1 character,
    as browsers and most software do)."""
    return "".join(_byte(b, codec) for b in text.encode("utf-8"))


def _byte(value: int, codec: str) -> str:
    try:
        return bytes([value]).decode(codec)
    except UnicodeDecodeError:
        return chr(value)


@pytest.mark.parametrize("text", [
    "We’ve heard “enough” — said the mayor of Zürich.",
    "Zażółć gęślą jaźń: Łódź and Kraków.",
    "À la carte, École normale, façade.",
])
def test_utf8_read_as_windows_1252_is_repaired(text: str) -> None:
    broken = _misread(text, "cp1252")
    assert broken != text
    assert repair(broken) == text


def test_cyrillic_utf8_read_as_windows_1251_is_repaired() -> None:
    text = "Москва — столица России, а Київ — України."
    assert repair(_misread(text, "cp1251")) == text


def test_windows_1252_quotes_kept_as_c1_controls_are_repaired() -> None:
    assert repair("das Album \x84Brave New Woman\x93 erscheint") == (
        "das Album „Brave New Woman“ erscheint")


@pytest.mark.parametrize("text", [
    "Café, naïve, São Paulo, 1 °C, 5 €, ½ cup, “quoted”, ‘single’, «guillemets», „deutsch“",
    "Москва, Київ, Мінск, София; Ελλάδα; 東京; עברית; Türkiye, İstanbul",
    "ÃÂ is what the sign said",  # no wrong decoding produces these two alone
    "plain ASCII, with 'straight' quotes -- and ligature-free fi",
    "ﬁne ligature, fullwidth ＡＢＣ",  # ftfy's other fixes are not asked for
])
def test_text_that_is_no_mojibake_is_left_as_written(text: str) -> None:
    assert repair(text) == text


def test_an_article_keeps_repaired_title_paragraphs_and_author() -> None:
    title = _misread("Mayor’s “bridge” plan for Łódź", "cp1252")
    body = _misread("The council’s vote — due on Tuesday — decides the bridge over the "
                    "river Sosna in Łódź, residents said. ", "cp1252") * 4
    author = _misread("Zoë Gómez", "cp1252")
    html = (f"<html><head><title>{title}</title><meta name='author' content='{author}'></head>"
            f"<body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>")
    url = "https://news.example/a/1"
    article = extract_article(FetchedPage(url=url, final_url=url, status=200,
                                          content_type="text/html", encoding="utf-8",
                                          body=html.encode(), fetched_at=NOW))
    assert article.title == "Mayor’s “bridge” plan for Łódź"
    assert article.author == "Zoë Gómez"
    assert article.paragraphs
    assert all("â€" not in p and "Å" not in p for p in article.paragraphs)
    assert "The council’s vote — due on Tuesday" in article.paragraphs[0]


def test_a_repair_is_cleaned_like_any_kept_text() -> None:
    """Mojibake of a zero-width space or a no-break space repairs to characters ``clean``
    removes or folds: they are removed and folded after the repair too."""
    broken = _misread("Zero\u200bwidth and no\u00a0break — “quoted”", "cp1252")
    assert repair(broken) == "Zerowidth and no break — “quoted”"


def test_a_huge_page_is_not_repaired_whole() -> None:
    """ftfy goes a line at a time: millions of lines would spend the extraction's time budget
    here. Over two million characters the page is left to the per-string repair."""
    line = "<p>x</p>\n"
    huge = "\x93" + line * 250_000
    assert repair_document(huge) is huge
    small = "<p>das Album \x84Brave\x93</p>\n" + line * 10
    assert repair_document(small).startswith("<p>das Album „Brave“</p>")
