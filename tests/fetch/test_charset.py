"""Which encoding a body is in: header, BOM, <meta>, XML declaration, then detection."""

from __future__ import annotations

import httpx
import pytest

from bbabo.fetch import FetchOptions, fetch_page
from bbabo.fetch.charset import declared_charset, detect_encoding
from fakeweb import SITE_ROOT, FakeWeb, Reply

RU = "Главный врач рассказал журналистам, что первых пациентов переведут уже на следующей неделе."


def test_windows_1251_page_without_any_declaration(
    fakeweb: FakeWeb, client: httpx.Client, options: FetchOptions
) -> None:
    page = fetch_page(client, fakeweb.url("/articles/ru-bolnica-cp1251.html"), options)
    assert page.content_type == "text/html"  # no charset parameter
    assert page.encoding == "cp1251"
    assert "В Приморске открыли новую детскую больницу" in page.text()


def test_header_charset_wins(fakeweb: FakeWeb, client: httpx.Client,
                             options: FetchOptions) -> None:
    body = ('<meta charset="utf-8"><p>' + RU + "</p>").encode("koi8-r")
    fakeweb.route("/koi8", Reply(headers={"Content-Type": "text/html; charset=KOI8-R"}, body=body))
    page = fetch_page(client, fakeweb.url("/koi8"), options)
    assert page.encoding == "koi8-r" and RU in page.text()


def test_wrong_declared_charset_is_ignored(fakeweb: FakeWeb, client: httpx.Client,
                                           options: FetchOptions) -> None:
    body = (SITE_ROOT / "articles" / "ru-bolnica-cp1251.html").read_bytes()
    fakeweb.route("/liar", Reply(headers={"Content-Type": "text/html; charset=utf-8"}, body=body))
    page = fetch_page(client, fakeweb.url("/liar"), options)
    assert page.encoding == "cp1251"


@pytest.mark.parametrize(("head", "expected"), [
    ('<meta charset="windows-1251">', "cp1251"),
    ("<meta charset=koi8-r>", "koi8-r"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', "cp1251"),
    ('<meta content="text/html; charset=iso-8859-5" http-equiv="Content-Type">', "iso8859-5"),
])
def test_meta_declarations(head: str, expected: str) -> None:
    body = f"<html><head>{head}</head><body><p>{RU}</p></body></html>".encode(expected)
    assert detect_encoding(body, "text/html") == expected


def test_xml_declaration() -> None:
    body = f'<?xml version="1.0" encoding="windows-1251"?><rss><title>{RU}</title></rss>'
    assert detect_encoding(body.encode("cp1251"), "application/rss+xml") == "cp1251"


def test_boms() -> None:
    assert detect_encoding(b"\xef\xbb\xbf<p>x</p>", "text/html; charset=latin-1") == "utf-8-sig"
    assert detect_encoding("<p>x</p>".encode("utf-16"), "text/html") == "utf-16"


def test_defaults() -> None:
    assert detect_encoding(RU.encode("utf-8"), "") == "utf-8"
    assert detect_encoding(b"plain ascii", "text/plain") == "utf-8"
    assert detect_encoding(b"", "text/html") is None
    assert detect_encoding(b"\x89PNG\r\n\x1a\n", "image/png") is None


def test_unknown_declared_charset_falls_through() -> None:
    assert declared_charset("text/html; charset=x-made-up") is None
    assert declared_charset('text/html; charset="UTF-8"') == "utf-8"
    assert detect_encoding(RU.encode(), "text/html; charset=x-made-up") == "utf-8"


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/html"])
def test_one_invalid_byte_in_a_utf8_page_is_replaced_not_a_reason_to_guess(
    content_type: str
) -> None:
    page = ("<html><head><title>Новости</title></head><body>"
            + f"<p>{RU}</p>" * 40 + "</body></html>").encode()
    broken = page[:500] + b"\xff" + page[500:]
    assert detect_encoding(broken, content_type) == "utf-8"
    assert RU in broken.decode("utf-8", errors="replace")


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/html"])
def test_a_few_latin1_bytes_in_a_utf8_page_leave_it_utf8(content_type: str) -> None:
    """A page that is UTF-8 but for a few words pasted in Latin-1 (4 of 100 umlauts, as on a
    real page): a replacement character each, not every other umlaut garbled."""
    good = "<p>Die Tierschützer wählen am Sonntag für die Vögel. Grüße!</p>" * 16
    body = good.encode() + "<p>Mitgefühl wählen!</p>".encode("latin-1")
    assert detect_encoding(body, content_type) == "utf-8"
    text = body.decode("utf-8", errors="replace")
    assert "Tierschützer" in text and text.count("\ufffd") == 2


def test_a_latin1_page_with_a_few_accents_is_still_detected() -> None:
    # Invalid UTF-8 and no valid multi-byte character at all: not "mostly UTF-8".
    body = ("<p>" + "The café reopened on Tuesday after the repairs were finished. " * 30
            + "</p>").encode("latin-1")
    assert detect_encoding(body, "text/html") != "utf-8"
    assert detect_encoding(body, "text/html; charset=utf-8") != "utf-8"


def test_mostly_invalid_utf8_is_not_utf8() -> None:
    body = f"<p>{RU}</p>".encode("cp1251") + "<p>один</p>".encode()
    assert detect_encoding(body, "text/html; charset=utf-8") != "utf-8"
