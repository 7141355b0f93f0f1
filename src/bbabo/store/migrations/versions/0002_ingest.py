"""ingest: article fingerprints for near-duplicates, why a queued page was a duplicate

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import bbabo.store.schema

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_fingerprints",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", bbabo.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_fingerprints_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_fingerprints")),
    )
    with op.batch_alter_table("article_fingerprints", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_fingerprints_created_at"), ["created_at"], unique=False
        )
    with op.batch_alter_table("fetch_queue", schema=None) as batch_op:
        batch_op.add_column(sa.Column("duplicate_reason", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("fetch_queue", schema=None) as batch_op:
        batch_op.drop_column("duplicate_reason")
    with op.batch_alter_table("article_fingerprints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_fingerprints_created_at"))
    op.drop_table("article_fingerprints")
