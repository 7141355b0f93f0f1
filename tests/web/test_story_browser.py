"""Stories in a real browser (Debian's headless chromium): a reader goes from the home page to
a story page, on to one of its reports, and from that article's "other coverage" to another
report; every page loads without a console complaint and without sideways scrolling, at phone
and desktop widths."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from browser import CHROMIUM, Page, chromium, serve_in_thread
from harness import NOW, Seeder

from bbabo.config import Settings
from bbabo.store import Store
from bbabo.web.app import create_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run)"),
    pytest.mark.timeout(90),
]

WIDTHS = (390, 1280)


def _fill(seed: Seeder) -> dict[str, int]:
    ids = {
        "en": seed.article("Volcano erupts in Iceland, forcing the evacuation of a fishing town",
                           lang="en", source="Global Desk", age=timedelta(hours=3),
                           paragraphs=("A volcano erupted near Grindavik on Monday night. "
                                       "The town of 3,800 was evacuated.", "More.")),
        "ru": seed.article("В Исландии началось извержение вулкана", source="Лента",
                           age=timedelta(hours=2),
                           paragraphs=("Вулкан начал извергаться у Гриндавика.",)),
        "pl": seed.article("Erupcja wulkanu na Islandii", lang="pl", source="Gazeta",
                           age=timedelta(hours=1),
                           paragraphs=("Wulkan wybuchł w pobliżu Grindaviku.",)),
    }
    seed.translation(ids["ru"], "en", "Volcanic eruption begins in Iceland",
                     paragraphs=("The volcano began erupting near Grindavik.",))
    ids["story"] = seed.story([ids["en"], ids["ru"], ids["pl"]])
    for n in range(5):
        seed.article(f"Match report {n}: a headline long enough to wrap on a phone", lang="en",
                     section="sport", source="Sport Daily", age=timedelta(minutes=n + 1))
    return ids


def _check(page: Page, base: str, path: str, name: str, tmp_path: Path) -> None:
    """The page at ``path`` loads cleanly at every width."""
    for width in WIDTHS:
        page.load(base + path, width)
        assert page.problems() == [], f"{name} at {width}px"
        assert page.evaluate("document.styleSheets.length") == 1, "stylesheet applied"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), \
            f"{name} scrolls sideways at {width}px"
        page.screenshot(tmp_path / f"{name}-{width}.png")


def _follow(page: Page, selector: str) -> str:
    """Click the first link ``selector`` finds, as a reader does; the path it led to."""
    page.events.clear()
    page.evaluate(f"document.querySelector({selector!r}).click()")
    page.wait_for("Page.loadEventFired")
    assert page.problems() == []
    return str(page.evaluate("location.pathname"))


def test_home_to_story_to_article_to_its_other_coverage(
        settings: Settings, store: Store, seed: Seeder, tmp_path: Path) -> None:
    ids = _fill(seed)
    app = create_app(settings, store, clock=lambda: NOW)
    with serve_in_thread(app) as base, chromium(tmp_path / "profile") as page:
        _check(page, base, "/en/", "home", tmp_path)
        more = page.evaluate("document.querySelector('.card .source a[href*=\"/story/\"]')"
                             ".textContent")
        assert more == "3 reports in 3 languages"

        story = _follow(page, '.card .source a[href*="/story/"]')
        assert story == f"/en/story/{ids['story']}-volcano-erupts-in-iceland-forcing-the-" \
            "evacuation-of-a-fishing-town"
        _check(page, base, story, "story", tmp_path)
        assert page.evaluate("document.querySelectorAll('.report').length") == 3
        assert page.evaluate("document.querySelector('h1').textContent").startswith("Volcano")

        # The Russian report, read in English.
        article = _follow(page, f'.report a[href^="/en/news/{ids["ru"]}-"]')
        assert article == f"/en/news/{ids['ru']}-volcanic-eruption-begins-in-iceland"
        _check(page, base, article, "article", tmp_path)
        assert page.evaluate("document.getElementById('other-coverage').textContent") == (
            "Other coverage")

        # Its other coverage: the Polish report has no English version, so it opens in Polish.
        other = _follow(page, '.coverage a[hreflang="pl"]')
        assert other == f"/pl/news/{ids['pl']}-erupcja-wulkanu-na-islandii"
        _check(page, base, other, "other", tmp_path)
        assert page.evaluate("document.documentElement.lang") == "pl"
        back = _follow(page, ".coverage .more a")
        assert back.startswith(f"/pl/story/{ids['story']}-")
    assert len(list(tmp_path.glob("*.png"))) == 4 * len(WIDTHS)
