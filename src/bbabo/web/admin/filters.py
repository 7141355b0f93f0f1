"""Reading the console's filter forms (``templates/_filters.html``)."""

from __future__ import annotations

from bbabo import langs
from bbabo.errors import UsageError

__all__ = ["language_or_none"]


def language_or_none(value: str | None) -> str | None:
    """A language code as the store keeps it, or None for an empty or unknown one: a filter
    then shows every language (a filter narrows a list, it does not fail); an address that
    names a language says it does not know it."""
    if not value:
        return None
    try:
        return langs.normalize(value)
    except UsageError:
        return None
