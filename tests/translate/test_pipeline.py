"""translate_pending with the store: the memory makes reruns free, the glossary comes from the
store, flagged translations are published with their flags or held back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from bbabo.errors import StoreError
from bbabo.model import ExtractedArticle, LanguageGuess
from bbabo.pipeline.names import pin_name
from bbabo.pipeline.translate import translate_pending
from bbabo.store import Store
from bbabo.translate import FakeEngine, QualityChecker, Translator

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
BOILERPLATE = "Подписывайтесь на наш канал."


def add_articles(store: Store, count: int, *, lang: str = "ru") -> list[int]:
    ids = []
    for n in range(count):
        article = ExtractedArticle(
            url=f"https://example.org/{n}", canonical_url=f"https://example.org/{n}",
            title=f"Новость {n}.", paragraphs=(f"Событие номер {n} произошло. {BOILERPLATE}",))
        ids.append(store.articles.save(
            article, language=LanguageGuess(lang=lang, confidence=1.0, method="test"),
            source_id=None, section="news", urls=[], now=NOW).article_id)
    return ids


def sent(engine: FakeEngine) -> list[str]:
    return [text for texts, _, _ in engine.calls for text in texts]


def test_a_second_pass_sends_nothing_and_wire_copies_cost_nothing(store: Store) -> None:
    add_articles(store, 20)
    engine = FakeEngine({("ru", "pl"), ("ru", "en")})
    translator = Translator([engine])
    report = translate_pending(store=store, translator=translator, targets=["pl", "en"],
                               clock=lambda: NOW, batch_articles=8)
    assert report.translated == {"pl": 20, "en": 20}
    assert sorted(sent(engine)).count(BOILERPLATE) == 2  # once per target language, ever
    sent_per_pair = [(text, tgt) for texts, _, tgt in engine.calls for text in texts]
    assert len(sent_per_pair) == len(set(sent_per_pair)) == 2 * (20 + 20 + 1)
    calls = len(engine.calls)
    again = translate_pending(store=store, translator=translator, targets=["pl", "en"],
                              clock=lambda: NOW)
    assert again.total == 0 and len(engine.calls) == calls


def test_a_crash_after_translating_loses_nothing_and_translates_nothing_twice(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    add_articles(store, 5)
    engine = FakeEngine({("ru", "pl")})
    translator = Translator([engine])
    real_save = store.translations.save_many

    def crash(*args: object, **kwargs: object) -> bool:
        raise StoreError("disk full")

    monkeypatch.setattr(store.translations, "save_many", crash)
    with pytest.raises(StoreError):
        translate_pending(store=store, translator=translator, targets=["pl"], clock=lambda: NOW)
    assert len(sent(engine)) == 11  # 5 titles, 5 sentences, the boilerplate
    monkeypatch.setattr(store.translations, "save_many", real_save)
    report = translate_pending(store=store, translator=translator, targets=["pl"],
                               clock=lambda: NOW)
    assert report.translated == {"pl": 5}
    assert len(sent(engine)) == 11  # all from memory
    assert (report.memory.misses, report.memory.hits) == (0, 11)


def test_the_stored_glossary_is_applied(store: Store) -> None:
    class Transliterating(FakeEngine):
        def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
            super().translate_batch(texts, src, tgt)
            return [t.replace("Токаев", "Tokayev") for t in texts]

    article = ExtractedArticle(url="https://e.org/t", canonical_url="https://e.org/t",
                               title="Президент Токаев прибыл", paragraphs=("Текст.",))
    article_id = store.articles.save(article, language=LanguageGuess(
        lang="ru", confidence=1.0, method="test"), source_id=None, section="news", urls=[],
        now=NOW).article_id
    store.glossary.upsert([("Токаев", "pl", "Tokajew")], now=NOW)
    translate_pending(store=store, translator=Translator([Transliterating({("ru", "pl")})]),
                      targets=["pl"], clock=lambda: NOW)
    assert store.articles.get(article_id).translations["pl"].title == "Президент Tokajew прибыл"


@pytest.mark.parametrize("hold_back", [False, True])
def test_flagged_translations_are_published_with_flags_or_held(store: Store,
                                                               hold_back: bool) -> None:
    ids = add_articles(store, 2)
    # The fake engine leaves Cyrillic in Polish: every translation is flagged "untranslated".
    translator = Translator([FakeEngine({("ru", "pl")})], checker=QualityChecker(),
                            hold_back=hold_back)
    report = translate_pending(store=store, translator=translator, targets=["pl"],
                               clock=lambda: NOW)
    assert report.translated == {"pl": 2} and report.flagged == {"pl": 2}
    assert report.held == ({"pl": 2} if hold_back else {})
    published = store.articles.get(ids[0]).translations
    if hold_back:
        assert published == {} and store.translations.count_held() == 2
    else:
        assert {flag.check for flag in published["pl"].qa} == {"untranslated"}
        assert store.translations.count_flagged() == 2
    assert translate_pending(store=store, translator=translator, targets=["pl"],
                             clock=lambda: NOW).total == 0


class _Spelling(FakeEngine):
    """Writes Токаев as the test says: the way an engine differs from one call to the next."""

    def __init__(self, spelling: str) -> None:
        super().__init__({("ru", "pl")})
        self.spelling = spelling

    def translate_batch(self, texts, src, tgt):  # type: ignore[no-untyped-def]
        super().translate_batch(texts, src, tgt)
        return [t.replace("Токаев", self.spelling).replace("Токаева", self.spelling + "a")
                for t in texts]


def _article(store: Store, n: int, title: str, paragraph: str) -> int:
    url = f"https://kz.example/{n}"
    article = ExtractedArticle(url=url, canonical_url=url, title=title, paragraphs=(paragraph,))
    return store.articles.save(article, language=LanguageGuess(lang="ru", confidence=1.0,
                                                                method="test"),
                               source_id=None, section="news", urls=[], now=NOW).article_id


def _titles(store: Store, lang: str) -> dict[int, str]:
    return {id_: article.translations[lang].title
            for id_, article in store.articles.get_many([1, 2]).items()}


def test_a_name_keeps_its_first_spelling_in_every_later_article(store: Store) -> None:
    first = _article(store, 1, "Президент Токаев прибыл в Москву", "Визит продлится два дня.")
    translate_pending(store=store, translator=Translator([_Spelling("Tokajew")]),
                      targets=["pl"], clock=lambda: NOW)
    second = _article(store, 2, "Президент Токаев встретится с Путиным", "Встреча в Кремле.")
    translate_pending(store=store, translator=Translator([_Spelling("Tokayev")]),
                      targets=["pl"], clock=lambda: NOW)
    titles = _titles(store, "pl")
    assert "Tokajew" in titles[first] and "Tokajew" in titles[second]
    learned = next(name for name in store.names.all("pl") if name.source == "Токаев")
    assert (learned.spelling, learned.articles) == ("Tokajew", 2)

    # The operator settles another spelling: published translations follow, no engine asked.
    report = pin_name(store, "Токаев", "pl", "Tokaiev", now=NOW)
    assert report.respelled == 2
    titles = _titles(store, "pl")
    assert all("Tokaiev" in title and "Tokajew" not in title for title in titles.values())
    assert store.glossary.for_language("pl") == {"Токаев": "Tokaiev"}
