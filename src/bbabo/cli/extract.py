"""``bbabo extract``: what extraction makes of one saved page, as JSON. The operator's tool for
"why does this site extract badly?", and how extraction is measured on public benchmarks."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import click

from bbabo.errors import UnsupportedLanguage, UsageError
from bbabo.extract import extract_article
from bbabo.fetch.charset import detect_encoding
from bbabo.langid import LanguageDetector
from bbabo.model import FetchedPage

__all__ = ["COMMANDS", "extraction_record"]


@click.command()
@click.argument("file", type=click.File("rb"))
@click.option("--url", help="The page's address (resolves relative links; the default "
              "canonical URL). Default: the file's file:// URL.")
@click.option("--content-type", default="text/html", show_default=True,
              help="As a server would have sent it, e.g. 'text/html; charset=windows-1251'.")
def extract(file: BinaryIO, url: str | None, content_type: str) -> None:
    """Print the extraction of a saved page (FILE, or - for standard input) as JSON."""
    body = file.read()
    page_url = url or _file_url(file)
    if url is not None and not url.startswith(("http://", "https://")):
        raise UsageError(f"--url must be an http(s) URL: {url!r}", code="usage.bad_url")
    page = FetchedPage(url=page_url, final_url=page_url, status=200, content_type=content_type,
                       encoding=detect_encoding(body, content_type), body=body,
                       fetched_at=datetime.now(UTC))
    click.echo(json.dumps(extraction_record(page), ensure_ascii=False, indent=2))


def extraction_record(page: FetchedPage) -> dict[str, object]:
    article = extract_article(page)
    try:
        guess = LanguageDetector().detect(f"{article.title}\n{article.text}",
                                          hint=article.lang_hint)
        language, confidence = guess.lang, guess.confidence
    except UnsupportedLanguage:
        language, confidence = None, 0.0
    return {
        "title": article.title,
        "paragraphs": list(article.paragraphs),
        "text": article.text,
        "author": article.author,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "canonical_url": article.canonical_url,
        "amp_url": article.amp_url,
        "image_url": article.image_url,
        "language": language,
        "language_confidence": confidence,
        "declared_language": article.lang_hint,
        "encoding": page.encoding,
    }


def _file_url(file: BinaryIO) -> str:
    name = getattr(file, "name", "-")
    if not isinstance(name, str) or name in ("-", "<stdin>"):
        return "file:///dev/stdin"
    return Path(name).resolve().as_uri()


COMMANDS = [extract]
