"""task leases for the Celery scheduler

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-27 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import bbabo.store.schema

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "task_leases",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("leased_until", bbabo.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name=op.f("pk_task_leases")),
    )
    op.create_index(op.f("ix_task_leases_leased_until"), "task_leases", ["leased_until"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_task_leases_leased_until"), table_name="task_leases")
    op.drop_table("task_leases")
