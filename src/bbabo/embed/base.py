"""The interface every text embedder satisfies, and the text an article is embedded as."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

__all__ = ["Embedder", "Vectors", "article_text", "LEAD_CHARS"]

Vectors = npt.NDArray[np.float32]
"""Rows of float32, one per text, each of unit length (so a dot product is the cosine)."""

# Title and lead: what a report says happened. e5-small reads 512 tokens at most and its cost
# grows with the length; ~400 characters of lead is the first two or three sentences.
LEAD_CHARS = 400


class Embedder(Protocol):
    """Maps texts in any language to vectors that are close when the texts say the same thing.

    ``model_id`` names the model and everything that changes its vectors (quantisation, prefix,
    library version): vectors are stored with it, and vectors of two ids are never compared."""

    @property
    def model_id(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> Vectors:
        """An array of shape ``(len(texts), dim)``, float32, rows of unit length."""
        ...


def article_text(title: str, paragraphs: Sequence[str], *, max_chars: int = LEAD_CHARS) -> str:
    """The title and the lead (the first paragraphs, cut after a sentence near ``max_chars``)."""
    lead = ""
    for paragraph in paragraphs:
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        lead = f"{lead} {paragraph}".strip()
        if len(lead) >= max_chars:
            break
    if len(lead) > max_chars:
        cut = max(lead.rfind(". ", 0, max_chars), lead.rfind("! ", 0, max_chars),
                  lead.rfind("? ", 0, max_chars))
        lead = lead[:cut + 1] if cut > max_chars // 3 else lead[:max_chars]
    return f"{title.strip()}\n{lead}".strip()
