"""`bbabo status`'s memory line: a process's peak is its own, so it is shown beside its own
figure, never against the sum with its children (a reader saw "672 MB resident, peak 534 MB")."""

from __future__ import annotations

from bbabo.cli.operations import _memory


def test_with_children_the_sum_comes_first_and_the_peak_beside_the_own_figure() -> None:
    line = _memory({"resident_bytes": 466e6, "tree_resident_bytes": 672e6,
                    "peak_resident_bytes": 534e6})
    assert line == "672 MB resident with its child processes (466 MB its own, peak 534 MB)"


def test_alone_or_unknown() -> None:
    assert _memory({"resident_bytes": 300e6, "tree_resident_bytes": 300e6,
                    "peak_resident_bytes": 310e6}) == "300 MB resident, peak 310 MB"
    assert _memory({"resident_bytes": 300e6, "tree_resident_bytes": None,
                    "peak_resident_bytes": None}) == "300 MB resident"
    assert _memory({"resident_bytes": None, "tree_resident_bytes": None,
                    "peak_resident_bytes": None}) == "memory unknown"
