"""News-site chrome around a generated article page, so benchmark pages weigh what real ones do.

The quality-corpus layouts hold the article area and the boilerplate inside it, ~4 KB and ~70
elements per page. Real news article pages carry a site around that: a mega menu, a ticker,
"most read" and "more from this section" rails of teaser cards, ad slots, a footer of link
columns, inline styles, scripts and application state. HTTP Archive's March 2023 crawl of the
news sites Wikipedia lists put the median page at ~1,600-1,700 elements (mobile 1,621, desktop
1,714; briangrinstead.com/blog/httparchive-analysis-of-news-homepages); ``wrap`` brings a page
to about that, ~110-130 KB, in the page's own language. Class names are a mix: some that bbabo's
boilerplate pass knows (``related``, ``most-read``, ``ad``), most that it does not.
"""

from __future__ import annotations

import html
import json
import random

__all__ = ["wrap"]

e = html.escape

_SECTIONS = 12
_LINKS_PER_SECTION = 24
_CARDS = 40
_RAIL_ITEMS = 20
_FOOTER_COLUMNS = 6
_FOOTER_LINKS = 28


def _phrase(words: list[str], rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(low, high)))


def _icon(rng: random.Random) -> str:
    paths = "".join(f'<path d="M{rng.randint(0, 24)} {rng.randint(0, 24)}h4v4h-4z"></path>'
                    for _ in range(3))
    return f'<svg class="icon" viewBox="0 0 24 24" aria-hidden="true">{paths}</svg>'


def _head_extra(title: str, words: list[str], rng: random.Random) -> str:
    metas = "".join(f'<meta name="x-{n}" content="{e(_phrase(words, rng, 2, 5))}">'
                    for n in range(8))
    rules = "".join(f".c{n}{{margin:{n % 7}px;padding:{n % 5}px;color:#{n * 4099 % 0xFFFFFF:06x};"
                    f"font:{12 + n % 6}px/1.4 sans-serif}}" for n in range(300))
    state = json.dumps({"page": {"title": title, "tags": [_phrase(words, rng, 1, 2)
                                                          for _ in range(20)]},
                        "feed": [{"id": n, "t": _phrase(words, rng, 4, 9), "u": f"/n/{n}"}
                                 for n in range(120)]}, ensure_ascii=False)
    analytics = ";".join(f"window.dl.push({{event:'e{n}',v:{n}}})" for n in range(150))
    # Sites with this much chrome declare the headline for social cards (their <title> also
    # names the site).
    headline = html.unescape(title).rsplit(" — ", 1)[0]
    return (f'<meta name="viewport" content="width=device-width,initial-scale=1">{metas}'
            f'<meta property="og:title" content="{e(headline)}">'
            '<meta property="og:type" content="article"><meta name="twitter:card" '
            'content="summary_large_image">'
            '<link rel="preload" href="/static/app.js" as="script">'
            '<link rel="stylesheet" href="/static/site.css">'
            f"<style>{rules}</style>"
            f"<script>window.dl=window.dl||[];{analytics}</script>"
            f'<script id="state" type="application/json">{e(state, quote=False)}</script>')


def _header(words: list[str], rng: random.Random) -> str:
    sections = []
    for s in range(_SECTIONS):
        links = "".join(f'<li class="menu__item"><a class="menu__link" href="/s{s}/{n}/">'
                        f"{e(_phrase(words, rng, 1, 3))}</a></li>"
                        for n in range(_LINKS_PER_SECTION))
        sections.append(f'<li class="menu__section"><a href="/s{s}/">'
                        f"{e(_phrase(words, rng, 1, 2))}</a>"
                        f'<div class="menu__panel"><ul class="menu__list">{links}</ul></div></li>')
    ticker = "".join(f'<li><a href="/live/{n}">{e(_phrase(words, rng, 5, 9))}</a></li>'
                     for n in range(12))
    top = "".join(f'<a class="topbar__link" href="/t/{n}">{e(_phrase(words, rng, 1, 2))}</a>'
                  for n in range(8))
    return (f'<div class="topbar">{top}<button class="btn-login">{_icon(rng)}</button></div>'
            f'<header class="site-header"><a class="brand" href="/">{_icon(rng)}</a>'
            f'<nav class="menu" aria-label="main"><ul class="menu__sections">{"".join(sections)}'
            '</ul></nav><form class="search" action="/search"><input name="q" type="search">'
            f'<button type="submit">{_icon(rng)}</button></form></header>'
            f'<div class="ticker"><ul>{ticker}</ul></div>'
            '<div class="ad ad--leaderboard"><div class="ad__slot" data-slot="top"></div></div>')


def _card(words: list[str], rng: random.Random, n: int) -> str:
    return (f'<div class="card"><a class="card__link" href="/story/{n}">'
            f'<figure class="card__media"><img src="/img/{n}.jpg" alt="" loading="lazy">'
            f'</figure><div class="card__body"><h3 class="card__title">'
            f"{e(_phrase(words, rng, 5, 10))}</h3><p class=\"card__teaser\">"
            f"{e(_phrase(words, rng, 12, 22))}</p></div></a>"
            f'<time class="card__time">{rng.randint(1, 23)} h</time></div>')


def _after(words: list[str], rng: random.Random) -> str:
    rail = "".join(f'<li class="rail__item"><a href="/top/{n}"><span class="rail__rank">{n + 1}'
                   f"</span><img src=\"/img/t{n}.jpg\" alt=\"\"><span>"
                   f"{e(_phrase(words, rng, 5, 9))}</span></a></li>" for n in range(_RAIL_ITEMS))
    cards = "".join(_card(words, rng, n) for n in range(_CARDS))
    columns = []
    for c in range(_FOOTER_COLUMNS):
        links = "".join(f'<li><a href="/f{c}/{n}">{e(_phrase(words, rng, 1, 3))}</a></li>'
                        for n in range(_FOOTER_LINKS))
        columns.append(f'<div class="footer__col"><h4>{e(_phrase(words, rng, 1, 2))}</h4>'
                       f"<ul>{links}</ul></div>")
    social = "".join(f'<a class="social__link" href="/s/{n}">{_icon(rng)}</a>' for n in range(5))
    tail = ";".join(f"(function(){{var s{n}=document.createElement('script');s{n}.src="
                    f"'/static/chunk{n}.js';document.head.appendChild(s{n})}})()"
                    for n in range(60))
    return (f'<aside class="rail most-read"><h2>{e(_phrase(words, rng, 1, 2))}</h2>'
            f'<ol class="rail__list">{rail}</ol>'
            '<div class="ad ad--mpu"><div class="ad__slot" data-slot="mpu"></div></div></aside>'
            f'<section class="more-from-section"><h2>{e(_phrase(words, rng, 2, 3))}</h2>'
            f'<div class="grid">{cards}</div></section>'
            f'<footer class="site-footer"><div class="footer__cols">{"".join(columns)}</div>'
            f'<div class="social">{social}</div><p class="legal">'
            f"{e(_phrase(words, rng, 25, 40))}</p></footer>"
            f"<script>{tail}</script>")


def wrap(page: str, words: list[str], rng: random.Random) -> str:
    """``page`` (a whole document) with a news site's chrome around its body."""
    title_at = page.find("<title>")
    title = page[title_at + 7:page.find("</title>", title_at)] if title_at != -1 else ""
    head_end = page.find("</head>")
    body_at = page.find(">", page.find("<body")) + 1
    body_end = page.rfind("</body>")
    if head_end == -1 or body_at == 0 or body_end == -1:
        raise ValueError("wrap needs a document with <head> and <body>")
    return (page[:head_end] + _head_extra(title, words, rng) + page[head_end:body_at]
            + _header(words, rng) + page[body_at:body_end] + _after(words, rng)
            + page[body_end:])
