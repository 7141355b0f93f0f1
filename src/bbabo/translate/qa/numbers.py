"""The numbers check: every number in the source must appear in the translation.

Locales write one number many ways (2,4 and 2.4; 21 800, 21,800 and 21.800; 20 Uhr and 8 PM;
3 and "three", "трёх", "dwóch"), so a number is read as the set of values it can mean, and a
source number is matched by any target number that can mean one of the same values. Numbers are
compared as multisets: "5 of 5" needs two fives.

What counts as a number of the source is written in digits (a number the source spells out is
not required: "one of them" need not become "1"). The translation may write it in digits or in
words (``numwords``). A clock time is one number on a 12-hour dial ("18:15" is "6.15pm"); a
code's digits ("A320neo", "T-72B3", "PERSON11") must all be there, in order; dimension and
score signs separate numbers ("40×60", "40х60", "2:1"); a number with a scale word ("2,5 тыс.",
"$3.2bn") is also the product; an imperial measure ("550 pounds") also matches its metric
conversion, give or take rounding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from functools import cache

from bbabo.translate.qa.mentions import NumberMention, Value, clock_values
from bbabo.translate.qa.months import MAY_DAY, find_months, fold, names_a_weekday
from bbabo.translate.qa.numwords import SCALES, lexicon, scale_words
from bbabo.translate.qa.units import decade, feet_inches, imperial, is_range_join
from bbabo.translate.qa.wordnumbers import word_numbers

__all__ = ["NumberMention", "compare_numbers", "find_numbers"]

_DEFAULT_LANGS = ("en", "ru", "uk", "be", "pl", "fr", "de", "es", "it", "bg")
_GROUP_SPACES = " \u00a0\u202f\u2009'’"
_PATTERN = re.compile(
    # A numeric date (10.01.2022) gives its day and year; its month is the dates check's.
    r"(?<![\w.,])(?P<day>\d{1,2})(?P<sep>[./])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{2,4})(?!\d)"
    # An ISO date (2022-01-10), the same the other way round.
    r"|(?<![\w.,-])(?P<iso_year>\d{4})-(?P<iso_month>[01]\d)-(?P<iso_day>[0-3]\d)(?![\d-])"
    # A fraction: 1/3, 3/4 ("a third", "три четверти").
    r"|(?<![\w.,/])(?P<over>[1-3])/(?P<under>[2-4])(?![\d/])"
    # A height in feet and inches: 6ft 2in, 6 feet 2 inches, 6'2".
    r"|(?<![\w.,])(?P<feet>\d)\s?(?:ft\.?|feet|foot|'|’)\s?(?P<inches>\d{1,2})\s?"
    r"(?:in\.?(?!\w)|inch(?:es)?\b|\"|”|″)"
    # 6.15pm, 10 a.m., 8 PM ("am" and "pm" without dots only in English: "am" is German).
    r"|(?<![\w.,:])(?P<h12>\d{1,2})(?:[:.](?P<m12>\d{2}))?\s?"
    r"(?P<ampm>(?i:[ap]\.\s?m\.?(?!\w)|[ap]m(?!\w)))"
    # 18:15, 18:15:30, 15h30, 20 h 30
    r"|(?<![\w.,:])(?P<h24>\d{1,2})(?::|\s?h\s?)(?P<m24>[0-5]\d)(?::(?P<s24>\d\d))?(?![\d:])"
    # A code: letters and digits in one word, a letter just before a digit (A320neo, T-72B3).
    r"|(?<![\w-])(?P<code>(?=[\w-]*[^\W\d_]-?\d)[^\W_](?:\w|-(?=\w))*)"
    # A number with optional thousands groups (space, no-break or thin space, dot, comma,
    # apostrophe) and an optional decimal part; or grouped the Indian way, by lakhs and crores
    # ("2,06,737"). Digits after an underscore are a number too ("RobDog_747").
    r"|(?<![^\W_])(?P<number>\d{1,2},\d\d(?:,\d\d)*,\d{3}(?![.,]?\d)"
    r"|\d{1,3}(?:[ \u00a0\u202f\u2009.,'’]\d{3})+(?:[.,]\d+)?"
    # A decimal without its leading zero (".08%", "a .45 calibre"), after a space or a bracket.
    r"|(?<=[\s(\[])\.\d+(?![.,]?\d)"
    r"|\d+(?:[.,]\d+)?)(?!\d)"
)
_DIMENSION = re.compile(r"(?<=\d)(\s?)[xхXХ×](\s?)(?=\d)")
# A scale word after a number, "+" between allowed ("$300+ billion").
_AFTER_WORD = re.compile(r"\+?[\s\u00a0]?-?([^\W\d_]+)(\.?)")
_CLOCK_AFTER = re.compile(r"\s?(?:uhr|h|heures?|horas?|hs|часов|часа|ч|год|годин[иа]?|hod"
                          # "10 ранку", "8 вечера": the hour by the part of the day.
                          r"|ранку|утра|вечора|вечера|ночи|ночі|раніцы|вечара|rano|wieczorem"
                          r"|noon|midday|midnight)\b",
                          re.IGNORECASE)
# Codes that are read as words: "WW1" is "the First World War", "G7" "the Group of Seven"
# ("Большая семёрка", "Великої сімки").
_SPOKEN_CODES = re.compile(r"WW\d|G\d{1,2}")
# Units with an exponent written as a digit are no codes: "120 km2", "40 m3".
_UNIT_POWER = re.compile(r"(?:[kcdm]?m|qm|sq|[кдсм]?м)[23]")
# ... and glued to their number ("un 60m2", "6mm2"): the number alone.
_NUMBER_UNIT_POWER = re.compile(r"(\d+)(?:[kcdm]?m|qm|[кдсм]?м)[23]")
_NUMBERS_JOINED = re.compile(r"(\d+)-(of|in|to|by|for|on)-(\d+)", re.IGNORECASE)
# A height in metres and centimetres, as French writes it: "1m85" is 1,85 m.
_METRES_CENTIMETRES = re.compile(r"([12])m(\d\d)")
# Codes that are idioms: "WW1" is also "the Great War"; a "Catch-22" a "Zwickmühle".
_IDIOM_CODES = re.compile(r"WW1|[Cc]atch-22")
# "1 May" may be named as the holiday: "May Day", "Tag der Arbeit", "la fête du Travail"
# (months.MAY_DAY), "Labour Day".
_FIRST_OF_MAY = re.compile(r"(?<!\d)1(?:\.|st|er|º)?\s?(?:de\s)?(?:May|Mai|mayo|maggio|maja|мая"
                           r"|травня)\b", re.IGNORECASE)
_LABOUR_DAY = re.compile(r"Labou?r Day", re.IGNORECASE)
# Codes that are names: COVID-19 is a disease's, which a translation may call "COVID",
# "коронавирус", "Corona" without the 19; CO2 ("CO2-Emissionen") a gas's, "carbon dioxide",
# "углекислый газ", "dwutlenek węgla". Either may go unless the translation writes the code
# with a number: "COVID-18", "CO3" are caught.
_NAMED_CODES = (
    (re.compile(r"covid-?19", re.IGNORECASE),
     re.compile(r"covid|corona|корона|ковид(?![\s-]?\d)|ковід|коронавір|каранавір|koronawir",
                re.IGNORECASE)),
    (re.compile(r"co2(?:-[^\W\d_]+)*", re.IGNORECASE),
     re.compile(r"co\d|co₂|carbon dioxide|kohlen(?:stoff)?dioxid|dioxyde de carbone"
                r"|gaz carbonique|dióxido de carbono|anidride carbonica|diossido di carbonio"
                r"|углекисл|вуглекисл|вуглякісл|диоксид\w{0,4} углерод|двуокис\w{0,4} углерод"
                r"|діоксид\w{0,4} вуглец|двоокис\w{0,4} вуглец|dwutlen\w{0,4} węgla"
                r"|въглерод\w{0,4} диоксид|въглерод\w{0,4} двуокис", re.IGNORECASE)),
)
# A 24-hour clock time said as four digits with a leading zero ("0500", "0430 hours"), or
# any four with "hours" after it ("1900 hours").
_FOUR_DIGIT_CLOCK = re.compile(r"(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)")
_HOURS_AFTER = re.compile(r"\s?(?:hours|hrs|h|GMT|UTC)\b", re.IGNORECASE)
_WORD_AFTER = re.compile(r"['’]?[^\W\d_]")
# ... also after the unit: "5 horas y media", "cinq heures et demie", "два часа с половиной".
_HALF = re.compile(r"[\s-](?:(?:hours?|horas?|heures?|ore|stunden|часа|часов|годин[иа]?"
                   r"|godzin[ya]?|years?|años|ans|anni|jahre|лет|года|роки|років|lat[a]?"
                   r"|minutes?|minutos|minuti|minuten|минут[аы]?|хвилин[иа]?|minut[ya]?"
                   r"|kilomet\w{1,3}|km|miles?|millas|miglia|met(?:er|re)s?|metros?|metri"
                   r"|mètres?)\s)?(?:and a half|с половиной|з половиною|і пів"
                   r"|und ein ?halb|et demie?|y medi[oa]|e mezz[oa]|i pół|и половина)\b",
                   re.IGNORECASE)
# "18 months" is "a year and a half", "полтора года", "eineinhalb Jahre".
_MONTHS_AFTER = re.compile(r"[\s\u00a0-](?:months?|mois|mes(?:es)?|mesi|monat\w*|месяц\w*"
                           r"|місяц\w*|месец\w*|miesi\w*)\b", re.IGNORECASE)
# "les années 1990", "gli anni 1990", "lata 1990": a decade, which may be "die neunziger Jahre".
_DECADE_BEFORE = re.compile(r"\b(?:années|anni|años|lata|decade of)\s$", re.IGNORECASE)
# "the mid-90s", "early-1980s": a decade, no code.
_DECADE_CODE = re.compile(r"(?:mid|early|late)-((?:19|20)?\d0)s", re.IGNORECASE)
# "6 mille 74", "5 mil 352", "5 тыс. 352": thousands and the rest, which is 6074.
_THOUSANDS_AND = re.compile(
    r"(?<![\d.,])(\d{1,3})[\s\u00a0](?:mil|mille|mila|tausend|тыс\.|тысяч[аи]?|тис\.|тисяч[аі]?"
    r"|tys\.|tysiąc[ea]?|tysięcy|хил\.|хиляд[аи])[\s\u00a0](\d{1,3})(?![\d]|[.,]\d)",
    re.IGNORECASE)
_CONVERSION = re.compile(r"\s*[^\W\d_]*[.²³]?(?:/[^\W\d_]+)?\s*[(\[]\s*")
# "six meters (18 feet)": an imperial conversion in brackets after a metric unit, whose number
# is in words.
_METRIC_BEFORE = re.compile(r"(?:met(?:er|re)s?|kilomet(?:er|re)s?|km|centimet(?:er|re)s?|cm"
                            r"|kilo(?:gram(?:me)?)?s?|kg|litres?|liters?|°C|Celsius|hectares?)"
                            r"\s*[(\[]\s*$", re.IGNORECASE)
# "$200 billion (£150 billion)", "€3.1billion ($3.6bn)": an amount converted to another
# currency in brackets.
_CURRENCY = "$£€¥₽₴"
_BRACKET_OPENS = re.compile(rf"[(\[]\s*(?:(?:US|C|A)?[{_CURRENCY}]\s*)?$")
_MONEY_WORD = (r"(?:[$£€¥₽₴]|dollars?|euros?|pounds?|sterling|USD|EUR|GBP|RUB|UAH|PLN|CHF"
               r"|долл\w*|долар\w*|евро|євро|еўра|фунт\w*|стерл\w*|руб\w*|грив\w*|dolar\w*"
               r"|funt\w*|złot\w*|zł|dollar\w*|pfund|franken|dólar\w*|sterlin\w*|libras?"
               r"|livres?|лв|лева?|паунд\w*)")
_MONEY_AFTER = re.compile(rf"[\s\u00a0]*(?:[^\W\d_]+\.?[\s\u00a0]+){{0,3}}?{_MONEY_WORD}(?!\w)",
                          re.IGNORECASE)
_MONEY_BEFORE = re.compile(rf"(?:US|C|A)?[{_CURRENCY}][\s\u00a0]?$")
_MONEY_NAME = re.compile(_MONEY_WORD, re.IGNORECASE)
_CLOCK_BEFORE = re.compile(r"(?:godz\.?|godzinie|ore|las|alle)\s$", re.IGNORECASE)
# Numbers idioms carry, which a translation may well say without a number: "100 percent sure"
# ("absolutely"), "No. 1" ("the leader"), "No 10" ("Downing Street"), "24/7" ("around the
# clock"), "24 hours a day" and "24-hour" ("round the clock", "цілодобово"), "3rd party"
# ("external", "сторонний", "Drittanbieter"), "1-piece" ("einteilig", "цельный"), "9/11" ("the
# 11 September attacks": the 9 is a month, the dates check's), "Catch-22" ("Teufelskreis"), a
# "911 call" ("Notruf", "вызов экстренной службы").
# "der 2. Weltkrieg", "la 1ère Guerre Mondiale": the world wars, "World War II" in English.
_WORLD_WAR = (r"(?:\.|st|nd|e|ère|er|ª|º|-?(?:я|й|ой|а|ая))?\s?(?:Weltkrieg|World War"
              r"|guerre mondiale|guerra mundial|guerra mondiale|wojn\w* światow|мирово|мировая"
              r"|світов|сусветн)")
_PERCENT = (r"\s?(?:%|percent\b|per ?cent\b|процент|відсот|працэнт|procent|prozent|pour ?cent"
            r"|por ?ciento|per ?cento|на ?сто)")
_IDIOM_AFTER = {"100": re.compile(_PERCENT, re.IGNORECASE),
                "24": re.compile(r"/7(?!\d)|[\s-]hours? a day\b|-hour\b", re.IGNORECASE),
                "911": re.compile(r"[\s-]?(?:call|dispatch|operator|emergenc)", re.IGNORECASE),
                # "3D", "2-D" are "tridimensionnel", "räumlich"; "4x4s" are "Geländewagen",
                # "SUVs", "todoterrenos".
                "3": re.compile(r"rd[\s-]part|(?-i:-?D)(?!\w)", re.IGNORECASE),
                "2": re.compile(r"(?-i:-?D)(?!\w)|" + _WORLD_WAR, re.IGNORECASE),
                "4": re.compile(r"\s?[xх×]\s?4(?!\d)"),
                # "1. FC Köln", "1. FSV Mainz": a German club's name, which a translation may
                # give as "FC Cologne".
                "1": re.compile(r"-piece\b|\.\s?(?:FC|FSV|FFC|SC)\b|" + _WORLD_WAR,
                                re.IGNORECASE),
                "9": re.compile(r"/11(?!\d)"),
                # "повернулися на 180 градусів": turned round.
                "180": re.compile(r"\s?(?:°|degrees?|градус|grad|degr|stopni|grados|gradi)",
                                  re.IGNORECASE)}
# "1 in 5", "1 out of 10" is "every fifth", "jeder Zehnte", "каждый пятый": the 1 goes unsaid.
_ONE_IN = re.compile(r"\s(?:in|of|out of)\s\d", re.IGNORECASE)
# "1) Dreimal rechts": a list's number before a heading, which a translation may leave out or
# write as a bullet ("Trois fois à droite").
_LIST_NUMBER_AFTER = re.compile(r"\)\s")
_KNOCKOUT = re.compile(r"\b(?:last|round of)\s$", re.IGNORECASE)
_NUMBER_SIGN = re.compile(r"(?:\b(?:No|Nr|n[°º])\.?|№|#|\b[Nn]umber)\s?$")
# "No 10" and "Number 10" are Downing Street ("the prime minister's office").
_IDIOM_BEFORE = {"1": _NUMBER_SIGN, "10": re.compile(r"\b(?:No\.?|Number)\s?$"),
                 "7": re.compile(r"(?<!\d)24/$"),
                 "4": re.compile(r"(?<!\d)4\s?[xх×]\s?$"),
                "22": re.compile(r"\bcatch[\s-]?$", re.IGNORECASE),
                # A knockout round: "the last 16" is "los octavos", "les huitièmes",
                # "das Achtelfinale".
                **dict.fromkeys(("8", "16", "32"), _KNOCKOUT)}
# "the 20th century", "das 20. Jahrhundert", "le 20e siècle": a century in digits, which may
# be a source decade's ("the early 1900s").
_CENTURY_AFTER = re.compile(
    r"(?:\.|st|nd|rd|th|e|er|ème|º|°|-?(?:й|го|м|те|ті|ти|ого|ий|ого))?\s(?:century|centuries"
    r"|jahrhundert|siècle|siglo|secolo|век|столітт|стагодд|wiek|столети)", re.IGNORECASE)


# Languages that write a date "16.3." and a decimal with a comma, so that "16.3." is a date
# ("rose to 4.5." in English is a decimal).
_DOT_DATES = frozenset({"de", "pl", "ru", "uk", "be", "bg"})
# Words that make "the 80s" temperatures rather than a decade or an age.
_WEATHER = re.compile(r"\b(?:temperatures?|degrees|highs?|lows?|warm\w*|heat\w*|hot|cool\w*"
                      r"|cold\w*|weather|forecast\w*)\b", re.IGNORECASE)
# "in his 80s", "their early 40s": an age.
_AGE_BEFORE = re.compile(r"\b(?:his|her|their|its)\s+(?:(?:early|late|mid)[\s-]*)?$",
                         re.IGNORECASE)
_HUNDREDS_AFTER = re.compile(r"['’]?s\b|er\b")
# Vulgar fractions: "29¾ inches" is 29,75.
_VULGAR = {char: Decimal(value) for char, value in (
    ("½", "0.5"), ("¼", "0.25"), ("¾", "0.75"), ("⅛", "0.125"), ("⅜", "0.375"), ("⅝", "0.625"),
    ("⅞", "0.875"))}
_VULGAR_NUMBER = re.compile(rf"(?<![\d.,])(?:(\d+)\s?)?([{''.join(_VULGAR)}])")
_ALONE_FRACTION = {"½": "1/2", "¼": "1/4", "¾": "3/4"}
_MIXED_NUMBER = re.compile(r"(?<![\d.,/])(\d+)\s(1|3|5|7)/(2|4|8)(?![\d/])")


def _hour(text: str, hour: int, *, dial: bool = True) -> NumberMention:
    """A clock's hour; on a 12-hour dial ("8 PM") it may be written 8 or 20."""
    if not dial:
        return NumberMention(text, frozenset({Decimal(hour)}))
    return NumberMention(text, frozenset({Decimal(hour % 12), Decimal(hour % 12 + 12)}))


def _plain(text: str, *, digits_only: bool = False) -> NumberMention:
    return NumberMention(text, frozenset({Decimal(int(text))}), digits_only=digits_only)


def find_numbers(text: str, lang: str | None = None) -> list[NumberMention]:
    """The numbers written in digits in ``text`` (``lang`` names its scale words; without it,
    those of the ten default languages count)."""
    text = _DIMENSION.sub(r"\1×\2", text)
    text = _THOUSANDS_AND.sub(lambda m: str(int(m[1]) * 1000 + int(m[2])), text)
    text, fractional = _fractions(text)
    mentions: list[NumberMention] = []
    ends: list[int] = []
    starts: list[int] = []
    for match in _PATTERN.finditer(text):
        found = _mention(text, match, lang)
        if found is None:
            continue
        if len(found) == 1 and mentions:
            between = text[ends[-1]:match.start()]
            if is_range_join(between):
                mentions[-1], found[0] = _range(mentions[-1], found[0],
                                                text[match.end():match.end() + 40], lang)
                if match["ampm"] is not None:
                    mentions[-1] = _same_dial(mentions[-1], match["ampm"])
            elif _CONVERSION.fullmatch(between) and bool(mentions[-1].approx) != bool(
                    found[0].approx):
                # "100 feet (30 m)", "30 метров (100 футов)": the metric one is the other's
                # conversion.
                if found[0].approx:
                    mentions[-1] = replace(mentions[-1], converted=True)
                else:
                    found[0] = replace(found[0], converted=True)
            elif ("(" in between and _currency_conversion(between, lang)
                  and _money(text, starts[-1], ends[-1])
                  and _money(text, match.start(), match.end())):
                # "$200 billion (£150 billion)", "3,1 mld EUR (3,6 mld USD)": an amount and
                # its value in another currency.
                found[0] = replace(found[0], converted=True)
            elif (_CONVERSION.fullmatch(between) and "(" in between
                  and re.search(r"[^\W\d_]", between) is not None
                  and found[0].values == mentions[-1].values):
                # "60 Minutes (60 хвилин)": a title glossed in brackets says its number twice
                # (a word between; "2:0 (0:0)" is a score and its half-time score).
                found[0] = replace(found[0], converted=True)
        if (len(found) == 1 and found[0].approx and not found[0].converted
                and _METRIC_BEFORE.search(text, max(0, match.start() - 24), match.start())):
            found[0] = replace(found[0], converted=True)
        mentions.extend(found)
        ends.extend(match.end() for _ in found)
        starts.extend(match.start() for _ in found)
    if fractional:
        mentions = [replace(m, whole=Decimal(int(Decimal(m.text)))) if m.text in fractional
                    else m for m in mentions]
    return mentions


def _fractions(text: str) -> tuple[str, set[str]]:
    """``text`` with vulgar fractions ("29¾") and mixed numbers ("29 3/4") written as
    decimals ("29.75"), and those decimals."""
    written: set[str] = set()

    def decimal(whole: str, fraction: Decimal) -> str:
        written.add(number := f"{int(whole) + fraction}")
        return number

    if any(fraction in text for fraction in _VULGAR):
        # A fraction alone ("½ cup") is read as the fraction it is ("1/2").
        text = _VULGAR_NUMBER.sub(
            lambda m: (decimal(m[1], _VULGAR[m[2]]) if m[1]
                       else _ALONE_FRACTION.get(m[2], m[2])), text)
    if "/" in text:
        text = _MIXED_NUMBER.sub(lambda m: decimal(m[1], Decimal(m[2]) / Decimal(m[3])), text)
    return text, written


def _same_dial(first: NumberMention, ampm: str) -> NumberMention:
    """"6-8 p.m.": the first number of a range of clock hours is on the second one's dial."""
    if not re.fullmatch(r"\d{1,2}", first.text) or not 1 <= int(first.text) <= 12:
        return first
    hour = int(first.text) % 12 + (12 if ampm[0].lower() == "p" else 0)
    return replace(first, values=first.values | clock_values(hour, 0) | {Decimal(hour)})


def _range(first: NumberMention, second: NumberMention, after: str,
           lang: str | None) -> tuple[NumberMention, NumberMention]:
    """A range shares what follows its second number: "2 to 4 inches", "2-3 млн",
    "12-15 000"; and "1932-33", "1510/11" mean 1933, 1511."""
    values, approx = set(first.values), first.approx
    numbers = list(first.numbers())
    if second.approx and not approx:
        approx = imperial(after, numbers, lang)
    factor = _scale_factor(after, lang)
    if factor == 1 and re.fullmatch(r"\d{1,3}", first.text):
        groups = re.findall(r"[ \u00a0\u202f\u2009.,]\d{3}(?!\d)", second.text)
        factor = 1000 ** len(groups) if groups else 1
    values |= {n * factor for n in numbers}
    if (re.fullmatch(r"\d{1,2}", first.text) and int(first.text) <= 24
            and _CLOCK_AFTER.match(after)):
        # "von 11 bis 17 Uhr": the first hour of a range of hours is a clock's too.
        values |= clock_values(int(first.text), 0)
    if re.fullmatch(r"1\d{3}|20\d\d", first.text) and re.fullmatch(r"\d\d", second.text):
        century = first.text[:2]
        second = replace(second, values=second.values | {Decimal(century + second.text)})
    return replace(first, values=frozenset(values), approx=approx), second


def _currency_conversion(between: str, lang: str | None) -> bool:
    """Whether the text between two amounts opens a bracket right after the first amount's
    scale or currency words ("billion (£", " mld EUR (", "bn ($"), nothing else between."""
    bracket = _BRACKET_OPENS.search(between)
    if bracket is None:
        return False
    words = between[:bracket.start()].split()
    scales = _scales(lang)
    return len(words) <= 3 and all(
        fold(word.rstrip(".")) in scales or _MONEY_NAME.fullmatch(word.rstrip(".")) is not None
        for word in words)


def _money(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is an amount of money: a currency sign before
    it, or a currency's sign, code or name after it (after a scale word: "3,6 mld USD")."""
    return (_MONEY_BEFORE.search(text, max(0, start - 4), start) is not None
            or _MONEY_AFTER.match(text, end) is not None)


def _mention(text: str, match: re.Match[str], lang: str | None) -> list[NumberMention] | None:
    if match["day"] is not None:
        day, month = int(match["day"]), int(match["month"])
        days = {day} if match["sep"] == "." else {day, month}  # 01/10: US or European
        year: set[Value] = {Decimal(match["year"])}
        if len(match["year"]) == 2:
            year |= _years(match["year"])  # "12.1.21" is "12/01/2021"
        return [NumberMention(match["day"], frozenset(Decimal(d) for d in days)),
                NumberMention(match["year"], frozenset(year))]
    if match["feet"] is not None:
        feet, inches = int(match["feet"]), int(match["inches"])
        measures = (
            replace(_plain(match["feet"]), approx=imperial(" feet", [Decimal(feet)])),
            replace(_plain(match["inches"]), approx=imperial(" inches", [Decimal(inches)])))
        return [NumberMention(match.group(), frozenset({("height", feet, inches)}),
                              feet_inches(f"{feet}-foot-{inches}"), measures)]
    if match["iso_year"] is not None:
        return [_plain(match["iso_day"]), _plain(match["iso_year"])]
    if match["over"] is not None:
        over, under = int(match["over"]), int(match["under"])
        if over >= under:
            return [_plain(match["over"]), _plain(match["under"])]
        value = (Decimal(over) / Decimal(under)).quantize(Decimal("0.01"))
        return [NumberMention(match.group(), frozenset({value.normalize(), value * 100}),
                              parts=(_plain(match["over"]), _plain(match["under"])))]
    if match["h12"] is not None:
        if (match["ampm"] in ("am", "pm") and lang not in (None, "en")
                and match.group()[-3:-2].isspace()):
            # "15 am Sonntag", "17.30 am nächsten Tag": German "am", not a time's part.
            raw = match.group()[:-3].rstrip()
            if ":" in raw:  # "um 17:30 am Sonntag": a 24-hour clock
                hour, minute = int(match["h12"]), int(match["m12"])
                pieces = (_hour(match["h12"], hour, dial=False), _plain(match["m12"]))
                if hour > 24 or minute > 59:
                    return list(pieces)
                return [NumberMention(raw, clock_values(hour, minute), parts=pieces)]
            return _number(text, match, raw, lang, end=match.start() + len(raw))
        hour, minute = int(match["h12"]), int(match["m12"] or 0)
        if minute > 59 or hour > 24:
            return None
        if hour > 12:
            # "20.30pm": a 24-hour time with a needless "pm".
            said = [_hour(match["h12"], hour, dial=False)]
            if match["m12"]:
                said.append(_plain(match["m12"]))
            return [NumberMention(match.group().strip(), clock_values(hour, minute),
                                  parts=tuple(said))]
        hour = hour % 12 + (12 if match["ampm"][0].lower() == "p" else 0)
        dial = [_hour(match["h12"], hour)]
        if match["m12"]:
            dial.append(_plain(match["m12"]))
        return [NumberMention(match.group().strip(), clock_values(hour, minute),
                              parts=tuple(dial))]
    if match["h24"] is not None:
        hour, minute = int(match["h24"]), int(match["m24"])
        pieces = (_hour(match["h24"], hour, dial=False), _plain(match["m24"]))
        if match["s24"] is not None:
            # A race time or a clock to the second ("2:07:48"): the seconds count too.
            second: Value = ("time", hour % 12, minute, int(match["s24"]))
            return [NumberMention(match.group(), frozenset({second}),
                                  parts=(*pieces, _plain(match["s24"])))]
        if hour > 24:
            return list(pieces)
        return [NumberMention(match.group(), clock_values(hour, minute), parts=pieces)]
    if match["code"] is not None:
        if _UNIT_POWER.fullmatch(match["code"]):
            return None
        if (len(match["code"]) <= 4 and text[match.start() - 1:match.start()] == "["
                and text[match.end():match.end() + 1] == "]"):
            return None  # a markup tag a set or an editor left ("[b1]")
        if between := _NUMBERS_JOINED.fullmatch(match["code"]):
            # "1-of-4 players", "pegged 1-to-1": two numbers joined by a word, not a code.
            first = _plain(between[1])
            if between[1] == "1" and between[2].lower() in ("of", "in"):
                first = replace(first, idiom=True)
            return [first, _plain(between[3])]
        if glued := _NUMBER_UNIT_POWER.fullmatch(match["code"]):
            return [_plain(glued[1])]
        if decade_code := _DECADE_CODE.fullmatch(match["code"]):
            return _number(text, match, decade_code[1], lang,
                           end=match.start() + decade_code.end(1))
        if height := _METRES_CENTIMETRES.fullmatch(match["code"]):
            metres = Decimal(f"{height[1]}.{height[2]}")
            return [NumberMention(match["code"], frozenset({metres, metres * 100}),
                                  parts=(_plain(height[1]), _plain(height[2])))]
        groups = re.findall(r"\d+", match["code"])
        if not groups:
            # The pattern looked ahead past a double hyphen ("pół--trzynastoletnia2") that
            # the code itself stops at: a word, no code.
            return None
        spoken = _SPOKEN_CODES.fullmatch(match["code"]) is not None
        parts = [_plain(g, digits_only=not spoken) for g in groups]
        if len(groups[-1]) == 2 and match["code"][-1].isdigit():
            # A season or a model year at the end: "SS19", "США-86".
            parts[-1] = replace(parts[-1], values=parts[-1].values | _years(groups[-1]))
        # "WW1" is also "the Great War", "la Grande Guerra"; a "Catch-22" a "Zwickmühle".
        return [NumberMention(match["code"], frozenset({("code", ".".join(groups))}),
                              feet_inches(match["code"]), tuple(parts),
                              idiom=_IDIOM_CODES.fullmatch(match["code"]) is not None)]
    return _number(text, match, match["number"], lang)


def _number(text: str, match: re.Match[str], raw: str,
            lang: str | None, end: int | None = None) -> list[NumberMention] | None:
    values: set[Value] = set(_readings(raw))
    if not values:
        return None
    end = match.end() if end is None else end
    after = text[end:end + 40]
    before = text[max(0, match.start() - 12):match.start()]
    numbers = [v for v in values if isinstance(v, Decimal)]
    values.update(_scaled(after, numbers, lang))
    values.update(decade(raw, after))
    if re.fullmatch(r"\d{1,2}", raw) and _CENTURY_AFTER.match(after):
        values.add(("century", int(raw)))
    if re.fullmatch(r"1\d00|2000", raw) and _HUNDREDS_AFTER.match(after):
        values.add(("century", int(raw[:2]) + 1))  # "the 1800s": the 19th century
    if _HALF.match(after):
        values |= {n + Decimal("0.5") for n in numbers}  # "3 and a half" for 3,5
    if re.fullmatch(r"\d{1,3}", raw) and int(raw) % 12 == 6 and _MONTHS_AFTER.match(after):
        # Half years only: "24 months" as 2 would let any 2 of the line stand for it.
        values.add(Decimal(int(raw)) / 12)
    if re.fullmatch(r"(?:19|20)\d0", raw) and raw[2:] != "00" and _DECADE_BEFORE.search(before):
        values.add(Decimal(int(raw[2:])))
    if len(raw) == 2 and text[max(0, match.start() - 1):match.start()] in ("'", "’"):
        values |= _years(raw)  # '86
    parts: tuple[NumberMention, ...] = ()
    clock = re.fullmatch(r"(\d{1,2})[.:](\d{2})", raw) or (
        # "alle 22,30", "ore 6,30": a comma only where a clock word says it is a time.
        re.fullmatch(r"(\d{1,2}),(\d{2})", raw)
        if _CLOCK_BEFORE.search(before) or _CLOCK_AFTER.match(after) else None)
    day_month = (re.fullmatch(r"(\d{1,2})\.(\d{1,2})", raw)
                 if after[:1] == "." and lang in _DOT_DATES else None)
    if (day_month and not after[1:2].isdigit()
            and 1 <= int(day_month[1]) <= 31 and 1 <= int(day_month[2]) <= 12):
        # "am 16.3.": a day and month without the year, which a translation may give as
        # "March 16" (the month is the dates check's); written so too, it must be the same.
        values |= {Decimal(int(day_month[1])), ("day.month", int(day_month[1]),
                                                   int(day_month[2]))}
    if clock and int(clock[1]) <= 24 and int(clock[2]) <= 59:
        # 20.30 or 12.30 Uhr: a time as much as a decimal.
        values |= clock_values(int(clock[1]), int(clock[2]))
        parts = (_hour(clock[1], int(clock[1]), dial=False), _plain(clock[2]))
    elif (four := _FOUR_DIGIT_CLOCK.fullmatch(raw)) and (
            _HOURS_AFTER.match(after) or raw.startswith("0") and not _WORD_AFTER.match(after)):
        # No parts: the hour and minute alone must not match ("0920s" is no 20s).
        hour, minute = int(four["h"]), int(four["m"])
        values |= clock_values(hour, minute)
        if minute == 0:
            values |= {Decimal(hour % 12), Decimal(hour % 12 + 12)}
    elif (re.fullmatch(r"\d{1,2}", raw) and int(raw) <= 24
          and (_CLOCK_AFTER.match(after) or _CLOCK_BEFORE.search(before))):
        values |= clock_values(int(raw), 0)
        values |= {Decimal(int(raw) % 12), Decimal(int(raw) % 12 + 12)}
    # The text before is looked at only after the rare ")": this runs for every number.
    listed = (len(raw) <= 2 and _LIST_NUMBER_AFTER.match(after) is not None
              and not text[:match.start()].strip())
    idiom = (listed or raw == "1" and _ONE_IN.match(after) is not None
             or (pattern := _IDIOM_AFTER.get(raw)) is not None and pattern.match(after) is not None
             or (pattern := _IDIOM_BEFORE.get(raw)) is not None
             and pattern.search(before) is not None)
    decade_of = re.fullmatch(r"(19|20)\d0", raw) and decade(raw, after) | decade(raw[2:], after)
    day = (lang is not None and re.fullmatch(r"[1-9]|[12]\d|3[01]", raw) is not None
           and _next_to_month(before, raw, after, lang))
    approx = imperial(after, numbers, lang)
    if not approx and (scaled := _scale_words(after, lang))[0] > 1:
        # "600 million pounds" is 272 million kilograms.
        approx = imperial(scaled[1], [n * scaled[0] for n in numbers], lang)
    if (lang in (None, "en") and re.fullmatch(r"[1-9]0|1[01]0", raw) and after[:1] == "s"
            and not _WORD_AFTER.match(after, 1) and not _AGE_BEFORE.search(before)
            and _WEATHER.search(text, max(0, match.start() - 60), end + 60)):
        # "widespread 80s", "highs in the 90s": American weather's temperatures by tens of
        # degrees Fahrenheit, which a translation gives in Celsius.
        tens = int(raw)
        approx = imperial(" degrees F", [Decimal(tens + n) for n in (0, 3, 6, 9)], lang)
    return [NumberMention(raw, frozenset(values), approx, parts,
                          idiom=idiom, century=int(raw[:2]) + 1 if decade_of else 0, day=day)]


def _next_to_month(before: str, raw: str, after: str, lang: str) -> bool:
    """Whether a month is named just after or just before a number ("29 septembre",
    "Sept. 29")."""
    following = re.match(r"\.?\s*(?:de\s+)?[^\W\d_]+\.?", after)
    preceding = re.search(r"[^\W\d_]+\.?\s*$", before)
    return (following is not None and bool(find_months(raw + following.group(), lang))
            or preceding is not None and bool(find_months(preceding.group() + raw, lang)))


def _years(two_digits: str) -> frozenset[Value]:
    return frozenset({Decimal("19" + two_digits), Decimal("20" + two_digits)})


def _scaled(after: str, numbers: Sequence[Decimal], lang: str | None) -> set[Value]:
    """The number times the scale words right after it ("2,5 тыс.", "3 mil millones", "$25m")."""
    factor = _scale_factor(after, lang)
    return {n * factor for n in numbers} if factor > 1 else set()


def _scale_factor(after: str, lang: str | None) -> int:
    return _scale_words(after, lang)[0]


def _scale_words(after: str, lang: str | None) -> tuple[int, str]:
    """The product of the scale words at the start of ``after``, and the text after them."""
    scales = _scales(lang)
    factor = 1
    rest = after
    while (word := _AFTER_WORD.match(rest)) is not None:
        scale = scales.get(fold(word[1]))
        glued = not word.group().startswith((" ", "\u00a0", "-"))
        if scale is None or (len(word[1]) == 1 and not glued):
            break
        factor *= scale
        rest = rest[word.end():]
    return factor, rest


@cache
def _scales(lang: str | None) -> dict[str, int]:
    merged: dict[str, int] = {}
    for code in (lang,) if lang else _DEFAULT_LANGS:
        merged.update(scale_words(code))
        merged.update((w, v) for w, v in lexicon(code).items() if v in SCALES)
    return merged


def _readings(raw: str) -> frozenset[Decimal]:
    digits = raw
    for space in _GROUP_SPACES:
        digits = digits.replace(space, "")
    marks = [c for c in digits if c in ".,"]
    readings: set[str] = set()
    if not marks:
        readings.add(digits)
    elif len(set(marks)) == 2:
        # Both marks: the last one is the decimal point, the other groups thousands.
        decimal_mark = marks[-1]
        group_mark = "." if decimal_mark == "," else ","
        readings.add(digits.replace(group_mark, "").replace(decimal_mark, "."))
    elif len(marks) > 1:
        readings.add(digits.replace(marks[0], ""))  # 1.234.567: only thousands
    else:
        whole, fraction = re.split(r"[.,]", digits)
        if fraction != "000":  # 2.000 and 2,000 are two thousand, not two
            readings.add(f"{whole}.{fraction}")
        if len(fraction) == 3:
            readings.add(whole + fraction)  # 21,800 or 21.800 may be twenty-one thousand
    values = set()
    for reading in readings:
        try:
            values.add(Decimal(reading).normalize())
        except InvalidOperation:
            continue
    return frozenset(values)


def compare_numbers(source: str, target: str, src: str | None = None,
                    tgt: str | None = None) -> str | None:
    """What differs between the numbers of ``source`` and ``target``; None when they agree.

    Names the source numbers the target lacks and, when some are missing, the target numbers
    that match nothing (a changed number shows as one of each). Extra numbers alone pass: a
    translation may spell out what the source implied ("XX century" -> "20th century").
    """
    wanted = find_numbers(source, src)
    if not wanted:
        return None
    offered = find_numbers(target, tgt)
    if tgt is not None:
        spelled = word_numbers(target, tgt)
        if src is not None and spelled:
            # What the source spells out takes the translation's words first: in "fünf (5)"
            # -> "five (8)" the 5 must not be found in "five".
            _, spelled = _pair(word_numbers(source, src), spelled)
        offered += spelled
    # A decade of the source may be named by its century ("the early 2000s" as "początek XXI
    # wieku"): only the source's decades read so, and only a Roman numeral says a century, so
    # a decade changed in digits is still caught.
    wanted = [replace(m, values=m.values | {("century", m.century)}) if m.century else m
              for m in wanted]
    # A source's fraction may be rounded off ("29¾ inches" as "29 pouces"); a translation's
    # fraction is not its whole number ("3 1/2" changed to "3 1/8" is caught).
    wanted = [replace(m, values=m.values | {m.whole}) if m.whole is not None else m
              for m in wanted]
    for code, name in _NAMED_CODES:
        if (any(code.fullmatch(m.text) for m in wanted) and name.search(target)
                and not any(name.match(m.text) for m in offered)):
            wanted = [m for m in wanted if not code.fullmatch(m.text)]
    if (_FIRST_OF_MAY.search(source) and (MAY_DAY.search(target) or _LABOUR_DAY.search(target))
            and not _FIRST_OF_MAY.search(target)):
        # "am 1. Mai" as "on May Day": the holiday's name says the day; one "1" may go.
        ones = [i for i, m in enumerate(wanted) if m.text == "1"]
        if ones:
            wanted = wanted[:ones[0]] + wanted[ones[0] + 1:]
    if not any(m.converted for m in offered):
        # A conversion the source gives itself ("200 miles (322 km)") may go, unless the
        # translation gives one too.
        wanted = [m for m in wanted if not m.converted]
    missing, unmatched = _match(wanted, offered)
    shown = [m.text for m in unmatched if not m.written]
    if not shown:
        # An idiom's number said in other words, a date given as its weekday ("le 29 septembre"
        # as "on Saturday"); a changed number would be found instead.
        weekday = tgt is not None and names_a_weekday(target, tgt)
        missing = [m for m in missing if not (m.idiom or (m.day and weekday))]
        # A year or an amount the source says twice may be said once ("revenue in 2018,
        # according to its 2018 results" as "за 2018 год"); small numbers count ("5 of 5").
        said = [m.text for m in wanted]
        missing = [m for m in missing if len(re.sub(r"\D", "", m.text)) < 4
                   or said.count(m.text) <= sum(n.text == m.text for n in missing)]
    if not missing or _regrouped(missing, shown, target):
        return None
    detail = "missing " + ", ".join(m.text for m in missing)
    if shown:
        detail += "; found instead " + ", ".join(shown)
    return detail


def _regrouped(missing: Sequence[NumberMention], found: Sequence[str], target: str) -> bool:
    """The same digits in the same order, grouped another way: a telephone number
    ("229 62 01" as "229-6201"), or a decimal said with its unit in the middle ("3,50 Euro" as
    "3 euros 50", "1,80 m" as "1 m 80", "0,5 %" mistyped "0, 5%"). Other short runs are left
    out ("1-0" is not "10")."""
    digits = "".join(re.sub(r"\D", "", m.text) for m in missing)
    if digits != "".join(re.sub(r"\D", "", text) for text in found):
        return False
    decimal = re.fullmatch(r"(\d+)[.,](\d+)", missing[0].text) if len(missing) == 1 else None
    # "0, 5%" for 0,5 %: a typist's space after the decimal comma, the two parts side by side
    # ("2.7%" is not the "2" and "7%" of "im 2. Quartal ... 7%").
    split_decimal = decimal is not None and len(found) == 2 and (
        len(decimal[2]) == 2 or tuple(found) == (decimal[1], decimal[2]) and re.search(
            rf"(?<![\d.,]){decimal[1]}[.,]\s+{decimal[2]}(?!\d)", target) is not None)
    return len(digits) >= 4 or split_decimal


def _match(source: Sequence[NumberMention],
           target: Sequence[NumberMention]) -> tuple[list[NumberMention], list[NumberMention]]:
    left, free = _pair(source, target)
    if not left:
        return [], free
    # What found no partner whole is tried part by part (a clock's hour, a code's digits).
    atoms = {id(part): mention for mention in left for part in mention.parts or (mention,)}
    parts = [part for mention in left for part in mention.parts or (mention,)]
    left_parts, free = _pair(parts, [p for m in free for p in m.parts or (m,)])
    missing: list[NumberMention] = []
    for part in left_parts:
        mention = atoms[id(part)]
        if all(m is not mention for m in missing):
            missing.append(mention)
    return missing, free


def _pair(source: Sequence[NumberMention], target: Sequence[NumberMention],
          ) -> tuple[list[NumberMention], list[NumberMention]]:
    """The source numbers left without a partner, and the target numbers left over, in a
    largest pairing (a greedy one can give "2" of "1 to 2 inches" the "2" that "1" needed)."""
    partner_of: dict[int, int] = {}  # target index -> source index
    if max(len(source), len(target)) > _LARGEST_PAIRING:
        return _pair_greedily(source, target)
    # A number written the same is a partner before a conversion is: in "5 ft 6 in ... 2 sizes"
    # -> "5 Fuß 6 Zoll ... 2 Größen" the 2 is the 2's, not "5 Fuß" (1.5 m) read as two metres.
    for close in (False, True):
        edges = [[j for j, t in enumerate(target)
                  if _same(s, t) or (close and _close(s, t))] for s in source]
        for i in sorted(range(len(source)), key=lambda i: len(edges[i])):
            if i not in partner_of.values():
                _augment(i, edges, partner_of, set())
    paired = set(partner_of.values())
    return ([s for i, s in enumerate(source) if i not in paired],
            [t for j, t in enumerate(target) if j not in partner_of])


# Past this many numbers a side (a table flattened into one paragraph), the largest pairing's
# search is too slow (10 s at 800) and too deep for Python's recursion: numbers are paired
# greedily, which may flag a line the largest pairing would pass, never the other way.
_LARGEST_PAIRING = 150


def _pair_greedily(source: Sequence[NumberMention], target: Sequence[NumberMention],
                   ) -> tuple[list[NumberMention], list[NumberMention]]:
    free = list(target)
    left: list[NumberMention] = []
    for mention in source:
        partner = next((t for t in free if _same(mention, t)), None)
        if partner is None:
            partner = next((t for t in free if _close(mention, t)), None)
        if partner is None:
            left.append(mention)
        else:
            free.remove(partner)
    return left, free


def _augment(i: int, edges: list[list[int]], partner_of: dict[int, int],
             seen: set[int]) -> bool:
    for j in edges[i]:
        if j in seen:
            continue
        seen.add(j)
        if j not in partner_of or _augment(partner_of[j], edges, partner_of, seen):
            partner_of[j] = i
            return True
    return False


def _same(a: NumberMention, b: NumberMention) -> bool:
    if a.values.isdisjoint(b.values) or (a.digits_only and b.written):
        return False
    # Two dates written "16.3." must agree on the month too, not just the day.
    dates = [{v for v in m.values if isinstance(v, tuple) and v[0] == "day.month"}
             for m in (a, b)]
    return not (dates[0] and dates[1]) or not dates[0].isdisjoint(dates[1])


def _close(a: NumberMention, b: NumberMention) -> bool:
    if (a.digits_only and b.written) or (bool(a.approx) == bool(b.approx)) or b.converted:
        # Both in imperial units (or neither): the same number is wanted. A conversion the
        # translation gives beside the measure belongs to it.
        return False
    return _within(a.approx, b.numbers()) or _within(b.approx, a.numbers())


def _within(ranges: Sequence[tuple[Decimal, Decimal]], numbers: Iterable[Decimal]) -> bool:
    return bool(ranges) and any(low <= n <= high for n in numbers for low, high in ranges)
