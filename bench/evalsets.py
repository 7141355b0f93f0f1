"""The public extraction evaluation sets ``bench/extraction.py`` reads, and their scoring.

Two sets of real web pages with annotations no one here wrote:

* trafilatura's evaluation set (``tests/evaldata.json`` and the pages under ``tests/eval`` and
  ``tests/cache`` of github.com/adbar/trafilatura; annotations Apache-2.0): 990 pages, each with
  up to six snippets that must be in the extracted text ("with") and up to six that must not
  ("without"). Scored as trafilatura's ``tests/evaluate.py`` does: a snippet counts when its
  whitespace-normalised text is a substring of the whitespace-normalised output; precision,
  recall and F1 over the snippet counts of all pages.
* ScrapingHub's article-extraction-benchmark (``ground-truth.json`` and ``html/*.html.gz`` of
  github.com/scrapinghub/article-extraction-benchmark, MIT): 181 news and blog pages with their
  whole article body. Scored as its ``evaluate.py`` does: token 4-gram shingles, per page
  true/false positives and negatives normalised to sum 1, precision and recall averaged over
  pages (a page with no output has no precision), F1 of the two averages.

Either repository may be a normal clone or a bare git directory (what ``git clone --bare``
or a mirror leaves): files are then read from ``HEAD`` with ``git cat-file``. The scoring code
is written here from the two benchmarks' published definitions, so no third-party code is
committed; nor is any page.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import statistics
import subprocess
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import lxml.html

__all__ = ["Page", "RepoFiles", "load_trafilatura", "load_scrapinghub", "in_tuning_split",
           "load_readability", "load_wcxb", "load_news_dataset", "snippet_counts",
           "snippet_aggregate", "shingle_counts", "shingle_aggregate", "paired_f1_difference"]


@dataclass(frozen=True, slots=True)
class Page:
    key: str
    url: str
    html: bytes
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()
    body: str = ""
    """The whole expected article text (ScrapingHub), empty for snippet-annotated sets."""


class RepoFiles:
    """Read files of a clone or of a bare git directory by their path in the repository."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bare = not (root / ".git").exists() and (root / "HEAD").is_file()

    def read(self, path: str) -> bytes:
        if not self.bare:
            return (self.root / path).read_bytes()
        return self._git_bytes("cat-file", "blob", f"HEAD:{path}")

    def read_many(self, paths: Sequence[str]) -> dict[str, bytes]:
        if not self.bare:
            return {path: (self.root / path).read_bytes() for path in paths
                    if (self.root / path).is_file()}
        # One git process for all blobs: a thousand ``git show`` calls take seconds.
        request = "".join(f"HEAD:{path}\n" for path in paths).encode()
        out = subprocess.run(["git", "--git-dir", str(self.root), "cat-file", "--batch"],
                             input=request, capture_output=True, check=True).stdout
        found: dict[str, bytes] = {}
        pos = 0
        for path in paths:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            if header[-1] == b"missing":
                pos = end + 1
                continue
            size = int(header[2])
            found[path] = out[end + 1:end + 1 + size]
            pos = end + 1 + size + 1
        return found

    def listdir(self, path: str) -> list[str]:
        """The names of the entries of one folder of the repository."""
        if not self.bare:
            return sorted(entry.name for entry in (self.root / path).iterdir())
        return self._git("ls-tree", "--name-only", f"HEAD:{path}").split()

    def commit(self) -> str:
        if not self.bare:
            head = subprocess.run(["git", "-C", str(self.root), "rev-parse", "HEAD"],
                                  capture_output=True, text=True, check=False).stdout
            return head.strip()[:10] or "working tree"
        return self._git("rev-parse", "HEAD").strip()[:10]

    def _git(self, *args: str) -> str:
        return self._git_bytes(*args).decode()

    def _git_bytes(self, *args: str) -> bytes:
        return subprocess.run(["git", "--git-dir", str(self.root), *args],
                              capture_output=True, check=True).stdout


def load_trafilatura(repo: RepoFiles) -> list[Page]:
    data = json.loads(repo.read("tests/evaldata.json"))
    # trafilatura looks in tests/cache first, then in tests/eval.
    blobs = repo.read_many([f"tests/cache/{item['file']}" for item in data.values()])
    missing = [f"tests/eval/{item['file']}" for item in data.values()
               if f"tests/cache/{item['file']}" not in blobs]
    blobs.update(repo.read_many(missing))
    pages = []
    for url, item in sorted(data.items()):
        html = blobs.get(f"tests/cache/{item['file']}") or blobs.get(f"tests/eval/{item['file']}")
        if html is None:
            raise FileNotFoundError(f"{url}: page {item['file']} not in {repo.root}")
        pages.append(Page(key=url, url=url, html=html, with_snippets=tuple(item["with"]),
                          without_snippets=tuple(item["without"])))
    return pages


def load_scrapinghub(repo: RepoFiles) -> list[Page]:
    truth = json.loads(repo.read("ground-truth.json"))
    blobs = repo.read_many([f"html/{key}.html.gz" for key in truth])
    return [Page(key=key, url=item.get("url") or f"https://example.invalid/{key}",
                 html=gzip.decompress(blobs[f"html/{key}.html.gz"]),
                 body=item.get("articleBody") or "")
            for key, item in sorted(truth.items())]


READABILITY_MIN_CHARS = 500


def load_readability(repo: RepoFiles) -> list[Page]:
    """Mozilla Readability's test pages: the page and the article Readability.js is expected
    to find in it, as HTML (turned into text here, a space at every tag so words never join).
    Pages whose expected article is shorter than ``READABILITY_MIN_CHARS`` are left out: they
    are unit tests of Readability.js's HTML handling (a list, an entity), not web pages."""
    folder = "test/test-pages"
    names = [name for name in repo.listdir(folder) if "." not in name]
    blobs = repo.read_many([f"{folder}/{name}/{leaf}" for name in names
                            for leaf in ("source.html", "expected.html")])
    pages = []
    for name in names:
        source = blobs.get(f"{folder}/{name}/source.html")
        expected = blobs.get(f"{folder}/{name}/expected.html")
        if source is None or expected is None:
            continue
        root = lxml.html.fromstring(expected.decode("utf-8", "replace"))
        body = " ".join(root.itertext())
        if len("".join(body.split())) < READABILITY_MIN_CHARS:
            continue
        pages.append(Page(key=name, url="http://fakehost/test/page.html", html=source, body=body))
    return pages


WCXB_PAGE_TYPE = "article"


def load_wcxb(repo: RepoFiles, split: str = "dev") -> list[Page]:
    """The article pages of one split of WCXB, the Web Content Extraction Benchmark
    (github.com/Murrough-Foley/web-content-extraction-benchmark, CC-BY-4.0): modern pages
    (2025) of 1,600 domains, each with its whole main content, drafted by a language model and
    reviewed by people. Only pages typed ``article`` are read: bbabo extracts news articles, and
    the other types (forums, product grids, listings) are pages it is meant to refuse. The
    ``dev`` split is tuning data; the ``test`` split is what its authors keep apart."""
    kinds = json.loads(repo.read("metadata.json"))["files"]
    keys = sorted(key for key, info in kinds.items()
                  if info.get("split") == split and info.get("page_type") == WCXB_PAGE_TYPE)
    blobs = repo.read_many([f"{split}/{leaf}/{key}.{ext}" for key in keys
                            for leaf, ext in (("ground-truth", "json"), ("html", "html.gz"))])
    pages = []
    for key in keys:
        truth, html = (blobs.get(f"{split}/ground-truth/{key}.json"),
                       blobs.get(f"{split}/html/{key}.html.gz"))
        if truth is None or html is None:
            continue
        item = json.loads(truth)
        pages.append(Page(key=key, url=item.get("url") or f"https://example.invalid/{key}",
                          html=gzip.decompress(html),
                          body=item["ground_truth"].get("main_content") or ""))
    return pages


def load_news_dataset(repo: RepoFiles) -> list[Page]:
    """AndyTheFactory's article-extraction-dataset (github.com/AndyTheFactory/
    article-extraction-dataset, Apache-2.0): 424 news articles of 2023 from 212 sites, mostly
    English, each page (``html/<md5>.html``) with its whole body cleaned by hand
    (``articles.json``, keyed by the md5, in ScrapingHub's fields: ``articleBody``, ``url``).
    Whole bodies like ScrapingHub's, so it is scored the same way. Tuning data. A page whose
    HTML the clone lacks (three of over 4 MiB are not in every mirror) is left out."""
    truth = json.loads(repo.read("articles.json"))
    blobs = repo.read_many([f"html/{key}.html" for key in truth])
    return [Page(key=key, url=item.get("url") or f"https://example.invalid/{key}",
                 html=blobs[f"html/{key}.html"], body=item.get("articleBody") or "")
            for key, item in sorted(truth.items()) if f"html/{key}.html" in blobs]


def in_tuning_split(page: Page) -> bool:
    """Half of the pages, chosen by a hash of the key: the half extraction may be tuned on."""
    return hashlib.sha256(page.key.encode()).digest()[0] % 2 == 0


# -- trafilatura's snippet scoring ------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def snippet_counts(page: Page, output: str | None) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of one page: "with" snippets found, "without" snippets found, and the
    rest."""
    text = _norm(output or "")
    tp = sum(1 for s in page.with_snippets if text and _norm(s) in text)
    fp = sum(1 for s in page.without_snippets if text and _norm(s) in text)
    return tp, fp, len(page.with_snippets) - tp, len(page.without_snippets) - fp


def snippet_aggregate(counts: Sequence[tuple[int, int, int, int]]) -> dict[str, float]:
    """Precision, recall and F1 over the snippet counts of all pages (micro averages)."""
    tp = sum(c[0] for c in counts)
    fp = sum(c[1] for c in counts)
    fn = sum(c[2] for c in counts)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# -- ScrapingHub's shingle scoring ------------------------------------------------------------

_TOKEN = re.compile(r"\w+", re.UNICODE)


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


def shingle_counts(true: str, pred: str) -> tuple[float, float, float]:
    want, got = _shingles(true), _shingles(pred)
    tp = float(sum((want & got).values()))
    fp = float(sum((got - want).values()))
    fn = float(sum((want - got).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def shingle_aggregate(counts: Sequence[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages, F1 of the two averages (ScrapingHub's way)."""
    precisions, recalls = [], []
    for tp, fp, fn in counts:
        if fp == fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# -- how sure a difference is ------------------------------------------------------------------

C = TypeVar("C")


def paired_f1_difference(mine: Sequence[C], theirs: Sequence[C],
                         aggregate: Callable[[Sequence[C]], dict[str, float]], *,
                         resamples: int = 1000, seed: int = 15) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of F1(mine) - F1(theirs) over bootstrap resamples of
    the pages, both extractors scored on the same resampled pages (ScrapingHub's
    ``evaluate.py --bootstrap-differences``, with a fixed seed so that a re-run prints the same
    interval). ``mine`` and ``theirs`` are the per-page counts, page for page."""
    if len(mine) != len(theirs) or not mine:
        raise ValueError("the two extractors must be scored on the same, non-empty pages")
    rng = random.Random(seed)
    count = len(mine)
    differences = []
    for _ in range(resamples):
        picks = [rng.randrange(count) for _ in range(count)]
        differences.append(aggregate([mine[i] for i in picks])["f1"]
                           - aggregate([theirs[i] for i in picks])["f1"])
    cuts = statistics.quantiles(differences, n=40)  # every 2.5%
    return cuts[0], cuts[-1]
