"""What the site reads of stories (SQLite and PostgreSQL): a story's title and lead in each
language, listings newest first, a story with its reports, merged stories resolved; stories
per day; the in-memory vector matrix."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
import sqlalchemy as sa

from bbabo.errors import RecordMissing
from bbabo.model import ExtractedArticle, LanguageGuess, TranslatedText
from bbabo.store import Absorbed, Membership, Store, StoryRecord, VectorMatrix

T0 = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)


def _article(store: Store, n: int, lang: str, title: str, lead: str, *, hours: float,
             source: int | None = None) -> int:
    article = ExtractedArticle(url=f"https://news.example/{n}",
                               canonical_url=f"https://news.example/{n}", title=title,
                               paragraphs=(lead, "More."), published_at=T0 + timedelta(hours=hours))
    return store.articles.save(article, language=LanguageGuess(lang=lang, confidence=1.0,
                                                                method="test"),
                               source_id=source, section="world", urls=[], now=T0).article_id


def _translate(store: Store, article_id: int, lang: str, title: str, lead: str) -> None:
    store.translations.save(article_id, TranslatedText(
        source_lang="xx", target_lang=lang, title=title, paragraphs=(lead,), engine="fake",
        model="fake-1"), now=T0)


def _story(store: Store, members: list[tuple[int, float | None]], *, representative: int,
           languages: tuple[str, ...], first: float, last: float) -> int:
    with store.transaction() as tx:
        story_id = tx.stories.open(first_seen_at=T0 + timedelta(hours=first), now=T0)
        tx.stories.record(
            [Membership(article_id=a, story_id=story_id, score=s) for a, s in members],
            [StoryRecord(id=story_id, representative_id=representative,
                         article_count=len(members), languages=languages,
                         first_seen_at=T0 + timedelta(hours=first),
                         last_seen_at=T0 + timedelta(hours=last))], [], now=T0)
    return story_id


@pytest.fixture
def quake(store: Store) -> tuple[int, dict[str, int]]:
    """A story of three reports: English (the representative), then Russian, then Polish;
    the English one translated into Spanish."""
    source = store.sources.add(url="https://news.example/feed", now=T0, name="Global Desk").id
    ids = {
        "en": _article(store, 1, "en", "Quake hits Malatya", "A magnitude 5.9 quake struck. "
                       "Three died.", hours=0, source=source),
        "ru": _article(store, 2, "ru", "Землетрясение в Малатье", "Произошло землетрясение. "
                       "Погибли трое.", hours=1),
        "pl": _article(store, 3, "pl", "Trzęsienie ziemi w Turcji", "Zginęły trzy osoby. Więcej.",
                       hours=2),
    }
    _translate(store, ids["en"], "es", "Terremoto en Malatya", "Un terremoto sacudió. Tres.")
    story = _story(store, [(ids["en"], None), (ids["ru"], 0.9), (ids["pl"], 0.8)],
                   representative=ids["en"], languages=("en", "pl", "ru"), first=0, last=2)
    return story, ids


@pytest.mark.parametrize(("lang", "title", "title_lang", "lead"), [
    ("en", "Quake hits Malatya", "en", "A magnitude 5.9 quake struck."),  # the representative
    ("ru", "Землетрясение в Малатье", "ru", "Произошло землетрясение."),  # its own report
    ("es", "Terremoto en Malatya", "es", "Un terremoto sacudió."),  # the representative's
    ("de", "Quake hits Malatya", "en", "A magnitude 5.9 quake struck."),  # the original
])
def test_a_story_is_titled_in_each_language_as_well_as_it_can_be(
        store: Store, quake: tuple[int, dict[str, int]], lang: str, title: str, title_lang: str,
        lead: str) -> None:
    story_id, _ids = quake
    [summary] = store.stories.latest(lang, readable_only=False)
    assert (summary.id, summary.title, summary.title_lang, summary.lead) == (
        story_id, title, title_lang, lead)
    assert summary.article_count == 3 and summary.languages == ("en", "pl", "ru")


def test_a_story_with_its_reports(store: Store, quake: tuple[int, dict[str, int]]) -> None:
    story_id, ids = quake
    view = store.stories.get(story_id, "es")
    assert view.story.title == "Terremoto en Malatya"
    assert [(r.article_id, r.language, r.title_lang, r.readable_in) for r in view.reports] == [
        (ids["en"], "en", "es", ("en", "es")), (ids["ru"], "ru", "ru", ("ru",)),
        (ids["pl"], "pl", "pl", ("pl",))]
    assert view.reports[0].source_name == "Global Desk" and view.reports[1].source_name == ""
    assert store.stories.of_article(ids["ru"]) == story_id
    assert store.stories.of_articles([ids["pl"], 999]) == {ids["pl"]: story_id}
    with pytest.raises(RecordMissing):
        store.stories.get(12345, "en")


def test_listings_hold_stories_readable_in_the_language_newest_first(
        store: Store, quake: tuple[int, dict[str, int]]) -> None:
    quake_id, _ids = quake
    strike = _article(store, 9, "de", "Bahnstreik", "Die GDL streikt.", hours=30)
    newer = _story(store, [(strike, None)], representative=strike, languages=("de",), first=30,
                   last=30)
    assert [s.id for s in store.stories.latest("en", readable_only=False)] == [newer, quake_id]
    assert [s.id for s in store.stories.latest("de")] == [newer]
    assert [s.id for s in store.stories.latest("es")] == [quake_id]  # through a translation
    assert store.stories.latest("it") == []
    first_page = store.stories.latest("en", readable_only=False, limit=1)
    page_two = store.stories.latest("en", readable_only=False, limit=1, before=(
        first_page[0].last_seen_at, first_page[0].id))
    assert [s.id for s in page_two] == [quake_id]
    assert set(store.stories.summaries([quake_id, newer], "de")) == {quake_id, newer}


def test_a_merged_story_resolves_to_the_survivor(
        store: Store, quake: tuple[int, dict[str, int]]) -> None:
    quake_id, ids = quake
    aftershock = _article(store, 7, "en", "Aftershock", "Another one.", hours=5)
    later = _story(store, [(aftershock, None)], representative=aftershock, languages=("en",),
                   first=5, last=5)
    foreshock = _article(store, 8, "en", "Earlier", "Before.", hours=-5)
    older = _story(store, [(foreshock, None)], representative=foreshock, languages=("en",),
                   first=-5, last=-5)
    store.stories.record([], [], [Absorbed(story_id=later, into=quake_id)], now=T0)
    store.stories.record([], [], [Absorbed(story_id=quake_id, into=older)], now=T0)
    assert store.stories.resolve(later) == older and store.stories.resolve(quake_id) == older
    assert store.stories.get(later, "en").story.id == older
    assert len(store.stories.get(older, "en").reports) == 5
    assert [s.id for s in store.stories.latest("en")] == [older]
    assert store.stories.count() == 1
    assert store.stories.version() == 5  # one per record: three stories, two merges


def test_stories_per_day_and_articles_in_none(store: Store) -> None:
    for n, day in enumerate((0, 0, 1, 3)):
        article = _article(store, 100 + n, "en", f"Story {n}", "x.", hours=24 * day)
        _story(store, [(article, None)], representative=article, languages=("en",),
               first=24 * day, last=24 * day)
    _article(store, 999, "en", "unplaced", "x.", hours=1)
    assert store.stories.per_day(T0) == {"2026-11-16": 2, "2026-11-17": 1, "2026-11-19": 1}
    assert store.stories.per_day(T0 + timedelta(days=2)) == {"2026-11-19": 1}
    assert store.stories.count_unplaced() == 1
    assert store.stories.unplaced() == [5] and store.stories.unplaced(after_id=5) == []


def test_the_vector_matrix_appends_and_finds_the_nearest(store: Store) -> None:
    ids = [_article(store, n, "en", f"t{n}", "x.", hours=n) for n in range(4)]
    eye = np.eye(8, dtype=np.float32)
    store.vectors.save([(ids[n], eye[n]) for n in range(3)], model="m", now=T0)
    store.vectors.save([(ids[3], eye[3])], model="other", now=T0)
    matrix = VectorMatrix(store.vectors, model="m", dim=8)
    assert matrix.refresh() == 3 and len(matrix) == 3
    assert matrix.nearest(eye[1], k=1) == [(ids[1], 1.0)]
    query = (eye[0] + 0.5 * eye[2]) / np.linalg.norm(eye[0] + 0.5 * eye[2])
    assert [a for a, _ in matrix.nearest(query, k=2)] == [ids[0], ids[2]]
    # Re-embedded: the article's new vector replaces its old row.
    store.vectors.save([(ids[0], eye[5])], model="m", now=T0)
    assert matrix.refresh() == 1 and len(matrix) == 3
    assert matrix.nearest(eye[5], k=1) == [(ids[0], 1.0)]
    assert ids[0] not in [a for a, s in matrix.nearest(eye[0], k=3) if s > 0.5]
    assert matrix.refresh() == 0


def test_a_stories_pass_moves_the_site_s_data_version_and_is_found_by_time(
        store: Store) -> None:
    """Cached pages and the static copy refresh when stories change (both read this)."""
    first = _article(store, 1, "en", "Quake", "A quake struck.", hours=0)
    version = store.changes.data_version()
    story = _story(store, [(first, None)], representative=first, languages=("en",),
                   first=0, last=0)
    assert store.changes.data_version() > version
    assert store.stories.changed_since(T0) == [story]  # _story stamps its changes T0
    assert store.stories.changed_since(T0 + timedelta(seconds=1)) == []


def test_listings_page_by_story_each_story_once_at_its_newest_report(store: Store) -> None:
    """Twelve stories whose reports interleave over time, with lone articles between them:
    walked three entries a page, every story and lone article shows exactly once, in the
    order of its newest report the listing holds (readable in English, in the section)."""
    n = 0

    def add(lang: str, hours: float, section: str = "world") -> int:
        nonlocal n
        n += 1
        article = ExtractedArticle(url=f"https://news.example/p{n}",
                                   canonical_url=f"https://news.example/p{n}",
                                   title=f"Report {n}", paragraphs=(f"Lead {n}.",),
                                   published_at=T0 + timedelta(hours=hours))
        return store.articles.save(article, language=LanguageGuess(
            lang=lang, confidence=1.0, method="test"), source_id=None, section=section,
            urls=[], now=T0).article_id

    meta: dict[int, tuple[str, str]] = {}  # article -> (language, section)

    def report(lang: str, hours: float, section: str = "world") -> int:
        article_id = add(lang, hours, section)
        meta[article_id] = (lang, section)
        return article_id

    members: dict[int, list[int]] = {}
    lone: list[int] = []
    for s in range(12):
        # Reports of story s at hours s, s + 5 and s + 11: a story's older reports fall
        # among other stories' newer ones, pages away from its newest.
        reports = [report("en", s + offset) for offset in (0, 5, 11)]
        # A Russian report newer than all, never translated: not in the English listing,
        # so it must not hide the story's English reports.
        reports.append(report("ru", s + 30))
        # A newer report in another section: it places the story on the home page only.
        if s % 4 == 0:
            reports.append(report("en", s + 20, section="sport"))
        members[s] = reports
        if s % 3 == 0:
            lone.append(report("en", s + 0.5))
    ids = {s: _story(store, [(a, None) for a in reports], representative=reports[0],
                     languages=("en", "ru"), first=s, last=s + 30)
           for s, reports in members.items()}
    story_of = {a: ids[s] for s, reports in members.items() for a in reports}
    published = {a.id: a.published_at for a in store.articles.get_many(list(meta)).values()}

    for sections in (None, ["world"]):
        entries: list[int] = []
        page = 0
        while found := store.articles.latest("en", sections=sections, limit=3,
                                             offset=page * 3, one_per_story=True):
            entries += [a.id for a in found]
            page += 1
        assert page > 5
        held = [a for a, (lang, section) in meta.items()
                if lang == "en" and (sections is None or section in sections)]
        # Each story at its newest report the listing holds; lone articles as they are.
        newest: dict[int, int] = {}
        for a in held:
            key = story_of.get(a, -a)
            if key not in newest or (published[a], a) > (published[newest[key]], newest[key]):
                newest[key] = a
        expected = sorted(newest.values(), key=lambda a: (published[a], a), reverse=True)
        assert entries == expected, sections  # none twice, none skipped, in order
    # Without the option the listing is by article, as feeds and outlet pages want it.
    assert len(store.articles.latest("en", limit=100)) == len(lone) + 12 * 3 + 3


@pytest.mark.parametrize("lang", ["en", "ru", "es", "de"])
def test_a_search_page_reads_stories_and_articles_by_id_on_one_connection(
        store: Store, quake: tuple[int, dict[str, int]], lang: str) -> None:
    story_id, ids = quake
    checkouts: list[int] = []
    sa.event.listen(store.engine, "checkout", lambda *_: checkouts.append(1))
    with store.reading() as reading:
        titled = reading.stories.summaries([story_id, 999], lang)
        placed = reading.search.stories_of([*ids.values(), 999])
        found = reading.articles.get_many([*ids.values(), 999])
    assert len(checkouts) == 1
    # Titled by id as the listings title it, in every language.
    assert titled == {story_id: store.stories.latest(lang, readable_only=False)[0]}
    assert placed == {article_id: (story_id, 3) for article_id in ids.values()}
    assert set(found) == set(ids.values())
    assert found[ids["en"]].translations["es"].title == "Terremoto en Malatya"
