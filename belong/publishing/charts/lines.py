"""Lines over years (or steps over time to an event), with a marker shape per line."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html

from .svg import (
    GRID,
    MARKERS,
    MUTED,
    SMALL,
    WIDTH,
    Chart,
    LegendItem,
    colour_for,
    fmt,
    ident_of,
    line,
    marker,
    nice_max,
    num,
    svg_frame,
    text,
    ticks,
)

# --- lines ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]
    low: tuple[float | None, ...] = ()
    high: tuple[float | None, ...] = ()
    special: bool = False
    colour: str = ""


@dataclass
class _Frame:
    left: float
    right: float
    top: float
    bottom: float
    y_max: float
    count: int
    xs: list[float] = field(default_factory=list)

    def y(self, v: float) -> float:
        return self.bottom - (self.bottom - self.top) * max(0.0, min(v, self.y_max)) / self.y_max


def line_chart(
    key: str,
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    percent: bool = True,
    step: bool = False,
    x_title: str = "",
) -> Chart:
    """Lines over ``x_labels`` (years), a gap where a value is hidden; ``step`` for time to
    an event."""
    ident = ident_of(key)
    values = [v for s in series for v in (*s.values, *s.high) if v is not None]
    top = nice_max(max(values or [0.0]), percent)
    frame = _Frame(
        left=48.0, right=WIDTH - 16.0, top=12.0, bottom=212.0, y_max=top, count=len(x_labels)
    )
    n = max(len(x_labels), 1)
    step_x = (frame.right - frame.left) / max(n - 1, 1)
    frame.xs = [
        frame.left + step_x * i if n > 1 else (frame.left + frame.right) / 2 for i in range(n)
    ]
    parts: list[str] = []
    for tick in ticks(top, percent):
        ty = frame.y(tick)
        parts.append(line(frame.left, ty, frame.right, ty, stroke=GRID, width=1))
        parts.append(
            text(frame.left - 6, ty + 4, fmt(tick, percent), size=SMALL, anchor="end", fill=MUTED)
        )
    every = max(1, math.ceil(n / 8))
    for i, label in enumerate(x_labels):
        if i % every == 0 or i == n - 1:
            parts.append(
                text(frame.xs[i], frame.bottom + 18, label, size=SMALL, anchor="middle", fill=MUTED)
            )
    legend: list[LegendItem] = []
    special_seen = 0
    for si, s in enumerate(series):
        colour = s.colour or colour_for(si, special=s.special, special_index=special_seen)
        special_seen += int(s.special)
        shape = MARKERS[si % len(MARKERS)]
        legend.append(LegendItem(s.label, colour, shape))
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values[:n]):
            if v is None:
                runs.append([])
                continue
            runs[-1].append((frame.xs[i], frame.y(v)))
        for run in runs:
            if len(run) >= 2:
                points: list[tuple[float, float]] = []
                for j, (px, py) in enumerate(run):
                    if step and j:
                        points.append((px, points[-1][1]))
                    points.append((px, py))
                coords = " ".join(f"{num(px)},{num(py)}" for px, py in points)
                parts.append(
                    format_html(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>',
                        coords,
                        colour,
                    )
                )
        for i, v in enumerate(s.values[:n]):
            if v is None:
                continue
            lo = s.low[i] if i < len(s.low) else None
            hi = s.high[i] if i < len(s.high) else None
            if lo is not None and hi is not None:
                parts.append(
                    line(
                        frame.xs[i], frame.y(lo), frame.xs[i], frame.y(hi), stroke=colour, width=1.5
                    )
                )
            if not step:
                parts.append(marker(shape, frame.xs[i], frame.y(v), colour))
    if x_title:
        parts.append(
            text(
                (frame.left + frame.right) / 2,
                frame.bottom + 38,
                x_title,
                size=SMALL,
                anchor="middle",
                fill=MUTED,
            )
        )
    height = frame.bottom + (44 if x_title else 28)
    return Chart(
        ident,
        title,
        description,
        svg_frame(ident, title, description, height, "".join(parts)),
        tuple(legend),
    )
