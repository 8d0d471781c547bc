"""Charts for every module: small SVG pictures drawn on the server, each beside its data table.

Three shapes cover what Belong publishes:

* :func:`bar_chart` -- one horizontal bar per group, with its interval (a
  confidence interval, or the spread of the noise) as a whisker, and
  optionally a thin grey reference bar (a benchmark) under it;
* :func:`stacked_shares` -- one 100% bar per stage, split into the groups'
  shares;
* :func:`line_chart` -- lines over years (or a step line over time, for time
  to an event), gaps where a figure is hidden.

Every chart is an ``<svg role="img">`` named by its ``<title>`` and described
by its ``<desc>`` (what it shows, and that the table beside it holds the same
figures); it needs no JavaScript and no download. Colours come from
:data:`PALETTE` (each at least 4.5:1 against white, so white text can sit on
them, and told apart by hue for the common colour-vision deficiencies);
stacked segments are separated by white gaps and labelled in words, lines
carry a different marker each, so no chart relies on colour alone. A hidden
value is never drawn: its row says "hidden".

Text in a chart is escaped like any other template value: group and benchmark
names come from people.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

__all__ = [
    "PALETTE",
    "SPECIAL_COLOURS",
    "Bar",
    "Chart",
    "LegendItem",
    "Segment",
    "Series",
    "Stack",
    "bar_chart",
    "colour_for",
    "line_chart",
    "stacked_shares",
]

# Okabe-Ito hues, darkened where needed to reach 4.5:1 against white.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#B34700",  # vermilion
    "#007A5E",  # bluish green
    "#AD4F8F",  # reddish purple
    "#8A6100",  # ochre
    "#6A3D9A",  # purple
    "#1B1F24",  # near black
    "#8C564B",  # brown
)
# "Prefer not to answer", "Not answered", "Unknown": greys, last in every legend.
SPECIAL_COLOURS: tuple[str, ...] = ("#6B6B6B", "#4D4D4D", "#757575")
REFERENCE_COLOUR = "#757575"
TEXT = "#1b1f24"
MUTED = "#4a5460"
GRID = "#d9dde3"
HIDDEN_FILL = "#eef0f3"
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down", "cross")

WIDTH = 480
FONT = 14
SMALL = 12
VALUE_COLUMN = 80  # right-hand column for the figures


def colour_for(index: int, *, special: bool = False, special_index: int = 0) -> str:
    """The colour of the ``index``-th group (or of a special row, in grey)."""
    if special:
        return SPECIAL_COLOURS[special_index % len(SPECIAL_COLOURS)]
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    marker: str = "square"  # square (a swatch), line, or one of MARKERS


@dataclass(frozen=True)
class Chart:
    """A drawn chart: the SVG (with its title and description) and its legend."""

    ident: str
    title: str
    description: str
    svg: SafeString
    legend: tuple[LegendItem, ...] = ()

    @property
    def legend_swatches(self) -> list[tuple[LegendItem, SafeString]]:
        """Each legend item with a small SVG of its swatch or marker."""
        return [(item, _swatch(item)) for item in self.legend]


def _ident(text: str) -> str:
    return "chart-" + re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")


def _svg(ident: str, title: str, description: str, height: float, body: str) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {w} {h}" '
        'width="100%" role="img" '
        'aria-labelledby="{i}-title {i}-desc" focusable="false" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">'
        '<title id="{i}-title">{t}</title><desc id="{i}-desc">{d}</desc>{b}</svg>',
        w=WIDTH,
        h=_n(height),
        i=ident,
        t=title,
        d=description,
        b=mark_safe(body),  # noqa: S308 - built from format_html pieces only
    )


def _n(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int = FONT,
    anchor: str = "start",
    fill: str = TEXT,
    weight: str = "normal",
) -> str:
    return format_html(
        '<text x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{}" font-weight="{}">{}</text>',
        _n(x),
        _n(y),
        size,
        anchor,
        fill,
        weight,
        text,
    )


def _line(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    *,
    stroke: str = TEXT,
    width: float = 1.5,
    dash: str = "",
) -> str:
    extra = format_html(' stroke-dasharray="{}"', dash) if dash else ""
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{}/>',
        _n(x1),
        _n(y1),
        _n(x2),
        _n(y2),
        stroke,
        _n(width),
        extra,
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, *, stroke: str = "") -> str:
    outline = format_html(' stroke="{}" stroke-width="2"', stroke) if stroke else ""
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"{}/>',
        _n(x),
        _n(y),
        _n(max(w, 0.0)),
        _n(h),
        fill,
        outline,
    )


def _nice_max(value: float, percent: bool) -> float:
    if percent:
        for top in (0.1, 0.2, 0.25, 0.5, 0.75, 1.0):
            if value <= top + 1e-12:
                return top
        return math.ceil(value * 4) / 4
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _ticks(top: float, percent: bool) -> list[float]:
    parts = 4 if top not in (0.1, 0.2) or not percent else 2
    return [top * i / parts for i in range(parts + 1)]


def _fmt(value: float, percent: bool) -> str:
    if percent:
        shown = value * 100
        return f"{shown:.0f}%" if abs(shown - round(shown)) < 1e-9 else f"{shown:.1f}%"
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 else f"{value:,.1f}"


# --- bars ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart. ``value`` None: hidden (not drawn)."""

    label: str
    value: float | None
    low: float | None = None
    high: float | None = None
    reference: float | None = None
    text: str = ""  # the figure as the table shows it; default: the value formatted
    special: bool = False


def bar_chart(
    key: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    *,
    percent: bool = True,
    value_label: str = "",
    reference_label: str = "",
    colour: str = PALETTE[0],
    interval_label: str = "",
    maximum: float | None = None,
    guides: Sequence[tuple[float, str]] = (),
) -> Chart:
    """Horizontal bars with interval whiskers and an optional reference bar under each.

    ``maximum`` fixes the scale (a score out of 100); ``guides`` are dashed lines
    at values a reader should compare with (a threshold), each labelled.
    """
    ident = _ident(key)
    plot_left, plot_right = 8.0, WIDTH - VALUE_COLUMN
    span = plot_right - plot_left
    candidates = [0.0]
    for b in bars:
        candidates += [v for v in (b.value, b.high, b.reference) if v is not None]
    top = maximum if maximum is not None else _nice_max(max(candidates), percent)

    def x(v: float) -> float:
        return plot_left + span * max(0.0, min(v, top)) / top

    has_reference = any(b.reference is not None for b in bars)
    row = 50.0 if has_reference else 42.0
    y0 = 8.0
    parts: list[str] = []
    for i, b in enumerate(bars):
        y = y0 + i * row
        parts.append(_text(plot_left, y + FONT, b.label, weight="bold" if not b.special else ""))
        bar_y = y + FONT + 6
        if b.value is None:
            parts.append(_rect(plot_left, bar_y, span, 14, HIDDEN_FILL))
            parts.append(_text(plot_left + 6, bar_y + 11, "hidden (—)", size=SMALL, fill=MUTED))
            parts.append(_text(WIDTH - 4, bar_y + 12, "—", anchor="end"))
        else:
            fill = SPECIAL_COLOURS[0] if b.special else colour
            parts.append(_rect(plot_left, bar_y, x(b.value) - plot_left, 14, fill))
            if b.low is not None and b.high is not None:
                lo, hi = x(b.low), x(b.high)
                mid = bar_y + 7
                parts.append(_line(lo, mid, hi, mid, width=1.5))
                parts.append(_line(lo, mid - 5, lo, mid + 5, width=1.5))
                parts.append(_line(hi, mid - 5, hi, mid + 5, width=1.5))
            parts.append(
                _text(WIDTH - 4, bar_y + 12, b.text or _fmt(b.value, percent), anchor="end")
            )
        if b.reference is not None:
            ref_y = bar_y + 18
            parts.append(_rect(plot_left, ref_y, x(b.reference) - plot_left, 6, REFERENCE_COLOUR))
            parts.append(
                _text(
                    WIDTH - 4,
                    ref_y + 7,
                    _fmt(b.reference, percent),
                    size=SMALL,
                    anchor="end",
                    fill=MUTED,
                )
            )
    axis_y = y0 + len(bars) * row + 4
    for value, words in guides:
        gx = x(value)
        parts.append(_line(gx, y0, gx, axis_y, stroke=MUTED, width=1.5, dash="5 4"))
        parts.append(_text(gx, axis_y + 30, words, size=SMALL, anchor="middle", fill=MUTED))
    for tick in _ticks(top, percent):
        tx = x(tick)
        parts.insert(0, _line(tx, y0, tx, axis_y, stroke=GRID, width=1))
        parts.append(
            _text(tx, axis_y + 16, _fmt(tick, percent), size=SMALL, anchor="middle", fill=MUTED)
        )
    legend: list[LegendItem] = [
        LegendItem(value_label or ("Share" if percent else "People"), colour)
    ]
    if interval_label:
        legend.append(LegendItem(interval_label, TEXT, "interval"))
    if has_reference and reference_label:
        legend.append(LegendItem(reference_label, REFERENCE_COLOUR))
    return Chart(
        ident,
        title,
        description,
        _svg(ident, title, description, axis_y + (40 if guides else 24), "".join(parts)),
        tuple(legend) if (interval_label or has_reference) else (),
    )


# --- stacked shares --------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    group: int  # index into the legend
    share: float | None  # None: hidden


@dataclass(frozen=True)
class Stack:
    label: str
    segments: tuple[Segment, ...]


def stacked_shares(
    key: str,
    title: str,
    description: str,
    stacks: Sequence[Stack],
    legend: Sequence[LegendItem],
) -> Chart:
    """One 100% bar per row (a stage), split into the groups' shares.

    What is hidden, or not shown, is the light remainder at the right end,
    labelled "hidden". Each segment wide enough carries its percentage.
    """
    ident = _ident(key)
    left, right = 8.0, WIDTH - 8.0
    span = right - left
    row = 50.0
    parts: list[str] = []
    for i, stack in enumerate(stacks):
        y = 8.0 + i * row
        parts.append(_text(left, y + FONT, stack.label, weight="bold"))
        bar_y = y + FONT + 6
        parts.append(_rect(left, bar_y, span, 22, HIDDEN_FILL))
        cursor = left
        shown = 0.0
        for seg in stack.segments:
            if seg.share is None or seg.share <= 0:
                continue
            width = span * min(seg.share, 1.0 - shown)
            if width <= 0:
                continue
            colour = legend[seg.group].colour
            parts.append(_rect(cursor, bar_y, width, 22, colour, stroke="#ffffff"))
            if width >= 40:
                parts.append(
                    _text(
                        cursor + width / 2,
                        bar_y + 16,
                        _fmt(seg.share, True),
                        size=SMALL,
                        anchor="middle",
                        fill="#ffffff",
                    )
                )
            cursor += width
            shown += seg.share
        rest = 1.0 - shown
        hidden = any(seg.share is None for seg in stack.segments)
        if rest > 0.005 and hidden and right - cursor >= 48:
            parts.append(_text(cursor + 4, bar_y + 16, "hidden", size=SMALL, fill=MUTED))
    height = 8.0 + len(stacks) * row + 4
    return Chart(
        ident,
        title,
        description,
        _svg(ident, title, description, height, "".join(parts)),
        tuple(legend),
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


def _marker(shape: str, cx: float, cy: float, colour: str, size: float = 4.5) -> str:
    if shape == "circle":
        return format_html(
            '<circle cx="{}" cy="{}" r="{}" fill="{}"/>', _n(cx), _n(cy), _n(size), colour
        )
    if shape == "square":
        return _rect(cx - size, cy - size, 2 * size, 2 * size, colour)
    if shape == "cross":
        return _line(cx - size, cy - size, cx + size, cy + size, stroke=colour, width=2.5) + _line(
            cx - size, cy + size, cx + size, cy - size, stroke=colour, width=2.5
        )
    points = {
        "triangle": [(0, -1.2), (1.1, 0.9), (-1.1, 0.9)],
        "triangle-down": [(0, 1.2), (1.1, -0.9), (-1.1, -0.9)],
        "diamond": [(0, -1.3), (1.2, 0), (0, 1.3), (-1.2, 0)],
    }[shape]
    coords = " ".join(f"{_n(cx + dx * size)},{_n(cy + dy * size)}" for dx, dy in points)
    return format_html('<polygon points="{}" fill="{}"/>', coords, colour)


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
    ident = _ident(key)
    values = [v for s in series for v in (*s.values, *s.high) if v is not None]
    top = _nice_max(max(values or [0.0]), percent)
    frame = _Frame(
        left=48.0, right=WIDTH - 16.0, top=12.0, bottom=212.0, y_max=top, count=len(x_labels)
    )
    n = max(len(x_labels), 1)
    step_x = (frame.right - frame.left) / max(n - 1, 1)
    frame.xs = [
        frame.left + step_x * i if n > 1 else (frame.left + frame.right) / 2 for i in range(n)
    ]
    parts: list[str] = []
    for tick in _ticks(top, percent):
        ty = frame.y(tick)
        parts.append(_line(frame.left, ty, frame.right, ty, stroke=GRID, width=1))
        parts.append(
            _text(frame.left - 6, ty + 4, _fmt(tick, percent), size=SMALL, anchor="end", fill=MUTED)
        )
    every = max(1, math.ceil(n / 8))
    for i, label in enumerate(x_labels):
        if i % every == 0 or i == n - 1:
            parts.append(
                _text(
                    frame.xs[i], frame.bottom + 18, label, size=SMALL, anchor="middle", fill=MUTED
                )
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
                coords = " ".join(f"{_n(px)},{_n(py)}" for px, py in points)
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
                    _line(
                        frame.xs[i], frame.y(lo), frame.xs[i], frame.y(hi), stroke=colour, width=1.5
                    )
                )
            if not step:
                parts.append(_marker(shape, frame.xs[i], frame.y(v), colour))
    if x_title:
        parts.append(
            _text(
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
        _svg(ident, title, description, height, "".join(parts)),
        tuple(legend),
    )


def _swatch(item: LegendItem) -> SafeString:
    if item.marker == "square":
        body = _rect(1, 1, 12, 12, item.colour)
    elif item.marker == "interval":
        body = _line(1, 7, 13, 7) + _line(1, 3, 1, 11) + _line(13, 3, 13, 11)
    else:
        body = _line(0, 7, 14, 7, stroke=item.colour, width=2.5) + _marker(
            item.marker, 7, 7, item.colour, 4
        )
    return format_html(
        '<svg class="swatch" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true" '
        'focusable="false">{}</svg>',
        mark_safe(body),  # noqa: S308 - built from format_html pieces only
    )
