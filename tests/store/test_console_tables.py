"""The console's tables and queries on SQLite and PostgreSQL: counts per hour and language,
flags counted and filtered inside the JSON they are stored in, the review queue, revisions
found by id, accounts, sessions and sign-in failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bbabo.model import ExtractedArticle, LanguageGuess, QAFlag, TranslatedText
from bbabo.store import Store

NOW = datetime(2026, 12, 6, 14, 20, tzinfo=UTC)


def _article(store: Store, n: int, lang: str, at: datetime) -> int:
    url = f"https://example.org/{lang}/{n}"
    return store.articles.save(
        ExtractedArticle(url=url, canonical_url=url, title=f"Title {n}",
                         paragraphs=(f"Text {n}.",), published_at=at),
        language=LanguageGuess(lang=lang, confidence=0.9, method="test"), source_id=None,
        section="news", urls=[url], now=at).article_id


def _translation(store: Store, article: int, lang: str, at: datetime,
                 checks: tuple[str, ...] = (), hold: bool = False) -> None:
    store.translations.save(article, TranslatedText(
        source_lang="ru", target_lang=lang, title=f"T{article}{lang}", paragraphs=("P.",),
        engine="fake", model="fake-1",
        qa=tuple(QAFlag(check=c, paragraph=0, detail=f"{c} problem") for c in checks)),
        now=at, hold=hold)


def test_history_counts_per_hour_and_language_by_code_and_by_check(store: Store) -> None:
    a1 = _article(store, 1, "ru", NOW - timedelta(minutes=5))
    a2 = _article(store, 2, "ru", NOW - timedelta(minutes=15))
    a3 = _article(store, 3, "en", NOW - timedelta(hours=3, minutes=1))
    _article(store, 4, "ru", NOW - timedelta(days=8))  # before the window
    _translation(store, a1, "pl", NOW, ("numbers", "dates"))
    _translation(store, a2, "pl", NOW - timedelta(hours=1), ("numbers",))
    _translation(store, a3, "pl", NOW - timedelta(hours=2), ("length",), hold=True)
    history = store.ops.history(NOW - timedelta(days=7))
    assert history.ingested == {"ru": {"2026-12-06T14": 2}, "en": {"2026-12-06T11": 1}}
    assert history.translated == {"pl": {"2026-12-06T14": 1, "2026-12-06T13": 1}}
    assert history.qa_flags == {"numbers": 2, "dates": 1, "length": 1}
    assert history.page_failures == {} and history.source_failures == {}


def test_the_review_queue_is_newest_first_and_filters_inside_the_flags(store: Store) -> None:
    ids = [_article(store, n, "ru", NOW) for n in range(4)]
    _translation(store, ids[0], "pl", NOW - timedelta(hours=3), ("numbers",))
    _translation(store, ids[1], "en", NOW - timedelta(hours=2), ("dates", "numbers"))
    _translation(store, ids[2], "pl", NOW - timedelta(hours=1), ("length",), hold=True)
    _translation(store, ids[3], "pl", NOW)  # no flags: not for review
    queue = store.review.queue()
    assert [(i.article_id, i.lang, i.held) for i in queue] == [
        (ids[2], "pl", True), (ids[1], "en", False), (ids[0], "pl", False)]
    assert queue[1].checks == ("dates", "numbers")
    assert [i.article_id for i in store.review.queue(check="numbers")] == [ids[1], ids[0]]
    assert [i.article_id for i in store.review.queue(lang="pl", check="numbers")] == [ids[0]]
    assert [i.article_id for i in store.review.queue(limit=1, offset=1)] == [ids[1]]
    assert store.review.checks() == ["dates", "length", "numbers"]
    held = store.review.text(ids[2], "pl")
    assert held is not None and held.held and held.translation_id is None
    assert held.source_paragraphs == ("Text 2.",)


def test_revisions_are_found_by_id_and_keep_the_text_before(store: Store) -> None:
    article = _article(store, 1, "ru", NOW)
    _translation(store, article, "pl", NOW, ("numbers",))
    assert store.revisions.last_id() == 0
    edited = store.revisions.edit(article, "pl", title="Nowy", paragraphs=["Ręcznie."],
                                  editor="ann", now=NOW)
    assert edited is not None
    store.revisions.respell(edited, title="Nowy!", paragraphs=["Ręcznie!"], editor=None,
                            now=NOW)
    assert store.revisions.last_id() == 2
    seen, versions = store.revisions.changes_since(after=0, upto=2)
    assert seen == {1, 2}
    assert [(v.article_id, v.translation_id, v.lang) for v in versions] == [
        (article, edited, "pl")]
    assert store.revisions.changes_since(after=1, upto=2)[0] == {2}
    assert store.revisions.changes_since(after=2, upto=2, ids=[1])[0] == {1}
    first, second = store.revisions.history(edited)
    assert (first.kind, first.prior_title, first.prior_qa[0].check) == (
        "edit", f"T{article}pl", "numbers")
    assert (second.kind, second.prior_title, second.prior_qa) == ("respell", "Nowy", ())
    assert store.revisions.edit(999, "pl", title="x", paragraphs=["y"], editor="ann",
                                now=NOW) is None


def test_accounts_sessions_and_failures(store: Store) -> None:
    user = store.users.add("ann", role="admin", password_hash="$argon2id$x", now=NOW)
    assert store.users.credentials("ann") == (user, "$argon2id$x")
    store.sessions.create("digest", user_id=user.id, csrf_token="c", now=NOW)
    session = store.sessions.get("digest")
    assert session is not None and session.user == user and session.csrf_token == "c"
    store.sessions.touch("digest", now=NOW + timedelta(minutes=5))
    assert store.sessions.get("digest").last_seen_at == NOW + timedelta(minutes=5)  # type: ignore[union-attr]
    assert store.sessions.purge(idle_before=NOW, started_before=NOW - timedelta(days=1)) == 0
    assert store.sessions.purge(idle_before=NOW + timedelta(hours=1),
                                started_before=NOW) == 1
    store.sign_in_failures.record(username="ann", address="10.0.0.1", now=NOW)
    store.sign_in_failures.record(username="bob", address="10.0.0.1", now=NOW)
    since = NOW - timedelta(minutes=1)
    assert len(store.sign_in_failures.times(since=since, address="10.0.0.1")) == 2
    store.sign_in_failures.clear(username="ann")
    assert store.sign_in_failures.times(since=since, username="ann") == []
    store.sessions.create("again", user_id=user.id, csrf_token="c", now=NOW)
    assert store.users.remove("ann") and store.sessions.get("again") is None
