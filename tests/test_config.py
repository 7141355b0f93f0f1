"""Settings: defaults, bbabo.toml, environment precedence, one clear line for a bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bbabo.config import OPTIONS, Settings, env_name, load_settings
from bbabo.errors import ConfigError


def test_defaults_match_the_documented_ones(tmp_path: Path) -> None:
    settings = load_settings({}, config_file=tmp_path / "absent.toml")
    assert settings == Settings()
    assert settings.database_url == "sqlite:///./data/bbabo.db"
    assert settings.data_dir == "./data"
    assert settings.port == 8000
    assert settings.site_name == "Bbabo NET"
    assert settings.fetch_allow_private_networks is False
    assert settings.target_languages == ("ru", "uk", "be", "pl", "en", "fr", "de", "es", "it",
                                         "bg")


def test_file_then_environment(tmp_path: Path) -> None:
    config = tmp_path / "bbabo.toml"
    config.write_text('port = 9000\nsite_name = "Nowiny"\ntarget_languages = ["pl", "en-GB"]\n',
                      encoding="utf-8")
    settings = load_settings({"BBABO_PORT": "9100"}, config_file=config)
    assert settings.port == 9100  # the environment wins over the file
    assert settings.site_name == "Nowiny"
    assert settings.target_languages == ("pl", "en")


def test_every_option_is_settable_from_the_environment() -> None:
    samples = {"database_url": "postgresql://u@h/db", "data_dir": "/srv/bbabo",
               "host": "0.0.0.0", "port": "8080", "site_name": "X",
               "target_languages": "uk,pl", "default_language": "pl",
               "fetch_allow_private_networks": "1", "fetch_timeout_s": "3.5",
               "fetch_max_bytes": "2048", "poll_interval_s": "60",
               "extract_timeout_s": "5", "extract_memory_mb": "128",
               "translate_engines": "apertium", "demo": "0", "demo_port": "9001",
               "broker_url": "redis://127.0.0.1:6379/3", "broker_visibility_timeout_s": "60",
               "libretranslate_url": "http://127.0.0.1:5000", "libretranslate_api_key": "k",
               "model_index_url": "http://127.0.0.1:9/index.json", "qa_hold_back": "1",
               "models_auto_install": "0", "export_dir": "/srv/bbabo-site",
               "export_base_url": "https://news.example.org",
               "public_url": "https://news.example.org",
               "multilingual_model_url": "http://127.0.0.1:9/nllb/",
               "multilingual_model_family": "m2m100"}
    assert set(samples) == {option.name for option in OPTIONS}
    settings = load_settings({env_name(k): v for k, v in samples.items()},
                             config_file=Path("/nonexistent"))
    assert settings.database_url == "postgresql+psycopg://u@h/db"
    assert settings.fetch_allow_private_networks is True
    assert settings.target_languages == ("uk", "pl")
    assert settings.translate_engines == ("apertium",)
    assert settings.demo is False
    assert settings.broker_url == "redis://127.0.0.1:6379/3"
    assert settings.broker_visibility_timeout_s == 60
    assert (settings.extract_timeout_s, settings.extract_memory_mb) == (5.0, 128)
    assert settings.libretranslate_url == "http://127.0.0.1:5000"
    assert settings.libretranslate_api_key == "k"
    assert settings.model_index_url == "http://127.0.0.1:9/index.json"
    assert settings.qa_hold_back is True
    assert settings.export_dir == "/srv/bbabo-site"
    assert settings.export_base_url == "https://news.example.org"


def test_translation_defaults_and_secret_files(tmp_path: Path) -> None:
    settings = load_settings({}, config_file=tmp_path / "absent.toml")
    assert settings.translate_engines == ("ctranslate2", "apertium")
    assert settings.libretranslate_url == settings.libretranslate_api_key == ""
    assert settings.model_index_url.endswith("argospm-index/main/index.json")
    assert settings.qa_hold_back is False
    key_file = tmp_path / "lt.key"
    key_file.write_text("s3cret\n", encoding="utf-8")
    env = {"BBABO_LIBRETRANSLATE_API_KEY_FILE": str(key_file),
           "BBABO_TRANSLATE_ENGINES": "libretranslate,ctranslate2"}
    settings = load_settings(env, config_file=tmp_path / "absent.toml")
    assert settings.libretranslate_api_key == "s3cret"
    assert settings.translate_engines == ("libretranslate", "ctranslate2")
    with pytest.raises(ConfigError, match="BBABO_LIBRETRANSLATE_API_KEY_FILE: cannot read"):
        load_settings({"BBABO_LIBRETRANSLATE_API_KEY_FILE": str(tmp_path / "none")},
                      config_file=tmp_path / "absent.toml")
    with pytest.raises(ConfigError, match="BBABO_LIBRETRANSLATE_URL: expected an http"):
        load_settings({"BBABO_LIBRETRANSLATE_URL": "ftp://x"},
                      config_file=tmp_path / "absent.toml")


@pytest.mark.parametrize(("name", "value", "message"), [
    ("BBABO_PORT", "eighty", "BBABO_PORT: expected an integer"),
    ("BBABO_PORT", "70000", "BBABO_PORT: expected an integer from 1 to 65535"),
    ("BBABO_TARGET_LANGUAGES", "pl,xx", "BBABO_TARGET_LANGUAGES: unknown language code 'xx'"),
    ("BBABO_FETCH_ALLOW_PRIVATE_NETWORKS", "maybe", "expected a boolean"),
    ("BBABO_DATABASE_URL", "mysql://x", "expected a sqlite:/// or postgresql"),
    ("BBABO_TRANSLATE_ENGINES", "google", "unknown engine 'google'"),
    ("BBABO_BROKER_URL", "http://127.0.0.1:6379", "expected a redis:// or amqp:// URL"),
    # The site's routes start at the root: a sub-path would make every link point nowhere.
    ("BBABO_PUBLIC_URL", "https://x.org/sub/", "BBABO_PUBLIC_URL: expected the site's address "
                                               "without a path, e.g. https://x.org"),
    ("BBABO_EXPORT_BASE_URL", "https://x.org/?a=1", "without a path"),
    ("BBABO_PUBLIC_URL", "https://", "expected an http:// or https:// URL"),
])
def test_bad_value_names_the_key(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings({name: value}, config_file=Path("/nonexistent"))
    assert "\n" not in str(caught.value)


def test_bad_file_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "bbabo.toml"
    config.write_text("port = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not TOML"):
        load_settings({}, config_file=config)
    config.write_text("demo = True\n", encoding="utf-8")  # Python's spelling, not TOML's
    with pytest.raises(ConfigError, match="true and false written in lower case"):
        load_settings({}, config_file=config)
    config.write_bytes(b"port = 1\xff\n")
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings({}, config_file=config)
    config.write_text("colour = 'blue'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'colour'"):
        load_settings({}, config_file=config)


def test_cli_overrides_are_parsed_too() -> None:
    with pytest.raises(ConfigError, match="--port"):
        Settings().with_overrides(port=0)
    assert Settings().with_overrides(port=8123, host=None).port == 8123


def test_the_extraction_budget_defaults_are_the_readers_own() -> None:
    from bbabo.pipeline.components import reading_budget
    from bbabo.pipeline.reading import ReadingBudget

    assert reading_budget(Settings()) == ReadingBudget()


@pytest.mark.parametrize("name", ["BBABO_FETCH_TIMEOUT_S", "BBABO_EXTRACT_TIMEOUT_S"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN", "1e400"])
def test_a_timeout_is_a_finite_number(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"{name}: expected a positive number") as caught:
        load_settings({name: value}, config_file=Path("/nonexistent"))
    assert "\n" not in str(caught.value)


def test_a_bbabo_key_that_is_no_table_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "bbabo.toml"
    for text in ("bbabo = 5\n", 'bbabo = "port = 1"\n', "bbabo = [1, 2]\n"):
        config.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=r"bbabo\.toml: 'bbabo' must be a table"):
            load_settings({}, config_file=config)
    config.write_text("[bbabo]\nport = 9000\n", encoding="utf-8")
    assert load_settings({}, config_file=config).port == 9000


def test_a_config_file_named_by_bbabo_config_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(ConfigError, match=f"BBABO_CONFIG: no file at {missing}"):
        load_settings({"BBABO_CONFIG": str(missing)})
    with pytest.raises(ConfigError, match="BBABO_CONFIG: no file at"):
        load_settings({"BBABO_CONFIG": str(tmp_path)})  # a directory
    # Without BBABO_CONFIG, a missing bbabo.toml is fine: the file is optional.
    assert load_settings({}, config_file=missing) == Settings()


def test_the_default_language_is_one_of_the_targets(tmp_path: Path) -> None:
    absent = tmp_path / "absent.toml"
    with pytest.raises(ConfigError, match="default_language 'de' is not among "
                                          "target_languages"):
        load_settings({"BBABO_TARGET_LANGUAGES": "pl,uk", "BBABO_DEFAULT_LANGUAGE": "de"},
                      config_file=absent)
    # Not set: the first target, rather than a default the site does not publish in.
    chosen = load_settings({"BBABO_TARGET_LANGUAGES": "pl,uk"}, config_file=absent)
    assert chosen.default_language == "pl"
    assert load_settings({}, config_file=absent).default_language == "en"


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql+psycopg://bbabo:s3cret@db:5432/bbabo",
     "postgresql+psycopg://bbabo:********@db:5432/bbabo"),
    ("postgresql+psycopg://bbabo@db/bbabo", "postgresql+psycopg://bbabo@db/bbabo"),
    ("redis://:pa%40ss@127.0.0.1:6379/0", "redis://:********@127.0.0.1:6379/0"),
    ("sqlite:///./data/bbabo.db", "sqlite:///./data/bbabo.db"),
    ("https://lt.example/?api_key=abc&x=1", "https://lt.example/?api_key=********&x=1"),
])
def test_credentials_in_urls_are_masked_for_display(url: str, shown: str) -> None:
    from bbabo.config import mask_credentials

    assert mask_credentials(url) == shown
