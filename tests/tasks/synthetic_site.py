"""A synthetic news site for pipeline runs of any size: one RSS feed listing ``count`` English
articles, each a distinct story (its own numbers and names, so no two share a content hash),
served by the ``fakeweb`` server. ``bench/scale.py`` uses it too."""

from __future__ import annotations

import random
from datetime import datetime

from fakeweb import FakeWeb, Reply

__all__ = ["serve_corpus", "article_html", "story_title", "PLACES", "SUBJECTS"]

PLACES = ("Northport", "Westmere", "Harborview", "Lakeside", "Eastbrook", "Millford",
          "Stonebridge", "Ashdale", "Riverton", "Kingsmouth")
SUBJECTS = ("council", "hospital", "railway", "library", "harbour", "university", "museum",
            "water board", "fire service", "school district")
_SENTENCES = (
    "The {subject} in {place} announced on {day} that it would spend {money} million pounds on "
    "the project, {pct} percent more than planned last year.",
    "Officials said the work would begin in {month} and take about {weeks} weeks, with most of "
    "the disruption expected at night.",
    "Residents of {place} told reporters they had waited {years} years for the decision and "
    "hoped the schedule would hold this time.",
    "A spokesperson for the {subject} said {people} people had answered the public "
    "consultation, the largest response it has ever received.",
    "Opposition members asked why the cost had risen and called for an independent review "
    "before any contract worth more than {money} million is signed.",
    "Local businesses expect about {people} extra visitors a week once the work is finished, "
    "according to a survey published on {day}.",
    "The regional government has promised to cover {pct} percent of the bill, provided the "
    "{subject} publishes a full account every {weeks} weeks.",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_MONTHS = ("March", "April", "May", "June", "September", "October")


def _story(index: int) -> tuple[str, list[str]]:
    rng = random.Random(index)
    place, subject = PLACES[index % len(PLACES)], SUBJECTS[(index // 10) % len(SUBJECTS)]
    facts = {"place": place, "subject": subject, "day": rng.choice(_DAYS),
             "month": rng.choice(_MONTHS), "money": 10 + index, "pct": 5 + index % 40,
             "weeks": 6 + index % 30, "years": 2 + index % 9, "people": 1000 + 37 * index}
    title = f"{place} {subject} approves plan number {index} worth {facts['money']} million"
    paragraphs = []
    for p in range(4):
        picked = rng.sample(_SENTENCES, 3)
        paragraphs.append(" ".join(s.format(**facts) for s in picked) + f" (Report {index}.{p})")
    return title, paragraphs


def story_title(index: int) -> str:
    """The headline of story ``index``, as its page carries it."""
    return _story(index)[0]


def article_html(index: int, *, published: datetime | None = None) -> bytes:
    """Story ``index``'s page; dated a fixed day in November 2026 unless ``published`` says
    when (the freshness benchmark dates each story the moment it publishes it)."""
    title, paragraphs = _story(index)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    moment = (published.isoformat(timespec="seconds") if published is not None
              else f"2026-11-2{index % 7}T08:00:00+00:00")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:title" content="{title}"><meta property="og:type" '
            f'content="article"><meta property="article:published_time" '
            f'content="{moment}"></head><body><header><a href="/">'
            f'Synthetic Herald</a></header><main><article><h1>{title}</h1>{body}</article>'
            f"</main><footer>Synthetic Herald, written for tests.</footer></body></html>"
            ).encode()


def _feed(base: str, prefix: str, numbers: range) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>{base}{prefix}/a/{i}.html</link>"
        f"<pubDate>Mon, 23 Nov 2026 10:{i % 60:02d}:00 GMT</pubDate></item>"
        for i in numbers)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Synthetic Herald</title><link>{base}{prefix}/</link><description>tests"
            f"</description>{items}</channel></rss>").encode()


def serve_corpus(web: FakeWeb, count: int, *, prefix: str = "/corpus", first: int = 0,
                 delay_s: float = 0.0) -> str:
    """Route the feed and its ``count`` articles (stories ``first`` onwards) on ``web``;
    returns the feed's URL.

    ``delay_s`` slows every article response (a slow upstream: time to kill a worker)."""
    numbers = range(first, first + count)
    web.route(f"{prefix}/feed.xml", body=_feed(web.base_url, prefix, numbers),
              headers={"Content-Type": "application/rss+xml; charset=utf-8"})
    html = {f"{prefix}/a/{i}.html": article_html(i) for i in numbers}
    for path, body in html.items():
        web.route(path, Reply(body=body, delay=delay_s,
                              headers={"Content-Type": "text/html; charset=utf-8"}))
    return web.url(f"{prefix}/feed.xml")
