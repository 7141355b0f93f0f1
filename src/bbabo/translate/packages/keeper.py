"""``bbabo run``'s model keeper: installs, in the background, the models the language pairs it
translates lack, so a first ``make run`` on a machine with internet ends up translating.

The pairs are the source languages in play (``pipeline.models.source_languages``: stored
articles and the sources' hints, handed in as a callable so this stage never reads the store),
times the target languages, less what the engines (installed models, Apertium, a pivot through
English) already translate. Without internet the keeper says once which pairs are missing and
how to install them, and tries again an hour later; the site and the other pairs go on
regardless.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bbabo.errors import BbaboError
from bbabo.translate.packages.download import package_client
from bbabo.translate.packages.index import Package, fetch_index, pick_package
from bbabo.translate.packages.manager import install_package
from bbabo.translate.packages.multilingual import install_multilingual
from bbabo.translate.packages.plan import Pair, plan_models
from bbabo.translate.pivot import PIVOT_LANGUAGE
from bbabo.translate.service import Translator

__all__ = ["ModelKeeper", "KeeperOptions", "KeeperReport", "needed_pairs"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class KeeperReport:
    missing: list[Pair] = field(default_factory=list)
    installed: list[Pair] = field(default_factory=list)
    failed: list[tuple[Pair, str]] = field(default_factory=list)
    unavailable: list[Pair] = field(default_factory=list)
    index_error: str | None = None
    # Languages the multilingual fallback was installed (or extended) to serve.
    multilingual: list[str] = field(default_factory=list)
    multilingual_error: str | None = None


def needed_pairs(languages: Iterable[str], targets: Sequence[str],
                 translator: Translator) -> list[Pair]:
    """Pairs from ``languages`` into ``targets`` that no engine of ``translator`` translates."""
    return sorted({(src, tgt) for src in languages for tgt in targets
                   if src != tgt and not translator.can_translate(src, tgt)})


@dataclass(frozen=True, slots=True, kw_only=True)
class KeeperOptions:
    """Where models go and come from: ``models_dir``, the package index, and the download
    limits (the address guard's ``allow_private`` and a per-request ``timeout_s``)."""

    targets: tuple[str, ...]
    models_dir: Path
    index_url: str
    allow_private: bool = False
    timeout_s: float = 20.0
    check_every_s: float = 600.0
    retry_after_s: float = 3600.0
    # The second source, for languages the index cannot reach (empty: none).
    multilingual_url: str = ""
    multilingual_family: str = "nllb"


class ModelKeeper:
    """A daemon thread: every ``check_every_s``, install what ``needed_pairs`` lacks for the
    languages ``languages()`` names."""

    def __init__(self, *, languages: Callable[[], Iterable[str]], translator: Translator,
                 options: KeeperOptions, on_installed: Callable[[], None] = lambda: None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._languages, self._translator, self._options = languages, translator, options
        self._on_installed, self._clock = on_installed, clock
        self._tried: dict[Pair, float] = {}  # pair -> when it was last attempted
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="bbabo-models", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        # A download in progress is left as a .part file; the next start resumes it.
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._warn(self.check())
            except Exception:
                log.exception("the model keeper crashed; trying again later")
            self._stop.wait(self._options.check_every_s)

    def check(self) -> KeeperReport:
        """One pass: find the missing pairs, install what the index has for them."""
        report, options = KeeperReport(), self._options
        now = self._clock()
        report.missing = [pair for pair in needed_pairs(self._languages(), options.targets,
                                                        self._translator)
                          if pair not in self._tried
                          or now - self._tried[pair] >= options.retry_after_s]
        if not report.missing:
            return report
        # Whatever happens below, these wait retry_after_s before the next attempt; the pairs
        # an install covers never come back.
        self._tried.update((pair, now) for pair in report.missing)
        with package_client(options.timeout_s) as client:
            try:
                index = fetch_index(options.index_url, client, allow_private=options.allow_private)
            except BbaboError as exc:
                report.index_error = str(exc)
                return report
            have = {pair for engine in self._translator.engines for pair in engine.pairs()}
            plan = plan_models(report.missing, index, have=have)
            report.unavailable = list(plan.unavailable)
            if plan.packages:
                log.info("installing %d model(s) for the configured languages from %s: %s",
                         len(plan.packages), options.index_url,
                         ", ".join(f"{p.src}→{p.tgt} ({p.name} {p.version})"
                                   for p in plan.packages))
            for package in plan.packages:
                if self._stop.is_set():
                    break
                pair = (package.src, package.tgt)
                try:
                    installed = install_package(package, models_dir=options.models_dir,
                                                client=client,
                                                allow_private=options.allow_private)
                except BbaboError as exc:
                    report.failed.append((pair, str(exc)))
                    continue
                report.installed.append(pair)
                log.info("installed the %s→%s model (%s, %.0f MB); translating into %s starts",
                         *pair, installed.name, installed.size / 1e6, package.tgt)
                self._on_installed()
            if report.unavailable and options.multilingual_url and not self._stop.is_set():
                self._fall_back(report, _unreached(report.unavailable, index, have), client)
        return report

    def _fall_back(self, report: KeeperReport, languages: set[str],
                   client: httpx.Client) -> None:
        """The multilingual model for the languages no package reaches, even via English."""
        options = self._options
        if not languages:
            return
        log.info("the model index reaches no model for %s; installing the multilingual model "
                 "from %s for them", ", ".join(sorted(languages)), options.multilingual_url)
        try:
            installed = install_multilingual(
                options.multilingual_url, options.multilingual_family, languages,
                models_dir=options.models_dir, client=client,
                allow_private=options.allow_private)
        except BbaboError as exc:
            report.multilingual_error = str(exc)
            return
        report.multilingual = sorted(languages)
        served = [pair for pair in report.unavailable if self._translator.can_translate(*pair)]
        report.unavailable = [pair for pair in report.unavailable if pair not in served]
        log.info("installed the multilingual model %s (%.0f MB); translating %s starts",
                 installed.name, installed.size / 1e6, _pairs(served) or "nothing new")
        self._on_installed()

    def _warn(self, report: KeeperReport) -> None:
        """What the operator must know about a pass (the CLI prints its own lines instead)."""
        if report.index_error:
            log.warning("%d language pair(s) have no model and the model index cannot be "
                        "read (%s): %s. The site keeps serving and these translations wait; "
                        "install them with `bbabo models install --missing` once the index "
                        "answers, or from a downloaded package with `bbabo models install SRC "
                        "TGT --file PACKAGE`; retrying "
                        "in %d min", len(report.missing), report.index_error,
                        _pairs(report.missing), self._options.retry_after_s // 60)
        if report.unavailable:
            log.warning("the model index has no model for %s, not even through English; "
                        "these translations wait (`bbabo status` lists other ways)",
                        _pairs(report.unavailable))
        if report.multilingual_error:
            log.warning("could not install the multilingual model for %s: %s",
                        _pairs(report.unavailable), report.multilingual_error)
        for (src, tgt), reason in report.failed:
            log.warning("could not install the %s→%s model: %s", src, tgt, reason)


def _pairs(pairs: Sequence[Pair]) -> str:
    return ", ".join(f"{src}→{tgt}" for src, tgt in pairs)


def _unreached(unavailable: Iterable[Pair], index: list[Package],
               have: set[Pair], via: str = PIVOT_LANGUAGE) -> set[str]:
    """The languages of ``unavailable`` pairs that no package or installed model connects to
    English: Belarusian in ru→be (ru→en exists, en→be does not)."""
    def reached(src: str, tgt: str) -> bool:
        return (src, tgt) in have or pick_package(index, src, tgt) is not None

    found: set[str] = set()
    for src, tgt in unavailable:
        if src != via and not reached(src, via):
            found.add(src)
        if tgt != via and not reached(via, tgt):
            found.add(tgt)
    return found
