"""Bars: one per group with an interval whisker and an optional reference bar; and 100%
stacked shares, one bar per stage split into its groups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .svg import (
    FONT,
    GRID,
    HIDDEN_FILL,
    MUTED,
    PALETTE,
    REFERENCE_COLOUR,
    SMALL,
    SPECIAL_COLOURS,
    TEXT,
    VALUE_COLUMN,
    WIDTH,
    Chart,
    LegendItem,
    fmt,
    ident_of,
    line,
    nice_max,
    rect,
    svg_frame,
    text,
    ticks,
)

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
    ident = ident_of(key)
    plot_left, plot_right = 8.0, WIDTH - VALUE_COLUMN
    span = plot_right - plot_left
    candidates = [0.0]
    for b in bars:
        candidates += [v for v in (b.value, b.high, b.reference) if v is not None]
    top = maximum if maximum is not None else nice_max(max(candidates), percent)

    def x(v: float) -> float:
        return plot_left + span * max(0.0, min(v, top)) / top

    has_reference = any(b.reference is not None for b in bars)
    row = 50.0 if has_reference else 42.0
    y0 = 8.0
    parts: list[str] = []
    for i, b in enumerate(bars):
        y = y0 + i * row
        parts.append(text(plot_left, y + FONT, b.label, weight="bold" if not b.special else ""))
        bar_y = y + FONT + 6
        if b.value is None:
            parts.append(rect(plot_left, bar_y, span, 14, HIDDEN_FILL))
            parts.append(text(plot_left + 6, bar_y + 11, "hidden (—)", size=SMALL, fill=MUTED))
            parts.append(text(WIDTH - 4, bar_y + 12, "—", anchor="end"))
        else:
            fill = SPECIAL_COLOURS[0] if b.special else colour
            parts.append(rect(plot_left, bar_y, x(b.value) - plot_left, 14, fill))
            if b.low is not None and b.high is not None:
                lo, hi = x(b.low), x(b.high)
                mid = bar_y + 7
                parts.append(line(lo, mid, hi, mid, width=1.5))
                parts.append(line(lo, mid - 5, lo, mid + 5, width=1.5))
                parts.append(line(hi, mid - 5, hi, mid + 5, width=1.5))
            parts.append(text(WIDTH - 4, bar_y + 12, b.text or fmt(b.value, percent), anchor="end"))
        if b.reference is not None:
            ref_y = bar_y + 18
            parts.append(rect(plot_left, ref_y, x(b.reference) - plot_left, 6, REFERENCE_COLOUR))
            parts.append(
                text(
                    WIDTH - 4,
                    ref_y + 7,
                    fmt(b.reference, percent),
                    size=SMALL,
                    anchor="end",
                    fill=MUTED,
                )
            )
    axis_y = y0 + len(bars) * row + 4
    for value, words in guides:
        gx = x(value)
        parts.append(line(gx, y0, gx, axis_y, stroke=MUTED, width=1.5, dash="5 4"))
        parts.append(text(gx, axis_y + 30, words, size=SMALL, anchor="middle", fill=MUTED))
    for tick in ticks(top, percent):
        tx = x(tick)
        parts.insert(0, line(tx, y0, tx, axis_y, stroke=GRID, width=1))
        parts.append(
            text(tx, axis_y + 16, fmt(tick, percent), size=SMALL, anchor="middle", fill=MUTED)
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
        svg_frame(ident, title, description, axis_y + (40 if guides else 24), "".join(parts)),
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
    ident = ident_of(key)
    left, right = 8.0, WIDTH - 8.0
    span = right - left
    row = 50.0
    parts: list[str] = []
    for i, stack in enumerate(stacks):
        y = 8.0 + i * row
        parts.append(text(left, y + FONT, stack.label, weight="bold"))
        bar_y = y + FONT + 6
        parts.append(rect(left, bar_y, span, 22, HIDDEN_FILL))
        cursor = left
        shown = 0.0
        for seg in stack.segments:
            if seg.share is None or seg.share <= 0:
                continue
            width = span * min(seg.share, 1.0 - shown)
            if width <= 0:
                continue
            colour = legend[seg.group].colour
            parts.append(rect(cursor, bar_y, width, 22, colour, stroke="#ffffff"))
            if width >= 40:
                parts.append(
                    text(
                        cursor + width / 2,
                        bar_y + 16,
                        fmt(seg.share, True),
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
            parts.append(text(cursor + 4, bar_y + 16, "hidden", size=SMALL, fill=MUTED))
    height = 8.0 + len(stacks) * row + 4
    return Chart(
        ident,
        title,
        description,
        svg_frame(ident, title, description, height, "".join(parts)),
        tuple(legend),
    )
