"""The drawing pieces every chart shares: the palette, the frame of an accessible SVG,
text, lines, boxes, scales, the chart and its legend."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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
        return [(item, swatch(item)) for item in self.legend]


def ident_of(text: str) -> str:
    return "chart-" + re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")


def svg_frame(ident: str, title: str, description: str, height: float, body: str) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {w} {h}" '
        'width="100%" role="img" '
        'aria-labelledby="{i}-title {i}-desc" focusable="false" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">'
        '<title id="{i}-title">{t}</title><desc id="{i}-desc">{d}</desc>{b}</svg>',
        w=WIDTH,
        h=num(height),
        i=ident,
        t=title,
        d=description,
        b=mark_safe(body),  # noqa: S308 - built from format_html pieces only
    )


def num(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def text(
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
        num(x),
        num(y),
        size,
        anchor,
        fill,
        weight,
        text,
    )


def line(
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
        num(x1),
        num(y1),
        num(x2),
        num(y2),
        stroke,
        num(width),
        extra,
    )


def rect(x: float, y: float, w: float, h: float, fill: str, *, stroke: str = "") -> str:
    outline = format_html(' stroke="{}" stroke-width="2"', stroke) if stroke else ""
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"{}/>',
        num(x),
        num(y),
        num(max(w, 0.0)),
        num(h),
        fill,
        outline,
    )


def nice_max(value: float, percent: bool) -> float:
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


def ticks(top: float, percent: bool) -> list[float]:
    parts = 4 if top not in (0.1, 0.2) or not percent else 2
    return [top * i / parts for i in range(parts + 1)]


def fmt(value: float, percent: bool) -> str:
    if percent:
        shown = value * 100
        return f"{shown:.0f}%" if abs(shown - round(shown)) < 1e-9 else f"{shown:.1f}%"
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 else f"{value:,.1f}"


def marker(shape: str, cx: float, cy: float, colour: str, size: float = 4.5) -> str:
    if shape == "circle":
        return format_html(
            '<circle cx="{}" cy="{}" r="{}" fill="{}"/>', num(cx), num(cy), num(size), colour
        )
    if shape == "square":
        return rect(cx - size, cy - size, 2 * size, 2 * size, colour)
    if shape == "cross":
        return line(cx - size, cy - size, cx + size, cy + size, stroke=colour, width=2.5) + line(
            cx - size, cy + size, cx + size, cy - size, stroke=colour, width=2.5
        )
    points = {
        "triangle": [(0, -1.2), (1.1, 0.9), (-1.1, 0.9)],
        "triangle-down": [(0, 1.2), (1.1, -0.9), (-1.1, -0.9)],
        "diamond": [(0, -1.3), (1.2, 0), (0, 1.3), (-1.2, 0)],
    }[shape]
    coords = " ".join(f"{num(cx + dx * size)},{num(cy + dy * size)}" for dx, dy in points)
    return format_html('<polygon points="{}" fill="{}"/>', coords, colour)


def swatch(item: LegendItem) -> SafeString:
    if item.marker == "square":
        body = rect(1, 1, 12, 12, item.colour)
    elif item.marker == "interval":
        body = line(1, 7, 13, 7) + line(1, 3, 1, 11) + line(13, 3, 13, 11)
    else:
        body = line(0, 7, 14, 7, stroke=item.colour, width=2.5) + marker(
            item.marker, 7, 7, item.colour, 4
        )
    return format_html(
        '<svg class="swatch" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true" '
        'focusable="false">{}</svg>',
        mark_safe(body),  # noqa: S308 - built from format_html pieces only
    )
