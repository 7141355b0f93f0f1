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
])
def test_bad_value_names_the_key(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings({name: value}, config_file=Path("/nonexistent"))
    assert "\n" not in str(caught.value)


def test_bad_file_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "bbabo.toml"
    config.write_text("port = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings({}, config_file=config)
    config.write_text("colour = 'blue'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'colour'"):
        load_settings({}, config_file=config)


def test_cli_overrides_are_parsed_too() -> None:
    with pytest.raises(ConfigError, match="--port"):
        Settings().with_overrides(port=0)
    assert Settings().with_overrides(port=8123, host=None).port == 8123
