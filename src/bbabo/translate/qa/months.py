"""Month names in the ten default languages, in every inflection, and where a text names one.

The nominative and genitive of each month and the abbreviations come from CLDR (Babel's
``Locale.months``, format and stand-alone widths). CLDR has no other case and no adjectives, so
the rest is written here (docs/decisions.md, 2026-12-06): the dative, instrumental and locative
of the Slavic languages ("в марте", "у серпні", "w lipcu") and the month adjectives with all
their endings ("мартовских", "серпневих", "lipcowych", "майски").

Each table row holds the twelve months in one inflection: a benchmark changes a month into
another in the same row to test the dates check (bench/qainject.py).
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale
from rapidfuzz.distance import OSA

__all__ = ["LANGUAGES", "MAY_DAY", "MONTH_NAMES", "dated_months", "find_months", "fold",
           "foreign_months", "misspelt_months", "month_paradigms", "names_a_weekday"]

MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

# Twelve forms a row, in one inflection (Babel gives the nominative and the genitive).
_CASES: dict[str, tuple[str, ...]] = {
    "ru": (
        "январю февралю марту апрелю маю июню июлю августу сентябрю октябрю ноябрю декабрю",
        "январём февралём мартом апрелем маем июнем июлем августом сентябрём октябрём ноябрём "
        "декабрём",
        "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре",
    ),
    "uk": (
        "січню лютому березню квітню травню червню липню серпню вересню жовтню листопаду грудню",
        "січнем лютим березнем квітнем травнем червнем липнем серпнем вереснем жовтнем "
        "листопадом груднем",
        "січні лютому березні квітні травні червні липні серпні вересні жовтні листопаді грудні",
    ),
    "be": (
        "студзеню лютаму сакавіку красавіку маю чэрвеню ліпеню жніўню верасню кастрычніку "
        "лістападу снежню",
        "студзенем лютым сакавіком красавіком маем чэрвенем ліпенем жніўнем вераснем "
        "кастрычнікам лістападам снежнем",
        "студзені лютым сакавіку красавіку маі чэрвені ліпені жніўні верасні кастрычніку "
        "лістападзе снежні",
        # May is also "травень" in Belarusian (the older name, still in use).
        "студзень люты сакавік красавік травень чэрвень ліпень жнівень верасень кастрычнік "
        "лістапад снежань",
        "студзеня лютага сакавіка красавіка траўня чэрвеня ліпеня жніўня верасня кастрычніка "
        "лістапада снежня",
        "студзені лютым сакавіку красавіку траўні чэрвені ліпені жніўні верасні кастрычніку "
        "лістападзе снежні",
    ),
    "pl": (
        "styczniowi lutemu marcowi kwietniowi majowi czerwcowi lipcowi sierpniowi wrześniowi "
        "październikowi listopadowi grudniowi",
        "styczniem lutym marcem kwietniem majem czerwcem lipcem sierpniem wrześniem "
        "październikiem listopadem grudniem",
        "styczniu lutym marcu kwietniu maju czerwcu lipcu sierpniu wrześniu październiku "
        "listopadzie grudniu",
    ),
    "de": ("Januars Februars Märzes Aprils Mais Junis Julis Augusts Septembers Oktobers "
           "Novembers Dezembers",
           "Jänner Feber März April Mai Juni Juli August September Oktober November Dezember"),
    "cs": ("lednu únoru březnu dubnu květnu červnu červenci srpnu září říjnu listopadu prosinci",
           "lednem únorem březnem dubnem květnem červnem červencem srpnem zářím říjnem "
           "listopadem prosincem"),
    "es": ("enero febrero marzo abril mayo junio julio agosto setiembre octubre noviembre "
           "diciembre",),
}
# Spellings CLDR leaves out: French "aout" is the 1990 reformed spelling of "août".
_VARIANTS: dict[str, dict[str, int]] = {"fr": {"aout": 8}}
# Adjective stems, and the endings any of them takes.
_ADJECTIVES: dict[str, tuple[str, str]] = {
    "ru": ("январск февральск мартовск апрельск майск июньск июльск августовск сентябрьск "
           "октябрьск ноябрьск декабрьск",
           "ий ого ому им ом ая ой ую ое ие их ими"),
    "uk": ("січнев лютнев березнев квітнев травнев червнев липнев серпнев вереснев жовтнев "
           "листопадов груднев",
           "ий ого ому им ім а ої ій у ою е і их ими"),
    "be": ("студзеньск лютаўск сакавіцк красавіцк травеньск чэрвеньск ліпеньск жнівеньск "
           "верасеньск кастрычніцк лістападаўск снежаньск",
           "і ага аму ім ая ай ую ае ія іх імі"),
    "pl": ("styczniow lutow marcow kwietniow majow czerwcow lipcow sierpniow wrześniow "
           "październikow listopadow grudniow",
           "y ego emu ym a ej ą e ych ymi i"),
    "bg": ("януарск февруарск мартенск априлск майск юнск юлск августовск септемврийск "
           "октомврийск ноемврийск декемврийск",
           "и ия ият а ата о ото ите"),
}
# The ten default languages, and Czech (the WMT sets pair it with Ukrainian).
LANGUAGES = frozenset({"en", "ru", "uk", "be", "pl", "fr", "de", "es", "it", "bg", "cs"})
# Languages that capitalise month names: there a lower-case "may" or "march" is a verb.
_CAPITALISED = frozenset({"en", "de"})
# Forms that are also everyday words ("мая" is Belarusian "my", "маю" "I have"): months only
# next to a day number or a year.
_NEEDS_NUMBER = {
    "bg": frozenset({"май"}),
    "uk": frozenset({"лютим"}),
    "be": frozenset({"май", "мая", "маю", "маем", "маі", "люты", "лютага", "лютаму"}),
    "en": frozenset({"may"}),
    # "Mais" is the genitive of "Mai" only in grammars; in news it is maize.
    "de": frozenset({"mais"}),
}
# English words that are months only in context, read the way "May" is: "Thousands March
# Through City" is a verb.
_IN_CONTEXT = {"en": frozenset({"march"})}
# Words after which an English "May" is the month ("in May", "since May", "mid-May").
_MAY_BEFORE = frozenset({"in", "since", "until", "till", "by", "of", "from", "early", "late",
                         "mid", "last", "next", "this", "during", "before", "after", "through",
                         "throughout", "end", "beginning", "and", "or", "to", "between", "that",
                         "every", "the", "a"})
# Letters only: "February's" is February.
_WORD = re.compile(r"[^\W\d_]+")
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})([./])(\d{1,2})\2(\d{2,4})(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# Spanish writers may capitalise a month ("el 19 de Enero", "en Noviembre", "Diciembre de
# 1997"): a month after a day number or a preposition of time, or before a year, where a name
# ("Plaza de Mayo") would not stand.
_CAPITAL_MONTH_BEFORE = {"es": re.compile(r"\s+del?\s+\d")}
_CAPITAL_MONTH_AFTER = {"es": re.compile(
    r"(?:\d\s+(?:de|del)|\b(?:en|desde|hasta|para|durante|pasado|próximo|entre|y"
    r"|(?:principios|mediados|finales|fines)\s+de))\s+$", re.IGNORECASE)}
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«»\"“”„‚‘(\[\n–—-])\W*$")


def fold(word: str) -> str:
    """Lower case, ё as е, one apostrophe (the checks compare words folded)."""
    return word.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")


@cache
def month_paradigms(lang: str) -> tuple[tuple[str, ...], ...]:
    """Rows of twelve forms, one inflection a row (empty when the language has no table)."""
    if lang not in LANGUAGES:
        return ()
    locale = Locale.parse(lang)
    rows: list[tuple[str, ...]] = []
    for context in ("format", "stand-alone"):
        row = tuple(str(locale.months[context]["wide"][m]) for m in range(1, 13))
        if row not in rows:
            rows.append(row)
    rows += [tuple(line.split()) for line in _CASES.get(lang, ())]
    if lang in _ADJECTIVES:
        stems, endings = (part.split() for part in _ADJECTIVES[lang])
        rows += [tuple(stem + ending for stem in stems) for ending in endings]
    return tuple(rows)


@cache
def _lexicon(lang: str) -> tuple[dict[str, int], dict[str, int]]:
    """{folded full form: month}, {folded abbreviation: month}."""
    forms: dict[str, int] = {}
    for row in month_paradigms(lang):
        for month, form in enumerate(row, start=1):
            forms.setdefault(fold(form), month)
    for form, month in _VARIANTS.get(lang, {}).items():
        forms.setdefault(form, month)
    abbreviations: dict[str, int] = {}
    locale = Locale.parse(lang)
    for context in ("format", "stand-alone"):
        for month in range(1, 13):
            short = fold(str(locale.months[context]["abbreviated"][month])).rstrip(".")
            if short not in forms:
                abbreviations.setdefault(short, month)
    if lang == "en":
        abbreviations["sept"] = 9
    return forms, abbreviations


def _next_to_number(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 4):start]
    after = text[end:end + 4]
    return any(c.isdigit() for c in before + after)


def _is_month(text: str, match: re.Match[str], lang: str, folded: str, *,
              names: bool = False) -> bool:
    word = match.group()
    near_number = _next_to_number(text, match.start(), match.end())
    if folded in _NEEDS_NUMBER.get(lang, ()):
        if _by_a_day_or_year(text, match.start(), match.end()):
            return True
        if lang != "en" or not word[:1].isupper():
            return False
        return _english_may(text, match.start())
    if word.isupper() and len(word) > 1:
        return True  # a headline in capitals
    if folded in _IN_CONTEXT.get(lang, ()):
        if not word[:1].isupper():
            # Lower case, a month only by a day or a year ("5 march 2012"), not joined to one
            # by a hyphen ("the Russian march-2012": a walk).
            joined = "-" in (text[max(0, match.start() - 1):match.start()]
                             + text[match.end():match.end() + 1])
            return near_number and not joined
        return near_number or _english_may(text, match.start())
    if lang in _CAPITALISED:
        return word[:1].isupper()
    if word[:1].isupper() and not names:
        # A capital where months are written in lower case: a name ("Марта", "Mars"), unless
        # it opens a sentence or stands by a number.
        after = _CAPITAL_MONTH_AFTER.get(lang)
        before = _CAPITAL_MONTH_BEFORE.get(lang)
        return (near_number or bool(_SENTENCE_START.search(text[:match.start()]))
                or after is not None and after.search(text[max(0, match.start() - 30):
                                                           match.start()]) is not None
                or before is not None and before.match(text, match.end()) is not None)
    return True


# A number standing alone before or after a word, as a day or a year does ("5 may", "9-га мая",
# "мая 2010"), not the end of a code or a name ("COVID-19 may cause", "SARS-CoV-2 may").
_NUMBER_BEFORE = re.compile(r"(?:^|[\s(«\"“„])\d{1,4}(?:-?[^\W\d_]{1,3}|\.)?[\s,]*$")
_NUMBER_AFTER = re.compile(r"[\s,]*\d{1,4}(?![\w-])")


def _by_a_day_or_year(text: str, start: int, end: int) -> bool:
    if _NUMBER_AFTER.match(text, end) is not None:
        return True
    # Searched from 12 characters back: "^" matches only where the text starts, so a number
    # cut at the window's edge does not pass for one standing alone.
    return _NUMBER_BEFORE.search(text, max(0, start - 12), start) is not None


def _english_may(text: str, start: int) -> bool:
    """A capitalised "May" away from any number: the month after "in", "since" …; the verb
    at the start of a sentence; a name after a capitalised word ("Theresa May")."""
    before = _WORD.findall(text[max(0, start - 30):start])
    if not before:
        return False
    previous = before[-1]
    if (previous.lower() in _MAY_BEFORE or previous in MONTH_NAMES
            or text[:start].endswith("mid-")):
        return True
    if _SENTENCE_START.search(text[:start]):
        return False
    return not previous[:1].isupper()


def _english_abbreviation(text: str, match: re.Match[str], lang: str) -> bool:
    """"on Sept." or "in Oct." without a day: a month when capitalised, dotted and after
    "on", "in", "since" … or ending the text ("in select theaters Oct."): news sets and
    sentence splitters cut a line after the abbreviation's dot, the day on the next line."""
    if lang != "en" or not match.group()[:1].isupper() or text[match.end():match.end() + 1] != ".":
        return False
    if not text[match.end() + 1:].strip():
        return True
    before = _WORD.findall(text[max(0, match.start() - 20):match.start()])
    return bool(before) and (before[-1].lower() in _MAY_BEFORE or before[-1] == "on")


def find_months(text: str, lang: str, *, names: bool = False) -> list[frozenset[int]]:
    """Each month mention as the set of months it may be (a numeric date can be read d.m or
    m/d); with ``names``, also the months names hold ("улица Октябрьской революции", "проспект
    Октября", "the 9/11 memorial")."""
    return [months for months, _ in dated_months(text, lang, names=names)]


_NINE_ELEVEN = re.compile(r"(?<![\d/])9/11(?![\d/])")
# Spanish names a day of note by its number and its month's initial ("el 28-N", "el 11-M",
# "el 23-F"); the initial of March and May, April and August, June and July is shared.
_SPANISH_DAY_LETTER = re.compile(r"(?<![\w-])([1-9]|[12]\d|3[01])-([EFMAJSOND])(?![\w-])")
_SPANISH_MONTH_LETTERS = {
    "E": frozenset({1}), "F": frozenset({2}), "M": frozenset({3, 5}), "A": frozenset({4, 8}),
    "J": frozenset({6, 7}), "S": frozenset({9}), "O": frozenset({10}), "N": frozenset({11}),
    "D": frozenset({12})}


def dated_months(text: str, lang: str, *, names: bool = False,
                 ) -> list[tuple[frozenset[int], bool]]:
    """Each month mention, and whether a number stands by it (a day: "29 septembre"; numeric
    dates always); ``names`` as in :func:`find_months`."""
    mentions: list[tuple[frozenset[int], bool]] = []
    if names and lang == "en":  # in French, German, Russian "9/11" is 9 November
        mentions += [(frozenset({9}), True) for _ in _NINE_ELEVEN.finditer(text)]
    if lang in LANGUAGES:
        forms, abbreviations = _lexicon(lang)
        for match in _WORD.finditer(text):
            folded = fold(match.group())
            month = forms.get(folded)
            if month is not None:
                if _is_month(text, match, lang, folded, names=names):
                    mentions.append((frozenset({month}),
                                     _next_to_number(text, match.start(), match.end())))
                continue
            if lang == "de" and (month := _compound_month(folded, forms)) is not None:
                # "die Septemberausgabe": German joins the month to the noun.
                mentions.append((frozenset({month}), False))
                continue
            month = abbreviations.get(folded)
            if lang == "fr" and folded == "sept" and not _french_september(text, match):
                continue  # "de sept à 30 degrés": seven
            near = _next_to_number(text, match.start(), match.end() + 1)
            if month is not None and (near or _english_abbreviation(text, match, lang)):
                mentions.append((frozenset({month}), near))
    if lang == "es":
        for match in _SPANISH_DAY_LETTER.finditer(text):
            if match.group(2) != "D" or int(match.group(1)) > 4:  # "3-D" is three-dimensional
                mentions.append((_SPANISH_MONTH_LETTERS[match.group(2)], True))
    for match in _NUMERIC_DATE.finditer(text):
        first, sep, second = int(match.group(1)), match.group(2), int(match.group(3))
        months = {second} if sep == "." else {first, second}  # 10/01: US or European
        mentions.append((frozenset(m for m in months if 1 <= m <= 12) or frozenset({0}), True))
    for match in _ISO_DATE.finditer(text):
        mentions.append((frozenset({int(match.group(2))}), True))
    return mentions


# The 1st of May named as the holiday, in any of the languages (not the American "Labor Day",
# in September): it answers for May.
MAY_DAY = re.compile(r"May Day|Tag der Arbeit|f[eê]te du travail|d[ií]a del trabajo"
                     r"|festa del lavoro|primo maggio|święt\w* pracy|день труда|день праці"
                     r"|Первома|Першатрав|Першотрав", re.IGNORECASE)


def foreign_months(text: str, lang: str) -> list[frozenset[int]]:
    """The months a translation in ``lang`` names in another language's words: a name kept as
    it was ("June Corteen", "Karl März", "the March for Life", "Oktoberfest") or a month the
    translator left in another language ("am 26. July 1999", "mai 2011"). Full names only, of
    four letters or more unless a number stands by; never a word the text's own language
    reads, nor one that is a month in its language only by a number ("Theresa May")."""
    own, own_short = _lexicon(lang) if lang in LANGUAGES else ({}, {})
    others = [(other, _lexicon(other)[0]) for other in sorted(LANGUAGES - {lang})]
    mentions: list[frozenset[int]] = []
    for match in _WORD.finditer(text):
        folded = fold(match.group())
        if folded in own or folded in own_short:
            continue
        near = _next_to_number(text, match.start(), match.end())
        for other, forms in others:
            month = forms.get(folded)
            if month is None and other == "de" and match.group()[:1].isupper():
                month = _compound_month(folded, forms)
            if month is None or folded in _NEEDS_NUMBER.get(other, ()) and not near:
                continue
            if len(folded) >= 4 or near:
                mentions.append(frozenset({month}))
                break
    return mentions


def misspelt_months(text: str, lang: str) -> list[frozenset[int]]:
    """The months of words one typing slip away from a full month name of ``lang``, seven
    letters or more ("Setember", "Janaury", "Novmember"); never a word that is a month. Not
    shorter: "Männer" is one letter from Austrian "Jänner"."""
    if lang not in LANGUAGES:
        return []
    forms, abbreviations = _lexicon(lang)
    ends = _forms_by_ends(lang)
    mentions: list[frozenset[int]] = []
    for match in _WORD.finditer(text):
        folded = fold(match.group())
        if len(folded) < 7 or folded in forms or folded in abbreviations:
            continue
        # A slip inside the word: its first and last letters are the month's ("Augusta" is a
        # city, not a misspelt "Augusts"); only forms of about its length are compared, so a
        # long text costs a lookup a word.
        month = next((m for form, m in ends.get((folded[0], folded[-1]), ())
                      if abs(len(form) - len(folded)) <= 1
                      and OSA.distance(folded, form, score_cutoff=1) <= 1), None)
        if month is not None:
            mentions.append(frozenset({month}))
    return mentions


@cache
def _forms_by_ends(lang: str) -> dict[tuple[str, str], tuple[tuple[str, int], ...]]:
    """The month forms of seven letters or more, by their first and last letters."""
    found: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for form, month in _lexicon(lang)[0].items():
        if len(form) >= 7:
            found.setdefault((form[0], form[-1]), []).append((form, month))
    return {ends: tuple(forms) for ends, forms in found.items()}


# "sept." or "sept 2023": September shortened.
_FRENCH_SEPT_DATE = re.compile(r"\.|\s+\d{4}\b")


def _french_september(text: str, match: re.Match[str]) -> bool:
    """French "sept" is seven, unless it is September shortened: with its dot, after a day
    number or before a year ("le 12 sept 2023")."""
    return (_FRENCH_SEPT_DATE.match(text, match.end()) is not None
            or re.search(r"\d\s*$", text[max(0, match.start() - 4):match.start()]) is not None)


_MONTHLIKE_NAMES = ("augustin", "augustus", "januarius")


def _compound_month(word: str, forms: dict[str, int]) -> int | None:
    """The month a German compound begins with ("septemberausgabe", "oktoberfest"): names of
    five letters or more, before a noun of four or more, so "Juliane", "Mailand", "Junior"
    and "Augustus" stay names; Augustine's and Januarius's names too."""
    if word.startswith(_MONTHLIKE_NAMES):
        return None
    for length in range(5, min(len(word) - 4, 9) + 1):
        month = forms.get(word[:length])
        if month is not None:
            return month
    # A day of the month is three letters: "Januartag", "Dezembertage".
    day = re.fullmatch(r"(\w{5,9}?)tag(?:e|en|es|s)?", word)
    return forms.get(day[1]) if day else None


@cache
def _weekdays(lang: str) -> tuple[str, ...]:
    """The stems of the weekdays' names (CLDR through Babel; the last letter left off for the
    cases: "субботу", "w sobotę")."""
    try:
        days = Locale.parse(lang).days["format"]["wide"].values()
    except (ValueError, LookupError):
        return ()
    return tuple(fold(day)[:-1] for day in days)


def names_a_weekday(text: str, lang: str) -> bool:
    """Whether ``text`` names a day of the week ("on Saturday", "в субботу")."""
    stems = _weekdays(lang)
    return any(word.startswith(stems) for word in map(fold, re.findall(r"[^\W\d_]+", text)))
