"""Full-text search on SQLite (FTS5) and PostgreSQL (tsvector): matching, ranking, snippets,
scripts, hostile queries, and the index kept current by triggers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from bbabo.model import ExtractedArticle, LanguageGuess, TranslatedText
from bbabo.store import Store
from bbabo.store.search import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    cut_query,
    parse_query,
    search_terms,
)

NOW = datetime(2024, 1, 10, 14, 5, tzinfo=UTC)
# Unrelated articles, so that the words searched for are rare, as in a real index: BM25 gives
# a word found in most documents no weight at all.
FILLER = ["Рынок", "Курс", "Театр", "Футбол", "Выставка", "Концерт", "Урожай", "Поезд",
          "Музей", "Завод", "Школа", "Парк"]


def _article(store: Store, title: str, paragraphs: tuple[str, ...], *, lang: str = "ru",
             age: timedelta = timedelta(0)) -> int:
    url = f"https://example.org/{abs(hash((title, paragraphs)))}"
    return store.articles.save(
        ExtractedArticle(url=url, canonical_url=url, title=title, paragraphs=paragraphs,
                         published_at=NOW - age),
        language=LanguageGuess(lang=lang, confidence=1.0, method="test"),
        source_id=None, section="news", urls=[url], now=NOW).article_id


def _old_article(store: Store, title: str, paragraphs: tuple[str, ...]) -> int:
    """An article stored under an older schema (tests that migrate down): only the columns
    every revision has, so columns added later (0008's) are not asked for."""
    from bbabo.store.schema import UTCDateTime

    old = sa.table("articles", *(sa.column(name, type_) for name, type_ in (
        ("id", sa.Integer()), ("url", sa.Text()), ("canonical_url", sa.Text()),
        ("language", sa.Text()), ("lang_confidence", sa.Float()), ("section", sa.Text()),
        ("title", sa.Text()), ("paragraphs", sa.JSON()), ("published_at", UTCDateTime()),
        ("fetched_at", UTCDateTime()), ("content_hash", sa.Text()))))
    url = f"https://example.org/old/{abs(hash((title, paragraphs)))}"
    with store.engine.begin() as conn:
        return int(conn.execute(old.insert().values(
            url=url, canonical_url=url, language="ru", lang_confidence=1.0, section="news",
            title=title, paragraphs=list(paragraphs), published_at=NOW, fetched_at=NOW,
            content_hash=url).returning(old.c.id)).scalar_one())


def _translate(store: Store, article_id: int, lang: str, title: str,
               paragraphs: tuple[str, ...]) -> None:
    store.translations.save(article_id, TranslatedText(
        source_lang="ru", target_lang=lang, title=title, paragraphs=paragraphs, engine="fake",
        model="fake-1"), now=NOW)


@pytest.fixture
def corpus(store: Store) -> dict[str, int]:
    for n, word in enumerate(FILLER):
        _article(store, f"{word} номер {n}", (f"{word} и другие новости дня {n}.",),
                 age=timedelta(days=2))
    putin = _article(store, "Путин встретится с Токаевым",
                     ("Президент Казахстана прибыл в Москву.", "Скидка 100% и поле a_b."),
                     age=timedelta(hours=2))
    _translate(store, putin, "en", "Putin to meet Tokayev",
               ("The president of KAZAKHSTAN arrived in Moscow.",))
    weather = _article(store, "Погода в Москве", ("Снег и мороз.",), age=timedelta(hours=1))
    older = _article(store, "Москва: новости недели", ("Обзор за неделю.",),
                     age=timedelta(hours=5))
    english = _article(store, "Moscow traffic", ("Jams everywhere.",), lang="en")
    return {"putin": putin, "weather": weather, "older": older, "english": english}


def _ids(store: Store, lang: str, query: str, **kwargs: int) -> list[int]:
    return [hit.article.id for hit in store.search.search(lang, query, **kwargs)]


def test_finds_words_in_titles_and_text_in_any_case(store: Store,
                                                    corpus: dict[str, int]) -> None:
    assert _ids(store, "ru", "ПУТИН") == [corpus["putin"]]
    assert _ids(store, "ru", "казахстана") == [corpus["putin"]]
    assert _ids(store, "en", "kazakhstan") == [corpus["putin"]]


def test_words_match_as_prefixes_so_inflected_forms_are_found(
        store: Store, corpus: dict[str, int]) -> None:
    assert set(_ids(store, "ru", "москв")) == {corpus["putin"], corpus["weather"],
                                               corpus["older"]}
    assert _ids(store, "ru", "Токаев") == [corpus["putin"]]  # "Токаевым" in the title
    # Short words are whole words: "в" does not find every word starting with it.
    assert _ids(store, "ru", "п") == []


def test_title_matches_rank_above_text_matches_then_the_newest(
        store: Store, corpus: dict[str, int]) -> None:
    # Two titles with the word, equally long (weather newer), and one text with it.
    assert _ids(store, "ru", "москв") == [corpus["weather"], corpus["older"], corpus["putin"]]
    scores = [hit.score for hit in store.search.search("ru", "москв")]
    assert min(scores[:2]) > scores[2]


def test_equal_scores_list_the_newest_first(store: Store, corpus: dict[str, int]) -> None:
    monday = _article(store, "Ярмарка в понедельник", ("Торговля.",), age=timedelta(days=3))
    tuesday = _article(store, "Ярмарка во вторник", ("Торговля.",), age=timedelta(days=2))
    hits = store.search.search("ru", "ярмарка")
    assert [hit.article.id for hit in hits] == [tuesday, monday]
    assert hits[0].score == pytest.approx(hits[1].score)


def test_every_word_must_match(store: Store, corpus: dict[str, int]) -> None:
    assert _ids(store, "ru", "москв снег") == [corpus["weather"]]
    assert _ids(store, "ru", "москв нетакогослова") == []


def test_searches_the_version_in_that_language_only(store: Store,
                                                    corpus: dict[str, int]) -> None:
    # English readers find originals in English and translations into it, never Russian text.
    assert set(_ids(store, "en", "moscow")) == {corpus["english"], corpus["putin"]}
    assert _ids(store, "en", "президент") == []
    assert _ids(store, "pl", "moscow") == []


def test_paging(store: Store, corpus: dict[str, int]) -> None:
    assert _ids(store, "ru", "москв", limit=2) == [corpus["weather"], corpus["older"]]
    assert _ids(store, "ru", "москв", limit=2, offset=2) == [corpus["putin"]]
    assert _ids(store, "ru", "москв", limit=2, offset=4) == []


def test_titles_and_snippets_mark_the_matches(store: Store, corpus: dict[str, int]) -> None:
    [hit] = store.search.search("ru", "казахстан")
    assert hit.title == (("Путин встретится с Токаевым", False),)
    marked = [text for text, is_match in hit.snippet if is_match]
    assert marked == ["Казахстана"]
    assert "".join(text for text, _ in hit.snippet).startswith("Президент Казахстана прибыл")
    [english] = store.search.search("en", "tokayev moscow")
    assert [text for text, hit_ in english.title if hit_] == ["Tokayev"]
    assert [text for text, hit_ in english.snippet if hit_] == ["Moscow"]


def test_snippets_are_cut_around_the_match(store: Store) -> None:
    long_text = " ".join(["слово"] * 300) + " иголка " + " ".join(["сено"] * 300)
    _article(store, "Стог", (long_text,))
    [hit] = store.search.search("ru", "иголка")
    text = "".join(piece for piece, _ in hit.snippet)
    assert "иголка" in text and len(text) < 400


@pytest.mark.parametrize(("query", "expected"), [
    ("a_b", ["putin"]),         # "_" separates words: the phrase "a b"
    ("a%b", ["putin"]),         # so does "%"
    ("100%", ["putin"]),
    ("%", []), ("_", []), ("'", []), ('"', []), ("\\", []), ("*", []), ("' OR 1=1 --", []),
    ('"unbalanced', []), ("NEAR(путин токаев)", []), ("title:путин", []), ("путин OR рынок", []),
    ("-путин", ["putin"]), ("^путин", ["putin"]), ("путин*", ["putin"]), ("(путин)", ["putin"]),
    ("x" * 1000, []),
    ("Моск\x00ва", []),         # NUL splits it in two words, and "ва" is no word here
    ("", []), ("   ", []),
])
def test_hostile_queries_are_plain_words(store: Store, corpus: dict[str, int], query: str,
                                         expected: list[str]) -> None:
    assert _ids(store, "ru", query) == [corpus[name] for name in expected]


def test_queries_in_any_script(store: Store) -> None:
    greek = _article(store, "Η Αθήνα σήμερα", ("Βροχή στην Αθήνα.",), lang="el")
    arabic = _article(store, "أخبار القاهرة", ("طقس القاهرة اليوم.",), lang="ar")
    hindi = _article(store, "दिल्ली में बारिश", ("आज दिल्ली में भारी बारिश हुई।",), lang="hi")
    chinese = _article(store, "东京都知事选举结果", ("东京都今天举行选举。",), lang="zh")
    japanese = _article(store, "大阪で地震", ("きょう大阪で地震がありました。",), lang="ja")
    # Case folds in every script; FTS5 removes accents from Latin letters only, so the
    # Greek tonos must be typed (PostgreSQL's greek configuration needs no tonos).
    assert _ids(store, "el", "ΑΘΉΝΑ") == [greek]
    assert _ids(store, "ar", "القاهرة") == [arabic]
    assert _ids(store, "hi", "बारिश") == [hindi]
    assert _ids(store, "zh", "东京") == [chinese]  # inside a run of characters with no spaces
    assert _ids(store, "zh", "选举 东京") == [chinese]
    assert _ids(store, "zh", "大阪") == []
    assert _ids(store, "ja", "地震") == [japanese]
    [hit] = store.search.search("zh", "选举")
    assert [text for text, is_match in hit.title if is_match] == ["选举"]
    assert "选举" in [text for text, is_match in hit.snippet if is_match]


def test_the_index_follows_inserts_updates_and_deletes(store: Store,
                                                       corpus: dict[str, int]) -> None:
    from bbabo.store.schema import articles, translations

    with store.engine.begin() as conn:
        conn.execute(articles.update().where(articles.c.id == corpus["weather"])
                     .values(title="Метель в Петербурге"))
    assert _ids(store, "ru", "метель") == [corpus["weather"]]
    assert corpus["weather"] not in _ids(store, "ru", "москв")
    with store.engine.begin() as conn:
        conn.execute(translations.update().where(translations.c.article_id == corpus["putin"])
                     .values(title="Putin meets Tokayev in Astana"))
    assert _ids(store, "en", "astana") == [corpus["putin"]]
    with store.engine.begin() as conn:
        conn.execute(articles.delete().where(articles.c.id == corpus["putin"]))
    assert _ids(store, "ru", "путин") == [] and _ids(store, "en", "astana") == []
    _translate(store, corpus["older"], "pl", "Moskwa: wiadomości tygodnia",
               ("Przegląd tygodnia.",))
    assert _ids(store, "pl", "moskw") == [corpus["older"]]


def test_the_data_version_grows_with_every_published_change(store: Store) -> None:
    first = store.changes.data_version()
    source = store.sources.add(url="https://example.org/rss", name="Example", now=NOW)
    after_source = store.changes.data_version()
    assert after_source > first
    article = _article(store, "Новость", ("Текст.",))
    after_article = store.changes.data_version()
    assert after_article > after_source
    _translate(store, article, "en", "News", ("Text.",))
    assert store.changes.data_version() > after_article
    # Polling a source changes nothing a reader sees: the version stays.
    before_poll = store.changes.data_version()
    store.sources.record_success(source.id, now=NOW, next_check_at=NOW, etag='"v2"',
                                 last_modified=None)
    assert store.changes.data_version() == before_poll


def test_postgresql_stems_with_the_language_configuration(store: Store) -> None:
    if store.dialect != "postgresql":
        pytest.skip("stemming is PostgreSQL's; FTS5 matches prefixes only")
    arrival = _article(store, "Delegation arrived", ("They were meeting officials.",), lang="en")
    assert _ids(store, "en", "arrives") == [arrival]  # 'arriv' is the stem of both
    assert _ids(store, "en", "meets") == [arrival]
    with store.engine.connect() as conn:
        configs = conn.execute(sa.text(
            "SELECT search_config('ru')::text, search_config('pl')::text")).one()
    assert tuple(configs) == ("russian", "simple")


def test_parse_query_keeps_only_words() -> None:
    parsed = parse_query('Jean-Pierre "NEAR(a b)" 東京タワー %_% x*')
    assert parsed.words == (("Jean", "Pierre"), ("NEAR", "a"), ("b",), ("x",))
    assert parsed.substrings == ("東京タワー",)
    assert not parse_query("%_% '\"*")


def test_search_terms_are_bounded_and_clean() -> None:
    assert search_terms("  Путин \t Токаев  Путин ") == ("Путин", "Токаев")
    assert search_terms("a\x00b\nc") == ("a", "b", "c")
    assert len(search_terms("w " * 50)) == 1
    assert len(search_terms(" ".join(f"w{n}" for n in range(20)))) == MAX_TERMS
    assert sum(map(len, search_terms("x" * 5000))) <= MAX_QUERY_LENGTH


def test_a_long_query_is_cut_between_words() -> None:
    """400 × "storm " cut at 200 characters mid-word searched for "storm st" and found
    nothing; the cut now falls between words, and a query of one long word is still cut."""
    assert search_terms("storm " * 400) == ("storm",)
    assert cut_query("storm " * 400) == ("storm " * 33).rstrip()
    assert len(cut_query("storm " * 400)) <= MAX_QUERY_LENGTH
    assert cut_query("a" * 199 + " bc") == "a" * 199  # the word that would be cut is left out
    assert cut_query("a" * 200 + " bc") == "a" * 200  # the cut falls on the space
    assert cut_query("x" * 5000) == "x" * MAX_QUERY_LENGTH
    assert cut_query("short query") == "short query"
    # A no-break space pasted from a web page separates words as well.
    assert search_terms("storm\u00a0" * 40) == ("storm",)


def test_versions_stored_before_the_index_existed_are_indexed(db_url: str) -> None:
    from alembic import command

    from bbabo.store import open_store
    from bbabo.store.db import _alembic_config
    from bbabo.store.schema import translations

    store = open_store(db_url)
    try:
        command.downgrade(_alembic_config(store.engine), "0004-1")
        article = _old_article(store, "Старая новость про ледоход", ("Ледоход на реке.",))
        with store.engine.begin() as conn:
            conn.execute(translations.insert().values(
                article_id=article, lang="en", title="Old news about the ice drift",
                paragraphs=["Ice drift on the river."], engine="fake", model="fake-1", qa=[],
                created_at=NOW))
        command.upgrade(_alembic_config(store.engine), "heads")
        assert _ids(store, "ru", "ледоход") == [article]
        assert _ids(store, "en", "drift") == [article]
        newer = _article(store, "Ледоход закончился", ("Река свободна.",))
        assert set(_ids(store, "ru", "ледоход")) == {newer, article}
    finally:
        store.close()


def test_postgresql_search_rows_are_rebuilt_narrow(db_url: str) -> None:
    """Migration 0006 rebuilds the documents stored before it, long values out of line."""
    from alembic import command

    from bbabo.store import open_store
    from bbabo.store.db import _alembic_config

    store = open_store(db_url)
    try:
        if store.dialect != "postgresql":
            pytest.skip("PostgreSQL's row storage")
        command.downgrade(_alembic_config(store.engine), "0006-1")
        long_text = tuple(f"Ледоход на реке, день {n}, " + "вода " * 200 for n in range(8))
        article = _old_article(store, "Ледоход", long_text)
        command.upgrade(_alembic_config(store.engine), "heads")
        assert _ids(store, "ru", "ледоход") == [article]
        with store.engine.connect() as conn:
            options = conn.exec_driver_sql(
                "SELECT reloptions FROM pg_class WHERE relname = 'search_docs'").scalar()
            out_of_line = conn.exec_driver_sql(
                "SELECT pg_relation_size(reltoastrelid) FROM pg_class "
                "WHERE relname = 'search_docs'").scalar()
        # The text compresses to well under 2 KB, which PostgreSQL would otherwise keep inline.
        assert out_of_line > 0
        assert "toast_tuple_target=128" in options
    finally:
        store.close()


def test_a_very_common_word_is_ranked_among_its_newest_matches(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from bbabo.store import search_sql

    # The oldest article is the best match (the word twice in a short title), but with a
    # window of three only the three newest matches are ranked.
    best = _article(store, "Вода вода", ("Текст.",), age=timedelta(days=5))
    recent = [_article(store, f"Вода и {word}", (f"{word} текст.",), age=timedelta(days=n))
              for n, word in enumerate(("огонь", "земля", "воздух"))]
    assert _ids(store, "ru", "вода")[0] == best
    monkeypatch.setattr(search_sql, "RECENT_WINDOW", 3)
    assert set(_ids(store, "ru", "вода")) == set(recent)
    assert _ids(store, "ru", "вода огонь") == [recent[0]]  # a rarer query is unaffected


def _marks(text: str) -> list[str]:
    from bbabo.store.highlight import MARK_END, MARK_START

    return [part.split(MARK_END)[0] for part in text.split(MARK_START)[1:]]


@pytest.mark.parametrize(("text", "query", "marked"), [
    ("Президент прибыл в Москву.", "москв", ["Москву"]),
    ("Café au lait, cafe noir", "CAFE", ["Café", "cafe"]),
    ("Jean-Pierre and Jean Pierre met Pierre", "jean-pierre", ["Jean-Pierre", "Jean Pierre"]),
    ("a b ab a_b", "a_b", ["a b", "a_b"]),
    ("Straße und Strasse", "straße", ["Straße"]),
    ("cat catalogue scat", "cat", ["cat", "catalogue"]),
    ("in inner", "in", ["in"]),  # two letters: a whole word, not a prefix
    ("Zürich", "zurich", ["Zürich"]),
])
def test_highlights_follow_the_index_s_matching(text: str, query: str,
                                                marked: list[str]) -> None:
    from bbabo.store.highlight import mark

    assert _marks(mark(text, parse_query(query).words)) == marked


def test_excerpts_centre_on_the_first_match_and_cut_at_spaces() -> None:
    from bbabo.store.highlight import MARK_END, MARK_START, excerpt

    text = " ".join(["hay"] * 100) + " needle " + " ".join(["straw"] * 100)
    snippet = excerpt(text, parse_query("needle").words, length=60)
    assert snippet.startswith("…hay") and snippet.endswith("straw…")
    assert f"{MARK_START}needle{MARK_END}" in snippet and len(snippet) <= 64
    assert excerpt("short", parse_query("needle").words) == "short"
    assert excerpt("", parse_query("needle").words) == ""
    assert excerpt("東京都知事選挙", (), ("選挙",)) == "東京都知事選挙"
