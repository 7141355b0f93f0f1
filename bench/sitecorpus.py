"""A synthetic news corpus for the site benchmark, written through the store API.

Each language gets its own vocabulary of made-up words in its own script, drawn with Zipf's
law as real text is, so search terms hit posting lists of realistic sizes: a few common words
are everywhere, most are rare."""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bbabo.model import ExtractedArticle, LanguageGuess, TranslatedText
from bbabo.store import Store

__all__ = ["LANGS", "NOW", "Vocabulary", "fill"]

LANGS = ("en", "ru", "pl", "de", "es")
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
_LETTERS = {
    "en": "abcdefghiklmnoprstuvwy", "de": "abcdefghiklmnoprstuwzäöüß",
    "es": "abcdefghilmnoprstuvzñáéó", "pl": "abcdefghiklmnoprstuwyząęółśżźć",
    "ru": "абвгдежзиклмнопрстуфхцчшыэюя",
}
_SECTIONS = ("news", "world", "politics", "business", "sport", "science", "culture")
_SOURCES = ("Daily Wire Service", "Morning Herald", "Evening Post", "City News", "Global Desk")


class Vocabulary:
    def __init__(self, lang: str, rng: random.Random, size: int = 30_000) -> None:
        letters = _LETTERS[lang]
        words = {"".join(rng.choice(letters) for _ in range(rng.randint(2, 11)))
                 for _ in range(size * 2)}
        self.words = sorted(words)[:size]
        rng.shuffle(self.words)
        self._cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in
                                                     range(len(self.words))))
        self._rng = rng

    def text(self, n: int) -> str:
        return " ".join(self._rng.choices(self.words, cum_weights=self._cumulative, k=n))

    def query_words(self, low: int = 30, high: int = 3000) -> Sequence[str]:
        """Words people search for: not the commonest, which are like stop words."""
        return self.words[low:high]


def _article(vocabulary: Vocabulary, rng: random.Random, n: int) -> ExtractedArticle:
    url = f"https://news{n % 97}.example.org/{n}"
    title = vocabulary.text(rng.randint(6, 11)).capitalize()
    paragraphs = tuple(vocabulary.text(rng.randint(25, 60)).capitalize() + "."
                       for _ in range(rng.randint(4, 8)))
    return ExtractedArticle(url=url, canonical_url=url, title=title, paragraphs=paragraphs,
                            published_at=NOW - timedelta(minutes=n))


def fill(store: Store, articles: int, *, translated_share: float = 0.2, seed: int = 7,
         progress: bool = True) -> dict[str, Vocabulary]:
    """``articles`` originals spread over LANGS; a share of them translated into English
    (or, for English ones, into Polish), as the pipeline would save them."""
    rng = random.Random(seed)
    vocabularies = {lang: Vocabulary(lang, random.Random(f"{seed}-{lang}")) for lang in LANGS}
    sources = [store.sources.add(url=f"https://{n}.example.org/rss", name=name, now=NOW)
               for n, name in enumerate(_SOURCES)]
    started = time.monotonic()
    for n in range(articles):
        lang = LANGS[n % len(LANGS)]
        saved = store.articles.save(
            _article(vocabularies[lang], rng, n),
            language=LanguageGuess(lang=lang, confidence=0.99, method="bench"),
            source_id=sources[n % len(sources)].id, section=_SECTIONS[n % len(_SECTIONS)],
            urls=[], now=NOW)
        if rng.random() < translated_share:
            target = "pl" if lang == "en" else "en"
            words = vocabularies[target]
            store.translations.save(saved.article_id, TranslatedText(
                source_lang=lang, target_lang=target, title=words.text(8).capitalize(),
                paragraphs=tuple(words.text(40) + "." for _ in range(5)), engine="bench",
                model="bench-1"), now=NOW)
        if progress and (n + 1) % 5000 == 0:
            rate = (n + 1) / (time.monotonic() - started)
            print(f"  {n + 1} articles ({rate:.0f}/s)", flush=True)
    return vocabularies
