"""The store: every SQL statement bbabo runs lives in this package.

``open_store(url)`` connects, migrates the schema to the newest revision and returns a ``Store``
whose repositories return plain ``bbabo.model`` values."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bbabo.errors import StoreError, install_extra
from bbabo.store.accounts import SessionsRepo, SignInFailuresRepo, UsersRepo
from bbabo.store.articles import ArticlesRepo, SaveResult
from bbabo.store.audit import AuditRepo
from bbabo.store.changes import ChangesRepo
from bbabo.store.db import (
    LASTING,
    BoundEngine,
    Database,
    create_db_engine,
    migrate,
    schema_is_current,
    store_failure,
)
from bbabo.store.fingerprints import FingerprintsRepo
from bbabo.store.freshness import FreshnessRepo
from bbabo.store.glossary import GlossaryRepo
from bbabo.store.jobs import JobsRepo, LeaseKind
from bbabo.store.memory import MemoryRepo
from bbabo.store.names import NamesRepo
from bbabo.store.ops import OpsRepo
from bbabo.store.pages import PagesRepo, PendingPage
from bbabo.store.processes import ProcessesRepo
from bbabo.store.retention import RetentionRepo
from bbabo.store.review import ReviewRepo
from bbabo.store.revisions import RevisionsRepo
from bbabo.store.search import SearchRepo
from bbabo.store.sources import SourcesRepo
from bbabo.store.stories import Absorbed, Membership, StoriesRepo, StoryRecord
from bbabo.store.translations import (
    Discarded,
    HeldTranslation,
    PendingTranslation,
    TranslationsRepo,
)
from bbabo.store.vectors import VectorMatrix, VectorsRepo
from bbabo.store.websub import Subscription, WebSubRepo

__all__ = ["Store", "open_store", "SaveResult", "PendingPage", "PendingTranslation",
           "HeldTranslation", "LeaseKind", "Subscription", "Membership", "StoryRecord",
           "Absorbed", "VectorMatrix", "store_failure", "LASTING", "Discarded"]


class Store:
    """One repository per entity, all on one database: the engine, or (inside
    ``transaction()``) one connection whose transaction is open."""

    def __init__(self, engine: Database) -> None:
        self.engine = engine
        self.sources = SourcesRepo(engine)
        self.pages = PagesRepo(engine)
        self.articles = ArticlesRepo(engine)
        self.fingerprints = FingerprintsRepo(engine)
        self.translations = TranslationsRepo(engine)
        self.memory = MemoryRepo(engine)
        self.glossary = GlossaryRepo(engine)
        self.names = NamesRepo(engine)
        self.search = SearchRepo(engine)
        self.changes = ChangesRepo(engine)
        self.ops = OpsRepo(engine)
        self.jobs = JobsRepo(engine)
        self.processes = ProcessesRepo(engine)
        self.websub = WebSubRepo(engine)
        self.freshness = FreshnessRepo(engine)
        self.stories = StoriesRepo(engine)
        self.vectors = VectorsRepo(engine)
        # The operator console: accounts, the audit log, hand edits and the review queue.
        self.users = UsersRepo(engine)
        self.sessions = SessionsRepo(engine)
        self.sign_in_failures = SignInFailuresRepo(engine)
        self.audit = AuditRepo(engine)
        self.revisions = RevisionsRepo(engine)
        self.review = ReviewRepo(engine)
        self.retention = RetentionRepo(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """This store with every repository writing in one transaction: committed when the
        block ends, rolled back if it raises. Inside another transaction, joins it."""
        with self.engine.begin() as conn:
            yield Store(BoundEngine(conn))

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """This store with every repository reading on one connection, for a request that
        reads several times (search): one pool checkout (PostgreSQL pings the server on each)
        and one reset instead of one per call. Anything written through it is rolled back.
        Inside a transaction, reads in it."""
        with self.engine.connect() as conn:
            yield Store(BoundEngine(conn))

    def schema_is_current(self) -> bool:
        return schema_is_current(self._engine())

    def close(self) -> None:
        self._engine().dispose()

    def dispose_inherited(self) -> None:
        """Forget (without closing) connections a forked child inherited from its parent."""
        self._engine().dispose(close=False)

    def _engine(self) -> Engine:
        if not isinstance(self.engine, Engine):
            raise TypeError("a store inside transaction() has no engine of its own")
        return self.engine


def open_store(url: str, *, apply_migrations: bool = True) -> Store:
    """Connect to ``url`` (and migrate); an unreachable database is one clear StoreError."""
    try:
        engine = create_db_engine(url)
    except ImportError as exc:
        # The URL is right; the driver is an extra (`make run` installs only SQLite's).
        if url.startswith("postgresql+psycopg:") and exc.name == "psycopg":
            raise StoreError("PostgreSQL needs its driver, psycopg: "
                             + install_extra("postgres"), code="store.no_driver") from None
        raise StoreError(f"bad database URL {_shown(url)!r}: {exc}",
                         code="store.bad_url") from None
    except sa.exc.ArgumentError as exc:
        raise StoreError(f"bad database URL {_shown(url)!r}: {exc}",
                         code="store.bad_url") from None
    try:
        if apply_migrations:
            migrate(engine)
        else:
            with engine.connect():
                pass
    except sa.exc.OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        failure = store_failure(exc)
        if failure is not None and failure.code in LASTING:
            raise failure from None
        raise StoreError(f"cannot reach the database: {reason}", code="store.unreachable") from None
    except sa.exc.DatabaseError as exc:
        # SQLite's answer to a file that is not, or no longer, a database.
        engine.dispose()
        raise (store_failure(exc) or StoreError(str(exc))) from None
    except StoreError:
        engine.dispose()
        raise
    return Store(engine)


def _shown(url: str) -> str:
    """``url`` without its password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url.split("@", 1)[-1]
