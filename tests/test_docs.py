"""The README says what the code does: its settings table is the options table (names,
environment variables, defaults), and its command list is the CLI (every command, and every flag
it shows), in both directions (datasette's tests/test_docs.py)."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import click
import pytest

from bbabo.cli import cli
from bbabo.config import OPTIONS, Settings, env_name

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def _settings_table() -> dict[str, tuple[str, str]]:
    """key -> (environment cell, default cell) from the README's configuration table."""
    rows = re.findall(r"^\| `([a-z_]+)` \| (.+?) \| (.+?) \| .+ \|$", README, re.M)
    return {key: (env, default) for key, env, default in rows}


def _shown(default: Any) -> str:
    """How the README writes a default."""
    if isinstance(default, bool):
        return "1" if default else "0"
    if isinstance(default, float) and default.is_integer():
        return str(int(default))
    if isinstance(default, tuple):
        return ",".join(default)
    return str(default)


def test_every_option_is_in_the_readme_table_and_nothing_else() -> None:
    table = _settings_table()
    assert sorted(table) == sorted(option.name for option in OPTIONS)


@pytest.mark.parametrize("option", OPTIONS, ids=[o.name for o in OPTIONS])
def test_each_row_names_the_variable_and_the_default(option: Any) -> None:
    env, default = _settings_table()[option.name]
    assert f"`{env_name(option.name)}`" in env
    if option.secret:
        assert "_FILE" in env, "a secret can be read from a file; the README should say so"
    if default.startswith("`"):
        assert default.strip("`") == _shown(option.default)
    else:  # words instead of a value: an empty default, or a long URL named in words
        assert option.default == "" or option.name in {"model_index_url",
                                                       "multilingual_model_url"}, default


def test_settings_take_their_defaults_from_the_one_table() -> None:
    defaults = {option.name: option.default for option in OPTIONS}
    assert {f.name: f.default for f in fields(Settings)} == defaults


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...],
                                                                        click.Command]:
    found: dict[tuple[str, ...], click.Command] = {}
    for name, command in group.commands.items():
        path = (*prefix, name)
        if isinstance(command, click.Group):
            found |= _commands(command, path)
        else:
            found[path] = command
    return found


COMMANDS = _commands(cli)


def _documented() -> list[tuple[tuple[str, ...], list[str]]]:
    """(command path, flags shown) for each command the README's command list shows."""
    block = README.split("## Command line", 1)[1].split("```", 2)[1]
    shown: list[tuple[tuple[str, ...], list[str]]] = []
    for line in block.splitlines():
        if not line.startswith("bbabo "):
            continue
        alternatives = line.split("#", 1)[0].removeprefix("bbabo ").split(" | ")
        group: tuple[str, ...] = ()
        for alternative in alternatives:
            words = alternative.split()
            if group and words[0] == group[0]:
                words = words[1:]  # "db migrate | db check"
            path = (*group, words[0])
            rest = words[1:]
            if path not in COMMANDS and rest and (*path, rest[0]) in COMMANDS:
                path, rest = (*path, rest[0]), rest[1:]
            if not group and len(path) == 2:
                group = path[:1]
            flags = [word.strip("[]") for word in rest if word.lstrip("[").startswith("-")]
            shown.append((path, flags))
    return shown


def test_every_command_is_in_the_readme() -> None:
    documented = {path for path, _flags in _documented()}
    assert sorted(set(COMMANDS) - documented) == []


@pytest.mark.parametrize(("path", "flags"), _documented(), ids=lambda v: " ".join(v))
def test_each_readme_command_exists_with_its_flags(path: tuple[str, ...],
                                                   flags: list[str]) -> None:
    assert path in COMMANDS, f"the README shows `bbabo {' '.join(path)}`, which does not exist"
    known = {name for param in COMMANDS[path].params for name in param.opts}
    assert sorted(set(flags) - known) == []
