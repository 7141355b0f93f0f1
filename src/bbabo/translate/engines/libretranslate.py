"""LibreTranslate engine: an HTTP client for a LibreTranslate server the operator already runs.

Speaks the documented API: ``GET /languages`` for the pairs, ``POST /translate`` with ``q`` as a
list (one request per batch of sentences, not one per sentence). Its language codes go through
``langs.normalize``; codes bbabo does not know ("zt", "pb") are left out.

Requests go through ``bbabo.fetch`` (its client, a deadline over each whole exchange, a size cap,
bounded decoding). The server's URL is the operator's own setting, so it may be a private
address (a LibreTranslate on the same host is the usual case) whatever
``fetch_allow_private_networks`` says.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

import httpx

from bbabo import fetch, langs
from bbabo.errors import BbaboError, ModelMissing, TooLarge, TranslationError

__all__ = ["LibreTranslateEngine"]

log = logging.getLogger(__name__)

_BATCH = 32  # sentences per request: under LibreTranslate's usual --batch-limit and char limit
_RETRY_LANGUAGES_S = 60.0  # after a failed GET /languages, ask again only this much later
MAX_ANSWER_BYTES = 16 * 1024 * 1024
"""One answer of the server (a batch of 32 translated sentences is a few KB)."""


class LibreTranslateEngine:
    """Translates by POSTing batches to ``url``/translate."""

    name = "libretranslate"

    def __init__(self, url: str, api_key: str = "", *, timeout_s: float = 120.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.url = url.rstrip("/")
        self._api_key = api_key
        self._options = fetch.FetchOptions(timeout_s=timeout_s, max_bytes=MAX_ANSWER_BYTES,
                                           allow_private_networks=True, retry=fetch.NO_RETRY)
        self._client = fetch.make_client(self._options, transport=transport)
        self._codes: dict[str, str] | None = None  # bbabo code -> the server's code
        self._pairs: set[tuple[str, str]] = set()
        self._failed_at: float | None = None

    def pairs(self) -> set[tuple[str, str]]:
        if self._codes is None and (self._failed_at is None
                                    or time.monotonic() - self._failed_at > _RETRY_LANGUAGES_S):
            self._load_languages()
        return set(self._pairs)

    def model_id(self, src: str, tgt: str) -> str:
        # The API names no model or version; the server is what the translation came from.
        return f"libretranslate@{httpx.URL(self.url).host}"

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        if (src, tgt) not in self.pairs():
            raise ModelMissing(f"the LibreTranslate server at {self.url} has no {src}→{tgt}")
        assert self._codes is not None
        results: list[str] = []
        for start in range(0, len(texts), _BATCH):
            batch = list(texts[start:start + _BATCH])
            payload: dict[str, Any] = {"q": batch, "source": self._codes[src],
                                       "target": self._codes[tgt], "format": "text"}
            if self._api_key:
                payload["api_key"] = self._api_key
            answer = self._request("POST", "/translate", json=payload)
            translated = answer.get("translatedText") if isinstance(answer, dict) else None
            if not isinstance(translated, list) or len(translated) != len(batch):
                raise TranslationError(f"LibreTranslate at {self.url} answered {answer!r:.200}",
                                       code="translate.bad_answer")
            results.extend(str(text) for text in translated)
        return results

    def install_hint(self, src: str, tgt: str) -> str:
        return f"install {src}→{tgt} on the LibreTranslate server"

    def close(self) -> None:
        self._client.close()

    def _load_languages(self) -> None:
        try:
            listing = self._request("GET", "/languages")
        except TranslationError as exc:
            self._failed_at = time.monotonic()
            log.warning("LibreTranslate languages unavailable: %s", exc,
                        extra={"engine": self.name, "code": exc.code})
            return
        targets: dict[str, list[str]] = {}
        for entry in listing if isinstance(listing, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("targets", []), list):
                targets[str(entry.get("code", ""))] = [str(t) for t in entry.get("targets", [])]
        codes: dict[str, str] = {}  # bbabo code -> the server's; the first spelling wins
        for code in [*targets, *(t for ts in targets.values() for t in ts)]:
            if langs.is_known(code):
                codes.setdefault(langs.normalize(code), code)
        by_server = {server: ours for ours, server in codes.items()}
        self._codes = codes
        self._pairs = {(by_server[s], by_server[t]) for s, ts in targets.items() for t in ts
                       if s in by_server and t in by_server and by_server[s] != by_server[t]}

    def _request(self, method: str, path: str, *, json: Any = None) -> Any:
        try:
            answer = fetch.send(self._client, method, self.url + path, self._options, json=json,
                                headers={"Accept": "application/json"})
        except TooLarge:
            raise TranslationError(f"LibreTranslate at {self.url}{path} sent an answer too "
                                   f"large (over {MAX_ANSWER_BYTES} bytes)",
                                   code="translate.bad_answer") from None
        except BbaboError as exc:
            raise TranslationError(f"cannot reach LibreTranslate at {self.url}: {exc}",
                                   code="translate.unreachable") from None
        if answer.status != 200:
            raise TranslationError(
                f"LibreTranslate at {self.url}{path} answered {answer.status}: "
                f"{_error_of(answer)}", code=_CODES.get(answer.status, "translate.upstream"))
        try:
            return answer.json()
        except (ValueError, RecursionError):
            raise TranslationError(f"LibreTranslate at {self.url}{path} sent no JSON",
                                   code="translate.bad_answer") from None


_CODES = {400: "translate.bad_request", 403: "translate.forbidden",
          429: "translate.rate_limited"}


def _error_of(answer: fetch.Answer) -> str:
    try:
        body = answer.json()
    except (ValueError, RecursionError):
        return answer.body[:200].decode("utf-8", errors="replace")
    return str(body.get("error", body))[:200] if isinstance(body, dict) else str(body)[:200]
