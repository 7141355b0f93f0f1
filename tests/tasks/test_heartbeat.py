"""Heartbeats: each running process records itself with its memory, status and /metrics list
the live ones, a stopped one leaves, a silent one is no longer shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bbabo.pipeline.status import build_status
from bbabo.store import Store
from bbabo.tasks.heartbeat import Heartbeat

NOW = datetime(2026, 12, 6, 12, tzinfo=UTC)


def test_a_process_beats_is_listed_with_its_memory_and_leaves_when_stopped(
        store: Store) -> None:
    clock = [NOW]
    heartbeat = Heartbeat(store, "worker", clock=lambda: clock[0]).start()
    try:
        report = build_status(store, targets=("en",), now=NOW, celery=True)
        (process,) = report.processes
        assert process.role == "worker" and process.id == heartbeat.id
        assert process.resident_bytes and process.tree_resident_bytes
        assert process.tree_resident_bytes >= process.resident_bytes
        printed = report.as_json()["operations"]["processes"]
        assert printed[0]["role"] == "worker" and printed[0]["resident_bytes"] > 0
        # Silent for two minutes (killed, say): no longer shown, though its row stays a while.
        later = NOW + timedelta(minutes=2)
        assert build_status(store, targets=("en",), now=later, celery=True).processes == ()
        clock[0] = later
        heartbeat.beat()
        assert len(build_status(store, targets=("en",), now=later, celery=True).processes) == 1
    finally:
        heartbeat.stop()
    assert store.processes.live(NOW - timedelta(days=1)) == []
