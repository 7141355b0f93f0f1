"""The stories step against the store (SQLite and PostgreSQL), with the hashing test embedder
and a model that reads the cosine alone: every article placed once, vectors stored with their
model and made again for a new model, decisions that survive a restart, two processes taking
turns without opening twin stories, a failed pass that stores nothing."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from bbabo.embed import HashingEmbedder
from bbabo.model import ExtractedArticle, LanguageGuess, TranslatedText
from bbabo.pipeline.stories import StoryKeeper, report_of
from bbabo.store import Store
from bbabo.stories import FEATURES, ScoreModel, StoryOptions

T0 = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
EVENTS = {
    "volcano": "Lava flows from a volcano near the fishing town; the spa was evacuated.",
    "bank": "The central bank kept its interest rate unchanged for the fourth meeting.",
    "derby": "The derby ended in a draw after a late equaliser from the visitors' striker.",
}


def _model(embedder: str) -> ScoreModel:
    """Joins when the mean cosine reaches 0.9 (the hashing embedder gives ~0.98 to reports of
    one event here, under 0.85 to the others)."""
    return ScoreModel(features=FEATURES, weights=(40.0, 0, 0, 0, 0, 0), intercept=-36.0,
                      threshold=0.5, merge_threshold=0.99, embedder=embedder)


def _keeper(store: Store, embedder: HashingEmbedder | None = None,
            clock: datetime = T0 + timedelta(days=1)) -> StoryKeeper:
    embedder = embedder or HashingEmbedder()
    return StoryKeeper(store=store, embedder=embedder,
                       options=StoryOptions(model=_model(embedder.model_id)),
                       clock=lambda: clock)


def _add(store: Store, n: int, event: str, *, hours: float = 0, lang: str = "en") -> int:
    text = EVENTS[event]
    article = ExtractedArticle(
        url=f"https://news.example/{n}", canonical_url=f"https://news.example/{n}",
        title=f"{event.title()} report number {n}", paragraphs=(text, f"Outlet {n} reported."),
        published_at=T0 + timedelta(hours=hours))
    return store.articles.save(article, language=LanguageGuess(lang=lang, confidence=1.0,
                                                                method="test"),
                               source_id=None, section="news", urls=[],
                               now=T0 + timedelta(hours=hours)).article_id


def _grouping(store: Store, ids: dict[int, str]) -> list[list[str]]:
    story_of = store.stories.of_articles(list(ids))
    groups: dict[int, set[str]] = {}
    for article_id, event in ids.items():
        groups.setdefault(story_of[article_id], set()).add(event)
    return sorted(sorted(g) for g in groups.values())


def test_every_article_is_placed_once_by_event(store: Store) -> None:
    ids = {_add(store, n, event, hours=n): event
           for n, event in enumerate(["volcano", "bank", "volcano", "derby", "bank", "derby"])}
    embedder = HashingEmbedder()
    report = _keeper(store, embedder).update(batch=4)
    assert (report.placed, report.opened, report.embedded) == (6, 3, 6)
    assert embedder.calls == [4, 2]  # embedded in batches, as placed
    assert _grouping(store, ids) == [["bank"], ["derby"], ["volcano"]]
    assert store.stories.count() == 3 and store.stories.count_unplaced() == 0
    assert store.vectors.count(model=embedder.model_id) == 6
    assert _keeper(store, embedder).update().placed == 0  # a second pass: nothing to do
    assert embedder.calls == [4, 2]

    # A new process (a restart) goes on from the store: a new report joins its story.
    later = _add(store, 10, "bank", hours=20)
    ids[later] = "bank"
    assert _keeper(store).update().opened == 0
    assert _grouping(store, ids) == [["bank"], ["derby"], ["volcano"]]
    bank = store.stories.of_article(later)
    assert bank is not None
    view = store.stories.get(bank, "en")
    assert [r.article_id for r in view.reports] == sorted(a for a, e in ids.items() if e == "bank")
    assert view.story.article_count == 3 and view.story.languages == ("en",)
    assert view.story.first_seen_at == T0 + timedelta(hours=1)
    assert view.story.last_seen_at == T0 + timedelta(hours=20)


def test_a_new_embedding_model_embeds_again_rather_than_mixing(store: Store) -> None:
    first = [_add(store, n, "volcano", hours=n) for n in range(3)]
    old = HashingEmbedder(dim=32)
    _keeper(store, old).update()
    new = HashingEmbedder(dim=64)
    assert new.model_id != old.model_id
    second = [_add(store, 10 + n, "volcano", hours=5 + n) for n in range(2)]
    report = _keeper(store, new).update()
    # The stories in memory are rebuilt from the new model's vectors of all five.
    assert report.placed == 2 and report.embedded == 5
    assert store.vectors.count(model=old.model_id) == 0
    assert store.vectors.count(model=new.model_id) == 5
    assert len(set(store.stories.of_articles(first + second).values())) == 1


def test_a_pass_can_stop_after_a_number_of_articles(store: Store) -> None:
    ids = [_add(store, n, "volcano", hours=n) for n in range(5)]
    keeper = _keeper(store)
    assert keeper.update(batch=2, limit=3).placed == 4  # whole batches: 2, then 2 more
    assert store.stories.count_unplaced() == 1
    assert keeper.update(batch=2).placed == 1
    assert len(set(store.stories.of_articles(ids).values())) == 1


def test_two_processes_taking_turns_open_no_twin_stories(store: Store) -> None:
    """Celery workers run one stories pass at a time (one lease), each with its own index:
    each sees what the other stored (the stories version moved) before it places anything."""
    a, b = _keeper(store), _keeper(store)
    ids = {_add(store, 1, "volcano"): "volcano"}
    assert a.update().opened == 1
    ids[_add(store, 2, "volcano", hours=1)] = "volcano"
    assert b.update().opened == 0  # b read a's story
    ids[_add(store, 3, "volcano", hours=2)] = "volcano"
    ids[_add(store, 4, "bank", hours=2)] = "bank"
    assert a.update().opened == 1  # a read b's change too
    assert _grouping(store, ids) == [["bank"], ["volcano"]]


def test_a_failed_pass_stores_nothing_and_the_next_one_places_everything(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = [_add(store, n, "derby", hours=n) for n in range(3)]
    keeper = _keeper(store)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.stories.__class__, "record", broken)
    with pytest.raises(RuntimeError):
        keeper.update()
    monkeypatch.undo()
    assert store.stories.count() == 0 and store.stories.of_articles(ids) == {}
    assert keeper.update().placed == 3
    assert len(set(store.stories.of_articles(ids).values())) == 1


def test_a_report_reads_in_its_language_and_its_translations(store: Store) -> None:
    article_id = _add(store, 1, "bank", lang="en")
    store.translations.save(article_id, TranslatedText(
        source_lang="en", target_lang="pl", title="Bank centralny",
        paragraphs=("Stopy bez zmian.",), engine="fake", model="fake-1"), now=T0)
    report = report_of(store.articles.get(article_id))
    assert set(report.texts) == {"en", "pl"}
    assert report.text.startswith("Bank report number 1\nThe central bank")
    assert report.texts["pl"] == "Bank centralny\nStopy bez zmian."


def test_a_future_publication_time_counts_as_the_fetch_time(store: Store) -> None:
    article = ExtractedArticle(url="https://news.example/f", canonical_url="https://news.example/f",
                               title="Ahead of time", paragraphs=(EVENTS["bank"],),
                               published_at=T0 + timedelta(days=30))
    saved = store.articles.save(article, language=LanguageGuess(lang="en", confidence=1.0,
                                                                 method="test"),
                                source_id=None, section="news", urls=[], now=T0)
    assert report_of(store.articles.get(saved.article_id)).published_at == T0


def test_vectors_are_float32_blobs_that_come_back_equal(store: Store) -> None:
    article_id = _add(store, 1, "bank")
    vector = np.linspace(-1, 1, 384, dtype=np.float32)
    store.vectors.save([(article_id, vector)], model="m", now=T0)
    back = store.vectors.get_many([article_id], model="m")[article_id]
    assert back.dtype == np.float32 and np.array_equal(back, vector)
    assert store.vectors.get_many([article_id], model="other") == {}
    assert math.isclose(float(back[0]), -1.0)
