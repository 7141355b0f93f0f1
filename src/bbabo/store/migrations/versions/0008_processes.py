"""processes: a heartbeat with its memory from each running bbabo process

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 19:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

import bbabo.store.schema

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "processes",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("started_at", bbabo.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seen_at", bbabo.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resident_bytes", sa.BigInteger(), nullable=True),
        sa.Column("tree_resident_bytes", sa.BigInteger(), nullable=True),
        sa.Column("peak_resident_bytes", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processes")),
    )
    op.create_index(op.f("ix_processes_seen_at"), "processes", ["seen_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_processes_seen_at"), table_name="processes")
    op.drop_table("processes")
