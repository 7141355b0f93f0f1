"""A number found in a text, as the values it may stand for (``numbers``, ``wordnumbers``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["NumberMention", "Value", "clock_values"]

Value = (Decimal | tuple[str, int, int] | tuple[str, int, int, int] | tuple[str, str]
         | tuple[str, int])
"""A number; ("clock", hour on a 12-hour dial, minute); ("time", hour on that dial, minute,
second); ("code", its digit groups); ("century", its number), what a Roman numeral may be;
("day.month", day, month), a date written "16.3."."""


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number as written, and every value it may stand for.

    ``approx`` holds (low, high) ranges a value of the other side may fall in (a converted
    measure); ``parts`` the numbers it is made of (a clock's hour and minute, a code's digit
    groups), tried one by one when the whole finds no partner; ``written`` marks a number in
    words, which may match but is never reported as found instead; ``digits_only`` a number
    that words cannot stand for (a code's digits: "PERSON1" is not "one"); ``converted`` a
    metric figure given beside an imperial one ("100 feet (30 m)"), or a number said again in
    brackets ("60 Minutes (60 хвилин)"); ``idiom`` a number an idiom carries that a translation
    may say in words of another kind ("100 percent certain" is "absolutely sure", "No. 1" "the
    leader", "24/7" "around the clock"); ``century`` the century of a decade ("the 2000s" are
    in the "XXI wieku"), which a translation may name instead; ``day`` a day of the month next
    to its month ("le 29 septembre"), which a translation may give as the weekday ("on
    Saturday"); ``whole`` the whole number of a fraction ("29¾"), which a translation may round
    it off to ("29 pouces")."""

    text: str
    values: frozenset[Value]
    approx: tuple[tuple[Decimal, Decimal], ...] = ()
    parts: tuple[NumberMention, ...] = ()
    written: bool = False
    digits_only: bool = False
    converted: bool = False
    idiom: bool = False
    century: int = 0
    day: bool = False
    whole: Decimal | None = None

    def numbers(self) -> Iterable[Decimal]:
        return (v for v in self.values if isinstance(v, Decimal))


def clock_values(hour: int, minute: int) -> frozenset[Value]:
    return frozenset({("clock", hour % 12, minute)})
