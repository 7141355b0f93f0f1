"""Boilerplate inside the article area is removed before extraction, never the article."""

from __future__ import annotations

import lxml.html

from bbabo.extract.sanitize import is_ad_label, strip_boilerplate

TEXT = "A sentence of the article that carries its actual news content. " * 8


def _page(inner: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><body><article>{inner}</article></body></html>")


def test_promos_read_also_and_comments_go() -> None:
    root = _page(f'<p>{TEXT}</p><div class="promo big">Subscribe now</div>'
                 '<p class="also">Read also: <a href="/x">Other story</a></p>'
                 f'<section id="comments"><p>Great article!</p></section><p>{TEXT}</p>')
    assert strip_boilerplate(root) == 3
    text = root.text_content()
    assert "Subscribe" not in text and "Other story" not in text and "Great" not in text
    assert text.count("actual news") == 16


def test_whole_tokens_only_and_never_the_article() -> None:
    root = _page(f'<div class="promotion-story"><p>{TEXT}</p></div>'
                 f'<div class="comments-enabled"><p>{TEXT}</p></div>')
    assert strip_boilerplate(root) == 0
    # A site that calls its article container "related" keeps its article.
    odd = lxml.html.document_fromstring(f'<html><body><div class="related"><p>{TEXT}</p>'
                                        '</div><div class="share">Share</div></body></html>')
    assert strip_boilerplate(odd) == 1 and "actual news" in odd.text_content()
    nested = _page(f'<p>{TEXT}</p><div class="social"><div class="share">x</div></div>')
    assert strip_boilerplate(nested) == 1


def test_ad_labels() -> None:
    assert is_ad_label("Реклама") and is_ad_label(" Advertisement: ") and is_ad_label("ANZEIGE")
    assert not is_ad_label("Advertisement spending rose by a third")
