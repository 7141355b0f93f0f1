"""Settings: one table of options, read from defaults, then ``bbabo.toml``, then ``BBABO_*``
environment variables, then CLI flags. ``Settings`` is built once by the CLI and passed down;
nothing reads the environment anywhere else."""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bbabo import langs
from bbabo.errors import ConfigError, UsageError

__all__ = ["Option", "OPTIONS", "Settings", "load_settings", "env_name", "ARGOS_INDEX_URL",
           "mask_credentials", "MASK"]

DEFAULT_TARGETS = ("ru", "uk", "be", "pl", "en", "fr", "de", "es", "it", "bg")


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def _nonempty_str(value: Any) -> str:
    text = _str(value).strip()
    if not text:
        raise ValueError("must not be empty")
    return text


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean (1/0, true/false, yes/no), got {value!r}")


def _int_between(low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        try:
            number = int(str(value).strip()) if not isinstance(value, int) else value
        except ValueError:
            raise ValueError(f"expected an integer, got {value!r}") from None
        if isinstance(number, bool) or not low <= number <= high:
            raise ValueError(f"expected an integer from {low} to {high}, got {value!r}")
        return number

    return parse


def _positive_float(value: Any) -> float:
    try:
        number = float(str(value).strip()) if not isinstance(value, int | float) else float(value)
    except ValueError:
        raise ValueError(f"expected a number, got {value!r}") from None
    # NaN compares false with everything, so it would pass "<= 0" and then disable every
    # deadline it was meant to set; an infinite one is no deadline either.
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"expected a positive number, got {value!r}")
    return number


def _lang(value: Any) -> str:
    try:
        return langs.normalize(_str(value))
    except UsageError as exc:
        raise ValueError(str(exc)) from None


def _list_of_strs(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    return tuple(str(item).strip() for item in items if str(item).strip())


def _list_of_langs(value: Any) -> tuple[str, ...]:
    codes = _list_of_strs(value)
    if not codes:
        raise ValueError("expected at least one language code")
    return tuple(dict.fromkeys(_lang(code) for code in codes))


_ENGINES = ("ctranslate2", "apertium", "libretranslate")
_DEFAULT_ENGINES = ("ctranslate2", "apertium")
ARGOS_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
# NLLB-200 distilled 600M converted for CTranslate2, a directory of files on Hugging Face.
MULTILINGUAL_MODEL_URL = ("https://huggingface.co/entai2965/nllb-200-distilled-600M-ctranslate2/"
                          "resolve/main/")
_FAMILIES = ("nllb", "m2m100")


def _family(value: Any) -> str:
    family = _str(value).strip().lower()
    if family not in _FAMILIES:
        raise ValueError(f"expected one of {', '.join(_FAMILIES)}, got {value!r}")
    return family


def _engines(value: Any) -> tuple[str, ...]:
    names = _list_of_strs(value)
    for name in names:
        if name not in _ENGINES:
            raise ValueError(f"unknown engine {name!r} (known: {', '.join(_ENGINES)})")
    return names


def _http_url(value: Any) -> str:
    url = _str(value).strip()
    if url and not url.startswith(("http://", "https://")):
        raise ValueError(f"expected an http:// or https:// URL (or nothing), got {url!r}")
    return url


def site_address_problem(url: str) -> str | None:
    """Why ``url`` cannot be the site's own address, or None. The site's routes start at the
    root (``/en/``, ``/static/``, ``/sitemap.xml``), so an address with a path would make every
    canonical, feed and exported link point where nothing is served."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"expected an http:// or https:// URL, got {url!r}"
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return (f"expected the site's address without a path, e.g. "
                f"{parts.scheme}://{parts.netloc}, got {url!r} (a site under a sub-path is not "
                f"supported: serve it from its own host name)")
    return None


def _site_url(value: Any) -> str:
    url = _http_url(value)
    if url and (problem := site_address_problem(url)):
        raise ValueError(problem)
    return url


def _database_url(value: Any) -> str:
    url = _nonempty_str(value)
    if not url.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:", "postgresql+")):
        raise ValueError(f"expected a sqlite:/// or postgresql+psycopg:// URL, got {url!r}")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


_BROKER_SCHEMES = ("redis://", "rediss://", "amqp://", "amqps://", "pyamqp://")


def _broker_url(value: Any) -> str:
    url = _str(value).strip()
    if url and not url.startswith(_BROKER_SCHEMES):
        raise ValueError(f"expected a redis:// or amqp:// URL (or nothing), got {url!r}")
    return url


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    parse: Callable[[Any], Any]
    default: Any
    help: str
    secret: bool = False  # masked by `bbabo config show`; also read from BBABO_<NAME>_FILE


OPTIONS: tuple[Option, ...] = (
    Option("database_url", _database_url, "sqlite:///./data/bbabo.db",
           "SQLite file or postgresql+psycopg:// URL"),
    Option("data_dir", _nonempty_str, "./data", "Where the database, models and caches live"),
    Option("host", _nonempty_str, "127.0.0.1", "Address the web site listens on"),
    Option("port", _int_between(1, 65535), 8000, "Port the web site listens on"),
    Option("site_name", _nonempty_str, "Bbabo NET", "Name shown on every page"),
    Option("target_languages", _list_of_langs, DEFAULT_TARGETS,
           "Languages every article is published in"),
    Option("default_language", _lang, "en", "Language that / redirects to"),
    Option("fetch_allow_private_networks", _bool, False,
           "Allow fetching loopback and private addresses (off: refused, as SSRF protection)"),
    Option("fetch_timeout_s", _positive_float, 20.0, "Per-request timeout in seconds"),
    Option("fetch_max_bytes", _int_between(1024, 1 << 31), 10 * 1024 * 1024,
           "Largest response body accepted"),
    Option("extract_timeout_s", _positive_float, 20.0,
           "Longest a page's extraction may take; a slower page fails (extract.timeout)"),
    Option("extract_memory_mb", _int_between(32, 65536), 128,
           "Memory a page's extraction may take beyond the extraction libraries; a page "
           "needing more fails (extract.too_complex)"),
    Option("poll_interval_s", _int_between(10, 7 * 86400), 120,
           "The operator's floor: no source is polled more often (each source's interval "
           "follows how often it publishes, from 2 minutes to 24 hours)"),
    Option("translate_engines", _engines, _DEFAULT_ENGINES,
           "Translation engines, in order of preference (ctranslate2, apertium, libretranslate)"),
    Option("libretranslate_url", _http_url, "",
           "An existing LibreTranslate server to use as the `libretranslate` engine"),
    Option("libretranslate_api_key", _str, "", "API key for that LibreTranslate server",
           secret=True),
    Option("model_index_url", _http_url, ARGOS_INDEX_URL,
           "Package index `bbabo models install` reads (Argos Translate's format)"),
    Option("multilingual_model_url", _http_url, MULTILINGUAL_MODEL_URL,
           "Where the multilingual model comes from (a directory of a CTranslate2 conversion), "
           "for languages the index cannot reach even through English; empty: none"),
    Option("multilingual_model_family", _family, "nllb",
           "That model's family: nllb (NLLB-200) or m2m100 (M2M-100)"),
    Option("models_auto_install", _bool, True,
           "`bbabo run` installs the models its language pairs lack from the model index"),
    Option("qa_hold_back", _bool, False,
           "Keep translations that fail QA checks off the site (else shown with a notice)"),
    Option("demo", _bool, True, "With no sources configured, `bbabo run` serves the demo corpus"),
    Option("demo_port", _int_between(1, 65535), 8001,
           "Loopback port of the demo corpus server (fixed, so demo URLs survive restarts)"),
    Option("broker_url", _broker_url, "",
           "Celery broker (redis:// or amqp://) for `bbabo worker`; empty: one process",
           secret=True),
    Option("broker_visibility_timeout_s", _int_between(1, 7 * 86400), 300,
           "Redis broker: seconds before a task not yet acknowledged is handed out again (a "
           "killed worker's work is sent again sooner, when its heartbeat lease runs out)"),
    Option("public_url", _site_url, "",
           "The site's public address, e.g. https://news.example.org (a host, no path): "
           "canonical and feed links, and WebSub callbacks (empty: http://HOST:PORT)"),
    Option("export_dir", _str, "",
           "Keep a static copy of the site here, re-rendering the pages each change touches "
           "(the publish stage); empty: the app alone serves the site"),
    Option("export_base_url", _site_url, "",
           "Where the static copy is served, e.g. https://news.example.org (a host, no "
           "path; empty: public_url, else http://HOST:PORT)"),
)

_BY_NAME = {option.name: option for option in OPTIONS}


def env_name(option_name: str) -> str:
    return "BBABO_" + option_name.upper()


def _default(name: str) -> Any:
    """A ``Settings`` field's default: ``OPTIONS`` is the one table of defaults."""
    return _BY_NAME[name].default


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective options; each default is the one in ``OPTIONS``."""

    database_url: str = _default("database_url")
    data_dir: str = _default("data_dir")
    host: str = _default("host")
    port: int = _default("port")
    site_name: str = _default("site_name")
    target_languages: tuple[str, ...] = _default("target_languages")
    default_language: str = _default("default_language")
    fetch_allow_private_networks: bool = _default("fetch_allow_private_networks")
    fetch_timeout_s: float = _default("fetch_timeout_s")
    fetch_max_bytes: int = _default("fetch_max_bytes")
    extract_timeout_s: float = _default("extract_timeout_s")
    extract_memory_mb: int = _default("extract_memory_mb")
    poll_interval_s: int = _default("poll_interval_s")
    translate_engines: tuple[str, ...] = _default("translate_engines")
    libretranslate_url: str = _default("libretranslate_url")
    libretranslate_api_key: str = _default("libretranslate_api_key")
    model_index_url: str = _default("model_index_url")
    multilingual_model_url: str = _default("multilingual_model_url")
    multilingual_model_family: str = _default("multilingual_model_family")
    models_auto_install: bool = _default("models_auto_install")
    qa_hold_back: bool = _default("qa_hold_back")
    demo: bool = _default("demo")
    demo_port: int = _default("demo_port")
    broker_url: str = _default("broker_url")
    broker_visibility_timeout_s: int = _default("broker_visibility_timeout_s")
    public_url: str = _default("public_url")
    export_dir: str = _default("export_dir")
    export_base_url: str = _default("export_base_url")

    @property
    def models_dir(self) -> Path:
        return Path(self.data_dir) / "models"

    @property
    def site_url(self) -> str:
        """Where readers reach the site, with no trailing slash: ``public_url``, else the
        address it listens on. Every absolute URL the site emits starts with it."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def export_url(self) -> str:
        """Where the static copy is served: ``export_base_url``, else the site's address."""
        return (self.export_base_url or self.site_url).rstrip("/")

    def for_export(self, base_url: str | None = None) -> Settings:
        """These settings for rendering the static copy, whose links lead to ``base_url``
        (``export_url`` when not given)."""
        return replace(self, public_url=(base_url or self.export_url).rstrip("/"))

    def with_overrides(self, **values: Any) -> Settings:
        """A copy with CLI-flag values applied (each parsed like any other source)."""
        parsed = {name: _parse(name, value, f"--{name.replace('_', '-')}")
                  for name, value in values.items() if value is not None}
        return replace(self, **parsed)


def _parse(name: str, value: Any, where: str) -> Any:
    try:
        return _BY_NAME[name].parse(value)
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}", code="config.invalid") from None


def load_settings(
    environ: Mapping[str, str] | None = None, config_file: Path | None = None
) -> Settings:
    """Build the settings from ``bbabo.toml`` (if present) and the environment."""
    env = os.environ if environ is None else environ
    named = config_file is None and "BBABO_CONFIG" in env
    path = config_file if config_file is not None else Path(env.get("BBABO_CONFIG", "bbabo.toml"))
    values: dict[str, Any] = {}
    if path.is_file():
        values.update(_read_toml(path))
    elif named:
        # bbabo.toml is optional; a file the operator named is not.
        raise ConfigError(f"BBABO_CONFIG: no file at {path}")
    for option in OPTIONS:
        secret_file = env_name(option.name) + "_FILE"
        if option.secret and secret_file in env:
            values[option.name] = _parse(option.name, _read_secret(env[secret_file], secret_file),
                                         secret_file)
        if env_name(option.name) in env:
            values[option.name] = _parse(option.name, env[env_name(option.name)],
                                         env_name(option.name))
    assert {f.name for f in fields(Settings)} == set(_BY_NAME)
    return _with_default_language(Settings(**values), chosen="default_language" in values)


def _with_default_language(settings: Settings, *, chosen: bool) -> Settings:
    """``/`` leads to the default language, so the site must publish in it: one the operator
    chose outside the targets is an error; the built-in one gives way to the first target."""
    if settings.default_language in settings.target_languages:
        return settings
    if chosen:
        raise ConfigError(f"default_language {settings.default_language!r} is not among "
                          f"target_languages ({', '.join(settings.target_languages)})")
    return replace(settings, default_language=settings.target_languages[0])


def _read_secret(path: str, where: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where}: cannot read {path}: {exc}") from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not TOML: {exc} (strings are quoted, true and false "
                          "written in lower case; `bbabo config show` prints lines to copy)"
                          ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    table = data.get("bbabo", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: 'bbabo' must be a table ([bbabo] followed by key = value "
                          f"lines), not {type(table).__name__}")
    values = {}
    for key, raw in table.items():
        if key not in _BY_NAME:
            raise ConfigError(f"{path}: unknown key {key!r}")
        values[key] = _parse(key, raw, f"{path}: {key}")
    return values


_SECRET_PARAM = re.compile(r"key|token|secret|pass|auth|sig|session|credential", re.IGNORECASE)
MASK = "********"


def mask_credentials(url: str) -> str:
    """``url`` for display: its password, and the values of query parameters whose names say
    they are secrets (``api_key``, ``token``...), replaced by ``********``."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, tail = rest.partition("/")
    userinfo, at, host = authority.rpartition("@")
    if at and ":" in userinfo:
        authority = f"{userinfo.split(':', 1)[0]}:{MASK}@{host}"
    path, question, query = (slash + tail).partition("?")
    if question:
        query = "&".join(_masked_param(part) for part in query.split("&"))
    return f"{scheme}{sep}{authority}{path}{question}{query}"


def _masked_param(part: str) -> str:
    name, equals, _value = part.partition("=")
    return f"{name}={MASK}" if equals and _SECRET_PARAM.search(name) else part
