"""Boilerplate inside the article area is recognised (and its blocks dropped from the
extracted body), never the article."""

from __future__ import annotations

import lxml.html

from bbabo.extract.sanitize import Boilerplate, boilerplate_elements, is_ad_label, is_stray_line

TEXT = "A sentence of the article that carries its actual news content. " * 8


def _page(inner: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><body><article>{inner}</article></body></html>")


def test_promos_read_also_and_comments_go() -> None:
    root = _page(f'<p>{TEXT}</p><div class="promo big">Subscribe now</div>'
                 '<p class="also">Read also: <a href="/x">Other story</a></p>'
                 f'<section id="comments"><p>Great article!</p></section><p>{TEXT}</p>')
    assert len(boilerplate_elements(root)) == 3
    boilerplate = Boilerplate(root)
    for text in ("Subscribe now", "Read also: Other story", "Other story", "Great article!"):
        assert boilerplate.holds(text)
    assert not boilerplate.holds(TEXT.strip())
    assert root.text_content().count("Subscribe") == 1  # the page is only read


def test_text_found_outside_boilerplate_too_is_no_boilerplate() -> None:
    quote = "Ferries will run every twenty minutes."
    root = _page(f'<p>{TEXT}</p><aside class="pullquote">{quote}</aside><p>{quote} {TEXT}</p>')
    assert len(boilerplate_elements(root)) == 1
    assert not Boilerplate(root).holds(quote)
    assert Boilerplate(_page(f'<p>{TEXT}</p><aside class="pullquote">{quote}</aside>')).holds(
        quote)


def test_whole_tokens_only_and_never_the_article() -> None:
    root = _page(f'<div class="promotion-story"><p>{TEXT}</p></div>'
                 f'<div class="comments-enabled"><p>{TEXT}</p></div>')
    assert boilerplate_elements(root) == []
    # A site that calls its article container "related" keeps its article.
    odd = lxml.html.document_fromstring(f'<html><body><div class="related"><p>{TEXT}</p>'
                                        '</div><div class="share">Share</div></body></html>')
    assert [e.get("class") for e in boilerplate_elements(odd)] == ["share"]
    nested = _page(f'<p>{TEXT}</p><div class="social"><div class="share">x</div></div>')
    assert [e.get("class") for e in boilerplate_elements(nested)] == ["social"]


def test_ad_labels() -> None:
    assert is_ad_label("Реклама") and is_ad_label(" Advertisement: ") and is_ad_label("ANZEIGE")
    assert not is_ad_label("Advertisement spending rose by a third")


def test_photo_credit_lines_are_stray_and_sentences_about_photos_are_not() -> None:
    for credit in ("Fot. Lukasz Nowaczyk / Agencja Gazeta", "Crédits photos : Bestimage",
                   "Photo: AP", "Foto: dpa", "Фото: РИА Новости", "Bild: Keystone"):
        assert is_stray_line(credit), credit
    for text in ("Photographers came from all over the country.",
                 "Fotos. Viele Bilder zeigen die Stadt.",
                 "Photo: " + "the harbour at dawn, as the first ferries leave " * 3):
        assert not is_stray_line(text), text


def test_filed_under_lines_are_stray() -> None:
    for line in ("Kategorie: News", "News date : 04/21/2022 Category : Press Releases",
                 "Tags: bridge, harbour, ferries", "Рубрика: Общество"):
        assert is_stray_line(line), line
    assert not is_stray_line("The council filed the plan under a new category: urgent works.")


def test_publisher_notices_are_stray() -> None:
    notice = ("Copyright 2024 Nexstar Media Inc. All rights reserved. This material may not be "
              "published, broadcast, rewritten, or redistributed.")
    assert len(notice) > 100 and is_stray_line(notice)
    assert is_stray_line("© 2023 The Financial Times Ltd. All rights reserved. Not to be "
                         "redistributed, copied, or modified in any way.")
    assert not is_stray_line("Copyright lawyers said the ruling would change how publishers "
                             "enforce their rights over archived articles. " * 2)
    assert not is_stray_line(notice + " " + TEXT)


def test_text_inside_an_iframe_is_not_the_page() -> None:
    # An unclosed <iframe> holds the rest of the markup as text (the parser reads it raw).
    root = lxml.html.document_fromstring(
        f'<html><body><article><p>{TEXT}</p><noscript><iframe src="/ns.html"></noscript>'
        '<script id="data" type="application/json">{"meta": {"blog": "x"}}</script>'
        "</body></html>")
    garbage = next(e for e in root.iter("iframe")).text_content().strip()
    assert garbage.startswith("</noscript>")
    boilerplate = Boilerplate(root)
    assert boilerplate.holds(garbage)
    assert not boilerplate.holds(TEXT.strip())


def test_an_iframe_inside_boilerplate_is_counted_once() -> None:
    # The share box's text_content() holds its iframe's text already: counted twice, a
    # paragraph of the article saying the same would pass for boilerplate.
    said = "The mayor opened the new bridge on Monday morning."
    others = "".join(f"<p>Paragraph {i} of the story, with enough words in it.</p>"
                     for i in range(20))
    root = lxml.html.fromstring(
        f"<html><body><article><p>{said}</p>{others}</article>"
        f'<div class="share"><iframe src="https://x.example/embed">{said}</iframe></div>'
        "</body></html>")
    assert not Boilerplate(root).holds(said)
