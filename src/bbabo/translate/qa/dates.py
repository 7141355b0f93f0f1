"""The dates check: a month named (or written as a numeric date) in the source must be there in
the translation, whether named in the target language or written as digits.

Month names are matched by stems, so inflected forms count ("января", "stycznia", "im Januar").
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["find_months", "compare_dates", "MONTH_STEMS"]

# Per language, twelve alternatives (regular expressions matched as whole words, case-folded).
# A trailing "-" marks a stem that any ending may follow ("январ-": января, январе); a short stem
# lists its endings instead, so "maj(?:a|u|em)?" does not match "majątek".
MONTH_STEMS: dict[str, tuple[str, ...]] = {
    "en": ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"),
    "ru": ("январ-", "феврал-", "март(?:а|е|ом)?", "апрел-", "ма(?:й|я|е|ем)", "июн-", "июл-",
           "август(?:а|е|ом)?", "сентябр-", "октябр-", "ноябр-", "декабр-"),
    "uk": ("січ(?:ень|ня|ні|нем)", "лют(?:ий|ого|ому|им)", "берез(?:ень|ня|ні|нем)",
           "квіт(?:ень|ня|ні|нем)", "трав(?:ень|ня|ні|нем)", "черв(?:ень|ня|ні|нем)",
           "лип(?:ень|ня|ні|нем)", "серп(?:ень|ня|ні|нем)", "верес(?:ень|ня|ні|нем)",
           "жовт(?:ень|ня|ні|нем)", "листопад-", "груд(?:ень|ня|ні|нем)"),
    "be": ("студз-", "лют(?:ы|ага|ым)", "сакав-", "красав-", "трав(?:ень|ня|ні)",
           "чэрв(?:ень|ня|ені)", "ліп(?:ень|ня|ені)", "жнів-", "верас(?:ень|ня|ні)", "кастрыч-",
           "лістапад-", "снеж(?:ань|ня|ні)"),
    "bg": ("януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември",
           "октомври", "ноември", "декември"),
    "pl": ("stycz(?:eń|nia|niu|niem)", "lut(?:y|ego|ym)", "mar(?:zec|ca|cu|cem)",
           "kwie(?:cień|tnia|tniu)", "maj(?:a|u|em)?", "czerw(?:iec|ca|cu|cem)",
           "lip(?:iec|ca|cu|cem)", "sierp(?:ień|nia|niu)", "wrze(?:sień|śnia|śniu)",
           "październik-", "listopad-", "grud(?:zień|nia|niu)"),
    "de": ("januar|jänner", "februar", "märz", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "dezember"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre|setiembre", "octubre", "noviembre", "diciembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "cs": ("led(?:en|na|nu)", "únor-", "břez(?:en|na|nu)", "dub(?:en|na|nu)", "květ(?:en|na|nu)",
           "červ(?:en|na|nu)", "červen(?:ec|ce|ci)", "srp(?:en|na|nu)", "září",
           "říj(?:en|na|nu)", "listopad-", "prosin(?:ec|ce|ci)"),
}
# Languages that capitalise month names: there "may" or "march" in lower case is a verb.
_CAPITALISED = frozenset({"en", "de"})
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})([./])(\d{1,2})\2(\d{2,4})(?![\d])")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


@cache
def _pattern(lang: str) -> re.Pattern[str] | None:
    stems = MONTH_STEMS.get(lang)
    if stems is None:
        return None
    groups = "|".join(f"(?P<m{i + 1}>{_alternative(stem, lang)})" for i, stem in enumerate(stems))
    flags = 0 if lang in _CAPITALISED else re.IGNORECASE
    return re.compile(rf"(?<!\w)(?:{groups})", flags)


def _alternative(stem: str, lang: str) -> str:
    if lang in _CAPITALISED:
        stem = "|".join(alt[:1].upper() + alt[1:] for alt in stem.split("|"))
    if stem.endswith("-"):
        return f"(?:{stem[:-1]})\\w*"
    return f"(?:{stem})(?!\\w)"


def find_months(text: str, lang: str) -> list[frozenset[int]]:
    """Each month mention as the set of months it may be (a numeric date can be read d.m or m/d)."""
    mentions: list[frozenset[int]] = []
    pattern = _pattern(lang)
    if pattern is not None:
        for match in pattern.finditer(text):
            month = next(int(name[1:]) for name, value in match.groupdict().items() if value)
            if lang == "en" and month == 5 and not _near_digit(text, match):
                continue  # "May" opening a sentence is more often the verb
            mentions.append(frozenset({month}))
    for match in _NUMERIC_DATE.finditer(text):
        first, sep, second = int(match.group(1)), match.group(2), int(match.group(3))
        months = {second} if sep == "." else {first, second}  # 10/01: US or European
        mentions.append(frozenset(m for m in months if 1 <= m <= 12) or frozenset({0}))
    for match in _ISO_DATE.finditer(text):
        mentions.append(frozenset({int(match.group(2))}))
    return mentions


def _near_digit(text: str, match: re.Match[str]) -> bool:
    around = text[max(0, match.start() - 4):match.end() + 4]
    return any(c.isdigit() for c in around)


def compare_dates(source: str, target: str, src: str, tgt: str) -> str | None:
    """Which months of the source the translation lacks; None when all are there (or when
    either language has no month table, so nothing can be said)."""
    if src not in MONTH_STEMS or tgt not in MONTH_STEMS:
        return None
    wanted = find_months(source, src)
    if not wanted:
        return None
    free = find_months(target, tgt)
    missing = []
    for months in sorted(wanted, key=len):
        partner = next((m for m in free if m & months), None)
        if partner is None:
            missing.append(months)
        else:
            free.remove(partner)
    if not missing:
        return None
    names = ", ".join("/".join(_MONTH_NAMES[m] for m in sorted(months) if m) or "?"
                      for months in missing)
    detail = f"month {names} missing"
    if free:
        detail += "; found " + ", ".join("/".join(_MONTH_NAMES[m] for m in sorted(f) if m)
                                         for f in free)
    return detail


_MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
