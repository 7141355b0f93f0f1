"""Extraction quality on the corpus in ``corpus/``: token-level F1 of the body text against the
expected paragraphs, and the rate of exactly right titles (trafilatura's ``eval_gate`` idea).

``python tests/quality/score.py`` prints the scores; ``--record`` writes them to
``baseline.json`` with the floors the test enforces (see README.md here)."""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bbabo.errors import NotAnArticle
from bbabo.extract import extract_article
from bbabo.fetch.charset import detect_encoding
from bbabo.model import FetchedPage

__all__ = ["CORPUS", "BASELINE", "PageScore", "corpus_sha256", "score_corpus", "summary",
           "tokens", "f1"]

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
BASELINE = HERE / "baseline.json"
MARGIN = 0.01
"""Floors sit this far under the recorded scores, so a harmless library update passes."""

_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class PageScore:
    name: str
    f1: float
    title_exact: bool
    error: str | None = None


def tokens(text: str) -> Counter[str]:
    """Words, case-folded; each Chinese/Japanese/Korean character counts as one."""
    found: Counter[str] = Counter()
    for word in _WORD.findall(text.casefold()):
        found.update(list(word) if _CJK.search(word) else [word])
    return found


def f1(extracted: str, expected: str) -> float:
    got, want = tokens(extracted), tokens(expected)
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def corpus_sha256() -> str:
    digest = hashlib.sha256()
    for path in sorted(CORPUS.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def score_page(page_path: Path) -> PageScore:
    expected = json.loads(page_path.with_suffix(".json").read_text(encoding="utf-8"))
    body = page_path.read_bytes()
    url = f"https://corpus.example/{page_path.stem}"
    page = FetchedPage(url=url, final_url=url, status=200, content_type="text/html",
                       encoding=detect_encoding(body, "text/html"), body=body,
                       fetched_at=datetime.now(UTC))
    try:
        article = extract_article(page)
    except NotAnArticle as exc:
        return PageScore(page_path.name, 0.0, False, exc.code)
    return PageScore(page_path.name, f1(article.text, "\n".join(expected["paragraphs"])),
                     article.title == expected["title"])


def score_corpus() -> list[PageScore]:
    return [score_page(path) for path in sorted(CORPUS.glob("*.html"))]


def summary(scores: list[PageScore]) -> dict[str, float]:
    return {
        "body_f1_mean": round(sum(s.f1 for s in scores) / len(scores), 4),
        "body_f1_min": round(min(s.f1 for s in scores), 4),
        "title_exact_rate": round(sum(s.title_exact for s in scores) / len(scores), 4),
    }


def _record(scores: list[PageScore]) -> None:
    measured = summary(scores)
    baseline = {
        "corpus_sha256": corpus_sha256(),
        "pages": len(scores),
        "measured": measured,
        "floors": {key: round(max(0.0, value - MARGIN), 2) for key, value in measured.items()},
    }
    BASELINE.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--record", action="store_true", help="write baseline.json")
    args = parser.parse_args(argv)
    scores = score_corpus()
    for s in scores:
        print(f"{s.name:40} f1={s.f1:.3f} title={'ok' if s.title_exact else 'WRONG'}"
              f"{' ' + s.error if s.error else ''}")
    print(json.dumps(summary(scores)))
    if args.record:
        _record(scores)
        print(f"recorded {BASELINE}")


if __name__ == "__main__":
    main(sys.argv[1:])
