"""Text handling around the engines: URLs, e-mail addresses, numbers and quotes survive
splitting and translation; lines with nothing to translate never reach an engine."""

from __future__ import annotations

import time
from collections.abc import Sequence

import pytest

from bbabo.translate import FakeEngine, TranslationJob, Translator, join_sentences, split_sentences
from bbabo.translate.verbatim import needs_engine, restore_verbatim


@pytest.mark.parametrize(("lang", "paragraph", "expected"), [
    ("ru", "Подробнее на https://example.com/news/2024/01.html. Далее текст.",
     ["Подробнее на https://example.com/news/2024/01.html.", "Далее текст."]),
    ("ru", "Он сказал: «Это конец». Потом ушёл.", ["Он сказал: «Это конец».", "Потом ушёл."]),
    ("ru", "Курс вырос до 92.5 руб. Это рекорд.", ["Курс вырос до 92.5 руб.", "Это рекорд."]),
    ("pl", "„Nie wiem” – powiedział. Potem wyszedł.", ["„Nie wiem” – powiedział.",
                                                      "Potem wyszedł."]),
    ("en", "E-mail: info@example.com. Next one.", ["E-mail: info@example.com.", "Next one."]),
    ("en", "Visit www.example.org/a.b?x=1.5 today. It is 21,800 km away.",
     ["Visit www.example.org/a.b?x=1.5 today.", "It is 21,800 km away."]),
])
def test_urls_numbers_and_quotes_stay_whole(lang: str, paragraph: str,
                                            expected: list[str]) -> None:
    assert split_sentences(paragraph, lang) == expected
    assert join_sentences(expected, lang) == paragraph


@pytest.mark.parametrize(("sentence", "expected"), [
    ("https://t.me/news_channel", False), ("info@example.com", False), ("@bbabo", False),
    ("12.03.2024, 14:00", False), ("— 21 800 —", False), ("Источник: https://x.org/a", True),
    ("Фото: ТАСС", True),
])
def test_needs_engine(sentence: str, expected: bool) -> None:
    assert needs_engine(sentence) is expected


def test_restore_verbatim_mends_spaced_out_urls() -> None:
    source = "Подробности на https://example.com/news/1.html и в @bbabo_news."
    assert restore_verbatim(source, "Szczegóły na https://example. com/news/1. html i w "
                            "@ bbabo_news.") == (
        "Szczegóły na https://example.com/news/1.html i w @bbabo_news.")
    assert restore_verbatim(source, "Szczegóły gdzie indziej.") == "Szczegóły gdzie indziej."


def test_one_long_word_is_read_in_linear_time() -> None:
    # A hostile page's 200,000-letter word: the e-mail pattern starts where a word starts (tried
    # from each position, 100,000 letters took 70 s).
    started = time.perf_counter()
    for word in ("a" * 200_000, "x." * 100_000, "1" * 200_000):
        assert needs_engine(word) is word[0].isalpha()
        assert restore_verbatim(word, word) == word
    assert time.perf_counter() - started < 5
    assert needs_engine("write.to+press@example.com") is False  # still one address


class Spacing(FakeEngine):
    """Puts a space after every dot, as some models do to URLs."""

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        return [text.replace(".", ". ").strip()
                for text in super().translate_batch(texts, src, tgt)]


def test_links_survive_translation_and_link_lines_are_not_sent() -> None:
    engine = Spacing({("ru", "pl")})
    job = TranslationJob(key=1, source_lang="ru", target_lang="pl", title="Новость",
                         paragraphs=("https://t.me/bbabo_news",
                                     "Читайте «подробности» на https://example.com/a.html."))
    (result,) = Translator([engine]).translate_jobs([job])
    assert result.paragraphs == (
        "https://t.me/bbabo_news",
        "[pl] Читайте «подробности» на https://example.com/a.html.",
    )
    assert [texts for texts, _, _ in engine.calls] == [
        ("Новость", "Читайте «подробности» на https://example.com/a.html.")]
