"""The dates check on months in every inflection, as adjectives, and English "May"; and the
untranslated check on names and on languages lingua confuses (regression sentences written for
these tests)."""

from __future__ import annotations

import time

import pytest

from bbabo.langid import LanguageDetector
from bbabo.translate import QualityChecker
from bbabo.translate.qa import compare_dates
from bbabo.translate.qa.months import find_months, month_paradigms


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Po lipcowych wyborach.", "After the July elections.", "pl", "en"),
    ("После мартовских событий.", "Nach den Ereignissen im März.", "ru", "de"),
    ("Після серпневих подій.", "After the events of August.", "uk", "en"),
    ("Пасля траўнёвых падзей у траўні.", "After the events in May.", "be", "en"),
    ("Майските празници.", "The May holidays.", "bg", "en"),
    ("В марте.", "W marcu.", "ru", "pl"),
    ("В декабре.", "У грудні.", "ru", "uk"),
    ("Z lutym.", "С февралём.", "pl", "ru"),
    ("У верасні.", "Во сентябре.", "be", "ru"),
    ("Во сентябре.", "У верасні.", "ru", "be"),
    ("Seit Januar.", "Since January.", "de", "en"),
    ("Le 3 février.", "El 3 de febrero.", "fr", "es"),
    ("Il 3 settembre.", "На 3 септември.", "it", "bg"),
    ("Since February's win.", "С февральской победы.", "en", "ru"),
    ("They enlisted on Sept.", "Записались в сентябре.", "en", "ru"),
])
def test_months_in_every_inflection_and_as_adjectives(source: str, target: str, src: str,
                                                       tgt: str) -> None:
    assert compare_dates(source, target, src, tgt) is None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Po lipcowych wyborach.", "After the June elections.", "pl", "en"),
    ("После мартовских событий.", "After the April events.", "ru", "en"),
    ("Після серпневих подій.", "После сентябрьских событий.", "uk", "ru"),
    ("W marcu.", "В апреле.", "pl", "ru"),
])
def test_a_changed_month_adjective_is_caught(source: str, target: str, src: str,
                                             tgt: str) -> None:
    assert compare_dates(source, target, src, tgt) is not None


@pytest.mark.parametrize(("text", "months"), [
    ("The vote is in May.", [5]),
    ("Since May the prices rose.", [5]),
    ("On May 9 the parade.", [5]),
    ("The parade was on 9 May.", [5]),
    ("Elections were held mid-May.", [5]),
    ("May I ask a question?", []),
    ("Theresa May said no.", []),
    ("Prices may rise.", []),
    ("The troops march in March.", [3]),
])
def test_english_may_is_a_month_in_context(text: str, months: list[int]) -> None:
    assert [m for mention in find_months(text, "en") for m in mention] == months


def test_in_may_is_not_flagged_and_names_are_not_months() -> None:
    assert compare_dates("в мае", "in May", "ru", "en") is None
    assert compare_dates("Встречались в мае.", "They met in May.", "ru", "en") is None
    # Марта (a name) is not "марта" (of March); Belarusian "мая" (my) is not May.
    assert find_months("Вчера Марта приехала.", "ru") == []
    assert find_months("Гэта мая краіна.", "be") == []
    assert find_months("9 мая.", "be") == [frozenset({5})]


@pytest.mark.parametrize(("text", "lang", "months"), [
    ("Thousands March Through City", "en", []),
    ("Between January and March.", "en", [1, 3]),
    ("In the first quarter, January-March.", "en", [1, 3]),
    ("Der Mais wächst in die Höhe.", "de", []),
    ("Am 3. Mai wächst der Mais.", "de", [5]),
    ("El 19 de Enero.", "es", [1]),
    ("Se reunieron en Noviembre.", "es", [11]),
    ("Es Diciembre de 1997.", "es", [12]),
    ("A principios de Marzo.", "es", [3]),
    ("En la Plaza de Mayo.", "es", []),
])
def test_months_that_are_also_words_and_capitalised_spanish_months(
        text: str, lang: str, months: list[int]) -> None:
    assert [m for mention in find_months(text, lang) for m in mention] == months


@pytest.mark.parametrize(("source", "target", "src", "tgt", "flagged"), [
    # A month the source repeats may be said once, unless a month is changed.
    ("From July 25 until July 31.", "Vom 25. bis 31. Juli.", "en", "de", False),
    ("From July 25 until July 31.", "Vom 25. Juli bis 31. August.", "en", "de", True),
    # A dated month may be given as its weekday, a month alone not.
    ("Publié le 29 septembre.", "Published on Saturday.", "fr", "en", False),
    ("Publié en septembre.", "Published on Saturday.", "fr", "en", True),
    ("Publié le 29 septembre.", "Published on Saturday, October 29.", "fr", "en", True),
])
def test_repeated_months_and_weekdays(source: str, target: str, src: str, tgt: str,
                                      flagged: bool) -> None:
    assert (compare_dates(source, target, src, tgt) is not None) is flagged


def test_every_language_has_twelve_months_in_each_row() -> None:
    for lang in ("ru", "uk", "be", "pl", "en", "fr", "de", "es", "it", "bg"):
        rows = month_paradigms(lang)
        assert rows and all(len(row) == 12 for row in rows), lang


@pytest.fixture(scope="module")
def checker() -> QualityChecker:
    return QualityChecker(LanguageDetector())


def test_untranslated_ignores_names_and_a_neighbour_lingua_prefers(
        checker: QualityChecker) -> None:
    # lingua reads these Ukrainian words as Kazakh, sure of it; Kazakh is no suspect.
    ukrainian = "Якщо він помре, наслідки будуть разючими для всіх нас і для країни."
    assert checker.unit_flags(["If he dies..."], [ukrainian], "en", "uk") == []
    # Names with umlauts make lingua say German: only lower-case words are read.
    english = ("Federal President Frank-Walter Steinmeier and his wife Elke Büdenbender are "
               "welcomed at the arena by master chimney sweep Tobias Böttger")
    assert checker.unit_flags(["Bundespräsident …"], [english], "de", "en") == []
    # Brands and addresses keep their script.
    assert checker.sentence_problems("Follow him on Instagram: @awr_hawkins.",
                                     "Слідкуйте в Instagram: @awr_hawkins.", "en", "uk") == []


def test_untranslated_asks_function_words_before_a_flag(checker: QualityChecker) -> None:
    # Seen in the eighth round's kept-aside flags: lingua's fast mode reads this plain English
    # as French (0.94); its function words ("but", "all", "still") are English.
    english = "But despite all automation, minor accidents still occur."
    french = "En dépit de toutes les automatisations, de légères pannes ne sont pas exclues."
    assert checker.unit_flags([french], [english], "fr", "en") == []
    # French left in an English translation is still caught.
    flags = checker.unit_flags([french], [french.replace("toutes ", "")], "fr", "en")
    assert [f.check for f in flags] == ["untranslated"]


def test_untranslated_still_catches_the_source_language_and_english(
        checker: QualityChecker) -> None:
    ukrainian = ("Президент заявив сьогодні, що переговори з партнерами триватимуть "
                 "наступного тижня.")
    flags = checker.unit_flags([ukrainian], [ukrainian.replace("з партнерами ", "")], "uk", "ru")
    assert [(f.check, f.detail[:17]) for f in flags] == [("untranslated", "reads as uk, not ")]
    english = ("The president said today that the negotiations will continue next week in "
               "the capital.")
    flags = checker.unit_flags(["Президент заявил сегодня, что переговоры продолжатся на "
                                "следующей неделе в столице."], [english], "ru", "pl")
    assert [(f.check, f.detail[:17]) for f in flags] == [("untranslated", "reads as en, not ")]


def test_a_german_compound_begins_with_its_month() -> None:
    # "die Septemberausgabe" is September's issue; a compound of another month is caught.
    assert compare_dates("The September issue of Vogue.", "Die Septemberausgabe der Vogue.",
                         "en", "de") is None
    assert compare_dates("The September issue of Vogue.", "Die Oktoberausgabe der Vogue.",
                         "en", "de") is not None
    # Names that begin like a short month stay names: no month in them.
    assert find_months("Juliane fuhr nach Mailand, Junior.", "de") == []


def test_french_sept_is_seven_unless_shortened_with_its_dot() -> None:
    assert find_months("Une pente de sept à 30 degrés.", "fr") == []
    assert find_months("Le 12 sept. 2015.", "fr") == [frozenset({9})]
    assert compare_dates("Une pente de sept à 30 degrés.", "A slope of 7 to 30 degrees.",
                         "fr", "en") is None


def test_names_that_begin_with_a_month_stay_names_and_sept_with_a_year_is_september() -> None:
    assert compare_dates("Kaiser Augustus ließ die Stadt bauen.",
                         "Emperor Augustus had the city built.", "de", "en") is None
    assert find_months("Im Augustinerkloster.", "de") == []
    assert compare_dates("Le 12 sept 2023.", "On 12 October 2023.", "fr", "en") is not None


@pytest.mark.parametrize(("source", "target", "src", "tgt", "caught"), [
    # Seen in the seventh round's kept-aside flags, fixed after they were measured: a month
    # a name of the translation holds, "9/11" for 11 September, lower-case "march" a walk.
    ("The house at 57/1 October Revolution Street.", "Дом по улице Октябрьской революции 57/1.",
     "en", "ru", False),
    ("A flat on October Avenue.", "Квартира на проспекте Октября.", "en", "ru", False),
    ("A flat on October Avenue.", "Квартира на проспекте Ноября.", "en", "ru", True),
    ("Zur Gedenkstätte des 11. Septembers.", "To the 9/11 memorial.", "de", "en", False),
    ("Zur Gedenkstätte des 11. Oktobers.", "To the 9/11 memorial.", "de", "en", True),
    ("How the Russian march-2012 went.", "Как прошёл Русский марш-2012.", "en", "ru", False),
    ("The rally on March 4, 2012.", "Митинг 4 апреля 2012 года.", "en", "ru", True),
])
def test_months_in_names_nine_eleven_and_a_march(source: str, target: str, src: str, tgt: str,
                                                 caught: bool) -> None:
    assert (compare_dates(source, target, src, tgt) is not None) is caught


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    # Found by a review: a name's month answers only when no month of the translation's own
    # is left over; "9/11" is September in English only; lower-case "march" by a day is March.
    ("In July, Julio Iglesias sang.", "En agosto, Julio Iglesias cantó.", "en", "es"),
    ("On 5 March, Marta Petrova won.", "5 мая Марта Петрова победила.", "en", "ru"),
    ("The rally on 7 October.", "Митинг 7 ноября на Октябрьской площади.", "en", "ru"),
    ("The talks start in September.", "Les pourparlers commencent le 9/11.", "en", "fr"),
    ("Talks began on 5 march 2012.", "Die Gespräche begannen am 5. April 2012.", "en", "de"),
])
def test_names_and_nine_eleven_do_not_hide_a_changed_month(source: str, target: str, src: str,
                                                          tgt: str) -> None:
    assert compare_dates(source, target, src, tgt) is not None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    # Seen among the tuning sets' `dates` flags (eighth round): a month in another language's
    # word of the translation (a name kept as it was, a month left untranslated), French
    # "aout" (the 1990 spelling), and an English abbreviation ending a line the set cut short.
    ("Karl März und Adolf Ried führten den Verein.", "Karl März and Adolf Ried led the club.",
     "de", "en"),
    ("It hurt Perth mother June Corteen.", "Es traf June Corteen, eine Mutter aus Perth.",
     "en", "de"),
    ("They gave to the March for Life Fund.", "Sie spendeten an den „March for Life Fund“.",
     "en", "de"),
    ("Kurz vor dem Start des Oktoberfestes.", "Shortly before the start of Oktoberfest.",
     "de", "en"),
    ("Il a été arrêté le 7 juin 2010.", "Er wurde am 7. Junio 2010 verhaftet.", "fr", "de"),
    ("On July 26, 1999, the Army announced it.", "Am 26. July 1999 verkündete es die Armee.",
     "en", "de"),
    ("(Exceptional People, mayo de 2011.)", "(Exceptional People, mai 2011.)", "es", "en"),
    ("Im Vergleich zu 100,8 im August.", "Par rapport à 100,8 en aout.", "de", "fr"),
    ("Er wird im Oktober zu sehen sein.", "It will be in select movie theaters Oct.", "de", "en"),
])
def test_months_in_other_languages_words_and_a_cut_abbreviation(source: str, target: str,
                                                                src: str, tgt: str) -> None:
    assert compare_dates(source, target, src, tgt) is None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    # Another language's month answers only when no month of the translation's own is left
    # over, for the same month, and never a word that is a month only by a number.
    ("In June, June Corteen spoke.", "Im Juli sprach June Corteen.", "en", "de"),
    ("In May, Theresa May spoke.", "Theresa May sprach.", "en", "de"),
    ("Am 3. März sprach Karl März.", "On 3 April, Karl März spoke.", "de", "en"),
    ("Il a été arrêté le 7 juin 2010.", "Er wurde am 7. Julio 2010 verhaftet.", "fr", "de"),
    ("Er kommt im Oktober.", "He comes in select theaters Nov.", "de", "en"),
])
def test_other_languages_months_do_not_hide_a_changed_or_dropped_month(
        source: str, target: str, src: str, tgt: str) -> None:
    assert compare_dates(source, target, src, tgt) is not None


@pytest.mark.parametrize(("source", "target", "src", "tgt", "caught"), [
    # Seen in the eighth round's kept-aside flags, fixed after they were measured: "may" is
    # May only by a number standing alone (a day or a year), not one ending a code; a month
    # misspelt by one slip answers for itself, only for the same month.
    ("The orf3b of SARS-CoV-2 may play a role.", "Orf3b SARS-CoV-2 может играть роль.",
     "en", "ru", False),
    ("Deaths from COVID-19 may be higher.", "Смертей от COVID-19 может быть больше.",
     "en", "ru", False),
    ("It rained on 5 may 2012.", "Am 5. Juni 2012 regnete es.", "en", "de", True),
    ("Ein Kabel vom 22. September 2008.", "A cable dated 22 Setember 2008.", "de", "en", False),
    ("Im Januar 2008.", "Dated Janaury 2008.", "de", "en", False),
    ("Im Januar 2008.", "Dated Febraury 2008.", "de", "en", True),
    ("On 13 November 2010.", "Am 13. Dezember 2010 (Novmember).", "en", "de", True),
    ("Im Jänner kamen die Männer.", "Die Männer kamen.", "de", "de", True),
    ("In August they went to Augusta.", "Sie fuhren nach Augusta.", "en", "de", True),
    ("Patients with COVID-19    may recover.", "Пациенты с COVID-19 выздоравливают.", "en", "ru",
     False),
    # Spanish names a day of note by its month's initial ("28-N"); not "3-D".
    ("The elections of 28 November.", "Las elecciones del 28-N.", "en", "es", False),
    ("The attacks of 11 March.", "Los atentados del 11-M.", "en", "es", False),
    ("The elections of 28 November.", "Las elecciones del 28-O.", "en", "es", True),
    ("Una película en 3-D.", "A film in 3-D.", "es", "en", False),
])
def test_may_by_a_code_and_misspelt_months(source: str, target: str, src: str, tgt: str,
                                           caught: bool) -> None:
    assert (compare_dates(source, target, src, tgt) is not None) is caught


@pytest.mark.parametrize(("source", "target", "src", "tgt", "caught"), [
    # Seen in the ninth round's kept-aside flags: May Day named as the holiday answers for
    # May (not the American Labor Day, in September).
    ("They marched on May Day.", "Sie demonstrierten am Tag der Arbeit.", "en", "de", False),
    ("Le 1er mai, ils ont défilé.", "On May Day they marched.", "fr", "en", False),
    ("They marched on May Day.", "Sie demonstrierten im Juni.", "en", "de", True),
    ("They marched on 4 September.", "They marched on Labor Day.", "en", "en", True),
])
def test_may_day_answers_for_may(source: str, target: str, src: str, tgt: str,
                                 caught: bool) -> None:
    assert (compare_dates(source, target, src, tgt) is not None) is caught


def test_a_german_compound_with_a_day_of_the_month() -> None:
    # Seen in the tuning sets (ninth round): "Dezembertag", "Januartag"; not "Montag".
    assert compare_dates("Le dernier jour de janvier 2019.", "Am letzten Januartag 2019.",
                         "fr", "de") is None
    assert compare_dates("Un jour de décembre.", "An einem Dezembertag.", "fr", "de") is None
    assert compare_dates("Un jour de décembre.", "An einem Novembertag.", "fr", "de") is not None
    assert find_months("Ein Montag, ein Feiertag.", "de") == []


def test_a_long_translation_missing_a_month_is_read_quickly() -> None:
    # A month missing sends every word of the translation to the names', other languages'
    # and misspellings' readings: a lookup a word, not an edit distance to every month form.
    compare_dates("Im Januar.", "In January.", "de", "en")  # tables loaded outside the timing
    translation = " ".join(["Zusammenarbeit", "Regierung", "Verhandlungen", "beschlossen"] * 3000)
    started = time.perf_counter()
    assert compare_dates("In September 2020 the talks began.", translation, "en", "de")
    assert time.perf_counter() - started < 3
