"""URL slugs: a title in any language becomes lowercase ASCII words joined by hyphens.

Cyrillic is transliterated by table (NFKD cannot help with it); Latin letters lose their
diacritics through NFKD; the few Latin letters NFKD leaves alone (ł, ß, ø...) have a table too.
Scripts with neither (CJK, Arabic, Greek...) give an empty slug, and the URL then carries the
article id alone."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["slugify", "MAX_SLUG_LENGTH"]

MAX_SLUG_LENGTH = 80

# Russian-style romanisation (close to ISO 9 / BGN without diacritics), plus the letters of the
# other Cyrillic alphabets bbabo publishes in, so no Cyrillic letter is ever dropped.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian and Belarusian
    "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "w",
    # Serbian and Macedonian
    "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj",
    "ѕ": "dz",
    # Kazakh and other Turkic alphabets
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
}

# Where a language romanises a letter differently from Russian: the letter-for-letter core of
# the national systems (Ukrainian KMU 2010, Belarusian 2007, Bulgarian Streamlined), without
# their position-dependent rules, which a URL does not need.
_BY_LANGUAGE = {
    "uk": {"г": "h", "и": "y", "й": "i"},
    "be": {"г": "h", "й": "j", "х": "ch"},
    "bg": {"щ": "sht", "ъ": "a"},
    "sr": {"х": "h", "ц": "c", "ч": "c", "ш": "s", "ж": "z"},
}

# Latin letters with no NFKD decomposition into ASCII.
_LATIN = {
    "ł": "l", "đ": "d", "ð": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th",
    "ı": "i", "ħ": "h", "ŀ": "l",
}

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(title: str, lang: str | None = None) -> str:
    """``"Путин встретится с Токаевым"`` -> ``"putin-vstretitsya-s-tokaevym"``.

    ``lang`` picks that language's romanisation where it differs from Russian's.
    The result is at most MAX_SLUG_LENGTH characters, cut at a word boundary, possibly empty.
    """
    table = {**_CYRILLIC, **_LATIN, **_BY_LANGUAGE.get(lang or "", {})}
    romanised = "".join(table.get(char, char) for char in title.lower())
    decomposed = unicodedata.normalize("NFKD", romanised)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = _NON_ALNUM.sub("-", ascii_text.lower()).strip("-")
    if len(slug) <= MAX_SLUG_LENGTH:
        return slug
    cut = slug[: MAX_SLUG_LENGTH + 1]
    # Prefer ending on a whole word; a single word longer than the limit is cut mid-word.
    return cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_SLUG_LENGTH]
