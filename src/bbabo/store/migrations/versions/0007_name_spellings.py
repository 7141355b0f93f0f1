"""name spellings learned site-wide, per target language

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 18:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import bbabo.store.schema

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "name_spellings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("spelling", sa.Text(), nullable=False),
        sa.Column("articles", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", bbabo.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_name_spellings")),
        sa.UniqueConstraint("source", "lang", name=op.f("uq_name_spellings_source_lang")),
    )


def downgrade() -> None:
    op.drop_table("name_spellings")
