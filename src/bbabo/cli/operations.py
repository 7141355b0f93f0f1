"""Printing the operations section of ``bbabo status`` (built by ``bbabo.pipeline.status``)."""

from __future__ import annotations

from typing import Any

import click

__all__ = ["print_operations", "print_freshness"]


def _counts(values: dict[str, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(values.items())) or "none"


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "nothing waiting"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def print_operations(report: dict[str, Any]) -> None:
    click.echo(f"mode: {report['mode']}")
    broker = report.get("broker")
    if broker is not None:
        if broker["reachable"]:
            click.echo(f"broker {broker['url']}: queues {_counts(broker['queues'])}; "
                       f"workers alive: {len(broker['workers'])}"
                       + (f" ({', '.join(broker['workers'])})" if broker["workers"] else ""))
        else:
            click.echo(f"broker {broker['url']}: unreachable: {broker['error']}")
    done = report["throughput_last_hour"]
    click.echo(f"last hour: {done['sources_refreshed']} source(s) polled; "
               f"pages {_counts(done['pages'])}; "
               f"articles {_counts(done['articles_by_language'])}; "
               f"translations {_counts(done['translations_by_language'])}")
    ages = report["backlog_age_s"]
    click.echo(f"oldest waiting: page {_age(ages['fetch'])}, "
               f"translation {_age(ages['translate'])}")
    for process in report.get("processes", []):
        click.echo(f"process {process['role']} (pid {process['pid']} on {process['host']}): "
                   f"{_memory(process)}")
    if report["leases"]:
        click.echo(f"tasks out with workers: {_counts(report['leases'])}")
    if report.get("websub_subscriptions"):
        click.echo(f"WebSub subscriptions: {_counts(report['websub_subscriptions'])}")


def _quantiles(cell: dict[str, Any] | None) -> str:
    if not cell or not cell["count"]:
        return "-"
    return f"{_age(cell['p50_s'])} / {_age(cell['p95_s'])} ({cell['count']})"


def print_freshness(freshness: dict[str, Any]) -> None:
    """p50 / p95 (count) per language, last hour and last day: from the source's publication
    to the version being live, then from bbabo first seeing the story."""
    for measure, what in (("published", "publication"), ("seen", "first seen")):
        hour, day = freshness["1h"][measure], freshness["1d"][measure]
        langs = sorted(set(hour) | set(day))
        if not langs:
            click.echo(f"freshness ({what} → live): nothing went live in the last day")
            continue
        click.echo(f"freshness ({what} → live), p50 / p95 (versions): last hour | last day")
        for lang in langs:
            click.echo(f"  {lang}: {_quantiles(hour.get(lang))} | {_quantiles(day.get(lang))}")


def _memory(process: dict[str, Any]) -> str:
    """Resident memory; with child processes (the extraction child), their sum first and the
    process's own figure beside its own peak, so the peak is never read against the sum."""
    own, tree = process["resident_bytes"], process["tree_resident_bytes"]
    peak = process["peak_resident_bytes"]
    if not own and not tree:
        return "memory unknown"
    peak_text = f", peak {peak / 1e6:.0f} MB" if peak else ""
    if tree and own and tree > own:
        return (f"{tree / 1e6:.0f} MB resident with its child processes "
                f"({own / 1e6:.0f} MB its own{peak_text})")
    return f"{(own or tree) / 1e6:.0f} MB resident{peak_text}"
