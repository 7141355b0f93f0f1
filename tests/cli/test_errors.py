"""A user's mistake is one line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bbabo.cli import cli


@pytest.fixture
def run(sqlite_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BBABO_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("BBABO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(cli, list(args))

    return invoke


def _one_line_error(result, needle: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert needle in lines[0]


def test_bad_url(run) -> None:  # type: ignore[no-untyped-def]
    result = run("sources", "add", "ftp://example.org/feed")
    _one_line_error(result, "not an http(s) URL")
    assert result.exit_code == 1


def test_unknown_language_code(run) -> None:  # type: ignore[no-untyped-def]
    _one_line_error(run("sources", "add", "https://example.org/", "--lang", "xx"),
                    "unknown language code 'xx'")
    _one_line_error(run("translate", "--once", "--to", "pl,qq"), "unknown language code 'qq'")
    _one_line_error(run("articles", "export", "--lang", "klingon"), "unknown language code")


def test_unreachable_database(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BBABO_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/x")
    _one_line_error(run("sources", "list"), "cannot reach the database")


def test_bad_setting_exits_2(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BBABO_PORT", "eighty")
    result = run("status")
    _one_line_error(result, "BBABO_PORT")
    assert result.exit_code == 2


def test_unknown_source_id(run) -> None:  # type: ignore[no-untyped-def]
    _one_line_error(run("sources", "remove", "42"), "no source with id 42")


def test_missing_flag_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    result = run("crawl")
    assert result.exit_code == 2
    assert "--once" in result.output and "Traceback" not in result.output


def test_db_check_and_config_show(run) -> None:  # type: ignore[no-untyped-def]
    assert run("db", "migrate").exit_code == 0
    checked = run("db", "check")
    assert checked.exit_code == 0 and "up to date" in checked.output
    shown = run("config", "show")
    assert 'site_name = "Bbabo NET"' in shown.output and "BBABO_DATABASE_URL" in shown.output


def test_db_check_fails_on_a_stale_schema(run, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BBABO_DATABASE_URL", f"sqlite:///{tmp_path}/empty.db")
    _one_line_error(run("db", "check"), "out of date")


@pytest.mark.parametrize(("variables", "toml", "needle"), [
    ({"BBABO_FETCH_TIMEOUT_S": "nan"}, None, "BBABO_FETCH_TIMEOUT_S: expected a positive"),
    ({"BBABO_FETCH_TIMEOUT_S": "inf"}, None, "BBABO_FETCH_TIMEOUT_S: expected a positive"),
    ({}, "bbabo = 5\n", "'bbabo' must be a table"),
    ({"BBABO_CONFIG": "missing.toml"}, None, "BBABO_CONFIG: no file at missing.toml"),
    ({"BBABO_TARGET_LANGUAGES": "pl,uk", "BBABO_DEFAULT_LANGUAGE": "en"}, None,
     "default_language 'en' is not among target_languages"),
])
def test_a_bad_configuration_is_one_line_and_exit_2(  # type: ignore[no-untyped-def]
        run, monkeypatch: pytest.MonkeyPatch, tmp_path, variables: dict[str, str],
        toml: str | None, needle: str) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    if toml is not None:
        (tmp_path / "bbabo.toml").write_text(toml, encoding="utf-8")
    for command in (("config", "show"), ("status",), ("crawl", "--once")):
        result = run(*command)
        _one_line_error(result, needle)
        assert result.exit_code == 2


def test_config_show_prints_lines_bbabo_toml_reads_back(  # type: ignore[no-untyped-def]
        run, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("BBABO_SITE_NAME", 'The "Daily" \\ Report\x7f')
    monkeypatch.setenv("BBABO_TARGET_LANGUAGES", "pl,en")
    monkeypatch.setenv("BBABO_DEMO", "0")
    monkeypatch.setenv("BBABO_FETCH_TIMEOUT_S", "7.5")
    shown = run("config", "show")
    assert shown.exit_code == 0
    assert "demo = false" in shown.output and 'target_languages = ["pl", "en"]' in shown.output
    (tmp_path / "copied.toml").write_text(shown.output, encoding="utf-8")
    for name in ("BBABO_SITE_NAME", "BBABO_TARGET_LANGUAGES", "BBABO_DEMO",
                 "BBABO_FETCH_TIMEOUT_S"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("BBABO_CONFIG", str(tmp_path / "copied.toml"))
    again = run("config", "show")
    assert again.exit_code == 0 and again.output == shown.output


def test_config_show_masks_the_database_password(run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BBABO_DATABASE_URL", "postgresql+psycopg://bbabo:s3cret@db/bbabo")
    shown = run("config", "show")
    assert shown.exit_code == 0
    assert "s3cret" not in shown.output
    assert 'database_url = "postgresql+psycopg://bbabo:********@db/bbabo"' in shown.output


def test_export_site_under_a_sub_path_is_one_clear_line(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run("export-site", str(tmp_path / "out"), "--base-url", "https://x.org/sub/")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "without a path" in result.output and "sub-path is not supported" in result.output
    assert not (tmp_path / "out").exists()


def test_postgresql_without_its_driver_says_which_extra(  # type: ignore[no-untyped-def]
        run, monkeypatch: pytest.MonkeyPatch) -> None:
    """`make run` installs SQLite's needs only; the URL is right, the driver is missing."""
    import bbabo.store

    def no_driver(url: str) -> None:
        raise ModuleNotFoundError("No module named 'psycopg'", name="psycopg")

    monkeypatch.setattr(bbabo.store, "create_db_engine", no_driver)
    monkeypatch.setenv("BBABO_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:5432/nodb")
    _one_line_error(run("status"), "PostgreSQL needs its driver, psycopg: install the "
                                   "`postgres` extra")
