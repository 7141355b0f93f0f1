"""Numbers written as words, in the ten default languages and their inflections, so that "3" in a
source is found in "three", "трёх", "п'ятьох", "dwóch" or "zwei" of a translation.

The words come from CLDR's spell-out rules (``unicode-rbnf``: cardinals and ordinals in every
language, every case of Russian and Polish), from ``num2words`` (the cases of Ukrainian
cardinals, which CLDR lacks, and Ukrainian, Belarusian and Polish ordinals) and from CLDR's compact
number formats through Babel ("тыс.", "млн", "Mrd."). What no library has is written here
(docs/decisions.md, 2026-12-06): the cases of Belarusian cardinals, the collective numerals
("двое", "п'ятеро", "pięcioro", "трима"), the endings of Ukrainian and Belarusian ordinals, the
first halves of compounds ("десятимісячне", "пятилетний", "dwuletni") and noon and midnight.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache

from babel import Locale
from num2words import num2words  # type: ignore[import-untyped]  # no type hints shipped
from unicode_rbnf import FormatPurpose, RbnfEngine

from bbabo.translate.qa.months import fold

__all__ = ["SCALES", "WORD", "clock_words", "fraction_words", "lexicon", "prefixes",
           "scale_words", "word_values"]

log = logging.getLogger(__name__)

SCALES = (1000, 10**6, 10**9, 10**12)
WORD = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")
_SMALL = (*range(0, 100), *range(100, 1000, 100))
_SCALE_SAMPLES = tuple(n * s for s in SCALES for n in (1, 2, 5))
# Languages that join a compound number into one word ("dreihundertfünfzig", "trecentoventi"):
# every number below a thousand is listed whole.
_ONE_WORD = frozenset({"de", "it"})

# Belarusian cardinals in the genitive/locative, dative and instrumental (CLDR and num2words
# have the nominative only).
_BE_CASES = {
    1: "аднаго адной аднаму адным адною", 2: "двух двум двума дзвюх дзвюм дзвюма",
    3: "трох тром трыма", 4: "чатырох чатыром чатырма", 5: "пяці пяццю", 6: "шасці шасцю",
    7: "сямі сямю", 8: "васьмі васьмю", 9: "дзевяці дзевяццю", 10: "дзесяці дзесяццю",
    11: "адзінаццаці", 12: "дванаццаці", 13: "трынаццаці", 14: "чатырнаццаці",
    15: "пятнаццаці", 16: "шаснаццаці", 17: "сямнаццаці", 18: "васямнаццаці",
    19: "дзевятнаццаці", 20: "дваццаці дваццаццю", 30: "трыццаці", 40: "сарака",
    50: "пяцідзесяці", 60: "шасцідзесяці", 70: "сямідзесяці", 80: "васьмідзесяці",
    90: "дзевяноста", 100: "ста", 200: "двухсот", 300: "трохсот", 400: "чатырохсот",
    500: "пяцісот", 1000: "тысячы тысяч тысячай тысячам тысячамі",
    10**6: "мільёна мільёнаў мільёны мільёнам", 10**9: "мільярда мільярдаў мільярды",
}
# Collective numerals ("двое детей", "п'ятеро людей", "pięcioro dzieci", "трима души") and
# their cases, and Bulgarian counted forms with the article ("двете", "тримата").
_COLLECTIVE = {
    "ru": {2: "двое двоих двоим двоими", 3: "трое троих троим троими",
           4: "четверо четверых четверым", 5: "пятеро пятерых пятерым", 6: "шестеро шестерых",
           7: "семеро семерых", 8: "восьмеро", 9: "девятеро", 10: "десятеро"},
    "uk": {2: "двоє двох двома", 3: "троє трьох трьома", 4: "четверо чотирьох",
           5: "п'ятеро п'ятьох п'ятьма", 6: "шестеро шістьох", 7: "семеро сімох",
           8: "восьмеро вісьмох", 9: "дев'ятеро", 10: "десятеро десятьох"},
    "be": {2: "двое дваіх", 3: "трое траіх", 4: "чацвёра", 5: "пяцёра", 6: "шасцёра",
           7: "сямёра", 8: "васьмёра", 9: "дзевяцёра", 10: "дзесяцёра"},
    "pl": {2: "dwoje dwojga dwojgiem dwojgu obaj obie oba", 3: "troje trojga trojgiem",
           4: "czworo czworga", 5: "pięcioro pięciorga", 6: "sześcioro", 7: "siedmioro",
           8: "ośmioro", 9: "dziewięcioro", 10: "dziesięcioro"},
    "bg": {2: "двете двата двамата", 3: "трите тримата", 4: "четирите четиримата",
           5: "петте петимата", 6: "шестте шестимата", 7: "седемте", 8: "осемте",
           9: "деветте", 10: "десетте десетимата", 100: "стоте", 1000: "хилядите"},
}
# Words that count without being numerals: "twice", "дважды", "a dozen", "a decade", "a couple",
# and the word for "both" ("both chains" for "les deux chaînes").
_COUNTS = {
    "en": {2: "twice both couple", 3: "thrice", 10: "decade decades", 12: "dozen dozens"},
    "ru": {2: "дважды оба обе обоих обеих обоим обеим пару пара пары", 3: "трижды",
           10: "десяток десятка десятки десятков", 12: "дюжина дюжины"},
    "uk": {2: "двічі обидва обидві обох обом пару пара пари", 3: "тричі",
           10: "десяток десятка десятки десятків", 12: "дюжина дюжини"},
    "be": {2: "двойчы абодва абедзве абодвух", 3: "тройчы", 10: "дзесятак дзесятка", 12: "тузін"},
    "pl": {2: "dwukrotnie obu obydwa obydwie obydwu", 3: "trzykrotnie", 10: "dekada",
           15: "kwadrans kwadransa kwadransie",
           12: "tuzin tuzina"},
    "bg": {2: "двукратно", 3: "трикратно", 10: "десетилетие", 12: "дузина"},
    "de": {2: "zweimal beide beiden beider", 3: "dreimal", 4: "viermal", 5: "fünfmal",
           6: "sechsmal", 7: "siebenmal", 8: "achtmal", 9: "neunmal",
           100: "hundertmal", 1000: "tausendmal",
           15: "viertelstunde",
           10: "zehnmal jahrzehnt jahrzehnte", 12: "dutzend"},
    # "une quarantaine", "una quarantina": about forty.
    # "un quadragénaire", "une sexagénaire": someone of forty, of sixty.
    "fr": {2: "second seconde seconds secondes", 80: "quatre-vingt octogénaire octogénaires",
           10: "décennie dizaine", 12: "douzaine", 20: "vingtaine",
           30: "trentaine trentenaire trentenaires",
           40: "quarantaine quadragénaire quadragénaires",
           50: "cinquantaine quinquagénaire quinquagénaires",
           60: "soixantaine sexagénaire sexagénaires",
           70: "septuagénaire septuagénaires", 90: "nonagénaire nonagénaires",
           100: "centaine centenaire centenaires",
           1000: "millier milliers"},
    "es": {2: "ambos ambas par", 10: "década decena", 12: "docena", 20: "veintena",
           40: "cuarentena",
           1000: "millar millares", 10**9: "millardo millardos"},
    "it": {2: "entrambi entrambe ambedue paio", 10: "decennio decina", 12: "dozzina", 20: "ventina",
           30: "trentina mezz'ora", 40: "quarantina", 50: "cinquantina", 60: "sessantina",
           100: "centinaio centinaia", 1000: "migliaio migliaia"},
}
# Spans of time that are a number of smaller ones: "a century" for 100 years, "сутки" for 24
# hours, "полгода" for 6 months; halves of a number in one word ("полсотни", "півмільйона"); and
# adverbs of the n-th time ("впервые", "вдруге").
_SPANS = {
    "en": {100: "century centuries"},
    "ru": {100: "век века веков столетие столетия столетий", 24: "сутки суток суткам сутками",
           1: "впервые", 2: "вдругорядь", 6: "полгода", 30: "полчаса", 50: "полсотни",
           500: "полтысячи", 500_000: "полмиллиона", 500_000_000: "полмиллиарда"},
    "uk": {100: "століття сторіччя", 24: "доба доби добу добою діб", 1: "вперше уперше",
           2: "вдруге удруге", 3: "втретє утретє", 4: "вчетверте учетверте",
           5: "вп'яте уп'яте", 6: "півроку", 30: "півгодини", 50: "півсотні",
           500: "півтисячі", 500_000: "півмільйона", 500_000_000: "півмільярда"},
    "be": {100: "стагоддзе стагоддзя стагоддзяў", 24: "суткі сутак", 1: "упершыню",
           2: "удругое", 3: "утрэцяе", 6: "паўгода", 30: "паўгадзіны", 50: "паўсотні",
           500_000: "паўмільёна"},
    "pl": {100: "wiek wieku wieki wieków stulecie stulecia", 24: "doba doby dobę dobie dobą",
           10: "dekady dekadę dekadzie dekadą"},
    "bg": {100: "век века векове столетие столетия", 24: "денонощие денонощия"},
    "de": {100: "jahrhundert jahrhunderts jahrhunderte jahrhunderten"},
    "fr": {100: "siècle siècles"},
    "es": {100: "siglo siglos"},
    "it": {100: "secolo secoli"},
}
# Multiples: "doubled", "вдвое", "podwójny", "подвоїть" say a 2 ("prices rose 2 times", "2 bad
# lemons in a row" as "Подвійне фіаско"). Ukrainian, Belarusian and Polish adjectives are given in
# the masculine, their other forms made like the ordinals'.
_MULTIPLES = {
    "en": {2: "double doubled doubles twofold", 3: "triple tripled triples threefold"},
    "ru": {2: "вдвое двойной двойная двойное двойные двойного двойную двойным двойных удвоить "
              "удвоит удвоил удвоила удвоило удвоили удвоится удвоилась удвоилось удвоились",
           3: "втрое тройной тройная тройное тройные тройного тройную тройным тройных"},
    "uk": {2: "вдвічі удвічі подвійний подвоїти подвоїть подвоїв подвоїла подвоїло подвоїли "
              "подвоїлася подвоїлося подвоїлися подвоюється", 3: "втричі утричі потрійний"},
    "be": {2: "удвая падвойны падвоіць падвоіў падвоіла падвоілі", 3: "утрая патройны"},
    "pl": {2: "podwójny dwukrotny podwoić podwoi podwoił podwoiła podwoiło podwoili podwoiły",
           3: "potrójny trzykrotny"},
    "bg": {2: "двойно двоен двойна двойни удвои удвоява удвоил удвоиха",
           3: "тройно троен тройна тройни"},
    "de": {2: "doppelt doppelte doppelten doppelter doppeltes verdoppelt verdoppeln "
              "verdoppelte verdoppelten zweifach",
           3: "dreifach dreifache dreifachen verdreifacht"},
    "fr": {2: "double doubles doublé doublée doublement doubler doublera",
           3: "triple triples triplé"},
    "es": {2: "doble dobles duplicado duplicó duplicar duplica duplicará",
           3: "triple triples triplicó"},
    "it": {2: "doppio doppia doppi doppie raddoppiato raddoppiare raddoppia raddoppierà",
           3: "triplo tripla tripli triplicato"},
}
# Nouns that name a number ("jedenastką" for a football eleven, "пятёрка", "десятка", "сотня"),
# in the nominative; their cases are made by ``_noun_forms``.
_NUMBER_NOUNS = {
    "pl": {1: "jedynka", 2: "dwójka", 3: "trójka", 4: "czwórka", 5: "piątka", 6: "szóstka",
           7: "siódemka", 8: "ósemka", 9: "dziewiątka", 10: "dziesiątka", 11: "jedenastka",
           12: "dwunastka", 13: "trzynastka", 15: "piętnastka", 20: "dwudziestka",
           30: "trzydziestka", 40: "czterdziestka", 50: "pięćdziesiątka", 100: "setka"},
    "ru": {2: "двойка", 3: "тройка", 4: "четвёрка", 5: "пятёрка", 6: "шестёрка", 7: "семёрка",
           8: "восьмёрка", 9: "девятка", 10: "десятка", 20: "двадцатка", 100: "сотня"},
    "uk": {2: "двійка", 3: "трійка", 4: "четвірка", 5: "п'ятірка", 6: "шістка", 7: "сімка",
           8: "вісімка", 9: "дев'ятка", 10: "десятка", 20: "двадцятка", 100: "сотня"},
    "be": {2: "двойка", 3: "тройка", 4: "чацвёрка", 5: "пяцёрка", 10: "дзясятка",
           100: "сотня"},
    "bg": {2: "двойка", 3: "тройка", 4: "четворка", 5: "петица", 6: "шестица", 10: "десетка",
           100: "стотица"},
}
# Case endings of those nouns after the stem ("-ka" and "-ня" nouns; Bulgarian has no cases,
# only the plural and the article).
_NOUN_ENDINGS = {
    "pl": ("ka", "ka ki ce kę ką ko ek kom kami kach"),
    "ru": ("ка", "ка ки ке ку кой кою ок кам ками ках"),
    "uk": ("ка", "ка ки ці ку кою ко ок кам ками ках"),
    "be": ("ка", "ка кі цы ку кай кою ак кам камі ках"),
    "bg": ("ка", "ка ки ката ките"),
    "ru-ня": ("ня", "ня ни не ню ней нею ен ням нями нях"),
    "uk-ня": ("ня", "ня ні ню нею ень ням нями нях"),
    "be-ня": ("ня", "ня ні ні ню няй няю ань ням нямі нях"),
    "bg-ца": ("ца", "ца ци цата ците"),
}
# The first half of a compound ("пятилетний", "десятимісячне", "dwuletni", "dreijährig") where
# it is not a cardinal form listed anyway.
_PREFIXES = {
    "ru": {2: "дву двух", 3: "трех", 4: "четырех"},
    "uk": {2: "дво двох", 3: "трьох", 4: "чотири чотирьох"},
    "be": {2: "двух", 3: "трох", 4: "чатырох"},
    "pl": {2: "dwu", 3: "trzy", 4: "cztero", 5: "pięcio", 6: "sześcio",
           7: "siedmio", 8: "ośmio", 9: "dziewięcio", 10: "dziesięcio", 11: "jedenasto",
           12: "dwunasto", 13: "trzynasto", 14: "czternasto", 15: "piętnasto", 16: "szesnasto",
           17: "siedemnasto", 18: "osiemnasto", 19: "dziewiętnasto", 20: "dwudziesto",
           30: "trzydziesto", 40: "czterdziesto", 50: "pięćdziesięcio", 60: "sześćdziesięcio",
           70: "siedemdziesięcio", 80: "osiemdziesięcio", 90: "dziewięćdziesięcio"},
    "bg": {2: "дву", 4: "четири"},
    # "drittgrößte", "Drittanbieter": "drei" becomes "dritt" (the other ordinals begin with
    # their cardinal: "viertgrößte", "zweitbeste").
    "de": {3: "dritt"},
}
# Indefinite articles that are also the word for one: "ein Jahr" says nothing about a 1.
# ("einer der", "eines der" are "one of": those stay.)
_ARTICLES = {"de": ("ein", "eine", "einen", "einem"), "fr": ("un", "une"),
             "es": ("un", "una"), "it": ("un", "una", "uno")}
_PREFIX_LANGS = frozenset({"ru", "uk", "be", "pl", "bg", "de"})
# Noon and midnight, as clock readings (hour on a 12-hour dial, minute).
_CLOCK_WORDS = {
    "en": {"noon": (0, 0), "midday": (0, 0), "midnight": (0, 0)},
    "ru": {"полдень": (0, 0), "полдня": (0, 0), "полночь": (0, 0), "полуночи": (0, 0)},
    "uk": {"полудень": (0, 0), "опівдні": (0, 0), "опівночі": (0, 0), "північ": (0, 0)},
    "be": {"поўдзень": (0, 0), "апоўдні": (0, 0), "апоўначы": (0, 0), "поўнач": (0, 0)},
    "pl": {"południe": (0, 0), "północ": (0, 0), "północy": (0, 0)},
    "bg": {"обяд": (0, 0), "полунощ": (0, 0)},
    "de": {"mittag": (0, 0), "mitternacht": (0, 0)},
    "fr": {"midi": (0, 0), "minuit": (0, 0)},
    "es": {"mediodía": (0, 0), "medianoche": (0, 0)},
    "it": {"mezzogiorno": (0, 0), "mezzanotte": (0, 0)},
}
# Fractions in words: "half" for 50% or 0.5, "полтора" for 1.5 ("half a million", "полтора
# миллиона" are read with their scale word by ``wordnumbers``).
_FRACTIONS = {
    "en": {"0.5": "half halves", "0.25": "quarter quarters", "0.33": "third thirds",
           "0.2": "fifth fifths", "0.1": "tenth tenths"},
    "ru": {"0.5": "половина половины половину половиной половине",
           "1.5": "полтора полторы полутора", "0.33": "треть трети третью",
           "0.25": "четверть четверти", "0.2": "пятая пятую", "0.1": "десятая десятую"},
    "uk": {"0.5": "половина половини половину половиною половині пів", "1.5": "півтора півтори",
           "0.33": "третина третини третину", "0.25": "чверть чверті", "0.2": "п'ята п'яту",
           "0.1": "десята десяту"},
    "be": {"0.5": "палова паловы палову паловай палове паў", "1.5": "паўтара паўтары",
           "0.33": "трэць трэці", "0.25": "чвэрць чвэрці", "0.2": "пятая пятую",
           "0.1": "дзясятая дзясятую"},
    "pl": {"0.5": "połowa połowy połowę połową połowie pół", "1.5": "półtora półtorej",
           "0.25": "ćwierć", "0.2": "piąta piątą", "0.1": "dziesiąta dziesiątą"},
    "de": {"0.5": "hälfte halb halbe halben halber", "1.5": "anderthalb eineinhalb",
           "0.33": "drittel", "0.25": "viertel", "0.2": "fünftel", "0.1": "zehntel"},
    "fr": {"0.5": "moitié demi demie", "0.33": "tiers", "0.25": "quart quarts",
           "0.2": "cinquième cinquièmes", "0.1": "dixième dixièmes"},
    "es": {"0.5": "mitad medio media", "0.33": "tercio tercios", "0.25": "cuarto cuartos",
           "0.2": "quinto quinta quintos", "0.1": "décimo décima décimos"},
    "it": {"0.5": "metà mezzo mezza", "0.33": "terzo terzi", "0.25": "quarto quarti",
           "0.2": "quinto quinti", "0.1": "decimo decimi"},
    "bg": {"0.5": "половина половината половин", "0.33": "трета третина", "0.25": "четвърт",
           "0.2": "петата", "0.1": "десетата"},
}
# Ordinal endings for Ukrainian, Belarusian and Polish (num2words gives the masculine
# nominative; CLDR has no Ukrainian, Belarusian or Polish ordinals).
_ORDINAL_ENDINGS = {
    "uk": ("ий", "ий а е і ого ої ому ій им ім у ою их ими"),
    "uk-soft": ("ій", "ій я є і ього ьої ьому ім ю ьою іх іми"),
    "be": ("ы", "ы ая ае ыя ага ай аму ым ую ой ых ымі"),
    "be-soft": ("і", "і яя яе ія яга яй яму ім юю яй іх імі"),
    "pl": ("y", "y a e ego ej emu ym ą ych ymi"),
    "pl-soft": ("i", "i a e ia ie ego iego ej iej emu iemu im ą ią ich imi"),
}


def _rbnf_texts(engine: RbnfEngine, number: int, purpose: FormatPurpose) -> set[str]:
    try:
        return set(engine.format_number(number, purpose=purpose).text_by_ruleset.values())
    except ValueError:  # no rule set of that purpose in the language
        return set()


def _num2words_texts(number: int, lang: str, ordinal: bool) -> set[str]:
    if ordinal:
        return {num2words(number, lang=lang, to="ordinal")}
    if lang != "uk":
        return set()
    return {num2words(number, lang=lang, case=case, gender=gender)
            for case in ("nominative", "genitive", "dative", "accusative", "instrumental",
                         "locative") for gender in ("masculine", "feminine")}


def _add(words: dict[str, int], text: str, number: int) -> None:
    tokens = [fold(t) for t in text.replace("\u00ad", "").split()]
    if number in _SCALE_SAMPLES:
        words.setdefault(tokens[-1], _scale_of(number))
        return
    if len(tokens) == 1:
        words.setdefault(tokens[0], number)
    elif number % 100 == 0 and number < 1000:
        words.setdefault(tokens[-1], 100)  # "one hundred", "cent" after "deux"


def _scale_of(number: int) -> int:
    return max(s for s in SCALES if number % s == 0)


@cache
def lexicon(lang: str) -> dict[str, int]:
    """{folded word: value} for cardinals, ordinals, collectives and scale words."""
    words: dict[str, int] = {}
    try:
        engine = RbnfEngine.for_language(lang)
    except (ValueError, OSError, KeyError):
        return words
    numbers = [*(range(0, 1000) if lang in _ONE_WORD else _SMALL), *_SCALE_SAMPLES]
    for number in numbers:
        for text in _rbnf_texts(engine, number, FormatPurpose.CARDINAL):
            _add(words, text, number)
        texts = _num2words_texts(number, lang, ordinal=False) if number < 10**12 else set()
        for text in texts:
            _add(words, text, number)
    # Ordinals up to a thousand ("setną rocznicę", "centième", "сотый").
    for number in (*range(1, 100), *range(100, 1000, 100), 1000):
        for text in _rbnf_texts(engine, number, FormatPurpose.ORDINAL):
            _add(words, text, number)
            if lang == "bg":
                for form in _bulgarian_articles(text):
                    _add(words, form, number)
        if lang in ("uk", "be", "pl"):
            for text in _num2words_texts(number, lang, ordinal=True):
                for form in _ordinal_forms(fold(text), lang):
                    _add(words, form, number)
    for number, noun in _NUMBER_NOUNS.get(lang, {}).items():
        for form in _noun_forms(fold(noun), lang):
            words.setdefault(form, number)
    for number, forms in _MULTIPLES.get(lang, {}).items():
        for form in forms.split():
            for inflected in (_ordinal_forms(fold(form), lang) if lang in ("uk", "be", "pl")
                              else (fold(form),)):
                words.setdefault(inflected, number)
    for word, number in list(_age_words(words, lang)):
        words.setdefault(word, number)
    for number, forms in [*(_BE_CASES.items() if lang == "be" else ()),
                          *_COLLECTIVE.get(lang, {}).items(), *_COUNTS.get(lang, {}).items(),
                          *_SPANS.get(lang, {}).items()]:
        for form in forms.split():
            words.setdefault(fold(form), number)
    for word, scale in scale_words(lang).items():
        words.setdefault(word, scale)
    for article in _ARTICLES.get(lang, ()):
        words.pop(article, None)
    return words


def _bulgarian_articles(text: str) -> Iterator[str]:
    """A Bulgarian ordinal with its article ("Първата световна война", "вторият", "третото"):
    CLDR gives the forms without it."""
    if text.endswith("и"):
        yield from (text + "ят", text + "я", text + "те")
    elif text.endswith(("а", "о")):
        yield text + "т" + text[-1]


def _noun_forms(noun: str, lang: str) -> Iterator[str]:
    for key in (f"{lang}-{noun[-2:]}", lang):
        if key in _NOUN_ENDINGS and noun.endswith(_NOUN_ENDINGS[key][0]):
            stem = noun[:-2]
            yield from (stem + ending for ending in _NOUN_ENDINGS[key][1].split())
            return
    yield noun


def _age_words(words: dict[str, int], lang: str) -> Iterator[tuple[str, int]]:
    """Words for an age or a decade made from the tens: English "forties", German "Vierziger"
    ("in den Vierzigern", "die Achtzigerjahre"), Italian "quarantenne", "trentunenne",
    "diciottenne" (a person of that age: the cardinal loses its last vowel but "tre" and "sei"
    keep theirs)."""
    cardinals = [(w, v) for w, v in words.items() if 10 <= v < 100 and " " not in w]
    if lang == "en":
        yield from ((w[:-1] + "ies", v) for w, v in cardinals if v % 10 == 0 and w.endswith("y"))
    elif lang == "de":
        for word, value in cardinals:
            if value >= 20 and value % 10 == 0 and word.endswith("zig"):
                for ending in ("er", "ern", "erjahre", "erjahren", "erin", "erinnen"):
                    yield word + ending, value
    elif lang == "it":
        for word, value in cardinals:
            if value < 11 or not word.endswith(("a", "e", "i", "o", "é")) or "esim" in word:
                continue
            whole = word.endswith(("tre", "tré", "sei"))  # "ventitreenne", "trentaseienne"
            stem = word.replace("é", "e") if whole else word[:-1]
            yield stem + "enne", value
            yield stem + "enni", value


def _ordinal_forms(text: str, lang: str) -> Iterator[str]:
    *head, last = text.split()
    for key in (f"{lang}-soft", lang):
        ending, endings = _ORDINAL_ENDINGS[key]
        if last.endswith(ending):
            stem = last[:-len(ending)]
            for suffix in endings.split():
                yield " ".join([*head, stem + suffix]) if not head else stem + suffix
            return
    yield last


@cache
def scale_words(lang: str) -> dict[str, int]:
    """{folded word or abbreviation, without its dot: 1000, 10**6, ...} from CLDR's compact
    number formats ("тыс.", "млн", "Mio.", "thousand") and spell-out rules ("тысячами")."""
    found: dict[str, int] = {}
    try:
        formats = Locale.parse(lang).compact_decimal_formats
    except (ValueError, LookupError):
        return found
    for width in ("short", "long"):
        for plurals in formats.get(width, {}).values():
            for key, pattern in plurals.items():
                magnitude = int(key)
                scale = max((s for s in SCALES if magnitude >= s), default=0)
                if not scale or magnitude // scale not in (1, 10, 100):
                    continue
                text = str(pattern.pattern) if hasattr(pattern, "pattern") else str(pattern)
                word = fold(re.sub(r"[0#'\s\u00a0.,]", " ", text).strip())
                if word and " " not in word:
                    found.setdefault(word, scale)
    if lang == "en":
        found.update({"bn": 10**9, "mn": 10**6, "tn": 10**12})
        # Indian English counts in lakhs (100,000) and crores (10 million): "14 lakh" is
        # 1.4 million, "2 crore" 20 million.
        found.update({"lakh": 10**5, "lakhs": 10**5, "crore": 10**7, "crores": 10**7})
        # Translators' English pluralises a counted scale ("450 thousands of apartments",
        # "five thousands are left").
        found.update({"thousands": 1000, "millions": 10**6, "billions": 10**9})
    if lang == "de":
        found["tsd"] = 1000  # "3 Tsd. Euro", missing from CLDR's compact forms
    return found


@cache
def prefixes(lang: str) -> dict[str, int]:
    """First halves of compounds: cardinal forms (not "one": "одно-", "ein-" are too common)
    and the combining forms above."""
    if lang not in _PREFIX_LANGS:
        return {}
    # Three letters begin too many words ("сто" in "сторона", "три" in "тривалий"); words that
    # count without being numerals begin others ("obie" in "obiecała", "пара" in "парашют",
    # "двое" in "двоеточие").
    counting = {fold(form) for table in (_COUNTS, _SPANS, _COLLECTIVE)
                for forms in table.get(lang, {}).values() for form in forms.split()}
    found = {word: value for word, value in lexicon(lang).items()
             if 2 <= value < 1000 and len(word) >= 4 and " " not in word
             and word not in counting}
    for value, forms in _PREFIXES.get(lang, {}).items():
        for form in forms.split():
            found.setdefault(fold(form), value)
    return found


@cache
def fraction_words(lang: str) -> dict[str, Decimal]:
    """{folded word: the fraction it names} ("half": 0.5, "полтора": 1.5)."""
    return {fold(word): Decimal(value) for value, forms in _FRACTIONS.get(lang, {}).items()
            for word in forms.split()}


def clock_words(lang: str) -> dict[str, tuple[int, int]]:
    return _CLOCK_WORDS.get(lang, {})


# German and Italian write a number below a million as one word: "dreitausendfünfhundert",
# "ventimila", "milleduecento" (the words below a thousand are listed whole).
_THOUSANDS = {"de": ("tausend",), "it": ("mila", "mille")}


def _thousands(token: str, lang: str) -> int | None:
    for word in _THOUSANDS[lang]:
        left, found, right = token.partition(word)
        if not found:
            continue
        words = lexicon(lang)
        if word == "mille" and left:
            continue  # "mille" is one thousand; two are "duemila"
        head = words.get(left, 0) if left else 1
        tail = words.get(right, 0) if right else 0
        if (left and not head) or (right and not tail) or head >= 1000 or tail >= 1000:
            continue
        return head * 1000 + tail
    return None


# The second half of a compound number may be one ("сорокаодноэтажный", "czterdziestojedno-").
_SECOND_ONES = {"ru": ("одно",), "uk": ("одно",), "be": ("адна", "адно"), "pl": ("jedno",)}


def word_values(token: str, lang: str) -> int | None:
    """The value of one folded word: in the lexicon, or as the first half of a compound
    (tens and units: "czterdziestodwuletni" is 42, "сорокапятилетний" 45)."""
    if token in _weekday_names(lang):
        return None  # "piątek" is a five, but in news it is Friday
    value = lexicon(lang).get(token)
    if value is not None:
        return value
    if lang in _THOUSANDS and (value := _thousands(token, lang)) is not None:
        return value
    table = prefixes(lang)
    for cut in range(len(token) - 4, 2, -1):
        value = table.get(token[:cut])
        if value is None:
            continue
        rest = token[cut:]
        if 20 <= value < 100 and value % 10 == 0:
            for one in _SECOND_ONES.get(lang, ()):
                if rest.startswith(one) and len(rest) - len(one) >= 4:
                    return value + 1
            units = word_values(rest, lang) if len(rest) > 4 else None
            if units is not None and units < 10:
                return value + units
        return value
    return None


@cache
def _weekday_names(lang: str) -> frozenset[str]:
    """The weekdays' names in CLDR (Babel), folded, which no number word can be."""
    try:
        locale = Locale.parse(lang)
    except (ValueError, LookupError):
        return frozenset()
    return frozenset(fold(str(name)) for context in ("format", "stand-alone")
                     for name in locale.days[context]["wide"].values())
