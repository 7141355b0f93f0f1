"""retention: indexes on the columns an article's or a story's deletion sets to NULL
(``fetch_queue.article_id``, ``stories.representative_id``, ``stories.merged_into``), so
``bbabo articles prune`` does not scan those tables once per deleted row

Revision ID: 0012_retention
Revises: 0011_console
Create Date: 2026-12-08 00:30:00.000000
"""

from alembic import op

revision = "0012_retention"
down_revision = "0011_console"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain CREATE INDEX on both backends: SQLite's batch mode would copy the tables.
    op.create_index(op.f("ix_fetch_queue_article_id"), "fetch_queue", ["article_id"])
    op.create_index(op.f("ix_stories_representative_id"), "stories", ["representative_id"])
    op.create_index(op.f("ix_stories_merged_into"), "stories", ["merged_into"])


def downgrade() -> None:
    op.drop_index(op.f("ix_stories_merged_into"), table_name="stories")
    op.drop_index(op.f("ix_stories_representative_id"), table_name="stories")
    op.drop_index(op.f("ix_fetch_queue_article_id"), table_name="fetch_queue")
