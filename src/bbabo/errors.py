"""The exception tree. Every error carries a stable ``code`` ("stage.reason") that feeds the
logs, the stage counters, the ``last_error_code`` columns and the operator's messages.

    BbaboError
    ├─ ConfigError            a setting is missing or malformed (exit code 2)
    │   └─ EmbedderMissing    the multilingual embedder is not installed
    ├─ UsageError             a bad argument (a malformed URL, an unknown language)
    ├─ TransientError         worth retrying later with back-off
    │   ├─ FetchTimeout
    │   ├─ FetchConnectError
    │   ├─ UpstreamError      5xx
    │   └─ RateLimited        429, carries ``retry_after``
    ├─ PermanentError         record the code, do not retry
    │   ├─ NotFound           404 / 410
    │   ├─ Forbidden          401 / 403, robots.txt, or a blocked address
    │   ├─ TooLarge
    │   ├─ HTTPStatusError    any other unexpected status
    │   ├─ NotAFeed
    │   ├─ FeedParseError
    │   ├─ NotAnArticle
    │   ├─ OverBudget         extraction ran out of its time or memory budget
    │   └─ UnsupportedLanguage
    ├─ InternalError          a bug met while handling one source or page (``internal.error``):
    │                         recorded as its failure and retried with back-off
    ├─ Unavailable            a service the work needs (the broker, the shared politeness
    │                         store) is gone for now: the work waits, no item failed
    ├─ TranslationError       an engine failed on input it should have handled
    │   └─ ModelMissing       no engine can translate this pair
    └─ StoreError             the database is unreachable or inconsistent
        └─ RecordMissing      no row with that id
"""

from __future__ import annotations

__all__ = [
    "install_extra",
    "BbaboError",
    "ConfigError",
    "EmbedderMissing",
    "UsageError",
    "TransientError",
    "FetchTimeout",
    "FetchConnectError",
    "UpstreamError",
    "RateLimited",
    "PermanentError",
    "NotFound",
    "Forbidden",
    "TooLarge",
    "HTTPStatusError",
    "NotAFeed",
    "FeedParseError",
    "NotAnArticle",
    "OverBudget",
    "UnsupportedLanguage",
    "InternalError",
    "Unavailable",
    "TranslationError",
    "ModelMissing",
    "StoreError",
    "RecordMissing",
]


class BbaboError(Exception):
    """Base of every error bbabo raises on purpose."""

    code = "bbabo.error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self)


class ConfigError(BbaboError):
    code = "config.invalid"


class EmbedderMissing(ConfigError):
    code = "embed.missing"


class UsageError(BbaboError):
    code = "usage.invalid"


class TransientError(BbaboError):
    code = "fetch.transient"


class FetchTimeout(TransientError):
    code = "fetch.timeout"


class FetchConnectError(TransientError):
    code = "fetch.connect"


class UpstreamError(TransientError):
    code = "fetch.upstream"


class RateLimited(TransientError):
    code = "fetch.rate_limited"

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(BbaboError):
    code = "fetch.permanent"


class NotFound(PermanentError):
    code = "fetch.not_found"


class Forbidden(PermanentError):
    code = "fetch.forbidden"


class TooLarge(PermanentError):
    code = "fetch.too_large"


class HTTPStatusError(PermanentError):
    code = "fetch.http_status"


class NotAFeed(PermanentError):
    code = "source.not_a_feed"


class FeedParseError(PermanentError):
    code = "source.parse_error"


class NotAnArticle(PermanentError):
    code = "extract.not_article"


class OverBudget(PermanentError):
    """A page took more time (``extract.timeout``) or memory (``extract.too_complex``) to read
    than its budget: the same page would again, so it is not retried."""

    code = "extract.timeout"


class UnsupportedLanguage(PermanentError):
    code = "langid.unsupported"


class InternalError(BbaboError):
    """An exception no stage meant to raise, met while handling one source or page. It is
    recorded as that item's failure, so the item backs off like any other failure instead of
    being tried again at once, forever."""

    code = "internal.error"

    @classmethod
    def wrapping(cls, exc: BaseException) -> InternalError:
        """One line naming the exception (its type and the start of its message)."""
        message = " ".join(str(exc).split())
        if len(message) > 300:
            message = message[:300] + "…"
        return cls(f"{type(exc).__name__}: {message}" if message else type(exc).__name__)


class TranslationError(BbaboError):
    code = "translate.failed"


class ModelMissing(TranslationError):
    code = "translate.model_missing"


class Unavailable(BbaboError):
    """A service the work depends on is unreachable for now (a broker restart, say). Not the
    page's or source's failure: the caller lets it through to whatever retries the work."""

    code = "service.unavailable"


class StoreError(BbaboError):
    code = "store.error"


class RecordMissing(StoreError):
    """Asked for a row that does not exist (an unknown source or article id)."""

    code = "store.missing"


def install_extra(extra: str) -> str:
    """How to install one of bbabo's extras, for the message of a command that needs it: in a
    checkout (where `make run` made .venv) and elsewhere. A bare ``pip install 'bbabo[…]'``
    would go to whatever Python is first on PATH, not to the checkout's .venv."""
    return (f"install the `{extra}` extra (`.venv/bin/pip install -e '.[{extra}]'` in a "
            f"checkout, `pip install 'bbabo[{extra}]'` otherwise)")
