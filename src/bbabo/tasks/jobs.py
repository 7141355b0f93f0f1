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

from bbabo.errors import RecordMissing
from bbabo.pipeline.ingest import IngestOutcome, ingest_page
from bbabo.pipeline.publish import PublishOutcome
from bbabo.pipeline.refresh import refresh_source
from bbabo.pipeline.translate_batch import pending_in_batch, translate_batch
from bbabo.store.jobs import PAGE, SOURCE, TRANSLATION
from bbabo.tasks.context import WorkerContext

__all__ = ["run_refresh_source", "run_ingest_page", "run_translate_batch", "run_publish",
           "translation_key", "MISSING_MODEL_HOLD", "RETRY_BASE_S", "RETRY_MAX_S", "PUBLISH",
           "SITE"]

log = logging.getLogger(__name__)

# The publish lease: one pass over the static site at a time is all there is to hand out.
PUBLISH, SITE = "publish", "site"

# A pair no engine on this worker has: look again after this long (a model may be installed).
MISSING_MODEL_HOLD = timedelta(hours=1)
# A page that failed transiently is enqueued again after 1, 2, 4 ... minutes, at most an hour.
RETRY_BASE_S, RETRY_MAX_S = 60.0, 3600.0


def translation_key(article_id: int, target: str) -> str:
    return f"{article_id}:{target}"


def run_refresh_source(ctx: WorkerContext, source_id: int) -> str:
    """Poll one source; its pages are queued in the store for the scheduler to hand out."""
    store, now = ctx.store, ctx.clock()
    try:
        source = store.sources.get(source_id)
    except RecordMissing:
        ctx.jobs.release(SOURCE, [str(source_id)])
        return "gone"
    if not source.enabled or (source.next_check_at is not None and source.next_check_at > now):
        # Redelivered after it was done: the source's next check is already in the future.
        ctx.jobs.release(SOURCE, [str(source_id)])
        return "not_due"
    result = refresh_source(source, store=store, http=ctx.http, options=ctx.options, now=now,
                            gate=ctx.feed_gate)
    # A failed source is not retried here: its next_check_at already carries the back-off.
    ctx.jobs.release(SOURCE, [str(source_id)])
    return result.outcome.value


def run_ingest_page(ctx: WorkerContext, url: str) -> str:
    """Fetch, extract and store one queued page, unless it was done already."""
    store = ctx.store
    pending = ctx.jobs.pending_page(url)
    if pending is None:
        ctx.jobs.release(PAGE, [url])
        return "already_done"
    source = None
    if pending.source_id is not None:
        try:
            source = store.sources.get(pending.source_id)
        except RecordMissing:
            source = None
    result = ingest_page(pending, source, store=store, http=ctx.http, options=ctx.options,
                         detector=ctx.detector, now=ctx.clock(), gate=ctx.gate,
                         index=ctx.near_duplicates, resolver=ctx.resolver)
    if result.outcome is IngestOutcome.failed and ctx.jobs.pending_page(url) is not None:
        # Transient: the page stays pending; keep it leased while it backs off.
        until = ctx.jobs.back_off(PAGE, url, now=ctx.clock(), base_s=RETRY_BASE_S,
                                  max_s=RETRY_MAX_S)
        log.info("page will be retried", extra={"url": url, "code": result.error_code,
                                                "retry_at": until.isoformat()})
        return "retry"
    ctx.jobs.release(PAGE, [url])
    return result.outcome.value


def run_translate_batch(ctx: WorkerContext, article_ids: Sequence[int], target: str) -> str:
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
        ctx.jobs.back_off(TRANSLATION, translation_key(article_id, target), now=now,
                          base_s=RETRY_BASE_S, max_s=RETRY_MAX_S)
    ctx.jobs.hold(TRANSLATION, [translation_key(a, target) for a in sorted(still - failed)],
                  until=now + MISSING_MODEL_HOLD)
    ctx.jobs.release(TRANSLATION, [translation_key(a, target) for a in article_ids
                                   if a not in still])
    if still - failed:
        return "missing_model"
    return "failed" if still else "done"


def run_publish(ctx: WorkerContext) -> str:
    """Bring the static copy of the site up to the store (``pipeline.publish``): a pass
    delivered twice finds nothing new the second time. Without ``export_dir`` there is
    nothing to publish: the app reads the store, and the data version moved at commit."""
    publisher = ctx.publisher
    if publisher is None:
        ctx.jobs.release(PUBLISH, [SITE])
        return "off"
    report = publisher()
    if report.outcome is not PublishOutcome.busy:
        # Busy: another pass holds the directory, and gives the lease back when it ends.
        ctx.jobs.release(PUBLISH, [SITE])
    return report.outcome.value
