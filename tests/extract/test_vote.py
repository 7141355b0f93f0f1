"""The second extractor's vote (``extract/vote.py``): a prose paragraph trafilatura kept and
Resiliparse's main-content reading lacks is dropped, only when the two readings agree on the
page, and never a heading, list item or table row."""

from __future__ import annotations

from datetime import UTC, datetime

from bbabo.extract import extract_article
from bbabo.extract.body import Block
from bbabo.extract.vote import SecondReading, drop_unconfirmed, second_reading
from bbabo.model import FetchedPage

URL = "https://news.example/2026/12/bridge"
P1 = ("The city council approved the reconstruction of the old harbour bridge on Tuesday, "
      "after two years of debate about its cost and about the traffic during the works.")
P2 = ("Engineers expect the first lane to reopen in the spring, and the mayor promised that "
      "ferries would run every twenty minutes until then, paid for by the city.")
P3 = ("Shops along the quay fear a quiet winter, but the harbour master said the works would "
      "keep the fishing boats' moorings open all year.")
SIGNUP = ("Get the best of our reporting delivered to your inbox every weekday morning, free of "
          "charge, with no spam ever.")


def _page(html: str) -> FetchedPage:
    return FetchedPage(url=URL, final_url=URL, status=200, content_type="text/html",
                       encoding="utf-8", body=html.encode(), fetched_at=datetime.now(UTC))


def test_a_prose_paragraph_the_second_reading_lacks_is_dropped() -> None:
    second = SecondReading("\n".join([P1, P2, P3]))
    blocks = [Block(P1, True), Block(SIGNUP, True), Block(P2, True), Block(P3, True)]
    assert drop_unconfirmed(blocks, second) == [blocks[0], blocks[2], blocks[3]]


def test_no_vote_when_the_readings_disagree_on_the_page() -> None:
    # Resiliparse read another part of the page: its silence about a paragraph means nothing.
    second = SecondReading(P1 + "\n" + SIGNUP)
    blocks = [Block(P1, True), Block(P2, True), Block(P3, True)]
    assert drop_unconfirmed(blocks, second) == blocks


def test_headings_items_and_rows_are_not_voted_on() -> None:
    second = SecondReading("\n".join([P1, P2, P3]))
    blocks = [Block(P1, True), Block("What the works change", False),
              Block("Ferries every twenty minutes from the old quay", False),
              Block(P2, True), Block(P3, True)]
    assert drop_unconfirmed(blocks, second) == blocks


def test_paragraphs_are_compared_by_words_not_by_layout() -> None:
    # Another split into lines, other case and punctuation: the same paragraph.
    second = SecondReading(P1.upper().replace(", ", "\n") + "\n" + P2)
    assert second.support(P1) == 1.0
    assert second.support("No such sentence appears anywhere in it.") == 0.0
    # Fewer than three words: counted only when they appear whole.
    assert second.support("old harbour") == 1.0
    assert second.support("new harbour") == 0.0


def test_chinese_japanese_and_korean_count_each_character_as_a_word() -> None:
    # No spaces between words: one run of characters would be one "word" and never match.
    second = SecondReading("市议会周二批准了重建旧港口大桥的计划。"
                           "工程师预计春天重新开放第一条车道。")
    assert second.support("市议会周二批准了重建旧港口大桥的计划。") == 1.0
    assert second.support("订阅我们的新闻简报，每天早上免费收到最好的报道。") < 0.5


def test_no_second_reading_keeps_the_blocks() -> None:
    blocks = [Block(P1, True), Block(SIGNUP, True)]
    assert second_reading("") is None
    assert drop_unconfirmed(blocks, None) == blocks


def test_extraction_drops_a_signup_box_trafilatura_keeps() -> None:
    html = ("<html><head><title>Bridge vote</title></head><body><main><h1>Bridge vote</h1>"
            f"<div class='story'><p>{P1} {P1}</p><p>{P2} {P2}</p>"
            f"<div class='signup'><p>{SIGNUP}</p></div><p>{P3}</p></div></main></body></html>")
    paragraphs = extract_article(_page(html)).paragraphs
    assert not any("inbox" in p for p in paragraphs)
    assert any(P3 in p for p in paragraphs)
    assert any(P2 in p for p in paragraphs)


def test_a_second_reading_inside_trafilatura_s_counts_as_agreement() -> None:
    # Resiliparse found the article; trafilatura found the article and a block of teasers.
    teasers = [Block(f"Teaser number {n}: the story of another town and its quarrel over a "
                     f"{kind} that nobody wanted to pay for, told in full on another page.", True)
               for n, kind in enumerate(("ferry", "tunnel", "tram line", "car park"))]
    blocks = [Block(P1, True), Block(P2, True), *teasers]
    assert drop_unconfirmed(blocks, SecondReading(P1 + "\n" + P2)) == blocks[:2]


def test_a_small_part_of_the_page_is_no_agreement() -> None:
    # One paragraph of four (a caption, a quote) is too little to speak for the rest.
    blocks = [Block(P1, True), Block(P2, True), Block(P3, True), Block(SIGNUP, True)]
    assert drop_unconfirmed(blocks, SecondReading(P2)) == blocks
