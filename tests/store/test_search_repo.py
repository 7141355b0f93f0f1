"""Search in one language, on SQLite and PostgreSQL: matching, ranking, hostile queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bbabo.model import ExtractedArticle, LanguageGuess, TranslatedText
from bbabo.store import Store
from bbabo.store.search import MAX_QUERY_LENGTH, MAX_TERMS, SearchRepo, search_terms

NOW = datetime(2024, 1, 10, 14, 5, tzinfo=UTC)


def _article(store: Store, title: str, paragraphs: tuple[str, ...], *, lang: str = "ru",
             age: timedelta = timedelta(0)) -> int:
    url = f"https://example.org/{abs(hash((title, paragraphs)))}"
    return store.articles.save(
        ExtractedArticle(url=url, canonical_url=url, title=title, paragraphs=paragraphs,
                         published_at=NOW - age),
        language=LanguageGuess(lang=lang, confidence=1.0, method="test"),
        source_id=None, section="news", urls=[url], now=NOW).article_id


def _translate(store: Store, article_id: int, lang: str, title: str,
               paragraphs: tuple[str, ...]) -> None:
    store.translations.save(article_id, TranslatedText(
        source_lang="ru", target_lang=lang, title=title, paragraphs=paragraphs, engine="fake",
        model="fake-1"), now=NOW)


@pytest.fixture
def corpus(store: Store) -> dict[str, int]:
    putin = _article(store, "Путин встретится с Токаевым",
                     ("Президент Казахстана прибыл в Москву.", "Скидка 100% и поле a_b."),
                     age=timedelta(hours=2))
    _translate(store, putin, "en", "Putin to meet Tokayev",
               ("The president of KAZAKHSTAN arrived in Moscow.",))
    weather = _article(store, "Погода в Москве", ("Снег и мороз в Москве.",),
                       age=timedelta(hours=1))
    older = _article(store, "Москва: новости дня", ("Обзор.",), age=timedelta(hours=5))
    english = _article(store, "Moscow traffic", ("Jams everywhere.",), lang="en")
    return {"putin": putin, "weather": weather, "older": older, "english": english}


def _ids(store: Store, lang: str, query: str, **kwargs: int) -> list[int]:
    return [hit.article.id for hit in SearchRepo(store.engine).search(lang, query, **kwargs)]


def test_finds_words_in_titles_and_text_in_any_case(store: Store,
                                                    corpus: dict[str, int]) -> None:
    assert _ids(store, "ru", "ПУТИН") == [corpus["putin"]]
    assert _ids(store, "ru", "казахстана") == [corpus["putin"]]
    assert _ids(store, "en", "kazakhstan") == [corpus["putin"]]


def test_title_matches_rank_first_then_the_newest(store: Store, corpus: dict[str, int]) -> None:
    # "москв" is in two titles (weather newer than older) and in putin's text only.
    assert _ids(store, "ru", "москв") == [corpus["weather"], corpus["older"], corpus["putin"]]
    hits = SearchRepo(store.engine).search("ru", "москв")
    assert [hit.title_matches for hit in hits] == [1, 1, 0]


def test_every_word_must_match(store: Store, corpus: dict[str, int]) -> None:
    assert _ids(store, "ru", "москв снег") == [corpus["weather"]]
    assert _ids(store, "ru", "москв нетакогослова") == []


def test_searches_the_version_in_that_language_only(store: Store,
                                                    corpus: dict[str, int]) -> None:
    # English readers find originals in English and translations into it, never Russian text.
    assert _ids(store, "en", "moscow") == [corpus["english"], corpus["putin"]]
    assert _ids(store, "en", "президент") == []
    assert _ids(store, "pl", "moscow") == []


def test_paging(store: Store, corpus: dict[str, int]) -> None:
    assert _ids(store, "ru", "москв", limit=2) == [corpus["weather"], corpus["older"]]
    assert _ids(store, "ru", "москв", limit=2, offset=2) == [corpus["putin"]]


@pytest.mark.parametrize(("query", "expected"), [
    ("%", ["putin"]),           # a literal percent sign, which one text has
    ("_", ["putin"]),           # a literal underscore ("a_b"), not "any character"
    ("a_b", ["putin"]),
    ("a%b", []),
    ("'", []), ('"', []), ("\\", []), ("' OR 1=1 --", []),
    ("x" * 1000, []),
    ("Москв\x00у", ["putin"]),  # NUL splits it in two words; PostgreSQL would refuse it
    ("", []), ("   ", []),
])
def test_hostile_queries_are_plain_text(store: Store, corpus: dict[str, int], query: str,
                                        expected: list[str]) -> None:
    assert _ids(store, "ru", query) == [corpus[name] for name in expected]


def test_search_terms_are_bounded_and_clean() -> None:
    assert search_terms("  Путин \t Токаев  Путин ") == ("Путин", "Токаев")
    assert search_terms("a\x00b\nc") == ("a", "b", "c")
    assert len(search_terms("w " * 50)) == 1
    assert len(search_terms(" ".join(f"w{n}" for n in range(20)))) == MAX_TERMS
    assert sum(map(len, search_terms("x" * 5000))) <= MAX_QUERY_LENGTH
