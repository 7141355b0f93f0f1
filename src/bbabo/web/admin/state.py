"""What the console's handlers share, built once by ``create_app``: the accounts, the model
installs, the translator (to say which pairs lack a model) and the console's own templates."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import jinja2
from argon2 import PasswordHasher
from starlette.requests import Request
from starlette.templating import Jinja2Templates

from bbabo.config import Settings
from bbabo.pipeline.accounts import Accounts
from bbabo.pipeline.components import keeper_options, translator_for
from bbabo.store import Store
from bbabo.translate import Translator
from bbabo.translate.packages.installs import ModelInstalls

__all__ = ["ConsoleOptions", "Console", "console_of", "build_console"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsoleOptions:
    """``translator``: the one ``bbabo run`` translates with (else the console builds its own
    when the models page first asks); ``on_models_installed``: what to wake when a model lands;
    ``hasher``: the password hasher (tests pass a cheap one)."""

    translator: Translator | None = None
    on_models_installed: Callable[[], None] = lambda: None
    hasher: PasswordHasher | None = None


@dataclass(slots=True, kw_only=True)
class Console:
    settings: Settings
    store: Store
    clock: Callable[[], datetime]
    accounts: Accounts
    templates: Jinja2Templates
    installs: ModelInstalls
    _translator: Translator | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def translator(self) -> Translator:
        with self._lock:
            if self._translator is None:
                self._translator = translator_for(self.settings)
            return self._translator

    def direct_pairs(self) -> set[tuple[str, str]]:
        """Pairs an engine translates without a pivot: they need no package."""
        return {pair for engine in self.translator.engines for pair in engine.pairs()}


def console_of(request: Request) -> Console:
    console = request.app.state.console
    assert isinstance(console, Console)
    return console


def build_console(settings: Settings, store: Store, *, clock: Callable[[], datetime],
                  options: ConsoleOptions) -> Console:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bbabo.web.admin", "templates"),
        autoescape=True,  # source texts, titles and error messages all come from the web
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    console = Console(settings=settings, store=store, clock=clock,
                      accounts=Accounts(store, clock=clock, hasher=options.hasher),
                      templates=Jinja2Templates(env=env),
                      installs=ModelInstalls(options=keeper_options(settings),
                                             have=lambda: set(), clock=clock,
                                             on_installed=options.on_models_installed),
                      _translator=options.translator)
    console.installs.have = console.direct_pairs
    return console
