"""What the web tests share: an in-process client and a store filler."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from starlette.applications import Starlette

from bbabo.model import ExtractedArticle, LanguageGuess, QAFlag, Source, TranslatedText
from bbabo.store import Absorbed, Store, StoryRecord
from storyseed import record_story

__all__ = ["NOW", "Client", "Seeder"]

NOW = datetime(2024, 1, 10, 14, 5, tzinfo=UTC)


class Client:
    """httpx over ``ASGITransport``, made synchronous with one event loop per request.

    Not starlette's TestClient: with plain httpx it warns (it wants ``httpx2``), and the
    suite turns warnings into errors. Redirects are not followed, so tests see them."""

    def __init__(self, app: Starlette) -> None:
        self.app = app

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return asyncio.run(self._request(method, path, **kwargs))

    async def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        # raise_app_exceptions=False: a crash must come back as the 500 page a browser sees.
        transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await http.request(method, path, **kwargs)


class Seeder:
    """Fills the store through its public API, as the pipeline would."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._sources: dict[str, Source] = {}
        self._count = 0

    def source(self, name: str = "Lenta Example") -> Source:
        if name not in self._sources:
            self._sources[name] = self.store.sources.add(
                url=f"https://{len(self._sources)}.example.org/rss", name=name, now=NOW)
        return self._sources[name]

    def article(self, title: str, *, lang: str = "ru", section: str = "news",
                paragraphs: tuple[str, ...] = ("Первый абзац.", "Второй абзац."),
                source: str = "Lenta Example", url: str | None = None,
                age: timedelta = timedelta(0)) -> int:
        self._count += 1
        url = url or f"https://example.org/{lang}/{self._count}"
        result = self.store.articles.save(
            ExtractedArticle(url=url, canonical_url=url, title=title, paragraphs=paragraphs,
                             published_at=NOW - age),
            language=LanguageGuess(lang=lang, confidence=0.99, method="test"),
            source_id=self.source(source).id, section=section, urls=[url], now=NOW,
        )
        return result.article_id

    def translation(self, article_id: int, lang: str, title: str, *,
                    source_lang: str = "ru",
                    paragraphs: tuple[str, ...] = ("First paragraph.", "Second paragraph."),
                    qa: tuple[QAFlag, ...] = ()) -> None:
        self.store.translations.save(article_id, TranslatedText(
            source_lang=source_lang, target_lang=lang, title=title, paragraphs=paragraphs,
            engine="fake", model="fake-1", qa=qa), now=NOW)

    def story(self, article_ids: list[int], *, representative: int | None = None) -> int:
        """A story of these articles, as the stories step records one: the first opens it
        and represents it unless told otherwise."""
        return record_story(self.store, article_ids, now=NOW, representative=representative)

    def merge(self, story_id: int, into: int) -> None:
        """``story_id`` absorbed by ``into``, as the stories step merges two stories."""
        with self.store.transaction() as tx:
            members = [a for s, ids in tx.stories.active(NOW - timedelta(days=30)).items()
                       if s in (story_id, into) for a in ids]
            found = self.store.articles.get_many(members)
            moments = [found[a].published_at or NOW for a in members]
            tx.stories.record([], [StoryRecord(
                id=into, representative_id=min(members), article_count=len(members),
                languages=tuple(sorted({found[a].language for a in members})),
                first_seen_at=min(moments), last_seen_at=max(moments))],
                [Absorbed(story_id=story_id, into=into)], now=NOW)
