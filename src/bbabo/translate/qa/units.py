"""Other readings of a number from the words after it: an imperial measure's metric value
("550 pounds" is about 250 kg, "80 degrees" about 27 °C) and a decade's short form ("the 1930s"
are "30-е годы"). Translators convert measures and shorten decades; neither is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from bbabo.translate.qa.mentions import Value

__all__ = ["decade", "imperial", "is_range_join"]

# English imperial units and what one of them is in the metric units a translation would use.
# Temperatures are handled apart (an offset, not a factor).
_FACTORS: tuple[tuple[str, tuple[float, ...]], ...] = (
    (r"miles? (?:an|per) hour|mph", (1.609344,)),
    (r"miles?|mi\b", (1.609344,)),
    (r"(?:feet|foot|ft)\b", (0.3048, 30.48)),
    (r"inch(?:es)?|in\.", (2.54, 25.4)),
    (r"yards?|yds?\b", (0.9144,)),
    (r"pounds?|lbs?\b", (0.45359237,)),
    (r"ounces?|oz\b", (28.349523, 29.57)),
    (r"gallons?", (3.785412,)),
    (r"acres?", (0.404686, 4046.86)),
    (r"stones?\b", (6.350293,)),
    (r"(?:square|sq\.?) (?:miles?|mi\b)", (2.589988,)),
    (r"(?:square|sq\.?) (?:feet|foot|ft)", (0.092903,)),
)
_UNIT = re.compile(
    r"[\s-]?(?:(?P<temp>(?:°|degrees?|deg\.?)\s?(?:F\b|Fahrenheit)|degrees?\b)|"
    + "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _) in enumerate(_FACTORS)) + ")",
    re.IGNORECASE)
# Rounding a converted figure: "650 pounds" is 295 kg, written "300".
_SLACK = 0.1
_DECADE = re.compile(r"(?:'?s|er|-?(?:е|х|ті|ых|их|те))\b")
_RANGE = re.compile(r"\s*(?:-|–|—|to|and|or|до|і|и|bis|à|a)\s*", re.IGNORECASE)


def imperial(after: str, numbers: Iterable[Decimal]) -> tuple[tuple[Decimal, Decimal], ...]:
    """Where the metric value of a number followed by an imperial unit may fall."""
    match = _UNIT.match(after)
    if match is None:
        return ()
    ranges = []
    for number in numbers:
        if match["temp"] is not None:
            converted: list[float] = [(float(number) - 32) * 5 / 9]
        else:
            index = next(int(k[1:]) for k, v in match.groupdict().items() if v and k != "temp")
            converted = [float(number) * factor for factor in _FACTORS[index][1]]
        for value in converted:
            slack = abs(value) * _SLACK + 0.5
            ranges.append((Decimal(str(round(value - slack, 3))),
                           Decimal(str(round(value + slack, 3)))))
    return tuple(ranges)


def decade(raw: str, after: str) -> set[Value]:
    """"1930s", "1970er", "1990-х": also the decade's two digits ("the 30s", "70-е")."""
    if len(raw) == 4 and raw[:2] in ("19", "20") and raw.endswith("0") and _DECADE.match(after):
        return {Decimal(int(raw[2:]))}
    return set()


def is_range_join(between: str) -> bool:
    """Whether the text between two numbers makes them a range ("2 to 4", "2-4")."""
    return _RANGE.fullmatch(between) is not None
