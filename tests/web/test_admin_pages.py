"""The console's pages render with real data and their actions work: the dashboard's charts and
tables, review (list, filters, side by side, release, re-translate), the glossary, users and
the audit log."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from console import PASSWORD, Browser, Clock, add_user, make_console_app
from harness import NOW
from starlette.applications import Starlette

from bbabo.config import Settings
from bbabo.model import (
    ExtractedArticle,
    FeedEntry,
    LanguageGuess,
    NameSpelling,
    QAFlag,
    TranslatedText,
)
from bbabo.store import Store

NUMBERS = QAFlag(check="numbers", paragraph=0, detail="missing 2,4; found instead 2.4")
REPEATED = QAFlag(check="repetition", paragraph=1, detail="'w Moskwie' repeated 3 times")


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW + timedelta(minutes=30))


@pytest.fixture
def app(settings: Settings, store: Store, clock: Clock) -> Starlette:
    return make_console_app(settings, store, clock)


@pytest.fixture
def admin(app: Starlette, store: Store) -> Browser:
    add_user(store, "ann", "admin")
    browser = Browser(app)
    assert browser.sign_in("ann").status_code == 303
    return browser


def _article(store: Store, title: str, lang: str, age: timedelta, paragraphs: tuple[str, ...],
             source_id: int) -> int:
    url = f"https://example.org/{lang}/{abs(hash(title))}"
    return store.articles.save(
        ExtractedArticle(url=url, canonical_url=url, title=title, paragraphs=paragraphs,
                         published_at=NOW - age),
        language=LanguageGuess(lang=lang, confidence=0.99, method="test"),
        source_id=source_id, section="news", urls=[url], now=NOW - age).article_id


def _translate(store: Store, article_id: int, lang: str, title: str,
               paragraphs: tuple[str, ...], age: timedelta, qa: tuple[QAFlag, ...] = (),
               hold: bool = False) -> None:
    store.translations.save(article_id, TranslatedText(
        source_lang="ru", target_lang=lang, title=title, paragraphs=paragraphs, engine="fake",
        model="fake-1", qa=qa), now=NOW - age, hold=hold)


@pytest.fixture
def week(store: Store) -> dict[str, int]:
    """Articles and translations spread over the last days, some flagged, one held."""
    # Subscribed a month ago: freshness counts only stories published since subscribing.
    source = store.sources.add(url="https://lenta.example/rss", name="Lenta",
                               now=NOW - timedelta(days=30))
    ids: dict[str, int] = {}
    for hours in (1, 1, 5, 30, 100):
        _article(store, f"Новость {hours} {len(ids)}", "ru", timedelta(hours=hours),
                 ("Абзац.",), source.id)
        ids[f"ru{len(ids)}"] = 0
    budget = _article(store, "Бюджет", "ru", timedelta(hours=2),
                      ("Бюджет 2,4 трлн.", "В Москве в Москве."), source.id)
    _translate(store, budget, "pl", "Budżet", ("Budżet 2.4 bln.", "w Moskwie w Moskwie "
                                               "w Moskwie."), timedelta(hours=1),
               qa=(NUMBERS, REPEATED))
    _translate(store, budget, "en", "Budget", ("Budget 2.4 trillion.", "In Moscow."),
               timedelta(hours=3), qa=(NUMBERS,))
    older = _article(store, "Старое", "ru", timedelta(hours=50), ("Один.",), source.id)
    _translate(store, older, "en", "Old one", ("One.",), timedelta(hours=49),
               qa=(QAFlag(check="length", paragraph=0, detail="3 characters for 5"),),
               hold=True)
    english = _article(store, "Harbour bridge", "en", timedelta(hours=4), ("Open.",),
                       source.id)
    _translate(store, english, "pl", "Most", ("Otwarty.",), timedelta(hours=4))
    store.pages.enqueue(source.id, [FeedEntry(url="https://lenta.example/gone")], now=NOW)
    store.pages.mark_failed("https://lenta.example/gone", code="fetch.not_found",
                            message="404", permanent=True, now=NOW)
    store.sources.record_failure(source.id, code="fetch.timeout", message="timed out",
                                 next_check_at=NOW)
    return {"budget": budget, "older": older, "english": english}


def _svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", html, re.S)]


def test_the_dashboard_draws_a_week_as_charts_with_the_numbers_as_tables(
        admin: Browser, week: dict[str, int]) -> None:
    page = admin.get("/admin/")
    assert page.status_code == 200
    svgs = _svgs(page.text)  # well-formed SVG, drawn on the server
    assert len(svgs) >= 4
    ns = "{http://www.w3.org/2000/svg}"
    assert all(svg.get("role") == "img" and svg.find(f"{ns}title") is not None
               and svg.find(f"{ns}desc") is not None for svg in svgs)
    stored = next(svg for svg in svgs if svg.find(f"{ns}title").text ==  # type: ignore[union-attr]
                  "Articles stored per hour, by language")
    desc = stored.find(f"{ns}desc").text or ""  # type: ignore[union-attr]
    # 5 + 1 + 1 Russian articles and one English one in the week, by language.
    assert desc.startswith("8 articles") and "ru 7" in desc and "en 1" in desc
    bars = [rect.find(f"{ns}title").text for rect in stored.iter(f"{ns}rect")]  # type: ignore[union-attr]
    assert "10 Jan 13:00 UTC · ru: 2 articles" in bars  # two stored in the same hour
    # The same numbers as a table: the hour with two Russian articles.
    assert re.search(r"<th scope=\"row\">2024-01-10 13:00</th><td>2</td>", page.text)
    translated = re.search(r"Translations made per hour.*?</figure>", page.text, re.S)
    assert translated and "pl: 1" in translated.group(0)
    assert "fetch.timeout" in page.text  # a failing source, by code
    failed = re.search(r"Pages that failed.*?</figure>", page.text, re.S)
    assert failed and re.search(r"fetch.not_found</th><td>1</td>", failed.group(0))
    flags = re.search(r"QA flags raised, by check.*?</figure>", page.text, re.S)
    assert flags and re.search(r"numbers</th><td>2</td>", flags.group(0))
    assert '<meta http-equiv="refresh" content="30">' in page.text
    assert "Translations held back</th><td>1</td>" in page.text


def test_the_dashboard_json_is_the_status_report_with_its_history(
        admin: Browser, week: dict[str, int]) -> None:
    data = admin.get("/admin/dashboard.json").json()
    assert data["qa"] == {"flagged": 2, "held": 1}
    history = data["history"]
    assert sum(history["articles_per_hour"]["ru"].values()) == 7
    assert history["qa_flags"] == {"numbers": 2, "repetition": 1, "length": 1}
    assert history["source_failures"] == {"fetch.timeout": 1}


def test_review_lists_flagged_translations_newest_first_with_filters(
        admin: Browser, week: dict[str, int]) -> None:
    page = admin.get("/admin/review").text
    titles = re.findall(r'<a href="/admin/review/\d+/\w+">([^<]+)</a>', page)
    assert titles == ["Budżet", "Budget", "Old one"]  # made 1 h, 3 h and 49 h ago
    assert "held" in page.split("Old one")[1].split("</tr>")[0]
    only_en = admin.get("/admin/review?lang=en").text
    assert re.findall(r'<a href="/admin/review/\d+/\w+">([^<]+)</a>', only_en) == [
        "Budget", "Old one"]
    repetition = admin.get("/admin/review?check=repetition").text
    assert re.findall(r'<a href="/admin/review/\d+/\w+">([^<]+)</a>', repetition) == [
        "Budżet"]
    assert "Nothing to review with these filters" in admin.get(
        "/admin/review?lang=uk").text
    # Any translation can be opened and corrected, flagged or not.
    every = admin.get("/admin/review?all=1").text
    assert re.findall(r'<a href="/admin/review/\d+/\w+">([^<]+)</a>', every) == [
        "Budżet", "Budget", "Most", "Old one"]


def test_review_shows_source_and_translation_side_by_side_with_the_spots_marked(
        admin: Browser, week: dict[str, int]) -> None:
    page = admin.get(f"/admin/review/{week['budget']}/pl").text
    rows = re.findall(r"<tr class=\"flagged\">(.*?)</tr>", page, re.S)
    assert len(rows) == 2  # paragraphs 1 and 2 carry flags; the title does not
    assert "Бюджет <mark>2,4</mark> трлн." in rows[0]
    assert "Budżet <mark>2.4</mark> bln." in rows[0]
    assert "missing 2,4; found instead 2.4" in rows[0]
    assert rows[1].count("<mark>w Moskwie</mark>") == 3
    assert 'name="paragraph"' in page and page.count("<textarea") == 2


def test_an_unknown_translation_is_one_clear_message(admin: Browser) -> None:
    answer = admin.get("/admin/review/999/pl")
    assert answer.status_code == 400
    assert "article 999 has no translation into pl" in answer.text


def test_release_publishes_a_held_translation(admin: Browser, store: Store,
                                              week: dict[str, int]) -> None:
    path = f"/admin/review/{week['older']}/en"
    answer = admin.post(path + "/release", data={"csrf_token": admin.csrf(path)})
    assert answer.status_code == 303
    assert store.translations.count_held() == 0
    assert "en" in store.articles.get(week["older"]).translations
    assert "Released" in admin.get(answer.headers["location"]).text
    assert [e.action for e in store.audit.recent()][0] == "translation.release"


def test_retranslate_drops_the_machine_translation_for_the_next_pass(
        admin: Browser, store: Store, week: dict[str, int]) -> None:
    path = f"/admin/review/{week['budget']}/en"
    answer = admin.post(path + "/retranslate", data={"csrf_token": admin.csrf(path)})
    assert answer.status_code == 303
    assert "en" not in store.articles.get(week["budget"]).translations
    pending = store.translations.pending(["en"], limit=10)
    assert week["budget"] in [p.article_id for p in pending]


def test_a_bad_edit_is_refused_with_a_message_and_nothing_changes(
        admin: Browser, store: Store, week: dict[str, int]) -> None:
    path = f"/admin/review/{week['budget']}/pl"
    token = admin.csrf(path)
    one_paragraph = admin.post(path + "/edit", data={"csrf_token": token, "title": "Budżet",
                                                     "paragraph": ["Tylko jeden."]})
    assert one_paragraph.status_code == 400
    assert "expected 2 paragraphs, got 1" in one_paragraph.text
    empty = admin.post(path + "/edit", data={"csrf_token": token, "title": " ",
                                             "paragraph": ["a", "b"]})
    assert empty.status_code == 400
    assert store.articles.get(week["budget"]).translations["pl"].title == "Budżet"


def test_the_glossary_adds_changes_pins_and_removes_names(
        admin: Browser, store: Store, week: dict[str, int]) -> None:
    store.names.record("pl", [NameSpelling(source="Токаев", spelling="Tokajew")], now=NOW)
    page = admin.get("/admin/glossary").text
    assert "Tokajew" in page and "Pin" in page
    token = admin.csrf("/admin/glossary")
    assert admin.post("/admin/glossary/pin", data={"csrf_token": token, "source": "Токаев",
                                                   "lang": "pl"}).status_code == 303
    assert store.glossary.for_language("pl") == {"Токаев": "Tokajew"}
    assert admin.post("/admin/glossary", data={"csrf_token": token, "source": "Москва",
                                               "lang": "pl", "target": "Moskwa"}
                      ).status_code == 303
    assert admin.post("/admin/glossary", data={"csrf_token": token, "source": "Москва",
                                               "lang": "pl", "target": "Moskwę"}
                      ).status_code == 303
    assert store.glossary.for_language("pl")["Москва"] == "Moskwę"
    assert admin.post("/admin/glossary/remove", data={"csrf_token": token,
                                                      "source": "Москва", "lang": "pl"}
                      ).status_code == 303
    assert "Москва" not in store.glossary.for_language("pl")
    missing = admin.post("/admin/glossary/remove", data={"csrf_token": token,
                                                         "source": "Nobody", "lang": "pl"})
    assert missing.status_code == 400 and "no glossary term" in missing.text
    actions = [e.action for e in store.audit.recent()]
    assert actions[:4] == ["glossary.remove", "glossary.set", "glossary.set", "glossary.pin"]


def test_pinning_from_the_console_respells_published_translations(
        admin: Browser, store: Store, week: dict[str, int]) -> None:
    store.names.record("pl", [NameSpelling(source="Москва", spelling="Moskwa")], now=NOW)
    token = admin.csrf("/admin/glossary")
    answer = admin.post("/admin/glossary", data={"csrf_token": token, "source": "Москва",
                                                 "lang": "pl", "target": "Moskwy"})
    assert answer.status_code == 303
    text = store.articles.get(week["budget"]).translations["pl"].paragraphs[1]
    assert "Moskwie" not in text and "Moskwy" in text
    history = store.revisions.history(store.review.text(week["budget"], "pl")  # type: ignore[arg-type, union-attr]
                                      .translation_id)
    assert [(r.kind, r.editor) for r in history] == [("respell", "ann")]


def test_users_are_added_and_removed_with_clear_refusals(admin: Browser,
                                                         store: Store) -> None:
    token = admin.csrf("/admin/users")
    form = {"csrf_token": token, "username": "Zoe", "role": "editor", "password": PASSWORD,
            "confirm": PASSWORD}
    assert admin.post("/admin/users", data=form).status_code == 303
    assert store.users.get("zoe") is not None and store.users.get("zoe").role == "editor"  # type: ignore[union-attr]
    again = admin.post("/admin/users", data=form)
    assert again.status_code == 400 and "exists already" in again.text
    short = admin.post("/admin/users", data={**form, "username": "yan", "password": "short",
                                             "confirm": "short"})
    assert short.status_code == 400 and "at least 10 characters" in short.text
    differ = admin.post("/admin/users", data={**form, "username": "yan", "confirm": "x" * 12})
    assert differ.status_code == 400 and "differ" in differ.text
    assert admin.post("/admin/users/ann/remove", data={"csrf_token": token}).status_code == 400
    assert admin.post("/admin/users/zoe/remove", data={"csrf_token": token}).status_code == 303
    assert store.users.get("zoe") is None
    assert "zoe" not in admin.get("/admin/users").text


def test_the_audit_log_shows_who_did_what_on_what(admin: Browser, store: Store,
                                                  week: dict[str, int]) -> None:
    path = f"/admin/review/{week['older']}/en"
    admin.post(path + "/release", data={"csrf_token": admin.csrf(path)})
    page = admin.get("/admin/audit").text
    rows = re.findall(r"<tr>\s*<td>([^<]+)</td>\s*<td><a[^>]*>([^<]+)</a></td>\s*"
                      r"<td><code>([^<]+)</code></td>\s*<td>([^<]*)</td>", page)
    assert rows[0][1:] == ("ann", "translation.release", f"article {week['older']} → en")
    assert rows[-1][1:3] == ("-", "sign-in")
    assert "ann" in admin.get("/admin/audit?user=ann").text


def test_the_dashboard_charts_freshness_from_the_status_builder(
        admin: Browser, week: dict[str, int]) -> None:
    page = admin.get("/admin/").text
    figure = re.search(r'<figure class="chart" aria-labelledby="freshness-caption">.*?</figure>',
                       page, re.S)
    assert figure, "no freshness chart"
    report = admin.get("/admin/dashboard.json").json()["freshness"]["1d"]["published"]
    assert set(report) >= {"pl", "en"}
    # Each language the status builder measured is a row, with its count of versions.
    for lang, numbers in report.items():
        assert re.search(rf'<th scope="row">{lang}</th>(<td>[^<]*</td>){{2}}<td>\d+</td>'
                         rf"(<td>[^<]*</td>){{2}}<td>{numbers['count']}</td>", figure.group(0))
    svg = _svgs(figure.group(0))[0]
    ns = "{http://www.w3.org/2000/svg}"
    assert "median" in (svg.find(f"{ns}desc").text or "")  # type: ignore[union-attr]
