"""The console in a real browser (Debian's headless chromium): an editor signs in through the
form, opens a flagged translation from the review list, corrects it by hand, and the public
page shows the correction as corrected by the editors. On the way, every console page loads
without a console complaint (a CSP refusal would show) at phone and desktop widths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import CHROMIUM, Page, chromium, serve_in_thread
from console import PASSWORD, Clock, add_user, make_console_app
from harness import Seeder

from bbabo.config import Settings
from bbabo.model import QAFlag
from bbabo.store import Store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run)"),
    pytest.mark.timeout(90),
]


def _submit(page: Page, script: str) -> None:
    """Run ``script`` (which submits a form) and wait for the page it leads to."""
    page.events.clear()
    page.evaluate(script)
    page.wait_for("Page.loadEventFired")


def _fill(selector: str, value: str) -> str:
    return f"document.querySelector({json.dumps(selector)}).value = {json.dumps(value)};"


def test_an_editor_signs_in_corrects_a_flagged_translation_and_readers_see_it(
        settings: Settings, store: Store, seed: Seeder, tmp_path: Path) -> None:
    story = seed.article("Дума приняла бюджет", paragraphs=(
        "Бюджет составит 2,4 трлн рублей.", "Депутаты проголосовали в среду."))
    seed.translation(story, "en", "Duma passes the budget", paragraphs=(
        "The budget will be 24 trillion roubles.", "MPs voted on Wednesday."),
        qa=(QAFlag(check="numbers", paragraph=0, detail="missing 2,4; found instead 24"),))
    add_user(store, "eddie", "editor")
    app = make_console_app(settings, store, Clock())
    with serve_in_thread(app) as base, chromium(tmp_path / "profile") as page:
        page.load(base + "/admin/", 1280)
        assert page.evaluate("location.pathname") == "/admin/login"
        _submit(page, _fill("input[name=username]", "eddie")
                + _fill("input[name=password]", PASSWORD)
                + "document.querySelector('form.stacked').submit();")
        assert page.evaluate("location.pathname") == "/admin/"
        assert page.evaluate("document.getElementById('ingested-title').textContent") == (
            "Articles stored per hour, by language")
        assert page.evaluate("document.querySelector('#ingested-title').closest('svg')"
                             ".getBoundingClientRect().width") > 600
        assert page.problems() == []

        page.load(base + "/admin/review", 1280)
        link = page.evaluate("document.querySelector('table.list a').getAttribute('href')")
        assert link == f"/admin/review/{story}/en"
        page.load(base + link, 1280)
        assert page.problems() == []
        assert page.evaluate("document.querySelectorAll('tr.flagged mark').length") >= 1
        page.screenshot(tmp_path / "review.png")
        _submit(page, _fill("form.edit input[name=title]", "Duma passes the 2027 budget")
                + "document.querySelectorAll('form.edit textarea')[0].value = "
                  "'The budget will be 2.4 trillion roubles.';"
                + "document.querySelector('form.edit').submit();")
        assert page.evaluate("location.search") == "?done=edited"
        assert "corrected by hand by eddie" in page.evaluate("document.body.innerText")

        page.load(base + f"/en/news/{story}", 1280)  # redirected to the new slug
        assert page.evaluate("location.pathname") == (
            f"/en/news/{story}-duma-passes-the-2027-budget")
        text = page.evaluate("document.body.innerText")
        assert "The budget will be 2.4 trillion roubles." in text
        assert "Machine translation from Russian, corrected by the editors." in text
        assert page.evaluate("document.querySelector('.qa-warning')") is None
        assert page.evaluate("document.querySelector('meta[name=robots]')") is None
        assert page.problems() == []
        page.screenshot(tmp_path / "public.png")


def test_every_console_page_loads_cleanly_at_phone_and_desktop_widths(
        settings: Settings, store: Store, seed: Seeder, tmp_path: Path) -> None:
    story = seed.article("Новость", paragraphs=("Один.",))
    seed.translation(story, "en", "News", paragraphs=("One.",),
                     qa=(QAFlag(check="length", paragraph=0, detail="too short"),))
    add_user(store, "ann", "admin")
    app = make_console_app(settings, store, Clock())
    pages = ["/admin/", "/admin/review", f"/admin/review/{story}/en", "/admin/glossary",
             "/admin/sources", "/admin/users", "/admin/audit", "/admin/login"]
    with serve_in_thread(app) as base, chromium(tmp_path / "profile") as page:
        page.load(base + "/admin/login", 1280)
        _submit(page, _fill("input[name=username]", "ann") + _fill("input[name=password]",
                                                                   PASSWORD)
                + "document.querySelector('form.stacked').submit();")
        for path in pages:
            for width in (390, 1280):
                page.load(base + path, width)
                assert page.problems() == [], f"{path} at {width}px"
                assert page.evaluate("document.styleSheets.length") == 2, path
                assert page.evaluate(
                    "document.documentElement.scrollWidth <= window.innerWidth"), \
                    f"{path} scrolls sideways at {width}px"
