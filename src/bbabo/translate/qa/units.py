"""Other readings of a number from the words after it: an imperial measure's metric value
("550 pounds" is about 250 kg, "80 degrees" about 27 °C) and a decade's short form ("the 1930s"
are "30-е годы"). Translators convert measures and shorten decades; neither is an error.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import cache

from bbabo.translate.qa.mentions import Value

__all__ = ["decade", "feet_inches", "imperial", "is_range_join"]

# Imperial units and what one of them is in the metric units a translation would use: English
# words, and the other languages' (a translation that keeps miles keeps the number).
# Temperatures are handled apart (an offset, not a factor).
_FACTORS: tuple[tuple[str, str, tuple[float, ...]], ...] = (
    (r"(?:square|sq\.?) (?:miles?|mi\b)", "", (2.589988,)),
    (r"(?:square|sq\.?) (?:feet|foot|ft)", "", (0.092903,)),
    (r"(?:cubic|cu\.?) (?:feet|foot|ft)", "", (0.0283168,)),
    (r"nautical miles?|nmi\b", r"морск\w* мил\w*|mil\w* morsk\w*|seemeilen?|milles? marins?"
     r"|millas? náuticas?|migli[ao] nautic[io]", (1.852, 1852)),
    (r"miles? (?:an|per) hour|mph|miles?|mi\b",
     r"(?:мил|міл)(?:[ьиіяюе]|ях|ям)(?!й?он|ён|л|ярд|иард|[иі]?ард)\w*"
     r"|mil(?:e|i|a|ach|om|ami)?\b|meilen?|milles?|millas?|migli[ao]",
     (1.609344, 1609.344)),
    (r"(?:feet|foot|ft)\b", r"фут\w*|стъпк\w*|st(?:óp|op(?!n))\w*|fuß|pieds?|pies?\b|pied[ei]",
     (0.3048, 30.48)),
    # "6in" glued to its number is inches; "6 in" is not ("6 in 10").
    (r"inch(?:es)?|in\.|(?<![\s-])in\b",
     r"дюйм\w*|цал[яіьюе]\w*|инч\w*|cal[ie]?\b|zoll|pouces?|pulgadas?|pollic[ei]",
     (2.54, 25.4)),
    (r"yards?|yds?\b", r"ярд\w*|jard\w*|yards?|yardas?|iard[ae]", (0.9144,)),
    (r"pounds?|lbs?\b", r"фунт\w*|funt\w*|pfund|livres?|libras?|libbr[ae]",
     (0.45359237, 453.59237)),
    (r"ounces?|oz\b", r"унц\w*|uncj\w*|unzen?|onces?|onzas?|once\b", (28.349523, 29.57)),
    (r"gallons?", r"га?лл?он\w*|galon\w*|gallonen|gallons?|galones|galloni", (3.785412,)),
    (r"acres?", r"акр\w*|akr\w*|acres?|acri", (0.404686, 4046.86, 0.00404686)),
    (r"stones?\b", "", (6.350293,)),
)
_TEMPERATURE = r"(?:°|degrees?|deg\.?)\s?(?:F\b|Fahrenheit)|degrees?\b|F\b"
_FOREIGN_TEMPERATURE = r"(?:°|\w+)\s?(?:F\b|по Фаренгейт\w*|Fahrenheit\w*|за Фаренгейт\w*)"
# Words after a temperature that make it a difference: "10 degrees above average".
_DIFFERENCE = re.compile(r"\s+(?:above|below|warmer|cooler|colder|hotter|higher|lower|more|less"
                         r"|difference|drop|rise)\b", re.IGNORECASE)
_LARGEST = Decimal("1e30")
# Rounding a converted figure: "650 pounds" is 295 kg, written "300".
_SLACK = 0.1
_DECADE = re.compile(r"(?:'?s|er|-?(?:е|х|ті|ых|их|те))\b")
# "to", "and", "or" in the ten languages ("od 2 do 4 cali", "ад 2 да 4 цаляў").
_RANGE = re.compile(r"\s*(?:-|–|—|/|to|and|or|до|да|do|і|и|i|bis|und|oder|à|a|et|ou|y|o|e"
                    r"|или|або|lub|albo)\s*", re.IGNORECASE)


@cache
def _unit(lang: str | None) -> re.Pattern[str]:
    english = lang in (None, "en")
    # A translation may keep the English unit ("209 km (130 miles)" in French).
    units = [pattern if english or not foreign else f"{foreign}|{pattern}"
             for pattern, foreign, _ in _FACTORS]
    return re.compile(
        rf"[\s-]?(?:(?P<temp>{_TEMPERATURE if english else _FOREIGN_TEMPERATURE})|"
        + "|".join(f"(?P<u{i}>{unit or '(?!)'})" for i, unit in enumerate(units)) + ")",
        re.IGNORECASE)


def imperial(after: str, numbers: Iterable[Decimal],
             lang: str | None = None) -> tuple[tuple[Decimal, Decimal], ...]:
    """Where the metric value of a number followed by an imperial unit may fall."""
    match = _unit(lang).match(after)
    if match is None:
        return ()
    ranges: list[tuple[Decimal, Decimal]] = []
    for number in numbers:
        if not number.is_finite() or abs(number) > _LARGEST:
            continue  # "9" * 320 pounds: no float holds it, and no translation converts it
        if match["temp"] is not None:
            # A temperature is given to the nearest five degrees as often as not ("a sunny 80
            # degrees", 26.7 °C, is "almost 30 gradi").
            celsius = (float(number) - 32) * 5 / 9
            low, high = _around(celsius)
            ranges.append((min(low, Decimal(5 * math.floor(celsius / 5))),
                           max(high, Decimal(5 * math.ceil(celsius / 5)))))
            if match.group().startswith("-") or _DIFFERENCE.match(after, match.end()):
                # A difference of temperatures ("a 20-degree difference", "10 degrees above
                # average"): no offset.
                ranges.append(_around(float(number) * 5 / 9))
            continue
        index = next(int(k[1:]) for k, v in match.groupdict().items() if v and k != "temp")
        ranges.extend(_around(float(number) * factor) for factor in _FACTORS[index][2])
    return tuple(ranges)


def _around(value: float) -> tuple[Decimal, Decimal]:
    slack = abs(value) * _SLACK + 0.5
    return Decimal(str(round(value - slack, 3))), Decimal(str(round(value + slack, 3)))


def feet_inches(code: str) -> tuple[tuple[Decimal, Decimal], ...]:
    """A height written "6-foot-6": where its value in centimetres or metres may fall."""
    match = re.fullmatch(r"(\d+)-(?:foot|feet|ft)-(\d+)", code)
    if match is None:
        return ()
    centimetres = (int(match[1]) * 12 + int(match[2])) * 2.54
    # A height is converted to the centimetre: a few either side, not a tenth.
    low, high = round(centimetres - 3.5, 1), round(centimetres + 3.5, 1)
    return ((Decimal(str(low)), Decimal(str(high))),
            (Decimal(str(low)) / 100, Decimal(str(high)) / 100))


# The 2000s as a decade's name says them: "нулевые", "нульові", "the noughties".
NOUGHTIES: Value = ("decade", 2000)


def decade(raw: str, after: str) -> set[Value]:
    """"1930s", "1970er", "1990-х": also the decade's two digits ("the 30s", "70-е"), and the
    two digits' years."""
    if (len(raw) == 4 and raw[:2] in ("19", "20") and raw.endswith("0") and raw[2:] != "00"
            and _DECADE.match(after)):
        return {Decimal(int(raw[2:]))}
    if len(raw) == 2 and raw.endswith("0") and _DECADE.match(after):
        # And the other way: "die 90er", "the 90s", "90-е" are "les années 1990".
        return {Decimal(1900 + int(raw)), Decimal(2000 + int(raw))}
    if raw == "2000" and _DECADE.match(after):
        return {NOUGHTIES}  # "the 2000s" are "нулевые", "the noughties"
    return set()


def is_range_join(between: str) -> bool:
    """Whether the text between two numbers makes them a range ("2 to 4", "2-4")."""
    return _RANGE.fullmatch(between) is not None
