"""The dates check: a month named (or written as a numeric date) in the source must be there in
the translation, named in the target language in any inflection, as an adjective ("мартовских",
"lipcowych"), or written as digits. Month tables: ``months``.
"""

from __future__ import annotations

from bbabo.translate.qa.months import LANGUAGES, MONTH_NAMES, find_months

__all__ = ["compare_dates", "find_months"]


def compare_dates(source: str, target: str, src: str, tgt: str) -> str | None:
    """Which months of the source the translation lacks; None when all are there (or when
    either language has no month table, so nothing can be said)."""
    if src not in LANGUAGES or tgt not in LANGUAGES:
        return None
    wanted = find_months(source, src)
    if not wanted:
        return None
    free = find_months(target, tgt)
    missing = []
    found: list[frozenset[int]] = []
    for months in sorted(wanted, key=len):
        partner = next((m for m in free if m & months), None)
        if partner is None:
            missing.append(months)
        else:
            free.remove(partner)
            found.append(partner)
    if not free:
        # A month the source repeats may be said once: "from July 25 until July 31" is "vom
        # 25. bis 31. Juli". Not when a target month is left over: a changed one is caught.
        missing = [m for m in missing if not any(m & f for f in found)]
    if not missing:
        return None
    detail = f"month {_names(missing)} missing"
    if free:
        detail += "; found " + _names(free)
    return detail


def _names(mentions: list[frozenset[int]]) -> str:
    return ", ".join("/".join(MONTH_NAMES[m] for m in sorted(months) if m) or "?"
                     for months in mentions)
