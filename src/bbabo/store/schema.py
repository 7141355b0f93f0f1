"""Tables. One schema for SQLite and PostgreSQL; Alembic revisions under ``migrations/``
must produce exactly this (a test compares them)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

__all__ = ["metadata", "sources", "articles", "article_urls", "fetch_queue", "translations",
           "UTCDateTime", "article_fingerprints", "translation_memory", "glossary_terms",
           "name_spellings", "held_translations", "task_leases", "processes",
           "websub_subscriptions", "stories", "story_articles", "article_vectors",
           "stories_state", "users", "sessions", "sign_in_failures", "audit_log",
           "translation_revisions"]


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, whatever the backend keeps."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use aware UTC times")
        value = value.astimezone(UTC)
        # SQLite keeps no offset: store naive UTC so comparisons stay lexical and right.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sources = sa.Table(
    "sources", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("url", sa.Text, nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=False, server_default="feed"),
    sa.Column("name", sa.Text, nullable=False, server_default=""),
    sa.Column("site_url", sa.Text),
    sa.Column("lang_hint", sa.String(16)),
    sa.Column("section", sa.String(64), nullable=False, server_default="news"),
    sa.Column("poll_interval_s", sa.Integer, nullable=False, server_default="900"),
    sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("next_check_at", UTCDateTime),
    sa.Column("last_success_at", UTCDateTime),
    sa.Column("last_error_code", sa.String(64)),
    sa.Column("last_error", sa.Text),
    sa.Column("consecutive_failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # The WebSub hub the feed names (<link rel="hub"> or an HTTP Link header) and the topic
    # (its rel="self") to subscribe to there; None while the feed names none (migration 0007).
    sa.Column("websub_hub", sa.Text),
    sa.Column("websub_topic", sa.Text),
)

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="SET NULL")),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("canonical_url", sa.Text, nullable=False, unique=True),
    sa.Column("language", sa.String(16), nullable=False),
    sa.Column("lang_confidence", sa.Float, nullable=False, server_default="0"),
    sa.Column("section", sa.String(64), nullable=False, server_default="news"),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("paragraphs", sa.JSON, nullable=False),
    sa.Column("author", sa.Text),
    sa.Column("image_url", sa.Text),
    sa.Column("published_at", UTCDateTime),
    sa.Column("fetched_at", UTCDateTime, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False, index=True),
    # Freshness (migration 0007): when the source says it published the article (the feed
    # entry's date, else the page's; None when it gives none, where ``published_at`` falls
    # back to the time stored), and when bbabo first saw it (its feed entry, or a WebSub
    # delivery). ``fetched_at`` is when it was stored: live on the site in its own language.
    sa.Column("source_published_at", UTCDateTime),
    sa.Column("first_seen_at", UTCDateTime),
    sa.Index("ix_articles_language_published", "language", "published_at"),
    sa.Index("ix_articles_fetched_at", "fetched_at"),
    # Listings mix originals and translations, newest first: they walk this (migration 0004).
    sa.Index("ix_articles_published_at", "published_at"),
)

# Every URL that led to an article (feed link, redirect hop, canonical): one story, many URLs.
article_urls = sa.Table(
    "article_urls", metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False, index=True),
)

# Article pages found in feeds and not yet ingested: the ingest stage's durable state, so a
# restart resumes where it stopped and a failure is recorded with its reason.
fetch_queue = sa.Table(
    "fetch_queue", metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE")),
    sa.Column("state", sa.String(16), nullable=False, server_default="pending", index=True),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("error_code", sa.String(64)),
    sa.Column("error", sa.Text),
    # Indexed (migration 0012): deleting an article (``bbabo articles prune``) sets it to NULL
    # here, a scan of the whole queue per article without one.
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="SET NULL"),
              index=True),
    sa.Column("feed_title", sa.Text),
    sa.Column("feed_published_at", UTCDateTime),
    sa.Column("queued_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    # For a page that turned out to be a copy: how it was recognised (url, amp, canonical,
    # content, near_duplicate); its article_id is then the first copy's.
    sa.Column("duplicate_reason", sa.String(32)),
)

# MinHash signatures of article texts, so a wire story re-published under another URL with a
# different byline or a trimmed paragraph is recognised as the story already stored.
article_fingerprints = sa.Table(
    "article_fingerprints", metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("minhash", sa.LargeBinary, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False, index=True),
)

translations = sa.Table(
    "translations", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("lang", sa.String(16), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("paragraphs", sa.JSON, nullable=False),
    sa.Column("engine", sa.String(64), nullable=False),
    sa.Column("model", sa.Text, nullable=False),
    sa.Column("qa", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # Set when an editor corrected the text by hand (migration 0011): the page says so, and no
    # machine path replaces it. Its machine text is the oldest ``translation_revisions`` prior.
    sa.Column("edited_by", sa.String(64)),
    sa.Column("edited_at", UTCDateTime),
    sa.UniqueConstraint("article_id", "lang"),
    sa.Index("ix_translations_lang_created", "lang", "created_at"),
    # Freshness over the last hour or day, every language at once (migration 0007).
    sa.Index("ix_translations_created_at", "created_at"),
)

# Translation memory: what an engine+model made of one sentence, so the same sentence (a wire
# copy, boilerplate) is never sent to an engine again. Keyed by a hash: sentences can be long.
translation_memory = sa.Table(
    "translation_memory", metadata,
    sa.Column("engine", sa.String(64), primary_key=True),
    sa.Column("model", sa.String(255), primary_key=True),
    sa.Column("src", sa.String(16), primary_key=True),
    sa.Column("tgt", sa.String(16), primary_key=True),
    sa.Column("source_hash", sa.String(64), primary_key=True),
    sa.Column("translation", sa.Text, nullable=False),
)

# The operator's glossary: a name in any source language is rendered ``target`` in ``lang``.
glossary_terms = sa.Table(
    "glossary_terms", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("lang", sa.String(16), nullable=False),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("source", "lang"),
)

# Spellings of names learned from translated articles, per target language: the first article
# into ``lang`` that settled how to write a source name sets it for every later one
# (``translate.names``); ``articles`` counts the translations that used it. The glossary wins.
name_spellings = sa.Table(
    "name_spellings", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("lang", sa.String(16), nullable=False),
    sa.Column("spelling", sa.Text, nullable=False),
    sa.Column("articles", sa.Integer, nullable=False, server_default="1"),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("source", "lang"),
)

# Translations that failed QA while ``qa_hold_back`` is on: kept out of ``translations`` (so the
# site never shows them) until an operator releases them, and not translated again meanwhile.
held_translations = sa.Table(
    "held_translations", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("lang", sa.String(16), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("paragraphs", sa.JSON, nullable=False),
    sa.Column("engine", sa.String(64), nullable=False),
    sa.Column("model", sa.Text, nullable=False),
    sa.Column("qa", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("article_id", "lang"),
)

# Work handed to Celery and not finished yet (a source to refresh, a page to ingest, an article to
# translate): the scheduler enqueues only what holds no live lease, so a slow queue is not flooded
# with copies, and a lease that runs out (a worker died, the broker lost its queue) frees the work
# to be enqueued again. The pipeline's own state (fetch_queue, translations) stays the truth.
task_leases = sa.Table(
    "task_leases", metadata,
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("leased_until", UTCDateTime, nullable=False, index=True),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    # The worker running the work (None while it waits in a queue): it renews ``leased_until``
    # every few seconds while the task runs, so a killed worker's work is free again within
    # the short running lease, not the long queued one (migration 0007).
    sa.Column("owner", sa.String(128)),
)

# WebSub subscriptions (W3C WebSub): one per source whose feed names a hub. ``token`` makes the
# callback address unguessable (/websub/{token}); ``secret`` signs every delivery
# (X-Hub-Signature). A removed source leaves its row (source_id None) until it is unsubscribed.
websub_subscriptions = sa.Table(
    "websub_subscriptions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="SET NULL"),
              unique=True),
    sa.Column("hub_url", sa.Text, nullable=False),
    sa.Column("topic_url", sa.Text, nullable=False),
    sa.Column("token", sa.String(64), nullable=False, unique=True),
    sa.Column("secret", sa.String(128), nullable=False),
    # requested (awaiting the hub's verification), active, unsubscribing, failed
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("requested_at", UTCDateTime, nullable=False),
    sa.Column("verified_at", UTCDateTime),
    sa.Column("lease_until", UTCDateTime),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text),
    sa.Column("last_delivery_at", UTCDateTime),
    sa.Column("deliveries", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rejected", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

# The bbabo processes running now (`bbabo run`, `serve`, `worker`, `scheduler`), each writing a
# heartbeat with its memory every half minute: what `bbabo status` and /metrics show of them. A
# row whose heartbeat stopped is a process that died; it is dropped a day later.
processes = sa.Table(
    "processes", metadata,
    sa.Column("id", sa.String(128), primary_key=True),  # host:pid:start
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("host", sa.String(255), nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("version", sa.String(32), nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("seen_at", UTCDateTime, nullable=False, index=True),
    sa.Column("resident_bytes", sa.BigInteger),
    sa.Column("tree_resident_bytes", sa.BigInteger),
    sa.Column("peak_resident_bytes", sa.BigInteger),
)

# Stories: the reports of one event across outlets and languages (the stories stage). A story
# absorbed by a merge keeps its row, pointing at the survivor (``merged_into``), so its address
# can redirect; its reports move to the survivor.
stories = sa.Table(
    "stories", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # Its most central report: the one whose vector is nearest the story's centroid.
    sa.Column("representative_id", sa.Integer,
              sa.ForeignKey("articles.id", ondelete="SET NULL"), index=True),
    sa.Column("article_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("languages", sa.JSON, nullable=False),  # the reports' original languages
    sa.Column("first_seen_at", UTCDateTime, nullable=False),
    sa.Column("last_seen_at", UTCDateTime, nullable=False),
    # Both indexed (migration 0012), for the deletes of ``bbabo articles prune``.
    sa.Column("merged_into", sa.Integer, sa.ForeignKey("stories.id", ondelete="SET NULL"),
              index=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    # Listings walk stories newest first; the stories step loads the last week's.
    sa.Index("ix_stories_last_seen_at", "last_seen_at"),
)

# Which story each article belongs to (one at most); ``score`` is the probability it joined with
# (NULL for the report that opened the story).
story_articles = sa.Table(
    "story_articles", metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("score", sa.Float),
    sa.Column("assigned_at", UTCDateTime, nullable=False),
)

# One embedding per article (title and lead), float32 bytes, with the model that made it: a
# vector of another model is never compared with these, the article is embedded again.
article_vectors = sa.Table(
    "article_vectors", metadata,
    sa.Column("id", sa.Integer, primary_key=True),  # grows: an in-memory matrix appends by it
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False, unique=True),
    sa.Column("model", sa.String(255), nullable=False, index=True),
    sa.Column("dim", sa.Integer, nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

# One row: a counter every stories pass that changed something bumps in the same commit, so a
# process holding stories in memory knows whether another process changed them meanwhile.
stories_state = sa.Table(
    "stories_state", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False, server_default="0"),
)

# The operator console's accounts (migration 0011). ``password_hash`` is an argon2id string
# (the parameters and salt inside it); the clear password is never stored.
users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("password_changed_at", UTCDateTime, nullable=False),
)

# Signed-in console sessions, kept server-side so signing out (or a password change) ends them
# everywhere. The cookie holds a random token; only its SHA-256 is stored, so a copy of the
# database signs nobody in.
sessions = sa.Table(
    "sessions", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("last_seen_at", UTCDateTime, nullable=False),
)

# Failed sign-ins, by account name and by address, for throttling: kept in the database so a
# restart or a second web process sees them too.
sign_in_failures = sa.Table(
    "sign_in_failures", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("address", sa.String(64), nullable=False),
    sa.Column("failed_at", UTCDateTime, nullable=False),
    sa.Index("ix_sign_in_failures_username_failed_at", "username", "failed_at"),
    sa.Index("ix_sign_in_failures_address_failed_at", "address", "failed_at"),
)

# Every change made through the console (and the account commands): who, what, on what, when.
# ``username`` is text, not a key: the record outlives the account.
audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False, index=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("target", sa.Text, nullable=False, server_default=""),
    sa.Column("detail", sa.Text, nullable=False, server_default=""),
    sa.Column("address", sa.String(64)),
)

# In-place changes to published translations: a hand edit, or a pinned name respelled. Each
# keeps the text as it was before (the oldest one's is the machine's), and its id is what the
# publish stage follows to re-render the pages of translations changed since its last pass.
translation_revisions = sa.Table(
    "translation_revisions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("translation_id", sa.Integer,
              sa.ForeignKey("translations.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("kind", sa.String(16), nullable=False),  # "edit" or "respell"
    sa.Column("editor", sa.String(64)),
    sa.Column("changed_at", UTCDateTime, nullable=False),
    sa.Column("prior_title", sa.Text, nullable=False),
    sa.Column("prior_paragraphs", sa.JSON, nullable=False),
    sa.Column("prior_qa", sa.JSON, nullable=False),
)
