"""Single-process workers: what the translation thread says about pairs without a model."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import httpx
import pytest

from bbabo import fetch
from bbabo.model import ExtractedArticle, LanguageGuess
from bbabo.store import Store
from bbabo.tasks.local import WorkerConfig, Workers
from bbabo.translate import FakeEngine, Translator

from .cluster import wait_until

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("models_kept", "level"), [(False, logging.WARNING),
                                                     (True, logging.INFO)])
def test_missing_pairs_are_a_warning_unless_a_model_keeper_warns_of_them(
        store: Store, caplog: pytest.LogCaptureFixture, models_kept: bool, level: int) -> None:
    article = ExtractedArticle(url="https://news.example/1", canonical_url="https://news.example/1",
                               title="Новость", paragraphs=("Что-то случилось.",),
                               published_at=NOW)
    store.articles.save(article, language=LanguageGuess(lang="ru", confidence=1.0, method="test"),
                        source_id=None, section="news", urls=[], now=NOW)
    # The keeper (the model index, with how to install) says it once; the same pairs again a
    # moment later from the translation thread only filled a newcomer's screen twice.
    workers = Workers(store=store, http=httpx.Client(), options=fetch.FetchOptions(),
                      translator=Translator([FakeEngine({("ru", "de")})]), clock=lambda: NOW,
                      config=WorkerConfig(targets=["de", "pl"], models_kept=models_kept,
                                          idle_wait_s=60))
    with caplog.at_level(logging.INFO, logger="bbabo.tasks.local"):
        workers.start()
        try:
            wait_until(lambda: any("no translation engine" in record.getMessage()
                                   for record in caplog.records), timeout_s=20,
                       what="the translation thread's line")
        finally:
            workers.stop()
    (record,) = [r for r in caplog.records if "no translation engine" in r.getMessage()]
    assert record.levelno == level and "ru→pl" in record.getMessage()
    assert "ru→de" not in record.getMessage()
