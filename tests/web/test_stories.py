"""Stories on the site: the story page (title and lead in the reader's language, every report
linked in it or in its original), its redirects and 404s, its JSON twin and feeds; listings
with one entry per story; "other coverage" on article pages; the page cache refreshing when
stories change."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from harness import NOW, Client, Seeder
from starlette.applications import Starlette

from bbabo.config import Settings
from bbabo.store import Store
from bbabo.web.app import create_app

EN_LEAD = "A magnitude 5.9 quake struck eastern Turkey on Monday. Three people died."
RU_LEAD = "В понедельник на востоке Турции произошло землетрясение. Погибли трое."


@pytest.fixture
def quake(seed: Seeder) -> dict[str, int]:
    """A story of three reports: English (first, the representative), Russian translated into
    English and Polish, Polish untranslated; and an unrelated article in no story."""
    ids = {
        "en": seed.article("Quake hits eastern Turkey", lang="en", source="Global Desk",
                           paragraphs=(EN_LEAD, "More."), age=timedelta(hours=3),
                           section="world"),
        "ru": seed.article("Землетрясение в Турции", source="Лента", paragraphs=(RU_LEAD,),
                           age=timedelta(hours=2), section="world"),
        "pl": seed.article("Trzęsienie ziemi w Turcji", lang="pl", source="Gazeta",
                           paragraphs=("Zginęły trzy osoby. Więcej.",), age=timedelta(hours=1),
                           section="world"),
        "alone": seed.article("Budget passed", lang="en", source="Global Desk",
                              paragraphs=("The budget passed. MPs voted.",), section="world"),
    }
    seed.translation(ids["ru"], "en", "Earthquake in Turkey",
                     paragraphs=("An earthquake struck eastern Turkey on Monday.",))
    seed.translation(ids["ru"], "pl", "Trzęsienie ziemi w Turcji (ru)",
                     paragraphs=("W poniedziałek trzęsienie ziemi.",))
    ids["story"] = seed.story([ids["en"], ids["ru"], ids["pl"]])
    return ids


def test_the_story_page_lists_every_report_in_the_reader_s_language(
        client: Client, quake: dict[str, int]) -> None:
    story = quake["story"]
    response = client.get(f"/en/story/{story}-quake-hits-eastern-turkey")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Quake hits eastern Turkey</h1>" in html
    assert '<p class="lead">A magnitude 5.9 quake struck eastern Turkey on Monday.</p>' in html
    assert "3 reports in 3 languages" in html
    assert '<meta name="description" content="A magnitude 5.9 quake struck' in html
    assert f'<link rel="canonical" href="http://testserver/en/story/{story}-quake-hits-eastern' \
        in html
    reports = re.findall(r'<li class="report">(.*?)</li>', html, re.DOTALL)
    assert len(reports) == 3  # oldest first
    # Written in English; translated into English; only in Polish (linked in Polish, so
    # marked as Polish text for screen readers and search engines).
    assert (f'<a href="/en/world/{quake["en"]}-quake-hits-eastern-turkey" hreflang="en">'
            "Quake hits eastern Turkey</a>") in reports[0]
    assert '<a class="outlet" href="/en/source/1">Global Desk</a>' in reports[0]
    assert '<span class="language">English</span>' in reports[0]
    assert '<time datetime="2024-01-10T11:05:00Z">' in reports[0]
    assert (f'<a href="/en/world/{quake["ru"]}-earthquake-in-turkey" hreflang="en">'
            "Earthquake in Turkey</a>") in reports[1]
    assert '<span class="language">Russian</span>' in reports[1]
    assert (f'<a href="/pl/world/{quake["pl"]}-trzesienie-ziemi-w-turcji" hreflang="pl" '
            'lang="pl">Trzęsienie ziemi w Turcji</a>') in reports[2]
    assert '<span class="language">Polish</span>' in reports[2]
    # Its own feeds are advertised, and the other languages' versions of the page.
    assert f'href="/en/story/{story}/atom.xml"' in html
    assert (f'<link rel="alternate" hreflang="ru" '
            f'href="http://testserver/ru/story/{story}-zemletryasenie-v-turtsii">') in html


def test_the_story_page_in_another_language(client: Client, quake: dict[str, int]) -> None:
    story = quake["story"]
    html = client.get(f"/ru/story/{story}-zemletryasenie-v-turtsii").text
    assert "<h1>Землетрясение в Турции</h1>" in html  # the report written in Russian
    assert f'<p class="lead">{RU_LEAD.split(". ")[0]}.</p>' in html
    assert "3 публикации на 3 языках" in html
    # The English report has no Russian version: linked in English, and marked so.
    assert (f'<a href="/en/world/{quake["en"]}-quake-hits-eastern-turkey" hreflang="en" '
            'lang="en">Quake hits eastern Turkey</a>') in html
    assert '<span class="language">английский</span>' in html


@pytest.mark.parametrize("ref", ["{id}", "{id}-old-title", "{id}-QUAKE-hits-eastern-turkey"])
def test_a_stale_slug_redirects_to_the_current_one(client: Client, quake: dict[str, int],
                                                   ref: str) -> None:
    story = quake["story"]
    response = client.get(f"/en/story/{ref.format(id=story)}")
    assert response.status_code == 301
    assert response.headers["location"] == f"/en/story/{story}-quake-hits-eastern-turkey"
    twin = client.get(f"/en/story/{ref.format(id=story)}.json")
    assert twin.status_code == 301
    assert twin.headers["location"] == f"/en/story/{story}-quake-hits-eastern-turkey.json"


def test_a_merged_story_redirects_to_the_one_it_was_merged_into(
        client: Client, seed: Seeder, quake: dict[str, int]) -> None:
    later = seed.article("Aftershocks in Turkey", lang="en", paragraphs=("Aftershocks hit.",))
    absorbed = seed.story([later])
    seed.merge(absorbed, into=quake["story"])
    response = client.get(f"/en/story/{absorbed}-aftershocks-in-turkey")
    assert response.status_code == 301
    assert response.headers["location"] == (
        f"/en/story/{quake['story']}-quake-hits-eastern-turkey")
    html = client.get(response.headers["location"]).text
    assert "Aftershocks in Turkey" in html and "4 reports in 3 languages" in html


@pytest.mark.parametrize("path", ["/en/story/999-nothing", "/en/story/abc",
                                  "/en/story/99999999999999999999", "/xx/story/1",
                                  "/en/story/999/feed.xml"])
def test_unknown_stories_are_404(client: Client, quake: dict[str, int], path: str) -> None:
    assert client.get(path).status_code == 404


def test_the_json_twin_carries_the_page_s_data(client: Client, quake: dict[str, int]) -> None:
    story = quake["story"]
    response = client.get(f"/en/story/{story}-quake-hits-eastern-turkey.json")
    assert response.status_code == 200
    data = response.json()
    assert data["lang"] == "en"
    assert data["url"] == f"http://testserver/en/story/{story}-quake-hits-eastern-turkey"
    assert data["story"]["title"] == "Quake hits eastern Turkey"
    assert data["story"]["coverage"] == "3 reports in 3 languages"
    assert [r["original_language"] for r in data["story"]["reports"]] == ["en", "ru", "pl"]
    assert data["story"]["reports"][2]["href"] == (
        f"/pl/world/{quake['pl']}-trzesienie-ziemi-w-turcji")
    assert {a["lang"] for a in data["alternates"]} == {"en", "pl", "ru", "uk", "ar"}


def test_the_story_feeds_carry_its_reports(client: Client, quake: dict[str, int]) -> None:
    story = quake["story"]
    atom = client.get(f"/en/story/{story}/atom.xml")
    assert atom.status_code == 200 and atom.headers["content-type"].startswith(
        "application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(atom.content)
    assert root.findtext("a:title", namespaces=ns) == "Bbabo NET · Quake hits eastern Turkey"
    # Newest first; each in English where it can be read in English, else its original.
    titles = [entry.findtext("a:title", namespaces=ns) for entry in root.findall("a:entry", ns)]
    assert titles == ["Trzęsienie ziemi w Turcji", "Earthquake in Turkey",
                      "Quake hits eastern Turkey"]
    links = [entry.find("a:link", ns).get("hreflang")  # type: ignore[union-attr]
             for entry in root.findall("a:entry", ns)]
    assert links == ["pl", "en", "en"]
    rss = client.get(f"/en/story/{story}/feed.xml")
    assert rss.status_code == 200 and b"<rss" in rss.content
    feed = client.get(f"/en/story/{story}/feed.json").json()
    assert [item["language"] for item in feed["items"]] == ["pl", "en", "en"]


def test_home_and_section_pages_show_one_entry_per_story(
        client: Client, quake: dict[str, int]) -> None:
    story = quake["story"]
    for path in ("/en/", "/en/world/"):
        html = client.get(path).text
        cards = re.findall(r'<li class="card">(.*?)</li>', html, re.DOTALL)
        # The article in no story, then the story: its newest report readable in English
        # stands for it, and its other report readable in English is not listed again.
        assert len(cards) == 2, path
        story_card = cards[1]
        href = f"/en/story/{story}-quake-hits-eastern-turkey"
        assert f'<h2><a href="{href}">Quake hits eastern Turkey</a></h2>' in story_card
        assert ('<p class="lead">A magnitude 5.9 quake struck eastern Turkey on Monday.</p>'
                in story_card)
        assert f'<a href="{href}">3 reports in 3 languages</a>' in story_card
        assert f'href="/en/world/{quake["alone"]}-budget-passed">Budget passed</a>' in cards[0]
        assert 'class="lead"' not in cards[0]


def test_the_listing_json_twin_tells_which_entries_are_stories(
        client: Client, quake: dict[str, int]) -> None:
    cards = client.get("/en/index.json").json()["cards"]
    assert [card["more"] for card in cards] == [None, "3 reports in 3 languages"]
    assert cards[1]["more_href"] == f"/en/story/{quake['story']}-quake-hits-eastern-turkey"


def test_a_listing_in_polish_counts_in_polish(client: Client, quake: dict[str, int]) -> None:
    html = client.get("/pl/").text
    assert "3 relacje w 3 językach" in html


def test_an_article_page_shows_the_other_coverage_of_its_story(
        client: Client, quake: dict[str, int]) -> None:
    story = quake["story"]
    html = client.get(f"/en/world/{quake['ru']}-earthquake-in-turkey").text
    block = re.search(r'<section class="coverage".*?</section>', html, re.DOTALL)
    assert block is not None
    coverage = block.group(0)
    assert '<h2 id="other-coverage">Other coverage</h2>' in coverage
    assert (f'<a href="/en/world/{quake["en"]}-quake-hits-eastern-turkey" hreflang="en">'
            "Quake hits eastern Turkey</a>") in coverage
    assert "Global Desk · English" in coverage
    assert (f'<a href="/pl/world/{quake["pl"]}-trzesienie-ziemi-w-turcji" hreflang="pl" '
            'lang="pl">') in coverage and "Gazeta · Polish" in coverage
    assert "Earthquake in Turkey</a>" not in coverage  # not the page's own article
    assert f'<a href="/en/story/{story}-quake-hits-eastern-turkey">All coverage' in coverage
    # None for an article in no story.
    alone = client.get(f"/en/world/{quake['alone']}-budget-passed").text
    assert 'class="coverage"' not in alone
    twin = client.get(f"/en/world/{quake['ru']}-earthquake-in-turkey.json").json()
    assert [r["article_id"] for r in twin["coverage"]["reports"]] == [quake["en"], quake["pl"]]


def test_cached_pages_refresh_when_stories_change(settings: Settings, store: Store,
                                                  seed: Seeder) -> None:
    first = seed.article("Quake hits Turkey", lang="en", paragraphs=("A quake struck.",))
    second = seed.article("Turkey quake toll rises", lang="en", paragraphs=("Toll rises.",),
                          age=timedelta(minutes=5))
    app: Starlette = create_app(settings, store, clock=lambda: NOW, data_check_every=0.0)
    client = Client(app)
    before = client.get("/en/").text
    assert "reports in" not in before and "report in" not in before
    version = store.changes.data_version()
    seed.story([first, second])
    assert store.changes.data_version() > version
    after = client.get("/en/").text
    assert "2 reports in 1 language" in after


def test_the_home_page_s_section_blocks_show_one_line_per_story(
        client: Client, seed: Seeder, quake: dict[str, int]) -> None:
    other = seed.article("Cup final tonight", lang="en", section="sport",
                         paragraphs=("The final is tonight.",))
    html = client.get("/en/").text
    blocks = dict(re.findall(r'<h2 class="block-title"><a href="/en/([a-z]+)/">.*?</h2>(.*?)'
                             r"</section>", html, re.DOTALL))
    assert set(blocks) == {"world", "sport"}
    world = re.findall(r"<li>(.*?)</li>", blocks["world"], re.DOTALL)
    href = f"/en/story/{quake['story']}-quake-hits-eastern-turkey"
    # The lone article, then the story once (its two reports readable in English are one line).
    assert len(world) == 2
    assert f'href="/en/world/{quake["alone"]}-budget-passed"' in world[0]
    assert f'<a href="{href}">Quake hits eastern Turkey</a>' in world[1]
    assert "· 3 reports in 3 languages" in world[1]
    assert f'href="/en/sport/{other}-cup-final-tonight"' in blocks["sport"]
    twin = client.get("/en/index.json").json()
    world_cards = next(b["cards"] for b in twin["blocks"] if b["href"] == "/en/world/")
    assert [card["more_href"] for card in world_cards] == [None, href]


def test_listing_pages_show_each_story_once_however_its_reports_fall(
        monkeypatch: pytest.MonkeyPatch, client: Client, seed: Seeder) -> None:
    """Ten stories whose three reports each are spread over hours, among lone articles: on
    pages of four entries, each story shows once, at its newest report, and nothing is
    skipped, on the home page and the section page alike."""
    import bbabo.web.routes.home as home
    import bbabo.web.routes.sections as sections
    monkeypatch.setattr(home, "PAGE_SIZE", 4)
    monkeypatch.setattr(sections, "PAGE_SIZE", 4)
    stories: list[int] = []
    lone: list[int] = []
    for n in range(10):
        reports = [seed.article(f"Event {n} report {k}", lang="en", section="world",
                                paragraphs=(f"Event {n} happened.",),
                                age=timedelta(hours=n + 4 * k)) for k in range(3)]
        stories.append(seed.story(reports))
        if n % 2:
            lone.append(seed.article(f"Lone {n}", lang="en", section="world",
                                     paragraphs=("Alone.",), age=timedelta(hours=n + 0.5)))
    for path in ("/en/", "/en/world/"):
        entries: list[str] = []
        page: str | None = path
        pages = 0
        while page is not None:
            twin = client.get(page + "index.json").json()
            entries += [card["more_href"] or card["href"] for card in twin["cards"]]
            page = twin["pager"]["older_href"]
            pages += 1
        assert pages == 4, path
        assert len(entries) == len(set(entries)) == len(stories) + len(lone), path
        assert {e.split("/")[3].split("-")[0] for e in entries if "/story/" in e} == {
            str(s) for s in stories}
        # Newest first: event 0's newest report is the newest of all, lone 1 falls after
        # event 1 and before event 2.
        assert entries[0].startswith(f"/en/story/{stories[0]}-")
        assert entries[2].endswith(f"/{lone[0]}-lone-1")


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
              "x": "http://www.w3.org/1999/xhtml"}
TARGETS = ("en", "pl", "ru", "uk", "ar")


def _locations(body: bytes, path: str) -> list[str | None]:
    return [e.text for e in ET.fromstring(body).findall(path, SITEMAP_NS)]


def test_story_pages_are_in_a_sitemap_per_language_with_their_alternates(
        client: Client, seed: Seeder, quake: dict[str, int]) -> None:
    story = quake["story"]
    # A story of one report (its page repeats the article's) and one merged away: not listed.
    seed.story([seed.article("Budget vote", lang="en", paragraphs=("A vote.",))])
    absorbed = seed.story([seed.article("Aftershocks", lang="en", paragraphs=("Shocks.",))])
    seed.merge(absorbed, into=story)
    index = client.get("/sitemap.xml").content
    locations = _locations(index, "s:sitemap/s:loc")
    assert [loc for loc in locations if loc and "/story/" in loc] == [
        f"http://testserver/sitemaps/story/{code}.xml" for code in TARGETS]
    assert locations[-1] == "http://testserver/sitemaps/news.xml"
    response = client.get("/sitemaps/story/en.xml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    urls = ET.fromstring(response.content).findall("s:url", SITEMAP_NS)
    assert [u.findtext("s:loc", namespaces=SITEMAP_NS) for u in urls] == [
        f"http://testserver/en/story/{story}-quake-hits-eastern-turkey"]
    # lastmod: when its newest report came out (the merged-in one, published at NOW).
    assert urls[0].findtext("s:lastmod", namespaces=SITEMAP_NS) == "2024-01-10T14:05:00Z"
    alternates = [(link.get("hreflang"), link.get("href"))
                  for link in urls[0].findall("x:link", SITEMAP_NS)]
    # Every target language, each with the slug of its own title, as the page links them.
    page = client.get(f"/en/story/{story}-quake-hits-eastern-turkey").text
    for code, href in alternates:
        assert f'<link rel="alternate" hreflang="{code}" href="{href}">' in page, code
    assert [code for code, _ in alternates] == [*TARGETS, "x-default"]
    assert dict(alternates)["pl"] == (
        f"http://testserver/pl/story/{story}-trzesienie-ziemi-w-turcji")
    polish = client.get("/sitemaps/story/pl.xml").content
    assert _locations(polish, "s:url/s:loc") == [dict(alternates)["pl"]]


def test_story_sitemaps_are_paged(monkeypatch: pytest.MonkeyPatch, client: Client,
                                  seed: Seeder, quake: dict[str, int]) -> None:
    import bbabo.web.routes.crawlers as crawlers
    monkeypatch.setattr(crawlers, "SITEMAP_SIZE", 1)
    second = seed.story([seed.article("Flood in Spain", lang="en", paragraphs=("Water.",)),
                         seed.article("Inundación", lang="es", paragraphs=("Agua.",))])
    locations = _locations(client.get("/sitemap.xml").content, "s:sitemap/s:loc")
    assert "http://testserver/sitemaps/story/uk/2.xml" in locations
    assert "http://testserver/sitemaps/story/uk/3.xml" not in locations
    page = client.get("/sitemaps/story/en/2.xml")
    assert _locations(page.content, "s:url/s:loc") == [
        f"http://testserver/en/story/{second}-flood-in-spain"]


@pytest.mark.parametrize("path", ["/sitemaps/story/kk.xml", "/sitemaps/story/xx.xml",
                                  "/sitemaps/story/en/2.xml", "/sitemaps/story/en/0.xml",
                                  "/sitemaps/story/en/x.xml"])
def test_unknown_story_sitemaps_are_404(client: Client, quake: dict[str, int],
                                        path: str) -> None:
    assert client.get(path).status_code == 404
