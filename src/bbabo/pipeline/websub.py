"""WebSub (W3C Recommendation): a feed's news pushed to us by its hub within seconds, polling
kept as the safety net.

- ``maintain`` (run after every crawl pass in ``bbabo run``, every half minute by ``bbabo
  scheduler``) subscribes the enabled sources whose feed names a hub, renews each lease before
  it runs out (at 80 % of it), asks again a hub that did not verify, and unsubscribes the
  subscriptions whose source was removed, disabled or no longer names that hub;
- ``verify_intent`` answers the hub's verification of our intent (§5.3): the challenge is
  echoed only for the topic we asked for and a request we made (a subscription we wait for or
  hold; an unsubscription we asked for);
- ``receive_delivery`` takes a content distribution (§7): the body, bounded in size, must carry
  a valid ``X-Hub-Signature`` for the subscription's secret, else it is dropped and logged; its
  entries are queued like a poll's (the same fetch queue, so the same duplicate checks and the
  same per-host politeness for the article pages).

Subscribing needs the site's public address (``public_url``): the hub calls us back there.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from bbabo import dedup, fetch, sources
from bbabo.errors import BbaboError, PermanentError
from bbabo.model import FeedEntry
from bbabo.store import Store, Subscription
from bbabo.store.websub import ACTIVE, FAILED, REQUESTED, UNSUBSCRIBING

__all__ = ["WebSubOptions", "maintain", "verify_intent", "receive_delivery", "Delivery",
           "CALLBACK_PATH", "callback_url", "MaintainReport"]

log = logging.getLogger(__name__)

CALLBACK_PATH = "/-/websub/"


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSubOptions:
    """``public_url``: the site's address the hub calls back (``/-/websub/{token}``)."""

    public_url: str
    lease_s: int = 10 * 86400  # asked for; the hub decides (the spec's default is 10 days)
    renew_at: float = 0.8  # renew once this share of the lease has passed
    retry_s: int = 3600  # a hub that did not verify (or refused) is asked again after this,
    # doubling with each attempt, at most a day
    max_body: int = 2 * 1024 * 1024  # a larger delivery is refused (413)


def callback_url(options: WebSubOptions, token: str) -> str:
    return options.public_url.rstrip("/") + CALLBACK_PATH + token


@dataclass(slots=True)
class MaintainReport:
    subscribed: int = 0
    renewed: int = 0
    unsubscribed: int = 0
    failed: int = 0


def maintain(*, store: Store, http: httpx.Client, fetch_options: fetch.FetchOptions,
             options: WebSubOptions, now: datetime) -> MaintainReport:
    """Bring the subscriptions in line with the sources (see the module's docstring)."""
    report = MaintainReport()
    wanted = {s.id: s for s in store.sources.list() if s.enabled and s.websub_hub}
    for sub in store.websub.list():
        source = wanted.get(sub.source_id) if sub.source_id is not None else None
        if source is None or (source.websub_hub, source.websub_topic) != (sub.hub_url,
                                                                             sub.topic_url):
            _leave(store, http, fetch_options, options, sub, now, report)
    held = {sub.source_id: sub for sub in store.websub.list() if sub.source_id is not None}
    for source in wanted.values():
        existing = held.get(source.id)
        if existing is None:
            new = store.websub.create(source_id=source.id, hub_url=source.websub_hub or "",
                                      topic_url=source.websub_topic or source.url,
                                      token=sources.new_token(), secret=sources.new_secret(),
                                      now=now)
            report.subscribed += _request(http, fetch_options, options, new, "subscribe",
                                          store, now, report)
        elif existing.state == ACTIVE and _renewal_due(existing, options, now):
            store.websub.requested(existing.id, now=now)
            report.renewed += _request(http, fetch_options, options, existing, "subscribe",
                                       store, now, report)
        elif existing.state in (REQUESTED, FAILED) and now >= _retry_at(existing, options):
            store.websub.requested(existing.id, now=now)
            report.subscribed += _request(http, fetch_options, options, existing, "subscribe",
                                          store, now, report)
    return report


def _renewal_due(sub: Subscription, options: WebSubOptions, now: datetime) -> bool:
    if sub.lease_until is None or sub.verified_at is None:
        return True
    lease = sub.lease_until - sub.verified_at
    return now >= sub.verified_at + lease * options.renew_at and now >= sub.requested_at + min(
        lease / 10, timedelta(seconds=options.retry_s))


def _retry_at(sub: Subscription, options: WebSubOptions) -> datetime:
    wait = min(options.retry_s * 2 ** max(sub.attempts - 1, 0), 86400)
    return sub.requested_at + timedelta(seconds=wait)


def _leave(store: Store, http: httpx.Client, fetch_options: fetch.FetchOptions,
           options: WebSubOptions, sub: Subscription, now: datetime,
           report: MaintainReport) -> None:
    """Unsubscribe (the hub verifies, and ``verify_intent`` deletes the row). The row lets go
    of its source at once, so the source may subscribe to the hub it names now. A hub that
    never confirms is asked three times, then forgotten: its lease lapses by itself."""
    if sub.state != UNSUBSCRIBING:
        if sub.verified_at is None:
            store.websub.delete(sub.id)  # never verified: the hub holds nothing of ours
            return
        store.websub.unsubscribing(sub.id, now=now, first=True)
    elif now < _retry_at(sub, options):
        return
    elif sub.attempts >= 3:
        store.websub.delete(sub.id)
        return
    else:
        store.websub.unsubscribing(sub.id, now=now)
    if _request(http, fetch_options, options, sub, "unsubscribe", store, now, report):
        report.unsubscribed += 1


def _request(http: httpx.Client, fetch_options: fetch.FetchOptions, options: WebSubOptions,
             sub: Subscription, mode: str, store: Store, now: datetime,
             report: MaintainReport) -> int:
    """POST a (un)subscription request (§5.1); 1 when the hub accepted it. The row was stored
    first: a hub may verify before it answers."""
    fields = {"hub.mode": mode, "hub.topic": sub.topic_url,
              "hub.callback": callback_url(options, sub.token)}
    if mode == "subscribe":
        fields.update({"hub.lease_seconds": str(options.lease_s), "hub.secret": sub.secret})
    try:
        fetch.post_form(http, sub.hub_url, fields, fetch_options)
    except BbaboError as exc:
        log.warning("WebSub %s request failed: %s", mode, exc,
                    extra={"source_id": sub.source_id, "url": sub.hub_url, "code": exc.code})
        if mode == "subscribe":
            store.websub.fail(sub.id, error=f"{exc.code}: {exc}")
        elif isinstance(exc, PermanentError):
            store.websub.delete(sub.id)
        report.failed += 1
        return 0
    log.info("WebSub %s requested", mode, extra={"source_id": sub.source_id,
                                                 "url": sub.topic_url})
    return 1


def verify_intent(store: Store, token: str, params: Mapping[str, str], *,
                  options: WebSubOptions, now: datetime) -> str | None:
    """The body to answer the hub's verification GET with (the challenge), or None for 404:
    a request we did not make, or for another topic."""
    sub = store.websub.by_token(token)
    mode, topic = params.get("hub.mode", ""), params.get("hub.topic", "")
    if sub is None or topic != sub.topic_url:
        log.warning("WebSub verification refused: unknown subscription or topic",
                    extra={"url": topic})
        return None
    if mode == "denied":
        reason = params.get("hub.reason", "no reason given")[:500]
        store.websub.fail(sub.id, error=f"the hub denied the subscription: {reason}")
        log.warning("WebSub subscription denied: %s", reason, extra={"source_id": sub.source_id})
        return ""
    challenge = params.get("hub.challenge", "")
    if not challenge:
        return None
    if mode == "subscribe" and sub.state in (REQUESTED, ACTIVE, FAILED) and sub.source_id:
        lease_s = _lease_seconds(params.get("hub.lease_seconds"), options)
        store.websub.activate(sub.id, now=now, lease_until=now + timedelta(seconds=lease_s))
        log.info("WebSub subscription verified", extra={"source_id": sub.source_id,
                                                        "url": sub.topic_url})
        return challenge
    if mode == "unsubscribe" and sub.state == UNSUBSCRIBING:
        store.websub.delete(sub.id)
        log.info("WebSub unsubscription verified", extra={"url": sub.topic_url})
        return challenge
    log.warning("WebSub verification refused: %s not asked for", mode,
                extra={"source_id": sub.source_id, "url": topic})
    return None


def _lease_seconds(value: str | None, options: WebSubOptions) -> int:
    try:
        lease = int(value or "")
    except ValueError:
        return options.lease_s
    return lease if lease > 0 else options.lease_s


class Delivery(enum.Enum):
    """What became of a delivery, and the status to answer the hub with."""

    accepted = "accepted"  # queued (or nothing new in it): 202
    rejected = "rejected"  # bad signature or not a feed: dropped; still 202, as §7.1.2 allows
    gone = "gone"  # no such subscription (any more): 410, and the hub should stop

    @property
    def status(self) -> int:
        return 410 if self is Delivery.gone else 202


def receive_delivery(store: Store, token: str, body: bytes, signature: str | None, *,
                     now: datetime) -> tuple[Delivery, int]:
    """Check and queue one content distribution; (what became of it, pages queued)."""
    sub = store.websub.by_token(token)
    if sub is None or sub.source_id is None or sub.state == UNSUBSCRIBING:
        return Delivery.gone, 0
    if not sources.check_signature(sub.secret, body, signature):
        store.websub.delivered(sub.id, now=now, accepted=False)
        log.warning("WebSub delivery dropped: %s", "unsigned" if not signature
                    else "wrong signature", extra={"source_id": sub.source_id,
                                                   "url": sub.topic_url,
                                                   "code": "websub.bad_signature"})
        return Delivery.rejected, 0
    try:
        feed = sources.read_feed(body, base_url=sub.topic_url)
    except BbaboError as exc:
        store.websub.delivered(sub.id, now=now, accepted=False)
        log.warning("WebSub delivery is not a feed: %s", exc,
                    extra={"source_id": sub.source_id, "code": exc.code})
        return Delivery.rejected, 0
    entries = [_normalized(entry) for entry in feed.entries]
    queued = store.pages.enqueue(sub.source_id, entries, now=now)
    store.websub.delivered(sub.id, now=now, accepted=True)
    log.info("WebSub delivery", extra={"source_id": sub.source_id, "new": queued})
    return Delivery.accepted, queued


def _normalized(entry: FeedEntry) -> FeedEntry:
    return FeedEntry(url=dedup.normalize_url(entry.url), title=entry.title,
                     published_at=entry.published_at, summary=entry.summary)
