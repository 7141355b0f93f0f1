"""Numbers written in words in a text ("twenty-one", "двести тридцать пять тысяч", "dwóch"),
composed the way numerals are read: a word may add to the one before only when it is smaller
than that word's place ("двадцать пять", not "два три"), and a scale word multiplies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from bbabo.translate.qa.mentions import NumberMention, clock_values
from bbabo.translate.qa.months import fold
from bbabo.translate.qa.numwords import (
    SCALES,
    WORD,
    clock_words,
    fraction_words,
    word_values,
)
from bbabo.translate.qa.units import NOUGHTIES, imperial

__all__ = ["word_numbers"]

_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
_DIGITS_BEFORE = re.compile(r"\d[\s\u00a0]?$")
# Words for "first" that never end a compound number (French and Italian say "vingt et unième",
# "ventunesimo"), so "cent premiers" is not 101.
_ALONE = {"fr": ("premier", "premiers", "premiere", "première", "premières"),
          "it": ("primo", "prima", "primi", "prime")}
# Articles that say "one" before a unit: "a mile", "une livre", "eine Meile".
_ONE_OF = {"en": ("a", "an"), "de": ("ein", "eine", "einen", "einem"), "fr": ("un", "une"),
           "es": ("un", "una"), "it": ("un", "una", "uno")}
# ... and before "percent": "mehr als ein Prozent", "un pour cent" for 1 %.
_PERCENT_AFTER = re.compile(r"\s+(?:percent|per ?cent|prozent|pour ?cent|por ?ciento"
                            r"|per ?cento)\b", re.IGNORECASE)
# French, Spanish and Italian count a week as eight days and a fortnight as fifteen ("dans
# quinze jours" for "in 14 Tagen").
_WEEK_DAYS = {lang: re.compile(rf"\s+{days}\b", re.IGNORECASE)
              for lang, days in (("fr", "jours"), ("es", "días"), ("it", "giorni"))}
_ONE_OCLOCK = {"ru": (("час", "часа", "часу"), re.compile(r"\s+(?:ночи|дня)\b")),
               "uk": (("годину",), re.compile(r"\s+(?:ночі|дня)\b"))}
_NUMBER_NOUNS = frozenset({"numéro", "numero", "número", "nummer", "number"})
# ... and, elided into the word before (French and Italian), before a unit of time: "moins
# d'un an" for "unter 1 Jahr".
_TIME_UNIT_AFTER = re.compile(
    r"\s+(?:an|année|mois|semaine|jour|heure|anno|mese|settimana|giorno|ora)\b", re.IGNORECASE)
# An article elided into the word before it: "d'un", "qu'une", "dell'anno".
_ELIDED_ARTICLE = re.compile(r"^(?:d|l|qu|j|n|s|c)['’]")
_ELIDED = re.compile(r"[^\W\d_]{1,5}['’](?=[IVXLCDM])")
_PER = {"pour": ("cent",), "per": ("cento",), "por": ("ciento",)}
_AND_A = re.compile(r"(?:\band an?|\bet|\by|\be|\bс|\bз|\bі|\bi|\bund|\bund eine?)\s+$",
                    re.IGNORECASE)
_OF_AN_HOUR = re.compile(r"(?:-|\s+(?:(?:of\s+)?an?\s+|d[e']\s*|)|')"
                         r"(?:hour|heure|hora|ora|stunde|час|годин|гадзін|godzin|hod)",
                         re.IGNORECASE)
_ARTICLE_AFTER = re.compile(r"\s+an?(?=\s)")
_AFTER_FRACTION = re.compile(r"\s+(?:an?\s+)?([^\W\d_]+)")
# The 2000s by name ("в начале нулевых", "у нульові", "the noughties").
# Only after a preposition of time or before a word for years: "нулевые ставки" are zero rates.
_NOUGHTY = r"нулев(?:ые|ых|ым|ыми)|нульов(?:і|их|им|ими)|нулявы(?:я|х|м|мі)"
_NOUGHTIES = re.compile(
    rf"\b(?:в|во|у|с|з|до|к|начал[аеоу]?|конц[аеу]|середин[аеуиы]|початку|кінці|пачатку"
    rf"|канцы)\s+({_NOUGHTY})\b|\b({_NOUGHTY})\s+(?=год|рок|гад)|\b(noughties)\b",
    re.IGNORECASE)
# Words that may stand between two parts of one number ("hundred and five", "двайсет и едно").
_JOINERS = frozenset({"and", "und", "et", "y", "e", "и", "і", "i", "a"})


# Italian "secondo" before an article, a pronoun or a name is "according to" ("secondo il
# ministero", "secondo Trump"), no second.
_ACCORDING_TO = {"it": ("secondo", re.compile(
    r"\s+(?:il|lo|la|i|gli|le|l['’]|un|una|uno|quanto|cui|me|te|lui|lei|noi|voi|loro"
    r"|fonti|[A-ZÀ-Ý])"))}


def _tokens(text: str, lang: str) -> Iterator[tuple[int, int, str, int | None]]:
    """(start, end, word, value or None) for each word, hyphenated words split when whole
    they are no number ("four-day", "sixty-two-year-old")."""
    according = _ACCORDING_TO.get(lang)
    for match in WORD.finditer(text):
        word = fold(match.group())
        if according and word == according[0] and according[1].match(text, match.end()):
            yield match.start(), match.end(), word, None
            continue
        value = word_values(word, lang)
        if value is not None or "-" not in word:
            yield match.start(), match.end(), word, value
            continue
        start = match.start()
        for piece in word.split("-"):
            yield start, start + len(piece), piece, word_values(piece, lang)
            start += len(piece) + 1


def word_numbers(text: str, lang: str) -> list[NumberMention]:
    """The numbers ``text`` writes in words, and its words for noon and midnight."""
    mentions: list[NumberMention] = []
    clocks = clock_words(lang)
    fractions = fraction_words(lang)
    run: list[tuple[int, str]] = []  # (value, word) of the number being read
    last_end = 0
    pending_joiner = False
    previous = ""
    for start, end, word, value in _tokens(text, lang):
        previous, word_before = word, previous
        if value in SCALES and not run and _DIGITS_BEFORE.search(text, 0, start):
            value = None  # "1 Million", "2,5 млн": the digits' scale, read with them
        if word_before in _PER and word in _PER[word_before]:
            value = None  # "pour cent", "per cento", "por ciento": percent, not a hundred
        single = (lang != "en" and start >= 2 and text[start - 1] == " "
                  and text[start - 2].islower())
        piece = text[start:end]
        # "dall'VIII secolo", "l'XIe siècle": the numeral after an elided article.
        elided = _ELIDED.match(piece) if lang in ("fr", "it") else None
        if elided:
            piece, single = piece[elided.end():], True
        numeral = re.sub(r"(?:e|er|ème|º|°)$", "", piece)
        if len(numeral) > 1:  # a lone "Х" is a placeholder ("день Х"), no ten
            numeral = numeral.translate(_CYRILLIC_ROMAN)
        if value is None and (roman := _roman(numeral, single=single)):
            # A century or a monarch: "XIX wieku", "XX века", "Louis XIV".
            mentions.append(NumberMention(text[start:end],
                                          frozenset({Decimal(roman), ("century", roman)}),
                                          written=True))
        if word in clocks and not _DIGITS_BEFORE.search(text, 0, start):  # not "12 noon"
            mentions.append(NumberMention(word, clock_values(*clocks[word]), written=True))
        if (lang in _ONE_OCLOCK and word in _ONE_OCLOCK[lang][0] and not run
                and _ONE_OCLOCK[lang][1].match(text, end)):
            # "в час ночи", "после часа дня": one o'clock, its number unsaid.
            mentions.append(NumberMention(word, clock_values(1, 0), written=True))
        if value is None and word in _ONE_OF.get(lang, ()) and word_before not in fractions and (
                approx := imperial(text[end:end + 40], [Decimal(1)], lang)):
            # "about a mile away" for 1.6 km.
            mentions.append(NumberMention(word, frozenset({Decimal(1)}), approx, written=True))
        elif (value is None and word_before not in fractions and (
                (word in _ONE_OF.get(lang, ())
                 and (_PERCENT_AFTER.match(text, end) or word_before in _NUMBER_NOUNS))
                or (_ELIDED_ARTICLE.match(word) and _ELIDED_ARTICLE.sub("", word) in
                    _ONE_OF.get(lang, ()) and _TIME_UNIT_AFTER.match(text, end)))):
            # "ein Prozent"; "numéro un" for "Platz 1"; "moins d'un an" for "unter 1 Jahr"
            # (elided only: "einen Tag später" may stand beside a changed "1 Person").
            mentions.append(NumberMention(word, frozenset({Decimal(1)}), written=True))
        if word in fractions:
            counted = _total(run) if run and not text[last_end:start].strip() else None
            mentions.append(_fraction(text, start, end, fractions[word], lang, mentions,
                                      counted))
        gap = text[last_end:start]
        adjacent = bool(run) and (not gap.strip() or gap.strip() == "-")
        if value is None:
            if run and word in _JOINERS and adjacent and not pending_joiner:
                pending_joiner = True
                last_end = end
                continue
            _close(run, mentions, text[last_end:last_end + 40], lang)
            run, pending_joiner = [], False
            last_end = end
            continue
        if value == 1 and word in _ALONE.get(lang, ()):
            # "les cent premiers jours" is a hundred, not 101.
            _close(run, mentions, text[last_end:last_end + 40], lang)
            mentions.append(NumberMention(word, frozenset({Decimal(1)}), written=True))
            run, pending_joiner, last_end = [], False, end
            continue
        if run and not (adjacent and _fits([v for v, _ in run], value, lang)):
            _close(run, mentions, text[last_end:last_end + 40], lang)
            run = []
        run.append((value, word))
        pending_joiner = False
        last_end = end
    _close(run, mentions, text[last_end:last_end + 40], lang)
    mentions += [NumberMention(m[1] or m[2] or m[3], frozenset({NOUGHTIES}), written=True)
                 for m in _NOUGHTIES.finditer(text)]
    return mentions


def _fraction(text: str, start: int, end: int, fraction: Decimal, lang: str,
              before: list[NumberMention], counted: int | None) -> NumberMention:
    """A fraction in words: the number, as a percentage ("half" for 50%), times a scale word
    after it ("half a million", "полтора миллиона"), added to the one before it ("a year and a
    half", "two and a half", "un an et demi", "год с половиной"), and times the number just
    before it ("deux tiers", "three quarters")."""
    values = {fraction, fraction * 100}
    if counted:
        exact = Decimal(1) / 3 if fraction == Decimal("0.33") else fraction
        values |= {(counted * exact).quantize(Decimal("0.01")),
                   (counted * exact * 100).quantize(Decimal(1))}
    if _AND_A.search(text, 0, start):
        values.add(1 + fraction)
        if before and before[-1].written:
            values |= {v + fraction for v in before[-1].numbers()}
    if _OF_AN_HOUR.match(text, end):
        values.add(fraction * 60)  # "a quarter-hour", "half an hour", "четверть часа": minutes
    after = _AFTER_FRACTION.match(text, end)
    if after is not None and (scale := word_values(fold(after[1]), lang)) in SCALES:
        values.add(fraction * scale)
    if fraction == Decimal("0.33"):
        values |= {Decimal("33.3"), Decimal("0.3")}
    # "half a mile" is 800 m.
    unit = _ARTICLE_AFTER.match(text, end)
    approx = imperial(text[unit.end() if unit else end:][:40], [fraction], lang)
    return NumberMention(text[start:end], frozenset(v.normalize() for v in values), approx,
                         written=True)


# "ХХ века", "ХІХ століття": Roman numerals typed with the Cyrillic letters that look so.
_CYRILLIC_ROMAN = str.maketrans("ХІ", "XI")


def _roman(word: str, *, single: bool = False) -> int:
    """The value of a Roman numeral of two letters or more; one letter (too often a word) only
    when ``single`` says it stands where a word cannot: after a word in lower case, outside
    English ("podczas I wojny", "la I Guerra Mundial", "в I квартале")."""
    if not word or (len(word) < 2 and not (single and word in "IVX")) or not _ROMAN.fullmatch(word):
        return 0
    total = 0
    for letter, following in zip(word, [*word[1:], ""], strict=True):
        value = _ROMAN_VALUES[letter]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


def _fits(values: list[int], value: int, lang: str = "") -> bool:
    """Whether ``value`` continues the numeral ``values``."""
    if lang == "fr" and values[-1] in (60, 80) and 10 <= value < 20:
        return True  # "soixante et onze", "quatre-vingt-douze"
    last = values[-1]
    if value in SCALES:
        # "tres mil millones": a scale may multiply a smaller one just before it; and a
        # smaller scale counts what was said since a larger one ("deux millions huit cent
        # mille", "два миллиона восемьсот тысяч").
        scales = [v for v in values if v in SCALES]
        return (all(v < value for v in scales)
                or last not in SCALES and all(v > value for v in scales))
    if value == 100 and last < 10:
        return True  # "three hundred"
    if last in SCALES:
        return value < 1000
    if last % 100 == 0 and last >= 100:
        return value < 100
    if last % 10 == 0 and 20 <= last < 100:
        return value < 10
    return False


def _close(run: list[tuple[int, str]], mentions: list[NumberMention], after: str = "",
           lang: str | None = None) -> None:
    """The number a run of words makes, and, with an imperial unit after it ("a two-foot
    brim"), where its metric value may fall."""
    if not run:
        return
    total = _total(run)
    text = " ".join(word for _, word in run)
    values = {Decimal(total)}
    if total in (8, 15) and lang in _WEEK_DAYS and _WEEK_DAYS[lang].match(after):
        values.add(Decimal(total - 1))  # "quinze jours" is a fortnight, "huit jours" a week
    mentions.append(NumberMention(text, frozenset(values),
                                  imperial(after, [Decimal(total)], lang), written=True))


def _total(run: list[tuple[int, str]]) -> int:
    total = current = 0
    previous = 0
    for value, _ in run:
        if value in SCALES and previous in SCALES:
            total *= value
        elif value in SCALES:
            total += max(current, 1) * value
            current = 0
        elif value == 100 and 0 < current < 10:
            current *= 100
        else:
            current += value
        previous = value
    return total + current
