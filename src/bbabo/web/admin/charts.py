"""The dashboard's charts as plain geometry, drawn as inline SVG by ``_charts.html``.

Drawn by hand rather than with a charting library (docs/decisions.md, 2026-12-06): the site's
CSP forbids inline styles and scripts, which SVG charting libraries (pygal, matplotlib) emit,
and two kinds of chart (bars per hour stacked by language, bars per category) are little
code. Colours come from classes in ``admin.css``; each chart has a ``<title>`` and a
``<desc>`` summing it up, every bar a tooltip, and the page shows the same numbers as a
table, so nothing depends on seeing the picture or on JavaScript."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bbabo.store.ops import HOUR_FORMAT

__all__ = ["HourlyChart", "BarChart", "DelayChart", "Rect", "Tick", "hourly_chart",
           "bar_chart", "delay_chart", "nice_max", "duration"]

_WIDTH, _HEIGHT = 720, 220
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 8, 8, 28
_COLOURS = 10  # .s0 … .s9 in admin.css


@dataclass(frozen=True, slots=True, kw_only=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    cls: str
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Tick:
    pos: float
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HourlyChart:
    """Bars per hour, stacked by series (languages); ``rows`` is the table: each hour with
    something in it, its count per series and in all."""

    id: str
    title: str
    desc: str
    width: int
    height: int
    rects: tuple[Rect, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    series: tuple[tuple[str, str, int], ...]  # (class, name, total)
    rows: tuple[tuple[str, tuple[int, ...], int], ...]
    total: int
    plot: tuple[int, int, int, int]  # left, top, right, bottom of the plotting area


@dataclass(frozen=True, slots=True, kw_only=True)
class BarChart:
    """One bar per category, longest first."""

    id: str
    title: str
    desc: str
    width: int
    height: int
    bars: tuple[tuple[Rect, str, int], ...]  # (bar, category, count)
    total: int


def nice_max(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten at least ``value`` (and at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def hourly_chart(chart_id: str, title: str, counts: Mapping[str, Mapping[str, int]], *,
                 since: datetime, until: datetime, unit: str) -> HourlyChart:
    """``counts``: series -> hour (``HOUR_FORMAT``) -> count, for the hours from ``since``
    to ``until``."""
    hours = []
    moment = since
    while moment <= until:
        hours.append(moment)
        moment += timedelta(hours=1)
    keys = [hour.strftime(HOUR_FORMAT) for hour in hours]
    totals = {name: sum(by_hour.get(key, 0) for key in keys) for name, by_hour in counts.items()}
    names = sorted((name for name in totals if totals[name]), key=lambda n: (-totals[n], n))
    per_hour = [sum(counts[name].get(key, 0) for name in names) for key in keys]
    top = nice_max(max(per_hour, default=0))
    plot_w, plot_h = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM
    step = plot_w / max(1, len(hours))
    rects: list[Rect] = []
    for index, (hour, key) in enumerate(zip(hours, keys, strict=True)):
        base = float(_TOP + plot_h)
        for number, name in enumerate(names):
            count = counts[name].get(key, 0)
            if not count:
                continue
            height = plot_h * count / top
            base -= height
            rects.append(Rect(x=round(_LEFT + index * step, 2), y=round(base, 2),
                              w=round(max(step * 0.85, 0.5), 2), h=round(height, 2),
                              cls=f"s{number % _COLOURS}",
                              label=f"{hour:%d %b %H}:00 UTC · {name}: {_count(count, unit)}"))
    y_ticks = tuple(Tick(pos=round(_TOP + plot_h * (1 - part), 2), label=f"{top * part:g}")
                    for part in (0, 0.5, 1))
    x_ticks = tuple(Tick(pos=round(_LEFT + index * step, 2), label=f"{hour:%d %b}")
                    for index, hour in enumerate(hours) if hour.hour == 0)
    total = sum(totals.values())
    by_name = ", ".join(f"{name} {totals[name]}" for name in names) or "none"
    desc = (f"{_count(total, unit)} from {since:%d %b %H}:00 to {until:%d %b %H}:00 UTC, by hour; "
            f"by language: {by_name}. The busiest hour had {max(per_hour, default=0)}.")
    rows = tuple((f"{hour:%Y-%m-%d %H}:00", tuple(counts[n].get(key, 0) for n in names), all_)
                 for hour, key, all_ in zip(hours, keys, per_hour, strict=True) if all_)
    return HourlyChart(
        id=chart_id, title=title, desc=desc, width=_WIDTH, height=_HEIGHT, rects=tuple(rects),
        y_ticks=y_ticks, x_ticks=x_ticks,
        series=tuple((f"s{i % _COLOURS}", n, totals[n]) for i, n in enumerate(names)),
        rows=tuple(reversed(rows)), total=total,
        plot=(_LEFT, _TOP, _WIDTH - _RIGHT, _TOP + plot_h))


def bar_chart(chart_id: str, title: str, counts: Mapping[str, int], *, unit: str,
              label_width: int = 220) -> BarChart:
    ranked = sorted(((name, n) for name, n in counts.items() if n),
                    key=lambda item: (-item[1], item[0]))
    top = max((n for _, n in ranked), default=1)
    row, width = 26, _WIDTH - label_width - 60
    bars = tuple((Rect(x=label_width, y=8 + i * row, w=round(max(1.0, width * n / top), 2),
                       h=row - 8, cls=f"s{i % _COLOURS}", label=f"{name}: {_count(n, unit)}"),
                  name, n) for i, (name, n) in enumerate(ranked))
    total = sum(n for _, n in ranked)
    listed = ", ".join(f"{name} {n}" for name, n in ranked) or "none"
    return BarChart(id=chart_id, title=title, desc=f"{_count(total, unit)} in all: {listed}.",
                    width=_WIDTH, height=16 + row * max(1, len(ranked)), bars=bars,
                    total=total)


@dataclass(frozen=True, slots=True, kw_only=True)
class DelayChart:
    """Two bars per language, the median and the 95th percentile of a delay; ``rows`` is the
    table: language, then (median, 95th percentile, count) per window, as text."""

    id: str
    title: str
    desc: str
    width: int
    height: int
    bars: tuple[tuple[Rect, Rect, str, str, str], ...]  # bars, language, their values
    windows: tuple[str, ...]
    rows: tuple[tuple[str, tuple[tuple[str, str, int], ...]], ...]


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def delay_chart(chart_id: str, title: str,
                windows: Mapping[str, Mapping[str, tuple[float | None, float | None, int]]],
                *, chart_window: str, label_width: int = 80) -> DelayChart:
    """``windows``: window -> language -> (median s, 95th percentile s, versions); the bars
    show ``chart_window``, the table every window."""
    shown = {lang: value for lang, value in windows.get(chart_window, {}).items()
             if value[2] and value[1] is not None}
    ranked = sorted(shown, key=lambda lang: (-(shown[lang][1] or 0), lang))
    top = max((shown[lang][1] or 0 for lang in ranked), default=1) or 1
    row, width = 30, _WIDTH - label_width - 110
    bars = []
    for i, lang in enumerate(ranked):
        median, p95, count = shown[lang]
        y = 6 + i * row
        bars.append((
            Rect(x=label_width, y=y, w=round(max(1.0, width * (median or 0) / top), 2), h=11,
                 cls="s0", label=f"{lang}: median {duration(median)} ({count} versions)"),
            Rect(x=label_width, y=y + 12, w=round(max(1.0, width * (p95 or 0) / top), 2),
                 h=11, cls="s1", label=f"{lang}: 95th percentile {duration(p95)}"),
            lang, duration(median), duration(p95)))
    listed = "; ".join(f"{lang} median {duration(shown[lang][0])}, 95th percentile "
                       f"{duration(shown[lang][1])}" for lang in ranked) or "nothing went live"
    languages = sorted({lang for by_lang in windows.values() for lang in by_lang})
    rows = tuple((lang, tuple((duration(windows[w].get(lang, (None, None, 0))[0]),
                               duration(windows[w].get(lang, (None, None, 0))[1]),
                               windows[w].get(lang, (None, None, 0))[2]) for w in windows))
                 for lang in languages)
    return DelayChart(id=chart_id, title=title, desc=f"{title}: {listed}.", width=_WIDTH,
                      height=12 + row * max(1, len(ranked)), bars=tuple(bars),
                      windows=tuple(windows), rows=rows)


def _count(n: int, unit: str) -> str:
    """"1 flag", "2 flags": the console's units are regular English plurals ("articles",
    "pages", "sources", "flags", "translations")."""
    return f"{n} {unit.removesuffix('s') if n == 1 else unit}"
