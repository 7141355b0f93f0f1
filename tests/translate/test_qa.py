"""Faithfulness checks on crafted good and bad translations, and the retry of flagged sentences."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence

import pytest

from bbabo.langid import LanguageDetector
from bbabo.model import QAFlag
from bbabo.translate import FakeEngine, QualityChecker, TranslationJob, Translator
from bbabo.translate.qa import compare_dates, compare_numbers, find_repetition, length_problem


@pytest.mark.parametrize(("source", "target"), [
    ("Инфляция составила 2,4 процента.", "Inflation was 2.4 percent."),
    ("На митинг пришли 21 800 человек.", "21,800 people came to the rally."),
    ("Ущерб оценили в 1.234.567,89 рубля.", "The damage was put at 1,234,567.89 roubles."),
    ("Kurs wynosi 3 500 zł.", "Der Kurs liegt bei 3.500 Zloty."),
    ("Встреча 10 января 2022 года.", "Spotkanie 10.01.2022."),
    ("Его рост 1,85 м, а вес 80 кг.", "He is 1.85 m tall and weighs 80 kg."),
    ("Без чисел.", "Bez liczb."),
    ("Sales rose 5% to $3.2bn in 2023.", "Продажи выросли на 5% до $3,2 млрд в 2023 году."),
])
def test_numbers_agree_across_locale_formats(source: str, target: str) -> None:
    assert compare_numbers(source, target) is None


@pytest.mark.parametrize(("source", "target", "detail"), [
    ("Инфляция составила 2,4 процента.", "Inflation was 4.2 percent.",
     "missing 2,4; found instead 4.2"),
    ("На митинг пришли 21 800 человек.", "Thousands came to the rally.", "missing 21 800"),
    ("Счёт 5:5.", "The score was 5.", "missing 5"),
    ("В 2019 и 2020 годах.", "In 2019.", "missing 2020"),
])
def test_numbers_that_went_missing_or_changed(source: str, target: str, detail: str) -> None:
    assert compare_numbers(source, target) == detail


@pytest.mark.parametrize(("source", "target", "src", "tgt", "detail"), [
    ("Визит начнётся 10 января.", "Wizyta rozpocznie się 10 stycznia.", "ru", "pl", None),
    ("Визит начнётся 10 января.", "Wizyta rozpocznie się 10 lutego.", "ru", "pl",
     "month January missing; found February"),
    ("9 мая прошёл парад.", "The parade took place on May 9.", "ru", "en", None),
    ("В марте цены выросли.", "Im März stiegen die Preise.", "ru", "de", None),
    ("В марте цены выросли.", "Prices rose in spring.", "ru", "en", "month March missing"),
    ("Заседание 14.07.2024.", "The meeting on 14 July 2024.", "ru", "en", None),
    ("Засідання 14 липня.", "Posiedzenie 14 lipca.", "uk", "pl", None),
    ("He may come in May.", "Он может прийти в мае.", "en", "ru", None),
    ("Il 3 settembre.", "Am 3. September.", "it", "de", None),
    ("Без дат.", "Bez dat.", "ru", "pl", None),
])
def test_dates_and_month_names(source: str, target: str, src: str, tgt: str,
                               detail: str | None) -> None:
    assert compare_dates(source, target, src, tgt) == detail


def test_repetition_loops() -> None:
    assert find_repetition("Prezydent prezydent prezydent prezydent przyjechał.") == (
        "'prezydent' repeated 4 times")
    assert find_repetition("w Moskwie w Moskwie w Moskwie w Moskwie") == (
        "'w moskwie' repeated 4 times")
    assert find_repetition("To jest zwykłe, dobre zdanie o tym, że to jest dobre.") is None
    # What the source repeats may be repeated.
    assert find_repetition("ha ha ha ha", "ха ха ха ха") is None


def test_length_outliers() -> None:
    source = "Президент прибыл в Москву с двухдневным визитом и встретился с коллегой."
    assert length_problem(source, "Prezydent.", "ru", "pl") is not None
    assert length_problem(source, source * 3, "ru", "pl") is not None
    assert length_problem(source, "Prezydent przybył do Moskwy z dwudniową wizytą i spotkał "
                          "się z kolegą.", "ru", "pl") is None
    assert length_problem("Коротко.", "Bardzo długie tłumaczenie krótkiego słowa.", "ru",
                          "pl") is None  # too short to judge
    # Chinese packs more into a character.
    assert length_problem("The president arrived in Moscow for a two-day visit on Monday.",
                          "总统周一抵达莫斯科进行为期两天的访问。", "en", "zh") is None


def test_untranslated_text_is_caught_cheaply_and_by_language() -> None:
    checker = QualityChecker(LanguageDetector(["es", "it", "pt", "pl", "ru", "en"]))
    russian = "Президент России заявил сегодня, что переговоры продолжатся на следующей неделе."
    assert ("untranslated", "identical to the source") in checker.sentence_problems(
        russian, russian, "ru", "pl")
    cyrillic = checker.sentence_problems(russian, "Prezydent " + russian, "ru", "pl")
    assert any(check == "untranslated" and "Latin" in detail for check, detail in cyrillic)
    spanish = "El presidente anunció hoy que las negociaciones continuarán la próxima semana."
    italian = ("Il presidente ha annunciato oggi che i negoziati continueranno la prossima "
               "settimana.")
    flags = checker.unit_flags(["Título", spanish], ["Titolo", spanish.replace("El ", "Il ")],
                               "es", "it")
    assert [(f.check, f.paragraph) for f in flags] == [("untranslated", 0)]
    assert flags[0].detail.startswith("reads as es, not it")
    assert checker.unit_flags(["Título", spanish], ["Titolo", italian], "es", "it") == []


def test_addresses_are_not_words_and_one_long_token_is_read_quickly() -> None:
    checker = QualityChecker()
    # Addresses, mail and handles keep their script: a Latin one in a Russian line is no flag.
    russian = "Пишите нам на press-office@example.com или на сайт rbc.ru/politics, #выборы"
    latin = ("Пишите нам на press-office@example.org или на сайт newsroom.example.com/latest "
             "и www.example.net/today")
    assert checker.sentence_problems(russian, latin, "ru", "ru") == []
    assert checker.sentence_problems(russian, "write to us at the office today please",
                                     "ru", "ru") != []
    # A hostile page's one-word sentence: the address patterns are tried from a token's start
    # only (tried from each position, 112,000 letters took 35 s).
    started = time.perf_counter()
    for token in ("a" * 200_000, "1" * 200_000, "x." * 100_000):
        checker.sentence_problems(token, token, "en", "de")
    assert time.perf_counter() - started < 5


def test_unit_flags_name_the_paragraph_or_none_for_the_title() -> None:
    flags = QualityChecker().unit_flags(
        ["Рост на 5%", "Первый абзац без чисел.", "Второй абзац: 21 800 человек."],
        ["Wzrost o 6%", "Pierwszy akapit bez liczb.", "Drugi akapit: wielu ludzi."], "ru", "pl")
    assert flags == [
        QAFlag(check="numbers", paragraph=None, detail="missing 5; found instead 6"),
        QAFlag(check="numbers", paragraph=1, detail="missing 21 800"),
    ]


class Scripted(FakeEngine):
    """Answers from a script of {source: translation}; echoes with a tag otherwise."""

    def __init__(self, pairs: Iterable[tuple[str, str]], answers: Mapping[str, str], *,
                 name: str = "scripted", careful: Scripted | None = None) -> None:
        super().__init__(pairs, name=name)
        self.answers = dict(answers)
        self._careful = careful

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        super().translate_batch(texts, src, tgt)
        return [self.answers.get(text, f"[{tgt}] {text}") for text in texts]

    def careful(self) -> Scripted | None:
        return self._careful


JOB = TranslationJob(key=1, source_lang="ru", target_lang="pl", title="Рост на 5%",
                     paragraphs=("Цены выросли на 2,4%. Потом упали на 3,1%.",))


def test_a_flagged_sentence_is_retried_with_the_next_engine() -> None:
    first = Scripted({("ru", "pl")}, {"Цены выросли на 2,4%.": "Ceny wzrosły.",
                                      "Потом упали на 3,1%.": "Potem spadły o 3,1%.",
                                      "Рост на 5%": "Wzrost o 5%"}, name="first")
    second = Scripted({("ru", "pl")}, {"Цены выросли на 2,4%.": "Ceny wzrosły o 2,4%."},
                      name="second")
    translator = Translator([first, second], checker=QualityChecker())
    (result,) = translator.translate_jobs([JOB])
    assert result.paragraphs == ("Ceny wzrosły o 2,4%. Potem spadły o 3,1%.",)
    assert [texts for texts, _, _ in second.calls] == [("Цены выросли на 2,4%.",)]
    assert result.engine == "first"
    assert result.qa == ()


def test_the_retry_keeps_the_first_answer_unless_the_second_is_better() -> None:
    careful = Scripted({("ru", "pl")}, {"Цены выросли на 2,4%.": "Ceny, ceny."}, name="careful")
    engine = Scripted({("ru", "pl")}, {"Цены выросли на 2,4%.": "Ceny wzrosły."},
                      careful=careful)
    (result,) = Translator([engine], checker=QualityChecker()).translate_jobs([JOB])
    assert len(careful.calls) == 1  # retried once, with the careful variant
    assert result.paragraphs[0].startswith("Ceny wzrosły.")
    assert result.qa == (QAFlag(check="numbers", paragraph=0, detail="missing 2,4"),)


def test_without_a_checker_nothing_is_checked_or_retried() -> None:
    first = Scripted({("ru", "pl")}, {"Цены выросли на 2,4%.": "Ceny wzrosły."})
    second = Scripted({("ru", "pl")}, {}, name="second")
    (result,) = Translator([first, second]).translate_jobs([JOB])
    assert result.qa == () and second.calls == []
