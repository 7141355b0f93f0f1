"""What lingua is given to read: the samples a ``LanguageDetector`` passes to it."""

from __future__ import annotations

import pytest

from bbabo.langid import LanguageDetector


def spy_reads(detector: LanguageDetector, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The list every sample ``detector`` has lingua read is appended to, from now on."""
    samples: list[str] = []
    ranked = detector._ranked

    def spy(sample: str) -> list[tuple[str, float]]:
        samples.append(sample)
        return ranked(sample)

    monkeypatch.setattr(detector, "_ranked", spy)
    return samples
