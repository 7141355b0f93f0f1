"""The second, longer read: lingua reads the first ``_FIRST_CHARS`` characters (``_UNHINTED_CHARS``
when the page declares no language), and reads up to ``_MAX_CHARS`` only when that first read is
not sure, or disagrees with the declared language, and the text goes on."""

from __future__ import annotations

import pytest

from bbabo.langid import LanguageDetector
from bbabo.langid.detect import _FIRST_CHARS, _MAX_CHARS, _UNHINTED_CHARS, _head, _sure

from .spying import spy_reads

# A Ukrainian story that opens with a quote in Russian: its first read is mostly the quote.
QUOTE_LEAD_UK = (
    "Завод у Харкові не закриватимуть\n"
    "«Никто не собирается закрывать завод, все рабочие места сохранятся, а новые станки приедут "
    "осенью», — сказав директор компанії Олег Семенов. Саме так керівник підприємства відповів "
    "на чутки, що поширилися містом минулого тижня. За його словами, власники вклали у "
    "виробництво ще двісті мільйонів гривень і найближчим часом закуплять нові верстати. "
    "Профспілка поставилася до цих обіцянок обережно: її голова нагадала, що торік робітникам "
    "двічі затримували зарплату. Міська рада пообіцяла стежити за ситуацією й допомогти з "
    "перекваліфікацією, якщо скорочення все ж почнуться. Місцеві мешканці кажуть, що від заводу "
    "залежить майже кожна третя родина в районі, тому новини з прохідної обговорюють у кожній "
    "крамниці. Наступна зустріч керівництва з працівниками запланована на початок травня."
)

# The same story opening with a longer quote: the first read is all but the quote, and lingua is
# sure of Russian.
LONG_QUOTE_LEAD_UK = QUOTE_LEAD_UK.replace(
    "«Никто не собирается закрывать завод, все рабочие места сохранятся, а новые станки приедут "
    "осенью», — сказав директор компанії Олег Семенов.",
    "«Мы не собираемся закрывать завод в Харькове. Все рабочие места будут сохранены, а зарплаты "
    "вырастут уже летом, как мы и обещали коллективу в прошлом году. Новые станки приедут "
    "осенью», — сказал директор компании Олег Семёнов.")


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


def test_the_first_read_alone_would_be_wrong(detector: LanguageDetector) -> None:
    # The premise of the test below: read alone, the start leans Russian, but not surely.
    text = " ".join(QUOTE_LEAD_UK.split())
    ranked = detector._ranked(_head(text, _FIRST_CHARS))
    assert max(ranked, key=lambda item: item[1])[0] == "ru"
    assert not _sure(ranked)
    assert len(text) > _FIRST_CHARS + 200


@pytest.mark.parametrize("text", [QUOTE_LEAD_UK, LONG_QUOTE_LEAD_UK])
def test_without_a_declared_language_the_first_read_is_longer(
        detector: LanguageDetector, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    # Nothing to check a sure first read against, so it reads enough to get past a quoted lead.
    samples = spy_reads(detector, monkeypatch)
    guess = detector.detect(text)
    assert (guess.lang, guess.method) == ("uk", "lingua")
    assert len(samples) == 1 and _FIRST_CHARS < len(samples[0]) <= _UNHINTED_CHARS


@pytest.mark.parametrize("hint", ["uk", "ru"])
def test_an_unsure_first_read_is_settled_by_a_longer_one(
        detector: LanguageDetector, monkeypatch: pytest.MonkeyPatch, hint: str | None) -> None:
    samples = spy_reads(detector, monkeypatch)
    guess = detector.detect(QUOTE_LEAD_UK, hint=hint)
    assert (guess.lang, guess.method) == ("uk", "lingua")
    assert guess.confidence > 0.9
    assert len(samples) == 2
    assert len(samples[0]) <= _FIRST_CHARS < len(samples[1]) <= _MAX_CHARS
    assert samples[1].startswith(samples[0])


def test_a_page_declaring_another_language_gets_the_longer_read(
        detector: LanguageDetector, monkeypatch: pytest.MonkeyPatch) -> None:
    text = " ".join(LONG_QUOTE_LEAD_UK.split())
    assert text != " ".join(QUOTE_LEAD_UK.split())
    first = detector._ranked(_head(text, _FIRST_CHARS))
    assert max(first, key=lambda item: item[1])[0] == "ru" and _sure(first)  # sure, and wrong
    samples = spy_reads(detector, monkeypatch)
    guess = detector.detect(LONG_QUOTE_LEAD_UK, hint="uk")
    assert (guess.lang, guess.method) == ("uk", "lingua")
    assert len(samples) == 2 and len(samples[1]) > _FIRST_CHARS
    samples.clear()
    detector.detect(LONG_QUOTE_LEAD_UK, hint="ru")  # the declaration agrees: one read
    assert len(samples) == 1


def test_a_head_without_words_does_not_hide_the_text(detector: LanguageDetector,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # A results table before the story: nothing for lingua in the first read.
    table = " ".join(f"{n}:{n + 3} ({n * 7}%)" for n in range(50))
    assert len(table) > _UNHINTED_CHARS
    samples = spy_reads(detector, monkeypatch)
    guess = detector.detect(table + " Rząd zatwierdził nowy plan rozwoju kolei. Minister "
                            "transportu powiedział dziennikarzom, że pierwsze odcinki zostaną "
                            "zbudowane już w przyszłym roku.")
    assert (guess.lang, guess.method) == ("pl", "lingua")
    assert len(samples) == 2


def test_a_short_text_is_read_once(detector: LanguageDetector,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing more to read: an unsure first read of the whole text stands (the hint may help).
    samples = spy_reads(detector, monkeypatch)
    assert detector.detect("Новини", hint="uk").lang == "uk"
    assert samples == ["Новини"]


@pytest.mark.parametrize(("ranked", "sure"), [
    ([], False),
    ([("ru", 1.0)], True),
    ([("ru", 0.9), ("uk", 0.1)], False),
    ([("ru", 1.0), ("uk", 1e-25), ("bg", 1e-40)], True),
    ([("uk", 1e-25), ("ru", 1.0)], True),
])
def test_sure(ranked: list[tuple[str, float]], sure: bool) -> None:
    assert _sure(ranked) is sure
