"""WebSub (W3C Recommendation, 2018) on the subscriber's side, the parts that are values in and
values out: a subscription's secret, and the check of a delivery's ``X-Hub-Signature``.

A hub signs every delivery to a subscription made with a secret (§7.1): ``X-Hub-Signature:
method=signature``, an HMAC of the body under the secret, where the method is ``sha1``,
``sha256``, ``sha384`` or ``sha512``. A delivery without it, with another method, or with a
wrong signature must be ignored (§7.1.2). The standard library's ``hmac`` does the work; the
comparison takes constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["SIGNATURE_METHODS", "check_signature", "new_secret", "new_token", "sign"]

SIGNATURE_METHODS = frozenset({"sha1", "sha256", "sha384", "sha512"})
# The spec limits a secret to under 200 bytes; 32 random bytes in hex is 64.
_SECRET_BYTES = 32


def new_secret() -> str:
    return secrets.token_hex(_SECRET_BYTES)


def new_token() -> str:
    """The unguessable part of a callback address (``/websub/{token}``)."""
    return secrets.token_urlsafe(24)


def sign(secret: str, body: bytes, method: str = "sha256") -> str:
    """The header value a hub sends: ``method=hexdigest``."""
    if method not in SIGNATURE_METHODS:
        raise ValueError(f"not a WebSub signature method: {method!r}")
    digest = hmac.new(secret.encode(), body, getattr(hashlib, method)).hexdigest()
    return f"{method}={digest}"


def check_signature(secret: str, body: bytes, header: str | None) -> bool:
    """Whether ``header`` (an ``X-Hub-Signature`` value) signs ``body`` under ``secret``."""
    if not header:
        return False
    method, sep, given = header.strip().partition("=")
    method = method.strip().lower()
    if not sep or method not in SIGNATURE_METHODS:
        return False
    expected = sign(secret, body, method).partition("=")[2]
    return hmac.compare_digest(expected, given.strip().lower())
