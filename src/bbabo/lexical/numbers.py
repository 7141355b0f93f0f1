"""Numbers as values, whatever the locale wrote: 2,4 and 2.4; 21 800, 21,800 and 21.800.

A number written in digits is read as the set of values it can mean, so two texts in different
languages are compared on what their numbers say: stories count the numbers two reports share.
(Translation QA reads numbers more thoroughly, words, clocks and codes included, to check one
text against its translation: ``translate.qa.numbers``.)
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["NumberMention", "find_numbers"]

# A digit run with optional thousands groups (space, no-break or thin space, dot, comma,
# apostrophe) and an optional decimal part. A numeric date (10.01.2022) gives its day and year
# (its month is the dates check's), so "10 января 2022" matches "10.01.2022".
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<day>\d{1,2})(?P<sep>[./])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{2,4})(?!\d)"
    r"|(?<![\w])(?P<number>\d{1,3}(?:[ \u00a0\u202f\u2009.,'’]\d{3})+(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)(?!\d)"
)
_GROUP_SPACES = " \u00a0\u202f\u2009'’"


class NumberMention:
    """A number as written, and every value it may stand for."""

    __slots__ = ("text", "values")

    def __init__(self, text: str, values: frozenset[Decimal]) -> None:
        self.text = text
        self.values = values

    def __repr__(self) -> str:
        return f"NumberMention({self.text!r})"


def find_numbers(text: str) -> list[NumberMention]:
    mentions = []
    for match in _NUMBER.finditer(text):
        raw = match.group("number")
        if raw is None:
            day, month = int(match["day"]), int(match["month"])
            days = {day} if match["sep"] == "." else {day, month}  # 01/10: US or European
            mentions.append(NumberMention(match["day"], frozenset(Decimal(d) for d in days)))
            mentions.append(NumberMention(match["year"], frozenset({Decimal(match["year"])})))
            continue
        values = _readings(raw)
        if values:
            mentions.append(NumberMention(raw, values))
    return mentions


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
