"""Alembic environment: the engine comes from bbabo (``config.attributes``), never from an ini."""

from alembic import context

from bbabo.store.schema import metadata

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    context.run_migrations()
