"""The bodies of the distributed tasks, free of Celery: ids in, the pipeline run, leases settled.

Each body first reads the pipeline's own state and does nothing when the work is already done, so
a task delivered twice (late acknowledgement redelivers whatever a dead worker held) has its
effect once. The unique keys underneath (a page's URL, an article's URLs, one translation per
article and language) catch two deliveries that run at the same moment.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from enum import StrEnum

from bbabo.errors import EmbedderMissing, RecordMissing
from bbabo.pipeline.components import poll_policy
from bbabo.pipeline.ingest import RETRY_BASE_S, RETRY_MAX_S, IngestOutcome, ingest_page
from bbabo.pipeline.publish import PublishOutcome
from bbabo.pipeline.refresh import refresh_source
from bbabo.pipeline.translate_batch import pending_in_batch, translate_batch
from bbabo.store.jobs import LeaseKind
from bbabo.tasks.celery.context import WorkerContext

__all__ = ["run_refresh_source", "run_ingest_page", "run_translate_batch", "run_publish",
           "run_place_stories", "translation_key", "MISSING_MODEL_HOLD", "RETRY_BASE_S",
           "RETRY_MAX_S", "SITE", "ALL_STORIES", "JobOutcome"]

log = logging.getLogger(__name__)


class JobOutcome(StrEnum):
    """What a task did, its result in Celery (a string, as results are JSON). The pipeline's
    own outcomes pass through under their names (``updated``, ``new``, ``full`` ...)."""

    # the pipeline's outcomes
    updated = "updated"  # a source polled with news; the static pages of new versions rendered
    not_modified = "not_modified"  # a source's feed had not changed
    new = "new"  # a page became an article
    duplicate = "duplicate"  # a page was another copy of a stored article
    failed = "failed"  # failed for good (or, for a translation, after its retries)
    unchanged = "unchanged"  # a publish pass found nothing new
    full = "full"  # a publish pass re-exported the whole site
    busy = "busy"  # another publish pass holds the directory
    # the task's own
    gone = "gone"  # the source was removed before the task ran
    not_due = "not_due"  # redelivered after the work was done
    already_done = "already_done"  # the page was ingested by an earlier delivery
    retry = "retry"  # failed transiently: leased while it backs off
    missing_model = "missing_model"  # no engine here for the pair: held an hour
    done = "done"  # the batch is translated; the articles waiting were placed in stories
    off = "off"  # nothing to publish: no static site is configured
    running_elsewhere = "running_elsewhere"  # delivered twice: a live worker runs it already
    no_embedder = "no_embedder"  # the embedder is not installed here: stories held an hour


# The publish lease's one key: one pass over the static site at a time is all there is.
SITE = "site"
# The stories lease's one key: articles are placed by one task at a time, or two tasks could
# each open a story for the same event.
ALL_STORIES = "all"
# Articles one stories task places at most (~0.1-0.3 s each, the embedding): the task ends well
# within its lease (30 minutes), else a second pass could be sent while it still runs. The
# scheduler sends the next one while articles wait.
STORIES_PER_TASK = 2000

# A pair no engine on this worker has: look again after this long (a model may be installed).
MISSING_MODEL_HOLD = timedelta(hours=1)


def translation_key(article_id: int, target: str) -> str:
    return f"{article_id}:{target}"


def run_refresh_source(ctx: WorkerContext, source_id: int) -> JobOutcome:
    """Poll one source; its pages are queued in the store for the scheduler to hand out."""
    store, now = ctx.store, ctx.clock()
    try:
        source = store.sources.get(source_id)
    except RecordMissing:
        ctx.jobs.release(LeaseKind.source, [str(source_id)])
        return JobOutcome.gone
    if not source.enabled or (source.next_check_at is not None and source.next_check_at > now):
        # Redelivered after it was done: the source's next check is already in the future.
        ctx.jobs.release(LeaseKind.source, [str(source_id)])
        return JobOutcome.not_due
    result = refresh_source(source, store=store, http=ctx.http, options=ctx.options, now=now,
                            gate=ctx.feed_gate, policy=poll_policy(ctx.settings))
    # A failed source is not retried here: its next_check_at already carries the back-off.
    ctx.jobs.release(LeaseKind.source, [str(source_id)])
    return JobOutcome(result.outcome.value)


def run_ingest_page(ctx: WorkerContext, url: str) -> JobOutcome:
    """Fetch, extract and store one queued page, unless it was done already."""
    store = ctx.store
    pending = ctx.jobs.pending_page(url)
    if pending is None:
        ctx.jobs.release(LeaseKind.page, [url])
        return JobOutcome.already_done
    source = None
    if pending.source_id is not None:
        try:
            source = store.sources.get(pending.source_id)
        except RecordMissing:
            source = None
    result = ingest_page(pending, source, store=store, http=ctx.http, options=ctx.options,
                         detector=ctx.detector, now=ctx.clock(), gate=ctx.gate,
                         index=ctx.near_duplicates, resolver=ctx.resolver, reader=ctx.reader)
    if result.outcome is IngestOutcome.failed and ctx.jobs.pending_page(url) is not None:
        # Transient: the page stays pending; keep it leased while it backs off.
        until = ctx.jobs.back_off(LeaseKind.page, url, now=ctx.clock(), base_s=RETRY_BASE_S,
                                  max_s=RETRY_MAX_S)
        log.info("page will be retried", extra={"url": url, "code": result.error_code,
                                                "retry_at": until.isoformat()})
        return JobOutcome.retry
    ctx.jobs.release(LeaseKind.page, [url])
    return JobOutcome(result.outcome.value)


def run_translate_batch(ctx: WorkerContext, article_ids: Sequence[int],
                        target: str) -> JobOutcome:
    """Translate the batch into ``target``. What stays pending is held back: an hour for a pair
    no engine here has (a model may be installed meanwhile), a growing pause after an error."""
    report = translate_batch(article_ids, target, store=ctx.store, translator=ctx.translator,
                             clock=ctx.clock)
    for article_id, _lang, message in report.failed:
        log.error("translation failed: %s", message,
                  extra={"article_id": article_id, "target_lang": target})
    if report.missing_pairs:
        pairs = ", ".join(f"{src}→{tgt}" for src, tgt in sorted(report.missing_pairs))
        log.warning("no translation engine for %s on this worker; `bbabo status` says how to "
                    "install one", pairs, extra={"target_lang": target})
    still = {item.article_id for item in pending_in_batch(ctx.store, article_ids, target)}
    failed = {article_id for article_id, _lang, _message in report.failed}
    now = ctx.clock()
    for article_id in sorted(still & failed):
        ctx.jobs.back_off(LeaseKind.translation, translation_key(article_id, target), now=now,
                          base_s=RETRY_BASE_S, max_s=RETRY_MAX_S)
    ctx.jobs.hold(LeaseKind.translation,
                  [translation_key(a, target) for a in sorted(still - failed)],
                  until=now + MISSING_MODEL_HOLD)
    ctx.jobs.release(LeaseKind.translation,
                     [translation_key(a, target) for a in article_ids if a not in still])
    if still - failed:
        return JobOutcome.missing_model
    return JobOutcome.failed if still else JobOutcome.done


def run_publish(ctx: WorkerContext) -> JobOutcome:
    """Bring the static copy of the site up to the store (``pipeline.publish``): a pass
    delivered twice finds nothing new the second time. Without ``export_dir`` there is
    nothing to publish: the app reads the store, and the data version moved at commit."""
    publisher = ctx.publisher
    if publisher is None:
        ctx.jobs.release(LeaseKind.publish, [SITE])
        return JobOutcome.off
    report = publisher()
    if report.outcome is not PublishOutcome.busy:
        # Busy: another pass holds the directory, and gives the lease back when it ends.
        ctx.jobs.release(LeaseKind.publish, [SITE])
    return JobOutcome(report.outcome.value)


def run_place_stories(ctx: WorkerContext) -> JobOutcome:
    """Place every article in no story yet (``pipeline.stories``), holding the one stories
    lease the scheduler took: a second delivery finds nothing left to place."""
    try:
        report = ctx.stories.update(limit=STORIES_PER_TASK)
    except EmbedderMissing as exc:
        log.warning("cannot place articles in stories on this worker: %s", exc)
        ctx.jobs.hold(LeaseKind.stories, [ALL_STORIES], until=ctx.clock() + MISSING_MODEL_HOLD)
        return JobOutcome.no_embedder
    ctx.jobs.release(LeaseKind.stories, [ALL_STORIES])
    if report.placed:
        log.info("placed %d article(s) in stories", report.placed)
    return JobOutcome.done
