"""The translation tables on SQLite and PostgreSQL: memory, glossary, held translations."""

from __future__ import annotations

from datetime import UTC, datetime

from bbabo.model import ExtractedArticle, LanguageGuess, QAFlag, TranslatedText
from bbabo.store import Store

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
KEY = ("ctranslate2", "opus-mt-ru-pl", "ru", "pl")


def _article(store: Store, n: int) -> int:
    article = ExtractedArticle(url=f"https://example.org/{n}", canonical_url=f"https://example.org/{n}",
                               title=f"Заголовок {n}", paragraphs=(f"Абзац {n}.",))
    return store.articles.save(article, language=LanguageGuess(lang="ru", confidence=1.0,
                                                               method="test"),
                               source_id=None, section="news", urls=[], now=NOW).article_id


def _translation(lang: str, qa: tuple[QAFlag, ...] = ()) -> TranslatedText:
    return TranslatedText(source_lang="ru", target_lang=lang, title="T", paragraphs=("P.",),
                          engine="fake", model="m", qa=qa)


def test_memory_remembers_per_engine_model_and_pair(store: Store) -> None:
    assert store.memory.lookup(*KEY, ["a", "b"]) == {}
    store.memory.remember(*KEY, {"a": "Ala", "b": "Bela"})
    assert store.memory.lookup(*KEY, ["a", "b", "c", "a"]) == {"a": "Ala", "b": "Bela"}
    assert store.memory.lookup("ctranslate2", "other-model", "ru", "pl", ["a"]) == {}
    assert store.memory.lookup("apertium", "opus-mt-ru-pl", "ru", "pl", ["a"]) == {}
    assert store.memory.lookup("ctranslate2", "opus-mt-ru-pl", "ru", "uk", ["a"]) == {}
    assert store.memory.count() == 2


def test_memory_keeps_the_first_translation_of_a_sentence(store: Store) -> None:
    store.memory.remember(*KEY, {"a": "first"})
    store.memory.remember(*KEY, {"a": "second", "b": "new"})  # a concurrent worker: no error
    assert store.memory.lookup(*KEY, ["a", "b"]) == {"a": "first", "b": "new"}


def test_memory_batches_large_lookups(store: Store) -> None:
    entries = {f"h{i}": f"t{i}" for i in range(1234)}
    store.memory.remember(*KEY, entries)
    assert store.memory.lookup(*KEY, list(entries)) == entries
    assert store.memory.forget(model="opus-mt-ru-pl") == 1234
    assert store.memory.count() == 0


def test_glossary_upsert_and_lookup(store: Store) -> None:
    assert store.glossary.upsert([("Токаев", "pl", "Tokajew"), ("Токаев", "en", "Tokayev")],
                                 now=NOW) == (2, 0)
    assert store.glossary.upsert([("Токаев", "pl", "Tokajew"), ("Назарбаев", "pl", "Nazarbajew"),
                                  ("Токаев", "en", "Tokaev")], now=NOW) == (1, 1)
    assert store.glossary.for_language("pl") == {"Токаев": "Tokajew", "Назарбаев": "Nazarbajew"}
    assert store.glossary.for_language("en") == {"Токаев": "Tokaev"}
    assert store.glossary.remove("Токаев", "en") and not store.glossary.remove("Токаев", "en")
    assert store.glossary.all() == [("Назарбаев", "pl", "Nazarbajew"), ("Токаев", "pl", "Tokajew")]


def test_held_translations_count_as_done_but_stay_off_the_site(store: Store) -> None:
    first, second = _article(store, 1), _article(store, 2)
    flag = QAFlag(check="numbers", paragraph=0, detail="missing 5")
    assert store.translations.save(first, _translation("pl", (flag,)), now=NOW, hold=True)
    assert not store.translations.save(first, _translation("pl"), now=NOW)  # already made
    assert store.translations.save(second, _translation("pl"), now=NOW)
    assert [p.article_id for p in store.translations.pending(["pl"])] == []
    assert store.translations.pending_count(["pl"]) == 0
    assert store.translations.count_held() == 1
    assert store.translations.count_by_language() == {"pl": 1}
    assert "pl" not in store.articles.get(first).translations
    (held,) = store.translations.held()
    assert (held.article_id, held.lang, held.qa) == (first, "pl", (flag,))

    assert store.translations.release(first, "pl") and not store.translations.release(first, "pl")
    published = store.articles.get(first).translations["pl"]
    assert published.qa == (flag,) and published.title == "T"
    assert store.translations.count_held() == 0 and store.translations.count_flagged() == 1


def test_discarding_a_held_translation_makes_it_pending_again(store: Store) -> None:
    article = _article(store, 1)
    store.translations.save(article, _translation("pl"), now=NOW, hold=True)
    assert store.translations.discard_held(article, "pl")
    assert [p.missing for p in store.translations.pending(["pl"])] == [("pl",)]
