"""``bbabo qa check``: the QA checks on a file of someone else's translations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bbabo.cli import cli

TSV = (
    "Инфляция составила 2,4 процента.\tInflation was 4.2 percent.\n"
    "Пришли три человека, 5 детей.\tThree people and five children came.\n"
    "\n"
    "В марте цены выросли на 3%.\tPrices rose by 3% in April.\n"
)


def run(*args: str, stdin: str | None = None) -> Result:
    result = CliRunner().invoke(cli, ["qa", "check", *args], input=stdin)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def tsv(tmp_path: Path) -> Path:
    path = tmp_path / "vendor.tsv"
    path.write_text(TSV, encoding="utf-8")
    return path


def test_json_gives_one_object_per_line(tsv: Path) -> None:
    result = run("--src", "ru", "--tgt", "en", "--json", str(tsv))
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.output.splitlines()]
    assert objects == [
        {"line": 1, "flags": [{"check": "numbers",
                               "detail": "missing 2,4; found instead 4.2"}]},
        {"line": 2, "flags": []},
        {"line": 4, "flags": [{"check": "dates",
                               "detail": "month March missing; found April"}]},
    ]


def test_the_summary_names_the_lines_and_counts(tsv: Path) -> None:
    result = run("--src", "ru", "--tgt", "en", str(tsv))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "line 1: numbers: missing 2,4; found instead 4.2",
        "line 4: dates: month March missing; found April",
        "3 lines checked, 2 flagged (dates 1, numbers 1)",
    ]


def test_stdin_is_read_with_a_dash() -> None:
    result = run("--src", "de", "--tgt", "en", "--json", "-",
                 stdin="Beginn um 20 Uhr.\tIt starts at 8 PM.\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"line": 1, "flags": []}


def test_a_bad_line_is_named_and_the_rest_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "broken.tsv"
    path.write_text("no tab here\nЦены выросли на 5%.\tCeny wzrosły o 6%.\n", encoding="utf-8")
    result = run("--src", "ru", "--tgt", "pl", str(path))
    assert result.exit_code == 1
    assert f"bbabo: {path}:1: expected source<TAB>translation" in result.output
    assert "line 2: numbers: missing 5; found instead 6" in result.output
    assert "1 line checked, 1 flagged (numbers 1), 1 unreadable" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (("--src", "xx", "--tgt", "en"), "bbabo: unknown language code 'xx'"),
    (("--src", "ru", "--tgt", "en"), "bbabo: {path}: not UTF-8 text"),
])
def test_bad_languages_and_files_are_one_line(tmp_path: Path, args: tuple[str, ...],
                                              message: str) -> None:
    path = tmp_path / "latin1.tsv"
    path.write_bytes("Préface\tPrzedmowa\n".encode("latin-1"))
    result = run(*args, str(path))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith(message.format(path=path))


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run("--src", "ru", "--tgt", "en", str(tmp_path / "nowhere.tsv"))
    assert result.exit_code == 2
    assert "No such file" in result.output
