"""the operator console: users, sessions, sign-in failures, audit log, translation revisions
(hand edits and respellings), and who edited a translation (the indexes its charts read,
on ``articles.fetched_at`` and ``translations.created_at``, came with 0009_freshness)

Revision ID: 0011_console
Revises: 0010_stories
Create Date: 2026-12-06 20:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import bbabo.store.schema

revision = "0011_console"
down_revision = "0010_stories"
branch_labels = None
depends_on = None

_UTC = bbabo.store.schema.UTCDateTime


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN on both backends: SQLite's batch mode would copy the table
    # and drop the search triggers migration 0004 put on it.
    op.add_column("translations", sa.Column("edited_by", sa.String(length=64), nullable=True))
    op.add_column("translations", sa.Column("edited_at", _UTC(timezone=True), nullable=True))
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", _UTC(timezone=True), nullable=False),
        sa.Column("password_changed_at", _UTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", _UTC(timezone=True), nullable=False),
        sa.Column("last_seen_at", _UTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sessions_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_sessions")),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failed_at", _UTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    op.create_index("ix_sign_in_failures_username_failed_at", "sign_in_failures",
                    ["username", "failed_at"])
    op.create_index("ix_sign_in_failures_address_failed_at", "sign_in_failures",
                    ["address", "failed_at"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", _UTC(timezone=True), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.Text(), server_default="", nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "translation_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("translation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("editor", sa.String(length=64), nullable=True),
        sa.Column("changed_at", _UTC(timezone=True), nullable=False),
        sa.Column("prior_title", sa.Text(), nullable=False),
        sa.Column("prior_paragraphs", sa.JSON(), nullable=False),
        sa.Column("prior_qa", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["translation_id"], ["translations.id"],
                                name=op.f("fk_translation_revisions_translation_id_translations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_revisions")),
    )
    op.create_index("ix_translation_revisions_translation_id", "translation_revisions",
                    ["translation_id"])


def downgrade() -> None:
    op.drop_table("translation_revisions")
    op.drop_table("audit_log")
    op.drop_table("sign_in_failures")
    op.drop_table("sessions")
    op.drop_table("users")
    op.drop_column("translations", "edited_at")
    op.drop_column("translations", "edited_by")
