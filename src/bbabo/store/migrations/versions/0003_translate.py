"""translation memory, glossary, held translations

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-27 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import bbabo.store.schema

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "translation_memory",
        sa.Column("engine", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=255), nullable=False),
        sa.Column("src", sa.String(length=16), nullable=False),
        sa.Column("tgt", sa.String(length=16), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("translation", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint(
            "engine", "model", "src", "tgt", "source_hash", name=op.f("pk_translation_memory")
        ),
    )
    op.create_table(
        "glossary_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("created_at", bbabo.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_terms")),
        sa.UniqueConstraint("source", "lang", name=op.f("uq_glossary_terms_source_lang")),
    )
    op.create_table(
        "held_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("paragraphs", sa.JSON(), nullable=False),
        sa.Column("engine", sa.String(length=64), nullable=False),
        sa.Column("model", sa.Text(), nullable=False),
        sa.Column("qa", sa.JSON(), nullable=False),
        sa.Column("created_at", bbabo.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_held_translations_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_translations")),
        sa.UniqueConstraint(
            "article_id", "lang", name=op.f("uq_held_translations_article_id_lang")
        ),
    )


def downgrade() -> None:
    op.drop_table("held_translations")
    op.drop_table("glossary_terms")
    op.drop_table("translation_memory")
