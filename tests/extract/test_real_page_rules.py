"""The rules bbabo adds to trafilatura, each found missing or wrong on real pages
(``bench/extraction.py``): the lead outside the article container, same-site teaser links
between paragraphs, bare date and credit lines, a Blogger post wrapped in ``class="widget"``,
and the article test that looks at text outside links rather than at paragraph tags."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from bbabo.errors import NotAnArticle
from bbabo.extract import extract_article
from bbabo.extract.body import Block
from bbabo.extract.teasers import drop_teasers, page_links
from bbabo.model import FetchedPage

URL = "https://news.example/2026/12/bridge"
P1 = ("The city council approved the reconstruction of the old harbour bridge on Tuesday, "
      "after two years of debate about its cost and about the traffic during the works. ")
P2 = ("Engineers expect the first lane to reopen in the spring, and the mayor promised that "
      "ferries would run every twenty minutes until then, paid for by the city. ")
LEAD = ("Two years of debate end with a vote: the harbour bridge will be rebuilt, and ferries "
        "will carry commuters across the river while it is closed.")


def _extract(body: str, head: str = "") -> list[str]:
    html = (f"<html><head><title>Bridge vote</title>{head}</head><body>{body}</body></html>")
    page = FetchedPage(url=URL, final_url=URL, status=200, content_type="text/html",
                       encoding="utf-8", body=html.encode(), fetched_at=datetime.now(UTC))
    return list(extract_article(page).paragraphs)


def _article(*paragraphs: str, header: str = "") -> str:
    return ("<nav><a href='/'>Home</a> <a href='/city/'>City</a></nav><main>"
            f"<header><h1>Bridge vote</h1>{header}</header><article>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></main>")


def test_the_lead_matching_the_page_description_comes_first() -> None:
    head = f'<meta property="og:description" content="{LEAD[:90]}…">'
    header = f'<div class="hero"><div class="hero__text">{LEAD}</div></div>'
    paragraphs = _extract(_article(P1 * 2, P2 * 2, header=header), head)
    assert paragraphs[0] == LEAD
    assert sum(LEAD in p for p in paragraphs) == 1


def test_a_lead_named_as_such_before_the_body_comes_first() -> None:
    paragraphs = _extract(_article(P1 * 2, P2 * 2, header=f'<p class="article-lead">{LEAD}</p>'))
    assert paragraphs[0] == LEAD


def test_a_teaser_elsewhere_on_the_page_is_no_lead() -> None:
    teaser = f'<aside><div class="teaser">{LEAD}</div></aside>'
    paragraphs = _extract(teaser + _article(P1 * 2, P2 * 2))
    assert LEAD not in paragraphs


def test_a_lead_already_in_the_body_is_not_repeated() -> None:
    head = f'<meta name="description" content="{LEAD}">'
    paragraphs = _extract(_article(LEAD, P1 * 2, P2 * 2), head)
    assert paragraphs.count(LEAD) == 1


def test_a_summary_that_is_the_whole_text_again_is_no_lead() -> None:
    # Some shop blogs put the whole post in og:description; the post's title comes first
    # in the element that holds it, so the body does not start the way the summary does.
    text = " ".join([P1 * 4, P2 * 4])
    head = f'<meta property="og:description" content="Bridge vote {text}">'
    body = (f'<main><article><div class="post"><h1>Bridge vote</h1>\n<p>{P1 * 4}</p>\n'
            f"<p>{P2 * 4}</p></div></article></main>")
    paragraphs = _extract(body, head)
    assert sum(len(p) for p in paragraphs) < 1.2 * len(text)


def test_same_site_teaser_links_go() -> None:
    teaser = ('Read also: <a href="/2026/11/ferry-timetable">Ferry timetable changes for the '
              "winter months</a>")
    paragraphs = _extract(_article(P1 * 2, teaser, P2 * 2))
    assert not any("Ferry timetable" in p for p in paragraphs)
    assert len(paragraphs) == 2


def test_links_to_other_sites_are_no_teasers() -> None:
    html = ('<p><a href="/2026/11/ferry">Ferry timetable changes for the winter</a></p>'
            '<p><a href="https://council.example.org/minutes">Minutes of the council meeting'
            "</a></p>")
    links = page_links(lxml.html.fromstring(html), URL)
    blocks = [Block("Read also: Ferry timetable changes for the winter", prose=True),
              Block("Source: Minutes of the council meeting", prose=True),
              Block(P1, prose=True)]
    assert drop_teasers(blocks, links) == blocks[1:]


def test_a_table_of_contents_links_to_the_page_itself_not_to_teasers() -> None:
    heading = "What does the bridge vote mean for commuters?"
    html = (f'<ul class="toc"><li><a href="{URL}#commuters">{heading}</a></li></ul>'
            f'<li><a href="/2026/12/bridge?ref=toc#costs">Costs of the new harbour bridge</a>'
            "</li>")
    links = page_links(lxml.html.fromstring(html), URL)
    blocks = [Block(heading, prose=False), Block(P1, prose=True),
              Block("Costs of the new harbour bridge", prose=False)]
    assert drop_teasers(blocks, links) == blocks


def test_a_sentence_with_a_link_in_it_stays() -> None:
    inline = (P1 + 'The <a href="/2026/11/ferry-timetable">new ferry timetable</a> starts '
              "on Monday.")
    paragraphs = _extract(_article(inline, P2 * 2))
    assert any("new ferry timetable starts on Monday" in p for p in paragraphs)


def test_bare_dates_and_credit_lines_go() -> None:
    paragraphs = _extract(_article("23.10.2018", P1 * 2, "© Jan Nowak / Agencja Gazeta",
                                   P2 * 2, "3:59 PM"))
    assert paragraphs == [(P1 * 2).strip(), (P2 * 2).strip()]


def test_a_post_wrapped_in_a_widget_container_is_kept() -> None:
    # Blogger wraps the post itself in class="widget Blog"; its sidebar widgets are links.
    sidebar = "".join(f'<div class="widget"><h2>Archive {n}</h2><ul>'
                      + "".join(f'<li><a href="/{n}/{i}">Older post number {i}</a></li>'
                                for i in range(20)) + "</ul></div>" for n in range(6))
    body = (f'<div class="widget Blog" id="Blog1"><h3>Bridge vote</h3>'
            f'<div class="post-body"><p>{P1 * 2}</p><p>{P2 * 2}</p></div></div>{sidebar}')
    paragraphs = _extract(body)
    assert any(P1.strip() in p for p in paragraphs)
    assert any(P2.strip() in p for p in paragraphs)


def test_a_results_table_is_an_article() -> None:
    rows = "".join(f"<tr><td>{n}.</td><td>Runner number {n}, LG Staufen</td><td>12.{n:02d} s"
                   "</td></tr>" for n in range(1, 30))
    paragraphs = _extract(f"<main><h1>Bridge vote</h1><table>{rows}</table></main>")
    assert any("Runner number 7, LG Staufen" in p for p in paragraphs)


@pytest.mark.parametrize("items", [10, 60])
def test_a_list_of_headlines_is_no_article(items: int) -> None:
    links = "".join(f'<li><a href="/2026/12/{n}">Headline of a story about the harbour number '
                    f"{n}</a> <span>{n} h</span></li>" for n in range(items))
    with pytest.raises(NotAnArticle):
        _extract(f"<main><h1>City</h1><ul>{links}</ul></main>")


def test_a_link_to_another_article_of_the_same_script_is_a_teaser() -> None:
    # Sites that key articles by query: "news.php?id=457" is not the page "news.php?id=123".
    page = "https://news.example/news.php?id=123"
    teaser = "Mayor opens new bridge over the river"
    html = f'<p><a href="/news.php?id=457">{teaser}</a></p>'
    links = page_links(lxml.html.fromstring(html), page)
    blocks = [Block(P1, prose=True), Block(teaser, prose=True)]
    assert drop_teasers(blocks, links) == blocks[:1]
