"""freshness: when an article was published and first seen, running leases, WebSub

Revision ID: 0009_freshness
Revises: 0002, 0003, 0005, 0008
Create Date: 2026-12-06 12:00:00.000000

Joins the four heads of the history into one, then adds: ``articles.source_published_at`` and
``first_seen_at`` (publication to live, per language), indexes on the times stored and
translated (freshness over the last hour and day), ``sources.websub_hub``/``websub_topic``,
``task_leases.owner`` (a running task's lease, renewed by its heartbeat) and the
``websub_subscriptions`` table. Columns are added with plain ALTER TABLE, never batch mode:
SQLite's batch mode copies a table and drops the search triggers of ``articles`` with it.
"""

import sqlalchemy as sa
from alembic import op

import bbabo.store.schema

revision = "0009_freshness"
down_revision = ("0002", "0003", "0005", "0008")
branch_labels = None
depends_on = None

_UTC = bbabo.store.schema.UTCDateTime


def upgrade() -> None:
    op.add_column("articles", sa.Column("source_published_at", _UTC(timezone=True)))
    op.add_column("articles", sa.Column("first_seen_at", _UTC(timezone=True)))
    op.create_index(op.f("ix_articles_fetched_at"), "articles", ["fetched_at"])
    op.create_index(op.f("ix_translations_created_at"), "translations", ["created_at"])
    op.add_column("sources", sa.Column("websub_hub", sa.Text()))
    op.add_column("sources", sa.Column("websub_topic", sa.Text()))
    op.add_column("task_leases", sa.Column("owner", sa.String(length=128)))
    op.create_table(
        "websub_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("hub_url", sa.Text(), nullable=False),
        sa.Column("topic_url", sa.Text(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("secret", sa.String(length=128), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("requested_at", _UTC(timezone=True), nullable=False),
        sa.Column("verified_at", _UTC(timezone=True)),
        sa.Column("lease_until", _UTC(timezone=True)),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text()),
        sa.Column("last_delivery_at", _UTC(timezone=True)),
        sa.Column("deliveries", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rejected", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", _UTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"],
                                name=op.f("fk_websub_subscriptions_source_id_sources"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_websub_subscriptions")),
        sa.UniqueConstraint("source_id", name=op.f("uq_websub_subscriptions_source_id")),
        sa.UniqueConstraint("token", name=op.f("uq_websub_subscriptions_token")),
    )


def downgrade() -> None:
    op.drop_table("websub_subscriptions")
    op.drop_column("task_leases", "owner")
    op.drop_column("sources", "websub_topic")
    op.drop_column("sources", "websub_hub")
    op.drop_index(op.f("ix_translations_created_at"), table_name="translations")
    op.drop_index(op.f("ix_articles_fetched_at"), table_name="articles")
    op.drop_column("articles", "first_seen_at")
    op.drop_column("articles", "source_published_at")
