"""Facts about the whole site that many pages need (its sections, the languages it can be
read in), recounted only when the store's data version moves.

The counts are GROUP BY queries over every article: cheap once, too dear for every request.
The version is one row, so checking it costs less than a page's own query."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bbabo import langs
from bbabo.publish.urls import section_segment
from bbabo.store import Store

__all__ = ["SiteFacts", "SiteData"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteFacts:
    version: int
    # Stored section name -> articles; language -> articles written in it / translated into it.
    sections: dict[str, int]
    originals: dict[str, int]
    translated: dict[str, int]

    def sections_at(self, segment: str) -> list[str]:
        """The stored sections a URL segment stands for (several may share one slug)."""
        return sorted(name for name in self.sections if section_segment(name) == segment)

    def section_order(self) -> list[str]:
        """Sections by size, the biggest first, as menus and the home page list them."""
        return sorted(self.sections, key=lambda name: (-self.sections[name], name))

    def readable_counts(self, targets: tuple[str, ...]) -> dict[str, int]:
        """Articles readable in each language, target languages included at zero; codes that
        are not bbabo's own (a stray stored value) are left out."""
        counts = Counter({code: 0 for code in targets})
        counts.update(self.originals)
        counts.update(self.translated)
        return {code: n for code, n in counts.items()
                if langs.is_known(code) and langs.normalize(code) == code}


class SiteData:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._facts: SiteFacts | None = None

    def facts(self) -> SiteFacts:
        # Read the version first: counts read after it are at least that new, so a race can
        # only make the next request count again, never keep stale counts.
        version = self._store.changes.data_version()
        cached = self._facts
        if cached is not None and cached.version == version:
            return cached
        facts = SiteFacts(version=version, sections=self._store.articles.count_by_section(),
                          originals=self._store.articles.count_by_language(),
                          translated=self._store.translations.count_by_language())
        self._facts = facts  # one reference swap: threads racing here both compute, harmlessly
        return facts
