"""stories: stories, their articles, article vectors, the stories' version counter

Revision ID: 0010_stories
Revises: 0009_freshness
Create Date: 2026-12-06 18:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import bbabo.store.schema

revision = "0010_stories"
down_revision = "0009_freshness"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("representative_id", sa.Integer(), nullable=True),
        sa.Column("article_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("first_seen_at", bbabo.store.schema.UTCDateTime(timezone=True),
                  nullable=False),
        sa.Column("last_seen_at", bbabo.store.schema.UTCDateTime(timezone=True),
                  nullable=False),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("created_at", bbabo.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bbabo.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["representative_id"], ["articles.id"],
                                name=op.f("fk_stories_representative_id_articles"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["merged_into"], ["stories.id"],
                                name=op.f("fk_stories_merged_into_stories"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
    )
    op.create_index("ix_stories_last_seen_at", "stories", ["last_seen_at"], unique=False)
    op.create_table(
        "story_articles",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("assigned_at", bbabo.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"],
                                name=op.f("fk_story_articles_article_id_articles"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"],
                                name=op.f("fk_story_articles_story_id_stories"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_story_articles")),
    )
    op.create_index(op.f("ix_story_articles_story_id"), "story_articles", ["story_id"],
                    unique=False)
    op.create_table(
        "article_vectors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=255), nullable=False),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", bbabo.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"],
                                name=op.f("fk_article_vectors_article_id_articles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_vectors")),
        sa.UniqueConstraint("article_id", name=op.f("uq_article_vectors_article_id")),
    )
    op.create_index(op.f("ix_article_vectors_model"), "article_vectors", ["model"],
                    unique=False)
    op.create_table(
        "stories_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories_state")),
    )
    op.execute("INSERT INTO stories_state (id, version) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table("stories_state")
    op.drop_index(op.f("ix_article_vectors_model"), table_name="article_vectors")
    op.drop_table("article_vectors")
    op.drop_index(op.f("ix_story_articles_story_id"), table_name="story_articles")
    op.drop_table("story_articles")
    op.drop_index("ix_stories_last_seen_at", table_name="stories")
    op.drop_table("stories")
