"""Task leases: taken atomically, given back, backed off, and free again once they run out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bbabo.store import LeaseKind, Store

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_a_key_is_leased_once_until_it_runs_out_or_is_released(store: Store) -> None:
    jobs = store.jobs
    until = NOW + timedelta(minutes=10)
    assert jobs.lease("page", ["b", "a", "b"], until=until, now=NOW) == ["b", "a"]
    assert jobs.lease("page", ["a", "c"], until=until, now=NOW) == ["c"]
    assert jobs.lease("source", ["a"], until=until, now=NOW) == ["a"]  # kinds are apart
    assert jobs.live(now=NOW) == {"page": 3, "source": 1}

    jobs.release("page", ["a"])
    assert jobs.lease("page", ["a"], until=until, now=NOW) == ["a"]
    later = until + timedelta(seconds=1)
    assert jobs.lease("page", ["a", "b"], until=later + timedelta(minutes=5), now=later) == [
        "a", "b"]
    assert jobs.purge(now=later + timedelta(hours=1)) == 4
    assert jobs.live(now=NOW) == {}


def test_back_off_doubles_and_is_remembered_until_release(store: Store) -> None:
    jobs = store.jobs
    first = jobs.back_off("page", "u", now=NOW, base_s=60, max_s=600)
    assert first == NOW + timedelta(seconds=60)
    assert jobs.lease("page", ["u"], until=NOW + timedelta(hours=1), now=NOW) == []
    second = jobs.back_off("page", "u", now=first, base_s=60, max_s=600)
    assert second == first + timedelta(seconds=120)
    assert jobs.purge(now=second + timedelta(days=1)) == 0  # failures are kept
    third = jobs.back_off("page", "u", now=NOW, base_s=60, max_s=150)
    assert third == NOW + timedelta(seconds=150)  # capped
    jobs.release("page", ["u"])
    assert jobs.back_off("page", "u", now=NOW, base_s=60, max_s=600) == first


def test_hold_overrides_a_live_lease(store: Store) -> None:
    jobs = store.jobs
    jobs.lease("tr", ["1:de"], until=NOW + timedelta(minutes=1), now=NOW)
    jobs.hold("tr", ["1:de", "2:de"], until=NOW + timedelta(hours=1))
    assert jobs.lease("tr", ["1:de", "2:de"], until=NOW + timedelta(hours=2),
                      now=NOW + timedelta(minutes=30)) == []


def test_a_worker_claims_a_queued_lease_and_only_its_heartbeat_renews_it(store: Store) -> None:
    jobs = store.jobs
    queued = NOW + timedelta(minutes=15)
    jobs.lease(LeaseKind.page, ["a", "b"], until=queued, now=NOW)
    running = NOW + timedelta(seconds=30)
    # Worker 1 starts both; a copy of the task at worker 2 finds them taken.
    assert jobs.claim(LeaseKind.page, ["a", "b"], owner="w1", until=running, now=NOW) == [
        "a", "b"]
    assert jobs.claim(LeaseKind.page, ["b"], owner="w2", until=running, now=NOW) == []
    assert jobs.claim(LeaseKind.page, ["b"], owner="w1", until=running, now=NOW) == ["b"]
    # Only the owner's heartbeat renews; a lease given back stays given back.
    assert jobs.renew(LeaseKind.page, ["a", "b"], owner="w2", until=NOW + timedelta(hours=1)) == 0
    jobs.release(LeaseKind.page, ["a"])
    assert jobs.renew(LeaseKind.page, ["a", "b"], owner="w1",
                      until=NOW + timedelta(seconds=40)) == 1
    assert jobs.live_keys(LeaseKind.page, ["a", "b"], now=NOW + timedelta(seconds=35)) == {"b"}
    # Worker 1 dies: no more beats; once the short lease runs out, the work is free again,
    # for the scheduler (lease) and for a copy of the task (claim) alike.
    dead = NOW + timedelta(seconds=41)
    assert jobs.live_keys(LeaseKind.page, ["b"], now=dead) == set()
    assert jobs.claim(LeaseKind.page, ["b"], owner="w2", until=dead + timedelta(seconds=30),
                      now=dead) == ["b"]
    # A claim with no lease at all (a task sent by hand) simply takes it.
    assert jobs.claim(LeaseKind.page, ["z"], owner="w2", until=running, now=NOW) == ["z"]
    # Backing off hands the lease back to no one: any worker may claim it later.
    jobs.back_off(LeaseKind.page, "b", now=dead, base_s=60, max_s=600)
    assert jobs.claim(LeaseKind.page, ["b"], owner="w3", until=running, now=dead) == ["b"]


def test_claimed_pages_go_to_one_claimant_and_a_page_backing_off_to_none(store: Store) -> None:
    from bbabo.model import FeedEntry
    from bbabo.store.jobs import LeaseKind

    source = store.sources.add(url="https://news.example/feed.xml", now=NOW)
    urls = [f"https://news.example/{n}" for n in range(5)]
    store.pages.enqueue(source.id, [FeedEntry(url=url) for url in urls], now=NOW)
    store.jobs.back_off(LeaseKind.page, urls[4], now=NOW, base_s=60, max_s=600)
    until = NOW + timedelta(hours=1)
    first = store.jobs.claim_pages(now=NOW, until=until, limit=2)
    second = store.jobs.claim_pages(now=NOW, until=until, limit=10)
    assert [p.url for p in first] == urls[:2]  # oldest first
    assert [p.url for p in second] == urls[2:4]  # the rest, less the one backing off
    assert store.jobs.claim_pages(now=NOW, until=until, limit=10) == []
    assert [p.url for p in store.jobs.claim_pages(now=until, until=until + timedelta(hours=1),
                                                  limit=10)] == urls  # claims ran out
