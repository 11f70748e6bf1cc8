"""Small inline-SVG charts: grouped and stacked horizontal bars, and a line chart.

Each chart is a string holding one ``<svg data-chart="ID">`` with a title, axis labels, a
legend, and marks (``rect`` bars, ``circle`` points) carrying ``data-value``, ``data-row``
and ``data-series`` attributes plus a ``<title>`` tooltip. Every text is escaped here, so
callers pass raw strings. Widths of labels are estimated (no font metrics in pure Python).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

# A fixed palette: the i-th frame of the taxonomy always gets the i-th colour.
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#86bcb6", "#8cd17d", "#d4a6c8", "#a0cbe8", "#ffbe7d", "#499894", "#d37295")
STANCE_COLOURS = {"endorse": "#2e8b57", "contest": "#c8102e", "neutral": "#9aa0a6"}
_OTHER_STANCE = ("#6a51a3", "#e6ab02", "#1b9e77", "#66a61e", "#a6761d")

WIDTH = 920
_CHAR = 6.6  # rough width of one character at 12px
_FONT = 'font-family="system-ui, sans-serif" font-size="12"'


@dataclass(frozen=True)
class Series:
    """One coloured series of a chart (a frame, or a stance)."""

    key: str
    label: str
    colour: str


def frame_colours(frame_ids: Sequence[str], extra: Sequence[str] = ()) -> dict[str, str]:
    """Colour per frame: taxonomy order first, then frames the taxonomy lacks."""
    ids = list(frame_ids) + [f for f in extra if f not in frame_ids]
    return {f: PALETTE[i % len(PALETTE)] for i, f in enumerate(ids)}


def stance_colours(stances: Sequence[str]) -> dict[str, str]:
    """Colour per stance: fixed for endorse/contest/neutral, a second palette for others."""
    others = iter(_OTHER_STANCE * (1 + len(stances) // len(_OTHER_STANCE)))
    return {s: STANCE_COLOURS.get(s) or next(others) for s in stances}


def nice_top(value: float, whole: bool = False) -> tuple[float, float]:
    """A round axis maximum at or above ``value`` and a tick step giving 4-6 ticks.

    With ``whole`` (counts) the step is a whole number.
    """
    if value <= 0:
        return (1.0, 1.0) if whole else (1.0, 0.25)
    exp = 10 ** math.floor(math.log10(value))
    for mult in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = mult * exp
        if whole and (step < 1 or not float(step).is_integer()):
            continue
        if value / step <= 5:
            return math.ceil(value / step - 1e-9) * step, step
    return value, value  # pragma: no cover - the loop always returns


def percent(v: float) -> str:
    return f"{v * 100:.0f}%" if abs(v * 100 - round(v * 100)) < 1e-9 else f"{v * 100:.1f}%"


def integer(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(chars - 1, 1)] + "…"


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {extra}>{escape(text)}</text>'


def _legend(series: Sequence[Series], y: float, left: float, width: float) -> tuple[str, float]:
    """Legend swatches in wrapped rows starting at ``y``; returns the SVG and the height used."""
    parts, x, row = ['<g class="legend">'], left, 0
    for s in series:
        w = 18 + len(s.label) * _CHAR + 16
        if x + w > left + width and x > left:
            x, row = left, row + 1
        ly = y + row * 18
        parts.append(f'<g data-legend="{escape(s.key)}"><rect x="{x:.1f}" y="{ly:.1f}" width="12" height="12" '
                     f'fill="{s.colour}"/>{_text(x + 16, ly + 10, s.label)}</g>')
        x += w
    parts.append("</g>")
    return "".join(parts), (row + 1) * 18 if series else 0


def _frame(chart_id: str, title: str, height: float, body: str, desc: str = "") -> str:
    aria = escape(desc or title)
    heading = _text(WIDTH / 2, 20, title, "middle", 'font-size="15" font-weight="600" class="chart-title"')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="{escape(chart_id)}" role="img" '
            f'aria-label="{aria}" width="{WIDTH}" height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" {_FONT}>'
            f'<title>{escape(title)}</title>'
            f"{heading}"
            f"{body}</svg>")


def _x_axis(left: float, plot_w: float, top_y: float, bottom_y: float, top: float, step: float,
            fmt: Callable[[float], str], label: str) -> str:
    """Vertical grid lines with tick labels below, and the x-axis label."""
    parts, ticks = [], round(top / step)
    for i in range(ticks + 1):
        v = i * step
        x = left + plot_w * v / top
        parts.append(f'<line x1="{x:.1f}" y1="{top_y:.1f}" x2="{x:.1f}" y2="{bottom_y:.1f}" stroke="#e3e3e3"/>')
        parts.append(_text(x, bottom_y + 14, fmt(v), "middle", 'fill="#555"'))
    parts.append(f'<line x1="{left:.1f}" y1="{bottom_y:.1f}" x2="{left + plot_w:.1f}" y2="{bottom_y:.1f}" stroke="#888"/>')
    parts.append(_text(left + plot_w / 2, bottom_y + 32, label, "middle", 'class="axis-label" font-weight="600"'))
    return "".join(parts)


def _y_label(x: float, y: float, label: str) -> str:
    return _text(x, y, label, "middle", f'class="axis-label" font-weight="600" transform="rotate(-90 {x:.1f} {y:.1f})"')


def _bar(x: float, y: float, w: float, h: float, colour: str, value: str, row: str, series: str, tip: str) -> str:
    return (f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.2f}" height="{h:.1f}" fill="{colour}" '
            f'data-value="{value}" data-row="{escape(row)}" data-series="{escape(series)}"><title>{escape(tip)}</title></rect>')


def _left_margin(labels: Sequence[str]) -> tuple[float, int]:
    chars = min(max((len(s) for s in labels), default=4), 30)
    return 40 + chars * _CHAR, chars


def grouped_hbar(chart_id: str, title: str, rows: Sequence[tuple[str, str]], series: Sequence[Series],
                 values: Mapping[str, Mapping[str, float]], x_label: str, y_label: str,
                 fmt: Callable[[float], str] = percent, max_value: float | None = None) -> str:
    """One cluster of horizontal bars per row (``(key, label)``), one bar per series.

    ``values[row_key][series_key]`` is the bar length; ``data-value`` holds it rounded to 6 places.
    """
    bar_h, gap = 12.0, 12.0
    left, chars = _left_margin([label for _, label in rows])
    plot_w, top_y = WIDTH - left - 30, 36.0
    top, step = nice_top(max_value if max_value is not None else
                         max((v for r in values.values() for v in r.values()), default=0.0))
    parts, y = [], top_y + gap / 2
    for key, label in rows:
        cluster = bar_h * len(series)
        parts.append(_text(left - 6, y + cluster / 2 + 4, _clip(label, chars), "end", 'class="row-label"'))
        for s in series:
            v = float(values.get(key, {}).get(s.key, 0.0))
            parts.append(_bar(left, y, plot_w * v / top, bar_h - 1, s.colour, f"{round(v, 6):g}", key, s.key,
                              f"{label} · {s.label}: {fmt(v)}"))
            y += bar_h
        y += gap
    bottom_y = y - gap / 2
    body = _x_axis(left, plot_w, top_y, bottom_y, top, step, fmt, x_label) + "".join(parts)
    body += _y_label(14, (top_y + bottom_y) / 2, y_label)
    legend, lh = _legend(series, bottom_y + 46, left, plot_w)
    return _frame(chart_id, title, bottom_y + 52 + lh, body + legend)


def stacked_hbar(chart_id: str, title: str, rows: Sequence[tuple[str, str]], series: Sequence[Series],
                 values: Mapping[str, Mapping[str, float]], x_label: str, y_label: str,
                 fmt: Callable[[float], str] = integer) -> str:
    """One horizontal bar per row, split into one segment per series (e.g. counts per stance)."""
    bar_h, gap = 18.0, 8.0
    left, chars = _left_margin([label for _, label in rows])
    plot_w, top_y = WIDTH - left - 30, 36.0
    top, step = nice_top(max((sum(r.values()) for r in values.values()), default=0.0), whole=fmt is integer)
    parts, y = [], top_y + gap / 2
    for key, label in rows:
        parts.append(_text(left - 6, y + bar_h / 2 + 4, _clip(label, chars), "end", 'class="row-label"'))
        x = left
        for s in series:
            v = float(values.get(key, {}).get(s.key, 0.0))
            w = plot_w * v / top
            parts.append(_bar(x, y, w, bar_h, s.colour, f"{round(v, 6):g}", key, s.key, f"{label} · {s.label}: {fmt(v)}"))
            x += w
        y += bar_h + gap
    bottom_y = y - gap / 2
    body = _x_axis(left, plot_w, top_y, bottom_y, top, step, fmt, x_label) + "".join(parts)
    body += _y_label(14, (top_y + bottom_y) / 2, y_label)
    legend, lh = _legend(series, bottom_y + 46, left, plot_w)
    return _frame(chart_id, title, bottom_y + 52 + lh, body + legend)


def line_chart(chart_id: str, title: str, xs: Sequence[str], series: Sequence[Series],
               values: Mapping[str, Mapping[str, float]], x_label: str, y_label: str,
               fmt: Callable[[float], str] = percent) -> str:
    """One line per series over the categorical x values ``xs``; ``values[x][series_key]``."""
    left, top_y, plot_h = 70.0, 36.0, 240.0
    plot_w = WIDTH - left - 30
    top, step = nice_top(max((v for r in values.values() for v in r.values()), default=0.0))
    bottom_y = top_y + plot_h
    dx = plot_w / max(len(xs) - 1, 1)

    def px(i: int) -> float:
        return left + (i * dx if len(xs) > 1 else plot_w / 2)

    def py(v: float) -> float:
        return bottom_y - plot_h * v / top

    parts = []
    for i in range(round(top / step) + 1):
        v = i * step
        parts.append(f'<line x1="{left}" y1="{py(v):.1f}" x2="{left + plot_w:.1f}" y2="{py(v):.1f}" stroke="#e3e3e3"/>')
        parts.append(_text(left - 6, py(v) + 4, fmt(v), "end", 'fill="#555"'))
    parts.append(f'<line x1="{left}" y1="{bottom_y:.1f}" x2="{left + plot_w:.1f}" y2="{bottom_y:.1f}" stroke="#888"/>')
    every = max(1, math.ceil(len(xs) * 60 / plot_w))  # thin out crowded x labels
    for i, x in enumerate(xs):
        if i % every == 0 or (i == len(xs) - 1 and i % every >= every / 2):
            parts.append(_text(px(i), bottom_y + 16, x, "middle", 'fill="#555"'))
    parts.append(_text(left + plot_w / 2, bottom_y + 36, x_label, "middle", 'class="axis-label" font-weight="600"'))
    parts.append(_y_label(16, top_y + plot_h / 2, y_label))
    for s in series:
        pts = [(px(i), py(float(values.get(x, {}).get(s.key, 0.0)))) for i, x in enumerate(xs)]
        if len(pts) > 1:
            path = " ".join(f"{a:.1f},{b:.1f}" for a, b in pts)
            parts.append(f'<polyline class="line" data-series="{escape(s.key)}" points="{path}" fill="none" '
                         f'stroke="{s.colour}" stroke-width="2"/>')
        for (a, b), x in zip(pts, xs):
            v = float(values.get(x, {}).get(s.key, 0.0))
            parts.append(f'<circle class="point" cx="{a:.1f}" cy="{b:.1f}" r="3.5" fill="{s.colour}" '
                         f'data-value="{round(v, 6):g}" data-row="{escape(x)}" data-series="{escape(s.key)}">'
                         f"<title>{escape(f'{x} · {s.label}: {fmt(v)}')}</title></circle>")
    legend, lh = _legend(series, bottom_y + 50, left, plot_w)
    return _frame(chart_id, title, bottom_y + 56 + lh, "".join(parts) + legend)
