"""Which of lingua's languages a detector chooses among, for a text that declares its language.

lingua keeps a language's n-gram models in memory once it has read a text that language could
be written in: a Latin-script text loads every Latin-script candidate. Every extra candidate is
also one more way to be wrong (on WMT23's sentences, Ukrainian read as Kazakh, Czech as Slovak).
So a declared text is told among the languages in play (the target languages, the sources'
hints, the languages pages declare) and, for every script none of those is written in, all of
that script's languages: they cost nothing until a text in that script arrives, which then gets
a real answer rather than none. No "neighbour" languages are added to those in play: on WMT23's
tune half each one cost accuracy on the languages in play (Kazakh 19 more errors on 2,982
sentences, Macedonian 13, Slovak 4) while a page in a neighbour's language that says so joins
the set anyway. A text that declares nothing is told among every language (``detect.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from lingua import Language

from bbabo import langs

__all__ = ["supported_languages", "candidate_languages", "script_group"]


@cache
def supported_languages() -> dict[Language, str]:
    """lingua's languages that bbabo knows, mapped to bbabo's codes (Bokmål and Nynorsk are
    both ``no``)."""
    mapping: dict[Language, str] = {}
    for language in Language.all():
        iso = language.iso_code_639_1.name.lower()
        if langs.is_known(iso):
            mapping.setdefault(language, langs.normalize(iso))
    return mapping


@cache
def _groups() -> tuple[frozenset[Language], ...]:
    # Languages sharing a script compete for a text in it; every other lingua language has a
    # script of its own (Greek, Hebrew, Korean, ...), except Chinese and Japanese (Han).
    return tuple(frozenset(group) for group in (
        Language.all_with_latin_script(), Language.all_with_cyrillic_script(),
        Language.all_with_arabic_script(), Language.all_with_devanagari_script(),
        {Language.CHINESE, Language.JAPANESE}))


def script_group(language: Language) -> frozenset[Language]:
    """The languages written in ``language``'s script (itself alone for a script of its own)."""
    return next((group for group in _groups() if language in group), frozenset({language}))


def candidate_languages(in_play: Iterable[str]) -> frozenset[str]:
    """bbabo codes to choose among for the languages in play: those lingua supports, and every
    language of a script none of them uses. Codes lingua does not support are left out."""
    wanted = {langs.normalize(code) for code in in_play if langs.is_known(code)}
    mapping = supported_languages()
    chosen = {language for language, code in mapping.items() if code in wanted}
    used = {script_group(language) for language in chosen}
    return frozenset(code for language, code in mapping.items()
                     if language in chosen or script_group(language) not in used)
