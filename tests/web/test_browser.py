"""The site in a real browser: Debian's headless chromium loads the home, article, section
and search pages at phone and desktop widths, reports nothing on its console (a CSP refusal,
a missing stylesheet or a script error would show there), needs no sideways scrolling, and
leaves screenshots in the test's directory."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from browser import CHROMIUM, chromium, serve_in_thread
from harness import NOW, Seeder
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from bbabo.config import Settings
from bbabo.store import Store
from bbabo.web.app import create_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run)"),
    pytest.mark.timeout(60),
]

WIDTHS = (390, 1280)


def _fill(seed: Seeder) -> dict[str, str]:
    long_title = "Путин встретится с Токаевым, чтобы обсудить " + "очень " * 12 + "важные вещи"
    story = seed.article(long_title, paragraphs=(
        "Президент Казахстана прибыл в Москву. " * 20, "Встреча назначена на 10 января."))
    seed.translation(story, "en", "Putin to meet Tokayev to discuss very important things",
                     paragraphs=("The president of Kazakhstan arrived in Moscow. " * 20,
                                 "They meet on 10 January."))
    for n in range(12):
        seed.article(f"Match report {n}: a long headline that has to wrap on a phone screen",
                     lang="en", section="sport", source="Sport Daily",
                     age=timedelta(minutes=n + 1))
    seed.article("العنوان", lang="ar", paragraphs=("نص المقال.",))
    return {
        "home": "/en/",
        "article": f"/en/news/{story}-putin-to-meet-tokayev-to-discuss-very-important-things",
        "original": f"/ru/news/{story}",
        "section": "/en/sport/",
        "search": "/en/search?q=moscow",
        "rtl": "/ar/",
    }


def test_pages_load_cleanly_at_phone_and_desktop_widths(
        settings: Settings, store: Store, seed: Seeder, tmp_path: Path) -> None:
    pages = _fill(seed)
    app = create_app(settings, store, clock=lambda: NOW)
    with serve_in_thread(app) as base, chromium(tmp_path / "profile") as page:
        for name, path in pages.items():
            for width in WIDTHS:
                page.load(base + path, width)
                assert page.problems() == [], f"{name} at {width}px"
                assert page.evaluate("document.styleSheets.length") == 1, "stylesheet applied"
                assert page.evaluate(
                    "document.documentElement.scrollWidth <= window.innerWidth"), \
                    f"{name} scrolls sideways at {width}px"
                page.screenshot(tmp_path / f"{name}-{width}.png")
        page.load(base + pages["search"], 1280)
        assert page.evaluate("document.querySelectorAll('mark').length") >= 1
        assert page.evaluate("document.documentElement.dir") == "ltr"
        page.load(base + pages["rtl"], 390)
        assert page.evaluate("document.documentElement.dir") == "rtl"
    shots = sorted(tmp_path.glob("*.png"))
    assert len(shots) == len(pages) * len(WIDTHS)
    assert all(shot.stat().st_size > 2000 for shot in shots)


def test_the_console_check_sees_what_it_must_catch(tmp_path: Path) -> None:
    # An inline script the CSP refuses, a stylesheet that is missing, and a console error.
    async def page(request: Request) -> Response:
        body = ('<!doctype html><html><head><link rel="stylesheet" href="/missing.css">'
                '<script>console.error("boom")</script></head><body>x</body></html>')
        return HTMLResponse(body, headers={"Content-Security-Policy": "default-src 'self'"})

    app = Starlette(routes=[Route("/", page)])
    with serve_in_thread(app) as base, chromium(tmp_path / "profile") as browser:
        browser.load(base + "/", 390)
        problems = " | ".join(browser.problems())
    assert "Content Security Policy" in problems
    assert "404" in problems
