"""Errors put into good translations for the QA benchmark (bench/qa.py).

- ``change_digit``: one digit of a number the translation shares with its source (the same
  digits, whatever the separators) becomes another digit. A number only the translation has
  (a year it spelled out, "XX century" -> "20th century") is not touched: changing it is no error.
- ``change_month``: a month name of the translation that its source also names becomes another
  month in the same inflection ("марта" -> "июля", "lipcowych" -> "majowych").
"""

from __future__ import annotations

import random
import re

from bbabo.translate.qa.months import find_months, month_paradigms

__all__ = ["change_digit", "change_month"]

_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f\u2009.,'’]\d+)*")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def change_digit(source: str, target: str, rng: random.Random) -> str | None:
    theirs = {_digits(m.group()) for m in _NUMBER.finditer(source)}
    shared = [m for m in _NUMBER.finditer(target) if _digits(m.group()) in theirs]
    if not shared:
        return None
    match = rng.choice(shared)
    places = [match.start() + i for i, c in enumerate(match.group()) if c.isdigit()]
    place = rng.choice(places)
    digit = rng.choice([d for d in "0123456789" if d != target[place]])
    return target[:place] + digit + target[place + 1:]


def change_month(source: str, target: str, src: str, tgt: str,
                 rng: random.Random) -> str | None:
    wanted = {m for months in find_months(source, src) for m in months}
    if not wanted:
        return None
    spots: list[tuple[int, int, tuple[str, ...], int]] = []
    for row in month_paradigms(tgt):
        for month, form in enumerate(row, start=1):
            if month not in wanted or not form:
                continue
            for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", target, re.IGNORECASE):
                spots.append((match.start(), match.end(), row, month))
    if not spots:
        return None
    start, end, row, month = rng.choice(sorted(set(spots)))
    other = rng.choice([m for m in range(1, 13) if m != month and row[m - 1]])
    new = row[other - 1]
    old = target[start:end]
    if old[:1].isupper():
        new = new[:1].upper() + new[1:]
    return target[:start] + new + target[end:]
