"""docs/limits.md and the code agree: every row's value is its constant's, and every limit
constant of the modules that read network input has a row."""

from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path

import pytest

LIMITS = Path(__file__).parents[2] / "docs" / "limits.md"
README = Path(__file__).parents[2] / "README.md"
MODULES = [
    "bbabo.fetch.charset", "bbabo.fetch.client", "bbabo.fetch.decode", "bbabo.fetch.politeness",
    "bbabo.fetch.robots", "bbabo.sources._feeddoc", "bbabo.sources._xml", "bbabo.sources.feeds",
    "bbabo.sources.jsonfeed", "bbabo.sources.sitemaps", "bbabo.translate.packages.index",
    "bbabo.translate.packages.download", "bbabo.translate.engines.libretranslate",
    "bbabo.web.server",
]
_ROW = re.compile(r"^\|(?P<what>[^|]+)\|(?P<value>[^|]+)\|\s*`(?P<constant>[\w.]+)`\s*\|")
_UNITS = {"KiB": 1024, "MiB": 1024 ** 2, "GiB": 1024 ** 3, "%": 0.01, "s": 1, "levels": 1,
          "characters": 1, "": 1}


def _rows() -> list[tuple[str, str, str]]:
    rows = [(m["what"].strip(), m["value"].strip(), m["constant"])
            for line in LIMITS.read_text().splitlines() if (m := _ROW.match(line))]
    assert len(rows) > 20
    return rows


def _number(value: str) -> float:
    match = re.fullmatch(r"([\d,.]+)\s*(\S*)", value)
    assert match is not None and match.group(2) in _UNITS, value
    return float(match.group(1).replace(",", "")) * _UNITS[match.group(2)]


def _resolve(path: str) -> object:
    module_name, _, name = path.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), name)
    except ModuleNotFoundError:
        # A field of a dataclass (a setting's or an option's default).
        owner_path, _, field_name = path.rpartition(".")
        owner = _resolve(owner_path)
        assert dataclasses.is_dataclass(owner), path
        (found,) = [f for f in dataclasses.fields(owner) if f.name == field_name]
        return found.default


@pytest.mark.parametrize(("what", "value", "constant"), _rows())
def test_each_row_is_its_constant(what: str, value: str, constant: str) -> None:
    assert _number(value) == pytest.approx(float(_resolve(constant))), what  # type: ignore[arg-type]


def test_every_limit_constant_has_a_row() -> None:
    documented = {constant.rsplit(".", 1)[1] for _, _, constant in _rows()}
    found = {name for module in MODULES for name in vars(importlib.import_module(module))
             if re.fullmatch(r"MAX_[A-Z0-9_]+|[A-Z][A-Z0-9_]*_(BYTES|SHARE)", name)}
    assert found <= documented, sorted(found - documented)


def test_the_readme_links_the_table() -> None:
    assert "(docs/limits.md)" in README.read_text()
