"""Extract: a fetched page in, an ``ExtractedArticle`` (title, paragraphs, metadata) out."""

from bbabo.extract.article import MIN_TEXT_CHARS, extract_article

__all__ = ["MIN_TEXT_CHARS", "extract_article"]
