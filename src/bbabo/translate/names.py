"""Names: the glossary enforced, one spelling per name across the whole site, and a "names"
flag when one source name came out of the engine two ways in an article.

Engines transliterate names inconsistently ("Tokajew" and "Tokayev" in one Polish article, as in
a real machine-translated page). The repair is a post-edit on the aligned sentences: a name in a
source sentence is matched to a capitalised word of its translation by a consonant skeleton that
survives transliteration and inflection (Токаеву, Tokajewowi, Tokayev -> "tkv"). Post-editing,
rather than hiding names behind placeholders, keeps the translation memory engine-pure: changing
the glossary takes effect at once, with nothing to translate again.

A name is rendered, in order of precedence: as the glossary says; as earlier articles into the
same language rendered it (``Spellings`` learned site-wide, so "Tokajew" in every Polish article,
not per article); else as most of its occurrences in the article do. ``harmonize_names`` reports
the spelling each name ended with, for the pipeline to remember.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from babel import Locale, UnknownLocaleError

from bbabo.lexical.names import FOLD, WORD, is_name, skeleton
from bbabo.model import NameSpelling, QAFlag

__all__ = ["harmonize_names", "skeleton", "Spellings", "Harmonized", "name_stem", "respell"]

Sentences = list[list[str]]
"""Per text unit (the title, then each paragraph), its sentences."""

# More capitalised words than this in one sentence is a list or a hostile page, not prose: its
# names are left as the engine wrote them (pairing them is names times words).
_MAX_NAMES_PER_SENTENCE = 200


@dataclass(frozen=True, slots=True)
class _Spot:
    """Where a target word rendering a source name sits."""

    unit: int
    sentence: int
    word: str


class Harmonized(NamedTuple):
    targets: Sentences
    flags: list[QAFlag]
    names: list[NameSpelling]


@dataclass(slots=True)
class Spellings:
    """Source form -> target spelling for one target language, found by stem (Токаева finds
    the entry for Токаев). Indexed by the first three letters, which any two forms of one stem
    share, so a lookup compares with a handful of entries, not the whole site's names."""

    entries: dict[str, str] = field(default_factory=dict)
    _index: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.entries = dict(self.entries)
        for source in self.entries:
            self._index.setdefault(source[:3].lower(), []).append(source)

    def learn(self, spelled: Iterable[NameSpelling]) -> None:
        """Remember the spellings an article settled, for the next articles of the batch."""
        for name in spelled:
            if self.find(name.source) is None:
                self.entries[name.source] = name.spelling
                self._index.setdefault(name.source[:3].lower(), []).append(name.source)

    def find(self, name: str) -> tuple[str, str] | None:
        """(entry, spelling) for the entry sharing ``name``'s stem, if any."""
        for source in self._index.get(name[:3].lower(), ()):
            if _same_stem(source, name):
                return source, self.entries[source]
        return None


def harmonize_names(sources: Sentences, targets: Sentences, src: str, tgt: str,
                    glossary: Mapping[str, str],
                    learned: Spellings | None = None) -> Harmonized:
    """Apply the glossary, then the spellings ``learned`` from earlier articles, then make the
    rest consistent; returns the new target sentences, the flags and each name's spelling."""
    targets = [list(unit) for unit in targets]
    names = _source_names(sources, src)
    found: dict[str, list[_Spot]] = defaultdict(list)  # source name (its shortest form) -> spots
    for (unit, index), words in names.items():
        if not words:
            continue
        candidates = _capitalised(targets[unit][index], tgt)
        if max(len(words), len(candidates)) > _MAX_NAMES_PER_SENTENCE:
            continue
        claimed: set[str] = set()
        for word in sorted(words, key=len, reverse=True):
            spot = _rendering(word, candidates, src, claimed)
            if spot is not None:
                claimed.add(spot)
                found[_cluster_of(word, names)].append(_Spot(unit, index, spot))
    flags: list[QAFlag] = []
    spelled: list[NameSpelling] = []
    glossed = Spellings(dict(glossary))
    for name, spots in found.items():
        if (forced := glossed.find(name)) is not None:
            _rewrite(targets, spots, forced[1], tgt)
            continue
        known = learned.find(name) if learned is not None else None
        if known is not None and skeleton(known[1], tgt) == skeleton(spots[0].word, tgt):
            # Another article settled it: that spelling, here too. A flag still says when the
            # engine itself wavered within this article (the reviewer's cue).
            flag = _wavering(name, spots, tgt)
            _rewrite(targets, spots, known[1], tgt)
            spelled.append(NameSpelling(source=known[0],
                                      spelling=_shortest_form(known[1], spots, tgt)))
        else:
            flag, spelling = _make_consistent(name, spots, targets, tgt)
            if spelling is not None:
                spelled.append(NameSpelling(source=name, spelling=spelling))
        if flag is not None:
            flags.append(flag)
    return Harmonized(targets, flags, spelled)


def _wavering(name: str, spots: list[_Spot], tgt: str) -> QAFlag | None:
    ranked = _ranked_ways(spots, tgt)
    if len(ranked) < 2:
        return None
    first_unit = min(spot.unit for _, found in ranked[1:] for spot in found)
    summary = ", ".join(f"{way} ({len(found)})" for way, found in ranked)
    return QAFlag(check="names", paragraph=None if first_unit == 0 else first_unit - 1,
                  detail=f"{name} rendered {len(ranked)} ways: {summary}; made the site's "
                         f"spelling")


def _shortest_form(spelling: str, spots: list[_Spot], tgt: str) -> str:
    """The learned spelling, or a shorter form of its own way the article shows (a nominative
    "Tokajew" where only "Tokajewa" was known), so the entry drifts to the base form."""
    same = [spot.word for spot in spots if _one_way(_folded(spot.word), _folded(spelling))
            and skeleton(spot.word, tgt) == skeleton(spelling, tgt)]
    return min([spelling, *same], key=lambda word: (len(word), word != spelling))


def _source_names(sources: Sentences, src: str) -> dict[tuple[int, int], list[str]]:
    """Capitalised words per source sentence; a sentence's first word only if the same word is
    capitalised mid-sentence elsewhere (else it is any word that happens to open a sentence).
    A headline (the first unit) in title case ("Community Garden Opens Its Gates") capitalises
    every word: there only the words capitalised mid-sentence in an ordinary sentence count.
    Months and days of the week ("in November", "on Monday") are no names, capitalised or
    not."""
    calendar = _calendar_words(src)
    inner: set[str] = set()
    per_sentence: dict[tuple[int, int], list[tuple[int, str]]] = {}
    title_cased: set[tuple[int, int]] = set()
    for unit, sentences in enumerate(sources):
        for index, sentence in enumerate(sentences):
            words = [(m.start(), m.group()) for m in WORD.finditer(sentence)
                     if m.group().lower() not in calendar]
            per_sentence[(unit, index)] = words
            # Only a headline is ever in title case: a lede full of names is not.
            if unit == 0 and _title_cased([word for _, word in words]):
                title_cased.add((unit, index))
                continue
            inner.update(word for position, (_, word) in enumerate(words)
                         if position > 0 and is_name(word))
    return {key: [word for position, (_, word) in enumerate(words)
                  if is_name(word) and (word in inner
                                        or (position > 0 and key not in title_cased))]
            for key, words in per_sentence.items()}


@cache
def _calendar_words(lang: str) -> frozenset[str]:
    """The full names of the months and days of the week in ``lang`` (babel's, from CLDR),
    lower case. Not their abbreviations: "Jan", "Mar" and "Sun" are names too."""
    try:
        locale = Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return frozenset()
    words: set[str] = set()
    for table in (locale.months, locale.days):
        for context in ("format", "stand-alone"):
            words.update(str(name).lower() for name in table[context]["wide"].values())
    return frozenset(words)


# Title case: four in five words of four letters or more after the first capitalised, at
# least three of them ("Tokayev Arrives in Moscow for Talks with Putin"). Elsewhere names are a
# sentence's few capitalised words ("Встреча Токаева с Путиным": two), German nouns about a
# third of its words.
_TITLE_CASE_SHARE = 0.8
_TITLE_CASE_WORDS = 3


def _title_cased(words: list[str]) -> bool:
    long = [word for word in words[1:] if len(word) >= 4 and word[0].isalpha()]
    capitalised = sum(1 for word in long if word[0].isupper())
    return (capitalised >= _TITLE_CASE_WORDS
            and capitalised >= _TITLE_CASE_SHARE * len(long))


def _cluster_of(word: str, names: Mapping[tuple[int, int], list[str]]) -> str:
    """The shortest source form inflected like ``word`` (Токаеву, Токаевым -> Токаев)."""
    forms = {w for words in names.values() for w in words if _same_stem(w, word)}
    return min(forms, key=lambda w: (len(w), w))


# What an inflection adds or changes after the stem: "-owie" of "Kijowie" (Kijów), "-ами".
_MAX_ENDING = 4


def _same_stem(a: str, b: str) -> bool:
    return _inflected(a.lower(), b.lower(), slack=2)


def _inflected(a: str, b: str, *, slack: int) -> bool:
    """Whether two forms are one word inflected: they share all but ``slack`` letters of the
    shorter, and neither ends in more than an inflection's letters after what they share
    ("Токаев"/"Токаевым", "Kijów"/"Kijowie"; not "Harbour"/"Harborview")."""
    shared = len(_common_prefix(a, b))
    return (shared >= max(3, min(len(a), len(b)) - slack)
            and max(len(a), len(b)) - shared <= _MAX_ENDING)


def _common_prefix(a: str, b: str) -> str:
    end = 0
    while end < min(len(a), len(b)) and a[end] == b[end]:
        end += 1
    return a[:end]


def _capitalised(sentence: str, tgt: str) -> list[tuple[str, str]]:
    """The distinct capitalised words of a translated sentence, in order, with skeletons.

    Read once a sentence, not once a name: a hostile page's 12,000-word "sentence" of one
    name repeated took two minutes name by name."""
    found: dict[str, str] = {}
    for match in WORD.finditer(sentence):
        word = match.group()
        if word[0].isupper() and word not in found:
            found[word] = skeleton(word, tgt)
    return list(found.items())


def _rendering(word: str, candidates: Sequence[tuple[str, str]], src: str,
               claimed: set[str]) -> str | None:
    """The capitalised word of the translation (``candidates``: word, skeleton) that renders
    the source ``word``, if any; the first of equally good ones."""
    key = skeleton(word, src)
    if len(key) < 2:
        return None
    best: tuple[int, str] | None = None
    for candidate, theirs in candidates:
        if candidate in claimed:
            continue
        shorter = min(len(key), len(theirs))
        # An inflection adds a consonant or two ("Путиным" for "Putin") but takes none away
        # but one: "Nueva" ("nv") does not render "November" ("nvmbr").
        if (shorter >= 2 and key[:shorter] == theirs[:shorter]
                and len(theirs) >= len(key) - 1):
            score = len(_common_prefix(key, theirs))
            if best is None or score > best[0]:
                best = (score, candidate)
    return None if best is None else best[1]


def _ranked_ways(spots: list[_Spot], tgt: str) -> list[tuple[str, list[_Spot]]]:
    """The renderings grouped by way, the most frequent first; only spelling variants of the
    most frequent count (Tokayev for Tokajew: one skeleton), so a different word matched by
    prefix ("Rosyjska" beside "Rosja") is left alone."""
    ways = _ways(spot.word for spot in spots)
    by_way: dict[str, list[_Spot]] = defaultdict(list)
    for spot in spots:
        by_way[ways[spot.word]].append(spot)
    ranked = sorted(by_way.items(), key=lambda item: (-len(item[1]), item[0]))
    key = skeleton(ranked[0][0], tgt)
    return [(way, found) for way, found in ranked if skeleton(way, tgt) == key]


def _make_consistent(name: str, spots: list[_Spot], targets: Sentences,
                     tgt: str) -> tuple[QAFlag | None, str | None]:
    """The flag (if the name came out several ways) and the spelling it ends with (None on a
    tie: nothing settled to remember)."""
    ranked = _ranked_ways(spots, tgt)
    if len(ranked) < 2:
        return None, ranked[0][0]
    summary = ", ".join(f"{way} ({len(found)})" for way, found in ranked)
    minority = [spot for _, found in ranked[1:] for spot in found]
    first_unit = min(spot.unit for spot in minority)
    chosen = None
    if len(ranked[0][1]) > len(ranked[1][1]):
        chosen = ranked[0][0]
        _rewrite(targets, minority, chosen, tgt)
        detail = f"{name} rendered {len(ranked)} ways: {summary}; made {chosen}"
    else:
        detail = f"{name} rendered {len(ranked)} ways: {summary}; no majority"
    return QAFlag(check="names", paragraph=None if first_unit == 0 else first_unit - 1,
                  detail=detail), chosen


def _ways(words: Iterable[str]) -> dict[str, str]:
    """Map each rendering to its way's stem: inflected forms of one spelling are one way
    (Tokajew, Tokajewa, Tokajewowi), a different spelling is another (Tokayev)."""
    stems: list[str] = []
    result: dict[str, str] = {}
    for word in sorted(set(words), key=lambda w: (len(w), w)):
        folded = _folded(word)
        stem = next((s for s in stems if _one_way(_folded(s), folded)), None)
        if stem is None:
            stems.append(word)
            stem = word
        result[word] = stem
    return result


def _one_way(a: str, b: str) -> bool:
    return _inflected(a, b, slack=1)


def _folded(word: str) -> str:
    return _bare(word).translate(FOLD)


def _bare(word: str) -> str:
    """``word`` in lower case without its diacritics ("Kijów" -> "kijow")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower())
                   if not unicodedata.combining(c))


def _rewrite(targets: Sentences, spots: Sequence[_Spot], form: str, tgt: str) -> None:
    """Replace each spot's word by ``form``, keeping the inflectional ending it had."""
    key = skeleton(form, tgt)
    for spot in spots:
        if _folded(spot.word).startswith(_folded(form)) or (
                _one_way(_folded(spot.word), _folded(form))
                and skeleton(spot.word, tgt) == key):
            continue  # already right, maybe inflected (Tokajewa for Tokajew, Rosji for Rosja)
        new = form + _ending(spot.word, key, tgt)
        sentence = targets[spot.unit][spot.sentence]
        targets[spot.unit][spot.sentence] = re.sub(
            rf"(?<!\w){re.escape(spot.word)}(?!\w)", new, sentence)


def _ending(word: str, key: str, lang: str) -> str:
    """What follows the shortest prefix of ``word`` spelling the skeleton ``key``
    ("Tokayeva" with "tkv" -> "a"); empty when no prefix spells it."""
    for end in range(1, len(word) + 1):
        if skeleton(word[:end], lang) == key:
            return word[end:]
    return ""


def name_stem(spelling: str, lang: str) -> str:
    """What every form of ``spelling`` starts with: its shortest prefix spelling its
    consonants ("Tokajewa" -> "Tokajew")."""
    ending = _ending(spelling, skeleton(spelling, lang), lang)
    return spelling[:len(spelling) - len(ending)] if ending else spelling


def respell(text: str, old: str, new: str, lang: str) -> str:
    """``text`` with every form of the spelling ``old`` written with ``new`` instead, keeping
    each form's ending: for Tokayev -> Tokajew, "Tokayeva" becomes "Tokajewa" and
    "Tokayevem" "Tokajewem"; for Moskva -> Moskwa, "Moskve" becomes "Moskwe"; for Kijów ->
    Kyjiw, "Kijowie" becomes "Kyjiwie". What a changed name does to stored translations, with
    no engine involved. A form whose ending cannot be carried over (Moskva -> Moskau: "Moskve")
    takes ``new`` as it is: a spelling without its case ending reads better than a made-up word
    ("Puertoiew" for "Harborview"). A form of ``new`` already is left as it is, so respelling
    twice changes nothing ("Zelenskyj" stays when Zelensky becomes Zelenskyj)."""
    if old == new or len(old) < 3:
        return text

    def one(word: str) -> str:
        capitals = len(word) > 1 and word.isupper()
        # A headline or a caption in capitals is read as the name it spells and keeps its
        # capitals ("TOKAJEWA" -> "TOKAYEVA").
        ending = _form_ending(word.capitalize() if capitals else word, old, lang)
        if ending is None or _extends(word, new, lang):
            return word
        replaced, added = ending
        if not replaced:
            form = new + added
        else:
            form = new[:-len(replaced)] + added if new.endswith(replaced) else new
        return form.upper() if capitals else form

    def compound(match: re.Match[str]) -> str:
        word = match.group()
        respelled = one(word)
        if respelled != word or "-" not in word:
            return respelled
        # A name inside a compound ("Harborview-Centro", "Tokajew-Nazarbajew"): each part.
        return "-".join(one(part) for part in word.split("-"))

    return WORD.sub(compound, text)


# What an inflection may add after a name (Polish "-owi", "-em", Russian "-ым", "-ами"): up to
# three letters, or four beginning with a vowel; "Harborview" is no form of "Harbor". Only
# languages that decline names do that; elsewhere a name takes a plural or possessive "s" at
# most ("Harboring" is no form of "Harbor").
_DECLINING = frozenset({"pl", "ru", "uk", "be", "cs", "sk", "sl", "hr", "sr", "bs", "lt", "lv",
                        "fi", "et", "hu"})
_UNDECLINED_ENDINGS = frozenset({"s", "'s", "’s", "'", "’"})
_MAX_ADDED = 3
# A declension that replaces a name's last letter puts a vowel there, and at most one letter
# more, a vowel or the instrumental's "м"/"j" ("Moskwie", "Марией", "Алексеем"); "Алексеев",
# "Андреев" and "Марина" are other names.
_VOWELS = frozenset("aeiouyąęóáéíúýàèìòùâêîôûäëïöüěůėįųūāēīőű"
                    "аеёиоуыэюяіїє")
_REPLACEABLE = _VOWELS | frozenset("ьй")
_AFTER_REPLACED_VOWEL = _VOWELS | frozenset("мйmj")


def _form_ending(word: str, old: str, lang: str) -> tuple[str, str] | None:
    """How ``word`` is a form of the name ``old`` in ``lang``: (the letters of ``old`` it
    replaces, the letters it has instead), or None when it is another word. Compared without
    case and diacritics ("Kijowie" is a form of "Kijów", "Tokayév" one of "Tokayev"), but a
    form of a name is capitalised: "market" is no form of "Mark"."""
    if word == old:
        return "", ""
    if not word[:1].isupper():
        return None
    shape, stem_shape = _shape(word), _shape(old)
    declines = lang in _DECLINING
    if shape.startswith(stem_shape):
        added = word[len(old):]
        if not added or (_an_ending(added) if declines else added in _UNDECLINED_ENDINGS):
            return "", added
        return None
    if not declines or old[-1].lower() not in _REPLACEABLE or len(old) < 4:
        return None
    if shape.startswith(stem_shape[:-1]):
        added = word[len(old) - 1:]
        if (1 <= len(added) <= 2 and added[0] in _VOWELS
                and added[-1] in _AFTER_REPLACED_VOWEL):
            return old[-1], added
    return None


def _extends(word: str, spelling: str, lang: str) -> bool:
    """Whether ``word`` is ``spelling`` itself or with an ending added: already the new
    spelling, when that extends the old one ("Zelenskyj" for Zelensky -> Zelenskyj). A form
    that replaced the last vowel is not: "Moskwie" is Moskwa's as much as Moskwy's."""
    form = _form_ending(word, spelling, lang)
    return form is not None and not form[0]


def _shape(word: str) -> str:
    """``word`` in lower case without diacritics, letter for letter (or as it is, lower case,
    when that would change its length). Other letters stay: "Moskwa" is not "Moskva"."""
    bare = _bare(word)
    return bare if len(bare) == len(word) else word.lower()


def _an_ending(letters: str) -> bool:
    letters = letters.removeprefix("'").removeprefix("’")  # English "Harborview's"
    return (letters.isalpha() and letters.islower()
            and (len(letters) <= _MAX_ADDED
                 or (len(letters) == _MAX_ADDED + 1 and letters[0] in _VOWELS)))
