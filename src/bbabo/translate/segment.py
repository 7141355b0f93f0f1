"""Cutting text into the units an engine translates: sentences, and token chunks that fit a model.

Engines translate sentences better and faster than paragraphs (a batch of short inputs pads less,
and a model trained on sentences drifts on long inputs), so every paragraph is split first. The
splitter is a regular expression plus a few vetoes rather than a trained model: it must never lose
text, and it must keep abbreviations, initials and decimal numbers inside their sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["split_sentences", "join_sentences", "cut_long", "NO_SPACE_LANGS"]

# Languages written without spaces between words (and so between sentences).
NO_SPACE_LANGS = frozenset({"zh", "ja"})

# A sentence end: terminators and closing quotes, ONE space (the text is normalised first), then
# the start of the next sentence (opening quotes or dashes, then a letter or digit). A CJK full
# stop ends a sentence without any space after it.
_END = re.compile(
    r"(?P<mark>[.!?…։।؟]+)(?P<close>[\"'»”’)\]]*) (?=[\"'«„“‘(\[¿¡—–-]* ?(?P<first>\w))"
    r"|(?P<cjk>[。！？]+[」』”’）)]*) ?(?=\S)"
)
_SPACES = re.compile(r"\s+")
_OPENERS = "\"'«„“‘([¿¡—–-"
# U.S., EE.UU.: dotted capitals are acronyms, more often inside a sentence than at its end.
_ACRONYM = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
_LIST_MARKER = re.compile(r"\W*\d{1,3}")

# Abbreviations (lower case, without the final dot) that precede a name or more words, so a
# capital after them does not start a sentence. Units and "etc." are left out on purpose: a
# capital after "руб." or "etc." nearly always does start one.
_COMMON = frozenset({"dr", "mr", "mrs", "ms", "prof", "st", "e.g", "i.e", "vs", "ca"})
_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset({
        "mt", "gen", "gov", "sen", "rep", "col", "lt", "sgt", "capt", "rev", "hon", "pres",
        "no", "fig", "approx", "jan", "feb", "apr", "aug", "sep", "sept", "oct", "nov", "dec",
    }),
    "ru": frozenset({
        "г", "гг", "ул", "пр", "просп", "пл", "пер", "наб", "д", "кв", "корп", "обл", "р-н",
        "им", "проф", "акад", "доц", "канд", "г-н", "г-жа", "т.е", "т.к", "т.н", "т.ч", "т",
        "см", "ср", "напр", "рис", "табл", "ок", "св", "ст", "с", "пос", "дер",
    }),
    "uk": frozenset({
        "м", "р", "рр", "вул", "просп", "пл", "пров", "буд", "кв", "обл", "ім", "проф", "акад",
        "доц", "т.з", "т.зв", "т.б", "т", "див", "напр", "рис", "св", "ст", "с", "смт",
    }),
    "be": frozenset({"г", "гг", "вул", "пр", "пл", "д", "кв", "вобл", "імя", "праф", "т.б", "т"}),
    "bg": frozenset({"г", "гр", "ул", "бул", "пл", "обл", "проф", "акад", "д-р", "т.е", "т.нар"}),
    "pl": frozenset({
        "r", "w", "ul", "al", "pl", "os", "np", "tj", "tzw", "prof", "im", "gen", "płk", "ks",
        "św", "ok", "dot", "godz", "nr", "woj", "pow",
    }),
    "de": frozenset({"z.b", "d.h", "u.a", "bzw", "nr", "hr", "fr", "vgl", "sog", "gem", "bzgl"}),
    "fr": frozenset({"mme", "mlle", "mm", "pr", "ste", "av", "bd", "n°", "cf", "p"}),
    "es": frozenset({"sr", "sra", "srta", "dra", "av", "avda", "pág", "ud", "uds", "núm"}),
    "it": frozenset({"sig", "sig.ra", "dott", "dott.ssa", "ing", "avv", "on", "pag", "n"}),
}
# Languages that write ordinals as "3." ("am 3. Oktober", "3. května"): a short number before a
# dot is an ordinal there, not the end of a sentence.
_ORDINAL_DOT = frozenset({
    "de", "pl", "cs", "sk", "sl", "hr", "sr", "fi", "da", "no", "hu", "lv", "lt", "et", "tr",
})


def split_sentences(paragraph: str, lang: str) -> list[str]:
    """Split a paragraph into sentences; whitespace runs become single spaces.

    ``join_sentences(split_sentences(p, lang), lang)`` gives back the normalised paragraph.
    """
    text = _SPACES.sub(" ", paragraph).strip()
    if not text:
        return []
    abbreviations = _COMMON | _ABBREVIATIONS.get(lang, frozenset())
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(text):
        if match.group("cjk") is None and not _is_end(text, start, match, lang, abbreviations):
            continue
        sentences.append(text[start : match.end()].rstrip())
        start = match.end()
    sentences.append(text[start:])
    return sentences


def join_sentences(sentences: Sequence[str], lang: str) -> str:
    """Put sentences of ``lang`` back together: the inverse of split_sentences."""
    return ("" if lang in NO_SPACE_LANGS else " ").join(s for s in sentences if s)


def _is_end(
    text: str, start: int, match: re.Match[str], lang: str, abbreviations: frozenset[str]
) -> bool:
    if match.group("first").islower():
        return False
    if match.group("mark") != ".":
        return True  # "?", "!" and an ellipsis end a sentence whatever precedes them
    before = text[start : match.start()]
    word = before.rsplit(" ", 1)[-1].lstrip(_OPENERS)
    if not word:
        return True
    if match.group("close"):
        return True  # a dot inside a closed quote or bracket is not an abbreviation's
    if len(word) == 1 and word.isupper():
        return False  # an initial: "В. Путин", "J. Smith"
    if word.lower() in abbreviations or (_ACRONYM.fullmatch(word) and word.isupper()):
        return False
    if word.isdigit() and len(word) <= 3 and lang in _ORDINAL_DOT:
        return False
    return not _LIST_MARKER.fullmatch(before)  # "1. Сначала" opens a list item


def cut_long(tokens: Sequence[str], max_len: int) -> list[list[str]]:
    """Cut a token sequence into chunks of at most ``max_len`` tokens, losing none.

    Cuts go before a word-initial SentencePiece piece ("▁...") where one lies in the second half
    of the window, so a word is split only when a single word fills half the window.
    """
    if max_len < 1:
        raise ValueError(f"max_len must be positive, got {max_len}")
    chunks: list[list[str]] = []
    start = 0
    while len(tokens) - start > max_len:
        end = start + max_len
        cut = next(
            (i for i in range(end, start + max_len // 2, -1) if tokens[i].startswith("▁")), end
        )
        chunks.append(list(tokens[start:cut]))
        start = cut
    chunks.append(list(tokens[start:]))
    return chunks
