"""The stages' collaborators built from the settings: the one place ``Settings`` meets the
options each stage takes, so no stage imports ``bbabo.config`` (a stage is values in, values
out, and its options are plain arguments a test can pass)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bbabo import fetch
from bbabo.config import Settings
from bbabo.embed import Embedder
from bbabo.pipeline.reading import ReadingBudget
from bbabo.pipeline.schedule import PollPolicy
from bbabo.pipeline.stories import StoryKeeper
from bbabo.pipeline.xsearch import shared_embedder
from bbabo.store import Store
from bbabo.stories import StoryOptions, default_model
from bbabo.translate import QualityChecker, Translator, build_translator
from bbabo.translate.packages.keeper import KeeperOptions, ModelKeeper
from bbabo.translate.qa import Detector

__all__ = ["fetch_options", "reading_budget", "translator_for", "model_keeper",
           "keeper_options", "source_languages", "poll_policy", "embedder", "story_keeper"]


def fetch_options(settings: Settings) -> fetch.FetchOptions:
    return fetch.FetchOptions(timeout_s=settings.fetch_timeout_s,
                              max_bytes=settings.fetch_max_bytes,
                              allow_private_networks=settings.fetch_allow_private_networks)


def poll_policy(settings: Settings) -> PollPolicy:
    """Adaptive polling's bounds; ``poll_interval_s`` is the operator's floor (below the
    2-minute lower bound only when the operator sets it lower)."""
    floor = settings.poll_interval_s
    return PollPolicy(floor_s=floor, min_s=min(PollPolicy().min_s, floor))


def reading_budget(settings: Settings) -> ReadingBudget:
    return ReadingBudget(time_s=settings.extract_timeout_s, memory_mb=settings.extract_memory_mb)


def translator_for(settings: Settings, *, detector: Detector | None = None) -> Translator:
    """The configured translator, with QA checks (lingua builds its models on first use)."""
    if detector is None:
        from bbabo.langid import shared_detector

        # The process's one detector, the crawl's too: the target languages are in play.
        detector = shared_detector(settings.target_languages)
    return build_translator(
        settings.translate_engines, settings.models_dir,
        libretranslate_url=settings.libretranslate_url,
        libretranslate_api_key=settings.libretranslate_api_key,
        checker=QualityChecker(detector),
        hold_back=settings.qa_hold_back,
    )


def source_languages(store: Store) -> set[str]:
    """The languages bbabo has, or is about to have, articles in: those of the stored
    articles and the language hints of the enabled sources (so a pair is provided for before
    its first article arrives)."""
    languages = set(store.articles.count_by_language())
    languages |= {s.lang_hint for s in store.sources.list() if s.enabled and s.lang_hint}
    return languages


def keeper_options(settings: Settings) -> KeeperOptions:
    """The configured targets, models directory, index and download limits."""
    return KeeperOptions(targets=settings.target_languages, models_dir=settings.models_dir,
                         index_url=settings.model_index_url,
                         allow_private=settings.fetch_allow_private_networks,
                         timeout_s=settings.fetch_timeout_s,
                         multilingual_url=settings.multilingual_model_url,
                         multilingual_family=settings.multilingual_model_family)


def model_keeper(settings: Settings, *, store: Store, translator: Translator,
                 on_installed: Callable[[], None] = lambda: None) -> ModelKeeper:
    """The keeper for the configured targets, models directory and index."""
    return ModelKeeper(languages=lambda: source_languages(store), translator=translator,
                       options=keeper_options(settings), on_installed=on_installed)


def embedder() -> Embedder:
    """The process's multilingual embedder, shared by the stories step and search (its model
    loads on first use, once per process)."""
    return shared_embedder()


def story_keeper(store: Store, *, clock: Callable[[], datetime],
                 embed: Embedder | None = None) -> StoryKeeper:
    """The stories step with the shipped model (``stories/weights.json``)."""
    return StoryKeeper(store=store, embedder=embed or embedder(),
                       options=StoryOptions(model=default_model()), clock=clock)
