"""Installs an operator starts from the console: the packages that give the asked-for pairs
(direct, else the two legs through English, as the model keeper plans them; for languages no
package reaches, the multilingual model, as the keeper falls back to it), installed one after
the other in a background thread, with progress a page can show while it runs.

One install runs at a time per process; a second request while it runs is refused rather
than queued, so a double click costs nothing."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

import httpx

from bbabo.errors import BbaboError
from bbabo.translate.packages.download import package_client
from bbabo.translate.packages.index import Package, fetch_index
from bbabo.translate.packages.keeper import KeeperOptions, _unreached
from bbabo.translate.packages.manager import install_package
from bbabo.translate.packages.multilingual import install_multilingual
from bbabo.translate.packages.plan import Pair, plan_models

__all__ = ["ModelInstalls", "InstallProgress"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class InstallProgress:
    """Where an install stands. ``state``: reading the index, downloading, done or failed;
    ``current`` the package being downloaded with ``done`` of ``total`` bytes (None: not
    announced by the server)."""

    pairs: tuple[Pair, ...]
    state: str = "planning"
    started_at: datetime
    finished_at: datetime | None = None
    packages: tuple[str, ...] = ()
    current: str | None = None
    done: int = 0
    total: int | None = None
    installed: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    unavailable: tuple[Pair, ...] = ()
    error: str | None = None

    @property
    def running(self) -> bool:
        return self.state in {"planning", "downloading"}

    @property
    def percent(self) -> int | None:
        return None if not self.total else min(100, self.done * 100 // self.total)


@dataclass(slots=True)
class ModelInstalls:
    """``start(pairs)`` begins an install in a thread; ``progress()`` says where it is.
    ``have`` names the pairs engines translate directly now (they need no package);
    ``on_installed`` runs after each model lands (``bbabo run`` wakes its translator)."""

    options: KeeperOptions
    have: Callable[[], set[Pair]]
    clock: Callable[[], datetime]
    on_installed: Callable[[], None] = lambda: None
    _progress: InstallProgress | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _thread: threading.Thread | None = None

    def progress(self) -> InstallProgress | None:
        with self._lock:
            return self._progress

    def start(self, pairs: Iterable[Pair]) -> bool:
        """False when an install is already running."""
        wanted = tuple(sorted(set(pairs)))
        with self._lock:
            if self._progress is not None and self._progress.running:
                return False
            self._progress = InstallProgress(pairs=wanted, started_at=self.clock())
        self._thread = threading.Thread(target=self._run, args=(wanted,), daemon=True,
                                        name="bbabo-model-install")
        self._thread.start()
        return True

    def wait(self, timeout_s: float) -> None:
        """For tests and shutdown: until the running install ends (or the time is up)."""
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _update(self, **changes: object) -> None:
        with self._lock:
            assert self._progress is not None
            self._progress = replace(self._progress, **changes)  # type: ignore[arg-type]

    def _run(self, pairs: tuple[Pair, ...]) -> None:
        options = self.options
        try:
            with package_client(options.timeout_s) as client:
                index = fetch_index(options.index_url, client,
                                    allow_private=options.allow_private)
                have = self.have()
                plan = plan_models(pairs, index, have=have)
                languages = (_unreached(plan.unavailable, index, have)
                             if options.multilingual_url else set())
                fallback = (f"multilingual {options.multilingual_family} for "
                            f"{', '.join(sorted(languages))}")
                names = tuple(f"{p.src}→{p.tgt} ({p.name} {p.version})" for p in plan.packages)
                self._update(state="downloading",
                             packages=names + ((fallback,) if languages else ()),
                             unavailable=plan.unavailable)
                for package, name in zip(plan.packages, names, strict=True):
                    self._install_one(package, name, client)
                if languages:
                    self._install_multilingual(languages, fallback, client)
        except BbaboError as exc:
            self._update(state="failed", error=str(exc), finished_at=self.clock())
            return
        except Exception as exc:  # a bug: the page must say so rather than spin forever
            log.exception("model install crashed")
            self._update(state="failed", error=f"internal error: {exc}",
                         finished_at=self.clock())
            return
        final = self.progress()
        assert final is not None
        state = "failed" if final.failed and not final.installed else "done"
        self._update(state=state, current=None, finished_at=self.clock())

    def _install_one(self, package: Package, name: str, client: httpx.Client) -> None:
        self._install(name, lambda: install_package(
            package, models_dir=self.options.models_dir, client=client,
            allow_private=self.options.allow_private, progress=self._progressed))

    def _install_multilingual(self, languages: set[str], name: str,
                              client: httpx.Client) -> None:
        options = self.options
        self._install(name, lambda: install_multilingual(
            options.multilingual_url, options.multilingual_family, languages,
            models_dir=options.models_dir, client=client, allow_private=options.allow_private,
            progress=self._progressed))
        have = self.have()
        current = self.progress()
        assert current is not None
        self._update(unavailable=tuple(p for p in current.unavailable if p not in have))

    def _progressed(self, done: int, total: int | None) -> None:
        self._update(done=done, total=total)

    def _install(self, name: str, install: Callable[[], object]) -> None:
        self._update(current=name, done=0, total=None)
        try:
            install()
        except BbaboError as exc:
            current = self.progress()
            assert current is not None
            self._update(failed=(*current.failed, (name, str(exc))))
            log.warning("could not install %s: %s", name, exc)
            return
        current = self.progress()
        assert current is not None
        self._update(installed=(*current.installed, name))
        log.info("installed %s from the console", name)
        self.on_installed()
