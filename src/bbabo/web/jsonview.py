"""The ``.json`` twin of a page: the same view data its template prints, as JSON values."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from markupsafe import Markup

from bbabo.web.syndication import rfc3339

__all__ = ["jsonable"]


def jsonable(value: Any) -> Any:
    """Dataclasses become objects, tuples lists, instants RFC 3339 strings; markup is sent as
    its HTML source, which a client must treat as HTML, never as text to re-escape."""
    if isinstance(value, Markup):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: jsonable(getattr(value, field.name))
                for field in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, datetime):
        return rfc3339(value)
    return value
