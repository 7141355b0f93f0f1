"""Names across scripts and inflections: a consonant skeleton in Latin letters.

"Токаев", "Tokajew", "Tokayev" and the inflected "Токаеву" all reduce to "tkv": Cyrillic is
transliterated, the digraphs each Latin orthography spells one sound with are folded to one
letter, vowels and the letters that stand for them (j, y, h) are dropped. Translation uses it to
find how an engine rendered a source name (``translate.names``); stories use it to see the same
person or place named in two languages (``stories``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["skeleton", "is_name", "WORD", "FOLD"]

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
    ["a", "b", "v", "g", "d", "e", "e", "z", "z", "i", "j", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "h", "c", "c", "s", "s", "", "y", "", "e", "u", "a", "i", "i", "e", "g",
     "u"], strict=True))
# Letter groups that spell one sound, per language (longest first): what Cyrillic ш, ч, ж, х
# become in each Latin orthography, so that every spelling reduces to one letter.
_DIGRAPHS: dict[str, tuple[tuple[str, str], ...]] = {
    "pl": (("szcz", "s"), ("sz", "s"), ("cz", "c"), ("ch", "h"), ("rz", "z")),
    "de": (("tsch", "c"), ("sch", "s"), ("ch", "h"), ("tz", "c"), ("z", "c")),
    "fr": (("tch", "c"), ("ch", "s"), ("kh", "h")),
    "cs": (("ch", "h"),), "sk": (("ch", "h"),), "hr": (("ch", "h"),),
    "en": (("shch", "s"), ("sch", "s"), ("tch", "c"), ("sh", "s"), ("ch", "c"), ("kh", "h"),
           ("zh", "z"), ("ts", "c")),
}
# Latin letters NFKD does not decompose, and letters that spell one sound in some orthographies.
FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "s", "æ": "e", "œ": "e", "w": "v",
                       "q": "k"})
_SILENT = set("aeiouyjh")


# Bounded: every capitalised word of every translation passes here, and a process runs for
# months (an unbounded cache grew with each new word, a hostile page's junk included).
@lru_cache(maxsize=1 << 16)
def skeleton(word: str, lang: str) -> str:
    """The consonants of a name as a Latin-letter key ("Токаев", "Tokajew", "Tokayev" -> "tkv")."""
    text = word.lower()
    if lang in {"uk", "be"}:
        text = text.replace("г", "h")
    text = "".join(_CYRILLIC.get(char, char) for char in text)
    for group, letter in _DIGRAPHS.get(lang, _DIGRAPHS["en"]):
        text = text.replace(group, letter)
    text = unicodedata.normalize("NFKD", text).translate(FOLD)
    text = text.replace("ph", "f").replace("ck", "k").replace("x", "ks")
    letters = [c for c in text if c.isascii() and c.isalpha() and c not in _SILENT]
    return "".join(c for i, c in enumerate(letters) if i == 0 or c != letters[i - 1])


def is_name(word: str) -> bool:
    """A capitalised word of three letters or more that is not a short acronym."""
    letters = word.replace("-", "").replace("'", "").replace("’", "")
    if len(letters) < 3 or not word[0].isupper():
        return False
    return not (letters.isupper() and len(letters) <= 5)  # an acronym: ОДКБ, NATO
