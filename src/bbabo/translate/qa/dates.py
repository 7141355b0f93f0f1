"""The dates check: a month named (or written as a numeric date) in the source must be there in
the translation, named in the target language in any inflection, as an adjective ("мартовских",
"lipcowych"), or written as digits. Month tables: ``months``.
"""

from __future__ import annotations

from bbabo.translate.qa.months import (
    LANGUAGES,
    MAY_DAY,
    MONTH_NAMES,
    dated_months,
    find_months,
    foreign_months,
    misspelt_months,
    names_a_weekday,
)

__all__ = ["compare_dates", "find_months"]


def compare_dates(source: str, target: str, src: str, tgt: str) -> str | None:
    """Which months of the source the translation lacks; None when all are there (or when
    either language has no month table, so nothing can be said)."""
    if src not in LANGUAGES or tgt not in LANGUAGES:
        return None
    wanted = dated_months(source, src)
    if not wanted:
        return None
    own = find_months(target, tgt)
    free = list(own)
    missing: list[tuple[frozenset[int], bool]] = []
    found: list[frozenset[int]] = []
    for months, dated in sorted(wanted, key=lambda w: len(w[0])):
        partner = next((m for m in free if m & months), None)
        if partner is None:
            missing.append((months, dated))
        else:
            free.remove(partner)
            found.append(partner)
    if not free:
        # A month the source repeats may be said once: "from July 25 until July 31" is "vom
        # 25. bis 31. Juli"; a date may be given as its weekday: "le 29 septembre" as "on
        # Saturday". Not when a target month is left over: a changed one is caught.
        weekday = names_a_weekday(target, tgt)
        missing = [(m, dated) for m, dated in missing
                   if not (any(m & f for f in found) or dated and weekday)]
    if missing and not free:
        # A month a name of the translation holds may answer for the source's: "October
        # Revolution Street" is "улица Октябрьской революции", a capital where Russian writes
        # months in lower case; so may a month in another language's word ("Karl März", "am
        # 26. July 1999") or a misspelt one ("Setember"). Only when no month of the
        # translation's own is left over (a changed month stays caught beside "Julio
        # Iglesias"), and it must be the same month.
        named = find_months(target, tgt, names=True)
        for months in own:
            named.remove(months)
        named += foreign_months(target, tgt) + misspelt_months(target, tgt)
        named += [frozenset({5}) for _ in MAY_DAY.finditer(target)]  # "Tag der Arbeit"
        for entry in list(missing):
            partner = next((m for m in named if m & entry[0]), None)
            if partner is not None:
                named.remove(partner)
                missing.remove(entry)
    if not missing:
        return None
    detail = f"month {_names([m for m, _ in missing])} missing"
    if free:
        detail += "; found " + _names(free)
    return detail


def _names(mentions: list[frozenset[int]]) -> str:
    return ", ".join("/".join(MONTH_NAMES[m] for m in sorted(months) if m) or "?"
                     for months in mentions)
