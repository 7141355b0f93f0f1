"""The numbers check on the ways translators really write numbers (regression sentences written
for these tests; the figures measured on public data are in docs/benchmarks.md)."""

from __future__ import annotations

import time

import pytest

from bbabo.translate.qa import compare_numbers
from bbabo.translate.qa.numbers import find_numbers
from bbabo.translate.qa.numwords import lexicon, word_values
from bbabo.translate.qa.wordnumbers import word_numbers


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Arrived 3 people.", "Приехали три человека.", "en", "ru"),
    ("Не хватило 3 голосов.", "Zabrakło trzech głosów.", "ru", "pl"),
    ("Не вистачило трьох голосів.", "3 votes were missing.", "uk", "en"),
    ("Загинули 5 людей.", "П'ять людей загинули.", "uk", "uk"),
    ("Близько 5 осіб.", "Около пяти человек.", "uk", "ru"),
    ("У 3 регіонах.", "У трох рэгіёнах.", "uk", "be"),
    ("Z 2 stron.", "Z dwóch stron.", "pl", "pl"),
    ("With 2 children.", "Mit zwei Kindern.", "en", "de"),
    ("Il y a 21 candidats.", "There are twenty-one candidates.", "fr", "en"),
    ("Hay 21 candidatos.", "Ci sono ventuno candidati.", "es", "it"),
    ("Ci sono 350 posti.", "Es gibt dreihundertfünfzig Plätze.", "it", "de"),
    ("In 3 cities.", "В три града.", "en", "bg"),
    ("There were 40 of them.", "Их было сорок.", "en", "ru"),
    ("There were 200 of them.", "Их было двести.", "en", "ru"),
    ("В митинге участвовали 235 000 человек.",
     "Two hundred thirty-five thousand people took part.", "ru", "en"),
    ("2 million viewers.", "Два миллиона зрителей.", "en", "ru"),
    ("3 billion dollars.", "Три мільярди доларів.", "en", "uk"),
    ("Two people and 1 dog.", "Dwie osoby i jeden pies.", "en", "pl"),
    ("She was 3rd.", "Она была третьей.", "en", "ru"),
    ("Його 2 діти.", "Его двое детей.", "uk", "ru"),
    ("Жили 5 людей.", "Жило п'ятеро людей.", "uk", "uk"),
    ("A 10-month-old kitten.", "Десятимісячне кошеня.", "en", "uk"),
    ("A 42-year-old mechanic.", "Czterdziestodwuletni mechanik.", "en", "pl"),
    ("It rained 2 times.", "Дождь шёл дважды.", "en", "ru"),
    ("In the 19th century.", "W XIX wieku.", "en", "pl"),
    # A smaller scale after a larger one counts what was said since (WMT19 de-fr).
    ("2,8 Millionen Franzosen.", "Deux millions huit cent mille Français.", "de", "fr"),
    ("2,8 million people.", "Два миллиона восемьсот тысяч человек.", "en", "ru"),
    # A fortnight is fifteen days in French, Spanish and Italian, a week eight (WMT20 de-fr).
    ("In 14 Tagen vor dem Parlament.", "Dans quinze jours devant le Parlement.", "de", "fr"),
    ("Within 7 days.", "Entro otto giorni.", "en", "it"),
    ("Gegen den Rat der 40-Jährigen.", "À l'encontre de l'avis de la quadragénaire.", "de", "fr"),
    # German "achtmal" (FLORES-101); "number one" said with the article's word.
    ("It carries 8 times as much water.", "Er führt achtmal so viel Wasser.", "en", "de"),
    ("Platz 1 der Charts.", "Numéro un des ventes.", "de", "fr"),
])
def test_numbers_written_as_words_match_digits(source: str, target: str, src: str,
                                               tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


@pytest.mark.parametrize(("lang", "word", "value"), [
    ("ru", "трёх", 3), ("ru", "пяти", 5), ("ru", "тысячами", 1000), ("ru", "миллиардов", 10**9),
    ("uk", "п'ять", 5), ("uk", "п’яти", 5), ("uk", "двох", 2), ("uk", "мільйонів", 10**6),
    ("be", "пяць", 5), ("be", "пяці", 5), ("be", "трох", 3), ("be", "тысяч", 1000),
    ("pl", "dwóch", 2), ("pl", "pięciu", 5), ("pl", "tysięcy", 1000), ("pl", "trzeciego", 3),
    ("bg", "три", 3), ("bg", "двайсет", 20), ("bg", "хиляди", 1000), ("bg", "трима", 3),
    ("en", "eleven", 11), ("en", "thousand", 1000), ("en", "billion", 10**9),
    ("de", "zwei", 2), ("de", "drei", 3), ("de", "millionen", 10**6), ("de", "mrd", 10**9),
    ("fr", "vingt", 20), ("fr", "milliards", 10**9),
    ("es", "quince", 15), ("es", "millones", 10**6),
    ("it", "diciannove", 19), ("it", "miliardi", 10**9),
])
def test_the_lexicon_has_every_language_and_inflection(lang: str, word: str, value: int) -> None:
    assert word_values(word.replace("ё", "е").replace("’", "'").lower(), lang) == value


def test_zero_to_twenty_tens_and_hundreds_in_all_ten_languages() -> None:
    for lang in ("ru", "uk", "be", "pl", "en", "fr", "de", "es", "it", "bg"):
        values = set(lexicon(lang).values())
        wanted = {*range(2, 21), *range(30, 100, 10), 100, 1000, 10**6, 10**9}
        assert wanted <= values, (lang, sorted(wanted - values))


def test_words_that_are_not_numbers_stay_words() -> None:
    assert word_values("семинар", "ru") is None  # not "семи-" (7)
    assert word_values("сторонников", "ru") is None  # not "сто" (100)
    assert word_values("ein", "de") is None  # the article
    assert [m.text for m in word_numbers("between two and three", "en")] == ["two", "three"]


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Beginn um 20 Uhr.", "It starts at 8 PM.", "de", "en"),
    ("Found at 6.15pm.", "Найден в 18:15.", "en", "ru"),
    ("Um 12.30 Uhr.", "At 12:30.", "de", "en"),
    ("В 14.00.", "At 2:00 p.m.", "ru", "en"),
    ("Open 10 a.m.-10 p.m.", "Открыто с 10 до 22 часов.", "en", "ru"),
    ("At 11am, noon and 2pm.", "В 11.00, в полдень и в 14.00.", "en", "ru"),
    ("Le match à 15h30.", "The match at 3.30pm.", "fr", "en"),
])
def test_clock_times_on_12_and_24_hour_dials(source: str, target: str, src: str,
                                             tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


def test_a_changed_time_is_still_caught() -> None:
    assert compare_numbers("Beginn um 20 Uhr.", "It starts at 9 PM.", "de", "en") is not None
    assert compare_numbers("Found at 6.15pm.", "Найден в 18:25.", "en", "ru") is not None


@pytest.mark.parametrize(("source", "target"), [
    ("A 40×60 cm poster.", "Плакат 40x60 см."),
    ("A 40x60 cm poster.", "Плакат 40х60 см."),  # Cyrillic х
    ("Won 2:1.", "Выиграли со счётом 2-1."),
    ("Won 2-1.", "Wygrali 2:1."),
])
def test_dimension_and_score_signs_separate_numbers(source: str, target: str) -> None:
    assert compare_numbers(source, target) is None


def test_a_changed_dimension_is_caught() -> None:
    assert compare_numbers("A 40x60 cm poster.", "Плакат 40х80 см.") == (
        "missing 60; found instead 80")


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("An Airbus A320neo.", "Ein Airbus A320neo.", "en", "de"),
    ("Танк Т-72Б3.", "The T-72B3 tank.", "ru", "en"),
    ("Flight R17.", "Рейс R17.", "en", "ru"),
    ("(PERSON11) Okay.", "(ЧЕЛОВЕК11) Хорошо.", "en", "ru"),
    ("Die B 19.", "The B19.", "de", "en"),
])
def test_codes_keep_their_digits(source: str, target: str, src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("An Airbus A320neo.", "Ein Airbus A321neo.", "en", "de"),
    ("Танк Т-72Б3.", "The T-72B tank.", "ru", "en"),
    ("Flight R17.", "Рейс R71.", "en", "ru"),
    # A code's digits are not words: "PERSON1" is not the "один" of the sentence.
    ("(PERSON1) One remark.", "(ЧЕЛОВЕК2) Одно замечание.", "en", "ru"),
])
def test_a_changed_code_is_an_error(source: str, target: str, src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is not None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("По 2,5 тыс. рублей.", "2,500 roubles each.", "ru", "en"),
    ("$3.2bn in sales.", "Продажи на 3,2 млрд долларов.", "en", "ru"),
    ("A 550 pound hog.", "Свинья весом 250 килограммов.", "en", "ru"),
    ("Winds of 85 miles per hour.", "Ветер 137 км/ч.", "en", "ru"),
    ("It was 80 degrees.", "Было 27 градусов.", "en", "ru"),
    ("2 to 4 inches of rain.", "От 5 до 10 см осадков.", "en", "ru"),
    ("The 1930s.", "30-е годы.", "en", "ru"),
    ("The 1950-53 war.", "Wojna z lat 1950–1953.", "en", "pl"),
    ("У межах 200 миль (322 км).", "Within 200 miles.", "uk", "en"),
    ("After 3,5 years.", "After 3 and a half years.", "de", "en"),
])
def test_scales_measures_and_decades(source: str, target: str, src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


def test_a_measure_changed_in_the_same_unit_is_caught() -> None:
    assert compare_numbers("About 100 feet deep.", "Около 30 метров (120 футов).",
                           "en", "ru") is not None
    assert compare_numbers("A 550 pound hog.", "Свинья весом 350 килограммов.",
                           "en", "ru") is not None


def test_a_number_the_source_also_spells_takes_the_word_first() -> None:
    # "fünf" takes "five": the changed (5) is not hidden by it.
    assert compare_numbers("Das Gerät hat fünf (5) Teile.", "The device has five (7) parts.",
                           "de", "en") == "missing 5; found instead 7"


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    # "both": the two of them, in every language that has a word for it.
    ("Since it bought the 2 chains.", "Seit sie beide Ketten kaufte.", "en", "de"),
    ("Il a acheté les 2 chaînes.", "It bought both chains.", "fr", "en"),
    ("Los 2 equipos ganaron.", "Обидві команди виграли.", "es", "uk"),
    # Nouns that name a number, in their cases.
    ("The same Livi 11 as last week.", "Ta sama jedenastka Livingston.", "en", "pl"),
    ("With the same 11.", "Z tą samą jedenastką.", "en", "pl"),
    ("Got a 5.", "Получил пятёрку.", "en", "ru"),
    ("About 100 people.", "Близько сотні людей.", "en", "uk"),
    # Ages and decades in words.
    ("The victim, in his 40s.", "Das Opfer, ein Mann in den Vierzigern.", "en", "de"),
    ("The victim, in his 40s.", "La vittima, un quarantenne.", "en", "it"),
    ("Said the 31-year-old.", "Ha affermato il trentunenne.", "en", "it"),
    ("A 23-year-old.", "Un ventitreenne.", "en", "it"),
    ("Она в 40-х.", "She is in her forties.", "ru", "en"),
    # Ordinals of the hundreds, with a Polish case ending; Bulgarian ordinals with the article.
    ("Exactly 100 years on.", "Dokładnie w setną rocznicę.", "en", "pl"),
    ("The 1st World War.", "Първата световна война.", "en", "bg"),
    # A Roman numeral of one letter after a word in lower case (not in English).
    ("WW1 cleric.", "Duchowny podczas I wojny światowej.", "en", "pl"),
    ("A WW1 cleric.", "Un clérigo de la I Guerra Mundial.", "en", "es"),
])
def test_words_for_numbers_beyond_the_numerals(source: str, target: str, src: str,
                                               tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


def test_a_single_capital_i_stays_a_word_in_english() -> None:
    assert [m.text for m in word_numbers("Then I left.", "en")] == []
    assert [m.text for m in word_numbers("I wojna światowa.", "pl")] == []  # first word


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("He's 100 percent certain.", "Er ist sich absolut sicher.", "en", "de"),
    ("Il est sûr à 100 %.", "He is completely sure.", "fr", "en"),
    ("Aiming to be No.1 in AI.", "Chce zostać liderem w AI.", "en", "pl"),
    ("Open 24/7.", "Открыто круглосуточно.", "en", "ru"),
    ("A No 10 spokesman said.", "Rzecznik Downing Street powiedział.", "en", "pl"),
    ("A WW1 cleric.", "Un ecclesiastico della Grande Guerra.", "en", "it"),
    ("A 3rd party app.", "Eine Drittanbieter-App.", "en", "de"),
    ("The 1-piece frame.", "Цельная рама.", "en", "ru"),
    # A list's number before a heading (WMT20 de-fr).
    ("1) Dreimal rechts", "Trois fois à droite.", "de", "fr"),
    ("12) Stadt-Land-Gefälle", "Fossé urbain-rural.", "de", "fr"),
])
def test_numbers_idioms_carry_may_go_into_words(source: str, target: str, src: str,
                                                tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("He's 100 percent certain.", "Er ist sich zu 10 Prozent sicher.", "en", "de"),
    ("Aiming to be No.1 in AI.", "Chce być nr 7 w AI.", "en", "pl"),
    ("Open 24/7.", "Открыто 24/5.", "en", "ru"),
    ("A WW1 cleric.", "A WW2 cleric.", "en", "en"),
])
def test_a_changed_idiom_number_is_still_caught(source: str, target: str, src: str,
                                                tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is not None


def test_a_list_number_is_one_only_at_the_start_and_a_changed_one_is_caught() -> None:
    assert compare_numbers("1) Dreimal rechts", "2) Trois fois à droite.", "de", "fr") == (
        "missing 1; found instead 2")
    assert compare_numbers("Es kam auf Platz 1) und", "Il est arrivé.", "de", "fr") == "missing 1"


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("La livre a reculé de plus de 1 % par rapport au dollar.",
     "Das Pfund verlor gegenüber dem Dollar mehr als ein Prozent.", "fr", "de"),
    ("It fell by 1 percent.", "Bajó un por ciento.", "en", "es"),
    ("Es fiel um 1 Prozent.", "It fell by one percent.", "de", "en"),
])
def test_one_percent_said_with_the_article(source: str, target: str, src: str,
                                           tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


def test_the_article_is_no_number_before_other_words_or_for_another_percent() -> None:
    assert compare_numbers("Es fiel um 2 Prozent.", "Il a baissé de un pour cent.",
                           "de", "fr") == "missing 2"
    assert compare_numbers("Er hat 1 Kind.", "Il a un enfant.", "de", "fr") == "missing 1"
    # ... and "cent" in "pour cent" is no hundred.
    assert [m.text for m in word_numbers("Il a baissé de 5 pour cent.", "fr")] == []
    assert [m.text for m in word_numbers("È sceso del 5 per cento.", "it")] == []


# Each reading that lets a translation say a number its own way still catches a changed one.
@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("In 13 Tagen.", "Dans quinze jours.", "de", "fr"),
    ("In 14 days.", "In fifteen days.", "en", "en"),
    ("Since the 1800s.", "Since the 1900s.", "en", "en"),
    ("Since the 1800s.", "С начала 18 века.", "en", "ru"),
    ("It measures 29¾ inches.", "Misura 29,25 pollici.", "en", "it"),
    ("It measures 29¾ inches.", "Misura 28,75 pollici.", "en", "it"),
    ("Add ½ cup.", "Añade 3/4 taza.", "en", "es"),
    ("3 1/2 stars.", "3 1/8 зірки.", "en", "uk"),
    ("Back at 10:30 PM.", "Ritorno alle 22,40.", "en", "it"),
    ("The show starts at 20.30pm.", "Lo spettacolo inizia alle 21.30.", "en", "it"),
    ("We made the last 16.", "Siamo tra le 15 migliori.", "en", "it"),
    ("Il costo è 22,30 euro.", "It costs 10:30.", "it", "en"),
    ("Kamathi took third in 2:07:48.", "Kamathi è arrivato terzo in 2:07:41.", "en",
     "it"),  # the seconds count too
    ("Called at about 2am.", "Вызвали примерно в час ночи.", "en", "ru"),
    ("Platz 2 der Charts.", "Numéro un des ventes.", "de", "fr"),
    ("Der 1. Preis ging an sie.", "Le prix est allé à elle.", "de", "fr"),
    ("At 10:00am.", "О 11 ранку.", "en", "uk"),
    ("In the 11th century.", "Copre l'XII secolo.", "en", "it"),
    ("Entre 22 h 00 et 23 h 00.", "Between 10:00-11:30 pm.", "fr", "en"),
])
def test_a_changed_number_is_caught_through_every_new_reading(source: str, target: str,
                                                             src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is not None


def test_an_idiom_number_is_not_forgiven_when_another_stands_in_its_place() -> None:
    # "100" could have become the "50" (a digit error): the idiom is not an excuse then.
    assert compare_numbers("He's 100 percent sure of the 3 dates.",
                           "Er ist sich der 3 Termine zu 50 Prozent sicher.", "en", "de") == (
        "missing 100; found instead 50")


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Couvre 209 km (130 miles) de côtes.", "Covers 130 miles of coastline.", "fr", "en"),
    ("It was a sunny 80 degrees.", "C'erano quasi 30 gradi.", "en", "it"),
    ("It was a sunny 80 degrees.", "Было 25 градусов.", "en", "ru"),
    ("It was 95F.", "Il faisait 35 °C.", "en", "fr"),
    ("У шоу 60 Minutes (60 хвилин).", "On \"60 Minutes\".", "uk", "en"),
])
def test_conversions_and_glosses(source: str, target: str, src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


def test_a_temperature_is_rounded_to_five_degrees_not_more() -> None:
    assert compare_numbers("It was a sunny 80 degrees.", "Было 35 градусов.",
                           "en", "ru") is not None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Turnout was 50%.", "Явка составила половину.", "en", "ru"),
    ("1.5 million people.", "Полтора миллиона человек.", "en", "ru"),
    ("Понад 1,5 року.", "Over a year and a half.", "uk", "en"),
    ("Na 1,5 roku.", "Für anderthalb Jahre.", "pl", "de"),
    ("Nach 2,5 Stunden.", "After two and a half hours.", "de", "en"),
    ("Después de 1,5 años.", "Après un an et demi.", "es", "fr"),
    ("500,000 people.", "Half a million people.", "ru", "en"),
    ("About 25% of voters.", "Près d'un quart des électeurs.", "en", "fr"),
    ("Il 50% degli elettori.", "La mitad de los votantes.", "it", "es"),
])
def test_fractions_in_words(source: str, target: str, src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


def test_a_fraction_word_does_not_stand_for_another_number() -> None:
    assert compare_numbers("Turnout was 60%.", "Явка составила половину.", "en", "ru") == (
        "missing 60")


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Etwa 1,6 Kilometer entfernt.", "About a mile away.", "de", "en"),
    ("À environ 1,5 km.", "About a mile away.", "fr", "en"),
    ("Ein Hut mit 60 Zentimeter breitem Rand.", "A hat with a two-foot wide brim.", "de", "en"),
    ("Un ala de más de 60 centímetros.", "A two-foot wide brim.", "es", "en"),
])
def test_a_measure_in_words_matches_its_metric_value(source: str, target: str, src: str,
                                                     tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


def test_a_measure_in_words_is_not_any_length() -> None:
    assert compare_numbers("Ein Hut mit 60 Zentimeter breitem Rand.",
                           "A hat with a three-foot wide brim.", "de", "en") == "missing 60"
    assert compare_numbers("Etwa 5 Kilometer entfernt.", "About a mile away.",
                           "de", "en") == "missing 5"


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Prices rose 2 times.", "Цены выросли вдвое.", "en", "ru"),
    ("2 bad lemons in a row.", "Подвійне фіаско.", "en", "uk"),
    ("2 bad lemons in a row.", "Podwójne fiasko.", "en", "pl"),
    ("Die Preise stiegen um das 2-fache.", "Prices doubled.", "de", "en"),
    ("On 2022-01-10 it began.", "Началось 10 января 2022 года.", "en", "ru"),
    ("1/3 of voters.", "Un tiers des électeurs.", "en", "fr"),
    ("1/3 of voters.", "Треть избирателей.", "en", "ru"),
    ("3/4 of voters.", "75% of voters.", "en", "en"),
    ("The G7 summit.", "Саміт \"Великої сімки\".", "en", "uk"),
    ("The first 100 days.", "Les cent premiers jours.", "en", "fr"),
])
def test_multiples_iso_dates_fractions_and_spoken_codes(source: str, target: str, src: str,
                                                       tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("On 2022-01-10 it began.", "Началось 11 января 2022 года.", "en", "ru"),
    ("1/3 of voters.", "1/4 des électeurs.", "en", "fr"),
    ("The G7 summit.", "The G8 summit.", "en", "en"),
    ("The G7 summit.", "Саміт \"Великої вісімки\".", "en", "uk"),
])
def test_changed_dates_fractions_and_codes_are_caught(source: str, target: str, src: str,
                                                      tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is not None


def test_a_telephone_number_grouped_another_way_is_the_same() -> None:
    assert compare_numbers("Факс: +7 (495) 229 62 01", "Fax: +7 (495) 229-6201", "ru", "en") is None
    assert compare_numbers("Факс: +7 (495) 229 62 01", "Fax: +7 (495) 229-6211",
                           "ru", "en") == "missing 62, 01; found instead 6211"
    assert compare_numbers("Won 1-0.", "Won 10.", "en", "en") is not None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Die 90er-Jahre.", "Les années 1990.", "de", "fr"),
    ("In the 90s.", "У 1990-х.", "en", "uk"),
    ("Die Saison 2021/22.", "La saison 2021-2022.", "de", "fr"),
    ("The 2021/22 season.", "Сезон 2021–2022 років.", "en", "uk"),
    ("1 Million Euro.", "Un million d'euros.", "de", "fr"),
    ("Over 1,000 people.", "Oltre un migliaio di persone.", "en", "it"),
    ("Over 1,000 people.", "Plus d'un millier de personnes.", "en", "fr"),
    ("Over 1,000 people.", "Más de un millar de personas.", "en", "es"),
    ("A 5-storey building.", "П'ятиповерховий будинок.", "en", "uk"),
    ("A 9-storey building.", "Дев'ятиповерхівка.", "en", "uk"),
])
def test_decades_seasons_and_thousands_in_words(source: str, target: str, src: str,
                                                tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


def test_a_changed_season_or_decade_is_caught() -> None:
    assert compare_numbers("Die Saison 2021/22.", "La saison 2021-2023.", "de", "fr") is not None
    assert compare_numbers("Die 90er-Jahre.", "Les années 1980.", "de", "fr") is not None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Over 100 years.", "Больше века.", "en", "ru"),
    ("For 100 years.", "Pendant un siècle.", "en", "fr"),
    ("For 100 years.", "Протягом століття.", "en", "uk"),
    ("For 10 years.", "Przez dekadę.", "en", "pl"),
    ("In 24 hours.", "За сутки.", "en", "ru"),
    ("In 24 hours.", "W ciągu doby.", "en", "pl"),
    ("The 1st time.", "Вперше.", "en", "uk"),
    ("The 2nd time.", "Вдруге.", "en", "uk"),
    ("At 12 noon.", "В полдень.", "en", "ru"),
    ("1 in 5 people.", "Каждый пятый.", "en", "ru"),
    ("1 in 5 people.", "Jeder Fünfte.", "en", "de"),
    ("1 out of 10 people.", "Una persona su dieci.", "en", "it"),
])
def test_spans_of_time_and_one_in_n(source: str, target: str, src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


def test_one_in_n_still_needs_the_n() -> None:
    assert compare_numbers("1 in 5 people.", "Каждый шестой.", "en", "ru") == "missing 5"


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("20,000 people.", "Ventimila persone.", "en", "it"),
    ("1,200 people.", "Milleduecento persone.", "en", "it"),
    ("3,000 people.", "Dreitausend Menschen.", "en", "de"),
    ("3,500 people.", "Dreitausendfünfhundert Menschen.", "en", "de"),
    ("3,000 people.", "3 Tsd. Menschen.", "en", "de"),
    ("He is 6ft 2in tall.", "Его рост 1,88 м.", "en", "ru"),
    ("He is 6 feet 2 inches tall.", "Mide 1,88 metros.", "en", "es"),
    ("He is 6'2\" tall.", "Il mesure 1,88 m.", "en", "fr"),
    ("He is 6ft 2in tall.", "Його зріст 6 футів 2 дюйми.", "en", "uk"),
])
def test_one_word_thousands_and_heights(source: str, target: str, src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


def test_words_holding_thousand_are_not_all_numbers() -> None:
    assert word_values("jahrtausend", "de") is None
    assert word_values("tausende", "de") is None
    assert word_values("milanese", "it") is None
    assert word_values("dreijährig", "de") == 3


def test_a_changed_height_is_caught() -> None:
    assert compare_numbers("He is 6ft 2in tall.", "Его рост 1,98 м.", "en", "ru") is not None
    assert compare_numbers("He is 6ft 2in tall.", "Його зріст 6 футів 5 дюймів.",
                           "en", "uk") is not None


def test_a_number_written_the_same_is_a_partner_before_a_conversion() -> None:
    source = "I am 5 ft 6 inches tall. I ordered 2 sizes up."
    assert compare_numbers(source, "Ich bin 5 Fuß 6 Zoll groß. Ich habe 2 Größen größer bestellt.",
                           "en", "de") is None
    assert compare_numbers(source, "Ich bin 5 Fuß 2 Zoll groß. Ich habe 2 Größen größer bestellt.",
                           "en", "de") is not None


def test_half_a_mile_and_a_couple() -> None:
    assert compare_numbers("Etwa 0,8 km entfernt.", "About half a mile away.", "de", "en") is None
    assert compare_numbers("Etwa 1,6 km entfernt.", "About half a mile away.", "de", "en") == (
        "missing 1,6")
    assert compare_numbers("Через 2 дня.", "In a couple of days.", "ru", "en") is None
    assert compare_numbers("In 2 days.", "Tra un paio di giorni.", "en", "it") is None
    assert compare_numbers("Около 800 метров.", "About half a mile.", "ru", "en") is None
    assert compare_numbers("Около 450 граммов.", "About a pound.", "ru", "en") is None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("About 500,000 people.", "Около полмиллиона человек.", "en", "ru"),
    ("For 6 months.", "Протягом півроку.", "en", "uk"),
    ("About 50 people.", "Каля паўсотні чалавек.", "en", "be"),
])
def test_halves_in_one_word(source: str, target: str, src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Im 2. Weltkrieg.", "Pendant la Seconde Guerre mondiale.", "de", "fr"),
    ("Rund 71 Menschen.", "Environ soixante et onze personnes.", "de", "fr"),
    ("Rund 92 Menschen.", "Environ quatre-vingt douze personnes.", "de", "fr"),
    ("Kosten: 3,50 Euro.", "Prix : 3 euros 50.", "de", "fr"),
    ("Er ist 1,80 m groß.", "Il mesure 1 m 80.", "de", "fr"),
    ("2/3 der Kosten.", "Deux tiers des coûts.", "de", "fr"),
    ("75% of voters.", "Three quarters of voters.", "en", "en"),
])
def test_french_tens_seconde_split_decimals_and_fractions_counted(source: str, target: str,
                                                                  src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


def test_a_split_decimal_with_other_digits_is_caught() -> None:
    assert compare_numbers("Kosten: 3,50 Euro.", "Prix : 3 euros 60.", "de", "fr") is not None
    assert compare_numbers("2/3 der Kosten.", "Trois tiers des coûts.", "de", "fr") is not None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("20% of voters.", "Ein Fünftel der Wähler.", "en", "de"),
    ("20% of voters.", "A fifth of voters.", "en", "en"),
    ("10% of voters.", "Una décima parte de los votantes.", "en", "es"),
    ("20% of voters.", "Пятая часть избирателей.", "en", "ru"),
    ("Since 9/11.", "Seit den Anschlägen vom 11. September.", "en", "de"),
])
def test_fifths_tenths_and_nine_eleven(source: str, target: str, src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


def test_a_decade_may_be_named_by_its_century() -> None:
    assert compare_numbers("In the early 2000s.", "Na początku XXI wieku.", "en", "pl") is None
    assert compare_numbers("In the early 2000s.", "Na początku XX wieku.", "en", "pl") == (
        "missing 2000")
    # Only the source's decade reads so: a decade changed in digits is caught.
    assert compare_numbers("In the 1980s.", "В 1970-х годах.", "en", "ru") is not None
    assert compare_numbers("In 2000.", "W XXI wieku.", "en", "pl") == "missing 2000"


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("En el minuto 15 de partido.", "On the quarter-hour mark.", "es", "en"),
    ("In 30 minutes.", "In half an hour.", "en", "en"),
    ("In 15 Minuten.", "Dans un quart d'heure.", "de", "fr"),
    ("In 15 Minuten.", "За четверть часа.", "de", "ru"),
    ("In 15 Minuten.", "Za kwadrans.", "de", "pl"),
    ("In 30 Minuten.", "En media hora.", "de", "es"),
    ("In 30 Minuten.", "In mezz'ora.", "de", "it"),
])
def test_parts_of_an_hour_are_minutes(source: str, target: str, src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


def test_half_an_hour_is_not_twenty_minutes() -> None:
    assert compare_numbers("In 20 Minuten.", "In half an hour.", "de", "en") == "missing 20"


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Publié le 29 septembre dans The Hill.", "Published Saturday in The Hill.", "fr", "en"),
    ("He said on Sept. 28.", "Он сказал в пятницу.", "en", "ru"),
    ("He said on Sept. 28.", "Powiedział w piątek.", "en", "pl"),
    ("Am 3. Oktober.", "El sábado.", "de", "es"),
])
def test_a_date_may_become_its_weekday(source: str, target: str, src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("He said on Sept. 28.", "Он сказал недавно.", "en", "ru"),  # no weekday
    ("He said on Sept. 28.", "Он сказал в пятницу, 27-го.", "en", "ru"),  # another day
    ("He scored 28 goals.", "Он забил голы в пятницу.", "en", "ru"),  # no month: not a date
])
def test_a_weekday_excuses_only_a_date(source: str, target: str, src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is not None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Symptoms of COVID-19 appeared.", "Появились симптомы коронавируса.", "en", "ru"),
    ("5765 COVID-19 cases a day.", "5765 Corona-Fälle am Tag.", "ru", "de"),
    ("A reception from 6-8 p.m.", "Die Vernissage findet zwischen 18 und 20 Uhr statt.",
     "en", "de"),
    ("We head out at 0500.", "Мы выдвигаемся в 5 утра.", "en", "ru"),
    ("It is 0430 Itania time.", "Es ist 4:30 Uhr nach itanischer Zeit.", "en", "de"),
    ("At 1900 hours sharp.", "Pile à 19 h.", "en", "fr"),
    ("Cases are approaching 14 lakh.", "Die Fälle nähern sich 1,4 Millionen.", "en", "de"),
    ("More than 4.67 lakh are active.", "Более 467 000 активны.", "en", "ru"),
    ("A 2 crore fund.", "Un fondo de 20 millones.", "en", "es"),
    ("2,06,737 cases so far.", "206.737 Fälle bisher.", "en", "de"),
    ("Welcome, Rob Dog 747.", "Willkommen, RobDog_747.", "en", "de"),
    ("The fire burned 30,000 acres.", "Der Brand erfasste 120 km2.", "en", "de"),
    ("A 6in x 6in canvas.", "Полотно 15 x 15 см.", "en", "uk"),
    ("Over 50 nautical miles.", "Более 92 км.", "en", "ru"),
    ("La 3e économie de la zone euro.", "Die drittgrößte Volkswirtschaft der Eurozone.",
     "fr", "de"),
    ("Revenue in 2018, according to its 2018 results.", "Выручка по итогам 2018 года.",
     "en", "ru"),
    ("It's a bit of a Catch 22.", "Das ist ein Teufelskreis.", "en", "de"),
    ("After a 911 caller reported him.", "Nachdem ein Anrufer ihn gemeldet hatte.", "en", "de"),
    ("Guarded 24 hours a day.", "Охороняється цілодобово.", "en", "uk"),
    ("A 24-hour strike.", "Une grève de toute une journée.", "en", "fr"),
    ("Since the early 1900s.", "Seit dem frühen 20. Jahrhundert.", "en", "de"),
    ("Od 2 do 4 cali deszczu.", "From 5 to 10 cm of rain.", "pl", "en"),
    ("Ад 2 да 4 цаляў.", "От 5 до 10 см.", "be", "ru"),
    ("Il secondo turno.", "The second round.", "it", "en"),
    # Seen in FLORES-101's devtest: a century as its hundreds, vulgar fractions, a clock with
    # its time zone or the part of the day, French "20 h 30", a Roman numeral after an elided
    # article.
    ("Since the 1800s.", "С начала 19 века.", "en", "ru"),
    ("С начала 19 века.", "Since the 1800s.", "ru", "en"),
    ("Since the 1800s.", "Od czasów XIX stulecia.", "en", "pl"),
    ("Since the 1800s.", "От 19-ти век насам.", "en", "bg"),
    ("It measures 29¾ inches by 24½ inches.", "O wymiarach 29,75 na 24,5 cala.", "en", "pl"),
    ("O wymiarach 29,75 na 24,5 cala.", "It measures 29¾ by 24½ inches.", "pl", "en"),
    ("At approximately 1200 GMT.", "Приблизно о 12 годині за Гринвічем.", "en", "uk"),
    ("Приблизно о 12 годині за Гринвічем.", "At approximately 1200 GMT.", "uk", "en"),
    ("The games kicked off at 10:00am.", "Ігри розпочалися о 10 ранку.", "en", "uk"),
    ("Entre 22 h 00 et 23 h 00 MDT.", "Between 10:00-11:00 pm MDT.", "fr", "en"),
    ("Since the 8th century.", "Fin dall'VIII secolo.", "en", "it"),
    ("Die Töchter (3½ und 1½ Jahre alt).", "The daughters (3 1/2 and 1 1/2 years old).",
     "de", "en"),
    ("(29 3/4 цаляў на 24 1/2 цаляў)", "(29¾ inches by 24½ inches)", "be", "en"),
    ("It measures 29¾ inches.", "Il mesure 29 pouces.", "en", "fr"),  # rounded off
    ("Add ½ cup.", "Añade 1/2 taza.", "en", "es"),
    # Older WMT news sets: Italian clocks with a comma after "alle", "ore"; a 24-hour time
    # with a needless "pm"; a knockout round.
    ("Ritorno alle 22,30.", "Head back home again at 10:30 PM.", "it", "en"),
    ("Arrivo previsto ore 6,30.", "Estimated time of arrival: 6:30 AM.", "it", "en"),
    ("Lo spettacolo avrà inizio alle ore 20.30.", "The show starts at 20.30pm.", "it", "en"),
    ("We qualified for the last 16.", "Nos hemos clasificado para los octavos de final.",
     "en", "es"),
    ("Kamathi took third in 2:07:48.", "Kamathi è arrivato terzo in 2:07:48.", "en", "it"),
    ("Um 18:15:30 Uhr.", "At 6:15:30 pm.", "de", "en"),
    ("Police were called at about 1am.", "Полицию вызвали примерно в час ночи.", "en", "ru"),
    ("Contact was lost soon after 1 pm.", "Связь пропала вскоре после часа дня.", "en", "ru"),
    # German club names.
    ("Der 1. FC Köln gewann.", "Le FC Cologne a gagné.", "de", "fr"),
])
def test_names_clock_forms_indian_counts_units_and_idioms(source: str, target: str, src: str,
                                                          tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Symptoms of COVID-19 appeared.", "Появились симптомы COVID-18.", "en", "ru"),
    ("A reception from 6-8 p.m.", "Die Vernissage findet zwischen 16 und 20 Uhr statt.",
     "en", "de"),
    ("We head out at 0500.", "Wir rücken um 6 Uhr aus.", "en", "de"),
    ("In the late 1920s.", "In the late 0920s.", "en", "en"),
    ("Cases are approaching 14 lakh.", "Die Fälle nähern sich 1,5 Millionen.", "en", "de"),
    ("2,06,737 cases so far.", "206.787 Fälle bisher.", "en", "de"),
    ("Welcome, Rob Dog 747.", "Willkommen, RobDog_741.", "en", "de"),
    ("The fire burned 30,000 acres.", "Der Brand erfasste 20 km2.", "en", "de"),
    ("Revenue in 2018, according to its 2018 results.", "Выручка 2018 года по итогам 2019.",
     "en", "ru"),
    ("5 of 5 voted.", "5 проголосовали.", "en", "ru"),
    ("Since the early 1900s.", "Seit dem frühen 21. Jahrhundert.", "en", "de"),
    ("Within 24 hours.", "Innerhalb von 48 Stunden.", "en", "de"),
    # A half-time score in brackets is no gloss of the score: both are wanted.
    ("Durch einen 2:0 (0:0) -Erfolg.", "Through a 2:9 (0:0) victory.", "de", "en"),
    # A weekday is no number: "piątek" (Friday) does not stand for a 5.
    ("They won 5-3 on Friday.", "Wygrali 0-3 w piątek.", "en", "pl"),
    # Words that count are no first halves of compounds: "obiecała" (promised) is no "obie".
    ("Unless she raised $2 million.", "Obiecała, że zbierze 0 milionów dolarów.", "en", "pl"),
    # Italian "secondo Trump" is "according to Trump", no second.
    ("The Nord Stream 2 pipeline, which according to Trump is bad.",
     "Il Nord Stream 6, che secondo Trump è cattivo.", "en", "it"),
    # "ад 2 да 4 цаляў" is a range of inches, so its 2 is no 5 centimetres.
    ("Ад 2 да 4 цаляў, месцамі 6 цаляў.", "From 2 to 4 inches, in places 1 inch.", "be", "en"),
])
def test_those_readings_still_catch_a_changed_number(source: str, target: str, src: str,
                                                     tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is not None


# Sixth round: the kinds of false alarm the reviewed flags of WMT22 and NTREX-128's odd half
# showed (regression sentences written for these tests).
@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    # Temperatures: a difference converts without the offset; "the 80s" of American weather.
    ("There is nearly a 20-degree temperature difference.",
     "Es besteht ein Temperaturunterschied von fast 12 ºC.", "en", "de"),
    ("It could reach 80 degrees, about 10 degrees above average.",
     "Temperatura może osiągnąć 27 stopni Celsjusza, około 5 stopni powyżej średniej.",
     "en", "pl"),
    ("A warm start to October with widespread 80s.",
     "Un début d'octobre chaud, avec des températures autour de 27 degrés.", "en", "fr"),
    # A conversion in brackets after a measure in words, or to another currency, may go.
    ("Waves as high as six meters (18 feet) hit the shore.",
     "Bis zu sechs Meter hohe Wellen trafen die Küste.", "en", "de"),
    ("Tariffs on $200 billion (£150 billion) of goods.",
     "Zölle auf Güter im Wert von 200 Milliarden Dollar.", "en", "de"),
    ("It reached €3.1billion ($3.6bn).", "Osiągnął 3,1 mld EUR.", "en", "pl"),
    ("It reached €3.1billion ($3.6bn).", "Osiągnął 3,1 mld EUR (3,6 mld USD).", "en", "pl"),
    # Dates: a day and month without the year, a two-digit year, a German "am" after a time.
    ("Wieso wird der Versand erst am 16.3. gestartet?", "Why only on March 16?", "de", "en"),
    ("Bestellung war am 12.1.21.", "La commande date du 12/01/2021.", "de", "fr"),
    ("Delivery by 5.30pm next day.", "Lieferung bis 17.30 am nächsten Tag.", "en", "de"),
    # Measures glued to their number: square metres, a height in metres and centimetres.
    ("Un loyer de 400 pour un 60m2.", "Eine Miete von 400 für 60 m2.", "fr", "de"),
    ("Осветить примерно 2 м2.", "Illuminate about 2 m2.", "ru", "en"),
    ("Mon physique 1m85 - 120kg.", "Mein Körperbau: 1,85 m - 120 kg.", "fr", "de"),
    # Numbers joined by a word, said in words; one year as "un an"; turning 180 degrees.
    ("Becoming 1-of-4 players to do so.", "Devenant l'un des quatre joueurs à le faire.",
     "en", "fr"),
    ("A currency pegged 1-to-1 with the USD.", "Валюта по курсу один к одному к доллару.",
     "en", "ru"),
    ("Bei Babys unter 1 Jahr.", "Chez les bébés de moins d'un an.", "de", "fr"),
    ("Вони повернулися на 180 градусів.", "They turned around.", "uk", "en"),
    # A measure with a scale word converts whole; Polish ages in one word from 11 to 19.
    ("Around 600 million pounds of sweets.", "Environ 272 millions de kg de bonbons.",
     "en", "fr"),
    ("A capacity of 2.2 trillion cubic feet.", "Une capacité de 63 milliards de mètres cubes.",
     "en", "fr"),
    ("After a 16-year-old was found.", "Po znalezieniu szesnastolatka.", "en", "pl"),
])
def test_conversions_dates_and_units_of_the_sixth_round(source: str, target: str, src: str,
                                                        tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    # A decade or an age is no temperature without weather words.
    ("He was reportedly aged in his 20s.", "Er war angeblich in seinen 70ern.", "en", "de"),
    ("The victim, in his 40s, was found.", "Ofiara, około 27 lat, została znaleziona.",
     "en", "pl"),
    # A day and month both written so must agree on the month.
    ("Erst am 16.3. gestartet.", "Commencé le 16.1. seulement.", "de", "fr"),
    # A conversion the translation gives must be right.
    ("It reached €3.1billion ($3.6bn).", "Osiągnął 3,1 mld EUR (8,6 mld USD).", "en", "pl"),
    # A number joined by a word, changed; a square measure's number changed.
    ("Becoming 1-of-4 players to do so.", "Devenant l'un des cinq joueurs à le faire.",
     "en", "fr"),
    ("Un loyer pour un 60m2.", "Eine Miete für 80 m2.", "fr", "de"),
    # Polish "stopni" are degrees, not feet; "stóp" are feet.
    ("A wall 6 feet high.", "Mur o wysokości 2 stóp.", "en", "pl"),
    ("Bei Babys unter 1 Jahr.", "Chez les bébés de moins de deux ans.", "de", "fr"),
    ("Around 600 million pounds of sweets.", "Environ 372 millions de kg de bonbons.",
     "en", "fr"),
    # "trzynastoletnia" is thirteen, not three.
    ("A 3-year-old girl.", "Trzynastoletnia dziewczynka.", "en", "pl"),
    # A clock before German "am" (Sunday) is still a clock, and changed, caught (this and
    # the next five passed before the code review of the round's rules).
    ("Das Spiel beginnt um 17:30 am Sonntag.", "The game starts at 19:45 on Sunday.", "de", "en"),
    # "4.5." ends an English sentence: a decimal, not a date.
    ("The unemployment rate rose to 4.5.", "Die Arbeitslosenquote stieg auf 4.", "en", "de"),
    # A bracket far from the amount is no conversion of it.
    ("Revenue rose to $5 million from last year ($3 million).",
     "Der Umsatz stieg auf 5 Millionen Dollar gegenüber dem Vorjahr (4 Millionen Dollar).",
     "en", "de"),
    # An article before a unit of time does not stand in for a changed 1.
    ("1 person died the following day.", "2 Menschen starben einen Tag später.", "en", "de"),
    # A temperature converted without its offset is wrong; an age is no temperature.
    ("It was 80 degrees Fahrenheit.", "Es waren 44 Grad Celsius.", "en", "de"),
    ("A man in his 80s died in the heat.", "Ein Mann in seinen 30ern starb in der Hitze.",
     "en", "de"),
])
def test_the_sixth_rounds_readings_still_catch_a_changed_number(source: str, target: str,
                                                                src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is not None


def test_a_clock_before_german_am_matches_its_twelve_hour_form() -> None:
    assert compare_numbers("Das Spiel beginnt um 17:30 am Sonntag.",
                           "The game starts at 5:30 pm on Sunday.", "de", "en") is None


def test_long_text_between_numbers_and_huge_measures_stay_cheap_and_safe() -> None:
    started = time.perf_counter()
    find_numbers("5 " + "文" * 400 + "! 7", "en")
    find_numbers("5 " + "a" * 5000 + " (7", "en")
    assert time.perf_counter() - started < 0.5  # a backtracking regex took 50 s here
    # A number no float holds, before an imperial unit: an answer, no exception.
    assert compare_numbers("It weighs " + "9" * 320 + " pounds.", "Es wiegt 5 kg.",
                           "en", "de") is not None


def test_a_word_the_code_pattern_looked_past_is_no_code() -> None:
    # The code pattern's look-ahead crossed "--" to a digit the code itself stops before: no
    # digits in it (an IndexError, before).
    assert all(m.text != "pół" for m in find_numbers("i pół--trzynastoletnia2", "pl"))
    assert compare_numbers("i pół--trzynastoletnia2 i 5", "and a half -- 6", "pl",
                           "en") == "missing 5; found instead 6"


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    # Thousands and the rest said apart: "6 mille 74" is 6074.
    ("Es gab 6074 Einträge.", "Il y a eu 6 mille 74 inscriptions.", "de", "fr"),
    ("The fund holds 5,352 million.", "El fondo tiene 5 mil 352 millones.", "en", "es"),
    ("Погибли 5 тыс. 352 человека.", "5,352 people died.", "ru", "en"),
    # A gas's formula said by its name.
    ("Emissions of CO2 fell.", "Выбросы углекислого газа снизились.", "en", "ru"),
    ("A CO2-choked atmosphere.", "Eine mit Kohlendioxid gesättigte Atmosphäre.", "en", "de"),
    # A half after the unit; half years as months.
    ("Se espera un alegato de 5 horas y media.", "A 5 1/2-hour argument is expected.",
     "es", "en"),
    ("The work will take 18 months.", "Работа займёт полтора года.", "en", "ru"),
    ("Dans 18 mois.", "In eineinhalb Jahren.", "fr", "de"),
    # Decades: "the mid-90s" is no code; "les années 1990" are "die neunziger Jahre".
    ("Since the mid-90s.", "Depuis le milieu des années 1990.", "en", "fr"),
    ("Dans les années 1990.", "In den neunziger Jahren.", "fr", "de"),
    # A year range written short ("1510/11") and a decimal mistyped with a space.
    ("Er lebte dort 1510/11.", "He lived there in 1510 and 1511.", "de", "en"),
    ("The economy grew by 0.5%.", "L'économie a crû de 0, 5%.", "en", "fr"),
])
def test_readings_of_the_seventh_round(source: str, target: str, src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is None


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    ("Es gab 6075 Einträge.", "Il y a eu 6 mille 74 inscriptions.", "de", "fr"),
    ("Es gab 6074 Einträge.", "Il y a eu 6 mille 75 inscriptions.", "de", "fr"),
    ("Emissions of CO2 fell.", "Les émissions de CO3 ont baissé.", "en", "fr"),
    ("Emissions of CO2 fell.", "Emissions of carbon fell.", "en", "en"),
    ("Se espera un alegato de 5 horas y media.", "A 6 1/2-hour argument is expected.",
     "es", "en"),
    ("The work will take 19 months.", "Работа займёт полтора года.", "en", "ru"),
    # 24 months are two years, but a 2 elsewhere in the line must not stand for them.
    ("In 24 months, 2 firms closed.", "In zwei Jahren schlossen 2 Firmen.", "en", "de"),
    ("Since the mid-90s.", "Depuis le milieu des années 1980.", "en", "fr"),
    ("Dans les années 1990.", "In den achtziger Jahren.", "fr", "de"),
    ("Er lebte dort 1510/11.", "He lived there in 1510 and 1512.", "de", "en"),
    ("The economy grew by 0.5%.", "L'économie a crû de 0, 6%.", "en", "fr"),
    ("The economy grew by 0.5%.", "L'économie a crû de 5, 0%.", "en", "fr"),
])
def test_the_seventh_rounds_readings_still_catch_a_changed_number(source: str, target: str,
                                                                  src: str, tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is not None


@pytest.mark.parametrize(("source", "target", "src", "tgt", "caught"), [
    # Seen in the seventh round's kept-aside flags, fixed after they were measured.
    ("Since the second half of the 20th century.", "Со второй половины ХХ века.", "en", "ru",
     False),
    ("Since the second half of the 19th century.", "Со второй половины ХХ века.", "en", "ru",
     True),
    ("From 11.00 a.m. until 5.00 p.m.", "Von 11 bis 17 Uhr.", "en", "de", False),
    ("From 11.00 a.m. until 5.00 p.m.", "Von 10 bis 17 Uhr.", "en", "de", True),
    ("At the start of the 2000s.", "В начале нулевых.", "en", "ru", False),
    ("At the start of the 1990s.", "В начале нулевых.", "en", "ru", True),
])
def test_cyrillic_roman_numerals_ranges_of_hours_and_the_noughties(
        source: str, target: str, src: str, tgt: str, caught: bool) -> None:
    assert (compare_numbers(source, target, src, tgt) is not None) is caught


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [
    # Found by a review of the seventh round's rules: each had passed.
    # A split decimal's parts must stand side by side.
    ("Growth was 2.7% in the second quarter.", "Im 2. Quartal lag das Wachstum bei 7%.",
     "en", "de"),
    ("Rates of 10.5% apply.", "Es gelten Sätze von 10% und 5%.", "en", "de"),
    # A lone Cyrillic "Х" is a placeholder, not ten.
    ("The operation started 10 days later.", "Операция началась в день Х.", "en", "ru"),
    # The first hour of a range is a clock, not any hour of the same dial.
    ("Geöffnet von 9 bis 17 Uhr.", "Open from 21 to 17.", "de", "en"),
    # "нулевые ставки" are zero rates, not the 2000s.
    ("Zero rates in the 2000s helped.", "Нулевые ставки помогли.", "en", "ru"),
    # A half belongs to the number only through a unit: "e mezzo secolo" is half a century.
    ("Sono arrivati 3 treni e mezzo secolo fa.", "3.5 trains arrived.", "it", "en"),
])
def test_the_seventh_rounds_rules_after_review_still_catch(source: str, target: str, src: str,
                                                           tgt: str) -> None:
    assert compare_numbers(source, target, src, tgt) is not None


def test_very_many_numbers_are_paired_without_deep_recursion() -> None:
    # A table flattened into one paragraph: the largest pairing recursed once per number
    # (RecursionError near 1,000) and took seconds.
    started = time.perf_counter()
    ones = " ".join(["1"] * 1200)
    assert compare_numbers(ones, ones, "en", "de") is None
    assert compare_numbers(ones + " 7", ones + " 8", "en", "de") is not None
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(("source", "target", "src", "tgt", "caught"), [
    # Seen in the eighth round's reviewed false alarms (tuning data from the ninth round): a
    # counted scale in the plural, "+" before a scale word, a decimal without its leading zero.
    ("The rent of 450 thousands of apartments.", "El alquiler de 450.000 pisos.", "en", "es",
     False),
    ("Me quedan 5.000 para la comida.", "Five thousands are left for the meals.", "es", "en",
     False),
    ("A $300+ billion impact.", "Un impacto de más de $300 000 millones.", "en", "es", False),
    ("A $300+ billion impact.", "Un impacto de más de $400 000 millones.", "en", "es", True),
    ("The rate was .08% last year.", "La tasa fue 0,08% el año pasado.", "en", "es", False),
    ("The rate was .08% last year.", "La tasa fue 0,09% el año pasado.", "en", "es", True),
    ("Version v.2 and No.5 shipped.", "Versión v.2 y No.5 enviadas.", "en", "es", False),
])
def test_plural_scales_a_plus_before_a_scale_and_a_bare_decimal(source: str, target: str,
                                                                src: str, tgt: str,
                                                                caught: bool) -> None:
    assert (compare_numbers(source, target, src, tgt) is not None) is caught


@pytest.mark.parametrize(("source", "target", "src", "tgt", "caught"), [
    # Seen in the ninth round's kept-aside flags, fixed after they were measured: "4x4s" are
    # off-roaders, "3D" is three-dimensional, a world war by its number, "1 May" as the
    # holiday, a markup tag, "Catch-22"; a changed number beside them is still caught.
    ("Sales of cars and 4x4s fell 19%.", "Der Verkauf von Pkw und Geländewagen fiel um 19 %.",
     "en", "de", False),
    ("Sales of 4x4s fell 19%.", "Der Verkauf von 5x5 fiel um 19 %.", "en", "de", True),
    ("Shown in 3D.", "Montré en tridimensionnel.", "en", "fr", False),
    ("Vor dem 2. Weltkrieg.", "Before World War II.", "de", "en", False),
    ("Avant la 1ère Guerre Mondiale.", "Before World War I.", "fr", "en", False),
    ("Vor dem 2. Weltkrieg.", "Before 1945.", "de", "en", True),
    ("Am 1. Mai wird gefeiert.", "On May Day people celebrate.", "de", "en", False),
    ("Am 1. Mai und am 5. Mai.", "On May Day and on 6 May.", "de", "en", True),
    ("Am 1. Mai kamen 3 Leute.", "On May Day people came.", "de", "en", True),
    ("Tags [b1] and [b2] here.", "Etiquetas aquí.", "en", "es", False),
    ("It is a Catch-22.", "Es ist eine Zwickmühle.", "en", "de", False),
])
def test_off_roaders_3d_world_wars_may_day_and_markup(source: str, target: str, src: str,
                                                      tgt: str, caught: bool) -> None:
    assert (compare_numbers(source, target, src, tgt) is not None) is caught
