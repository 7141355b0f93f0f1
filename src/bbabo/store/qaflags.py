"""Reading the QA flags stored in a translation's ``qa`` JSON array from SQL, on SQLite and
PostgreSQL alike (``json_each`` against ``json_array_elements``), so flags are counted and
filtered by the database rather than by loading every translation."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

__all__ = ["flag_elements", "flag_check", "has_flags", "has_check"]


def flag_elements(column: sa.ColumnElement[object], dialect: Dialect) -> sa.TableValuedAlias:
    """The array's elements as a table with one column, ``value``."""
    function = (sa.func.json_each(column) if dialect.name == "sqlite"
                else sa.func.json_array_elements(column))
    return function.table_valued("value")


def flag_check(elements: sa.TableValuedAlias, dialect: Dialect) -> sa.ColumnElement[str]:
    """The ``check`` of each flag."""
    if dialect.name == "sqlite":
        return sa.func.json_extract(elements.c.value, "$.check")
    return elements.c.value.op("->>")(sa.literal("check"))


def has_flags(column: sa.ColumnElement[object]) -> sa.ColumnElement[bool]:
    # json_array_length exists in SQLite and PostgreSQL alike.
    return sa.func.json_array_length(column) > 0


def has_check(column: sa.ColumnElement[object], check: str,
              dialect: Dialect) -> sa.ColumnElement[bool]:
    elements = flag_elements(column, dialect)
    return sa.exists().select_from(elements).where(flag_check(elements, dialect) == check)
