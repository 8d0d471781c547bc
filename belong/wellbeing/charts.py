"""A small server-drawn SVG of someone's check-in scores, always shown beside a table."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from belong.wellbeing import who5
from belong.wellbeing.models import CheckIn

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 12, 36


def _y(score: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - score / 100)


def score_trend_svg(checkins: Sequence[CheckIn], *, last: int = 12) -> SafeString:
    """Bars for the last ``last`` scores, with lines at 50 and 28."""
    shown = list(checkins)[-last:]
    if not shown:
        return SafeString("")
    inner = WIDTH - LEFT - RIGHT
    step = inner / len(shown)
    bar = min(40.0, step * 0.6)
    bars = []
    for i, checkin in enumerate(shown):
        x = LEFT + step * i + (step - bar) / 2
        y = _y(checkin.score)
        day = dateformat.format(timezone.localtime(checkin.submitted_at), "j M")
        bars.append(
            (
                f"{x:.1f}",
                f"{y:.1f}",
                f"{bar:.1f}",
                f"{_y(0) - y:.1f}",
                f"{x + bar / 2:.1f}",
                f"{HEIGHT - BOTTOM + 16:.1f}",
                day,
                checkin.score,
            )
        )
    lines = format_html_join(
        "",
        '<line x1="{0}" x2="{1}" y1="{2}" y2="{3}" class="threshold"/>'
        '<text x="{4}" y="{5}" class="axis-label">{6}</text>',
        (
            (LEFT, WIDTH - RIGHT, f"{_y(v):.1f}", f"{_y(v):.1f}", 2, f"{_y(v) + 4:.1f}", v)
            for v in (0, who5.LIKELY_DEPRESSION_AT_OR_BELOW, who5.POOR_BELOW, 100)
        ),
    )
    marks = format_html_join(
        "",
        '<rect x="{0}" y="{1}" width="{2}" height="{3}" class="bar"/>'
        '<text x="{4}" y="{5}" class="axis-label" text-anchor="middle">{6}</text>'
        '<text x="{4}" y="{1}" dy="-4" class="value-label" text-anchor="middle">{7}</text>',
        bars,
    )
    return format_html(
        '<svg class="trend" viewBox="0 0 {} {}" role="img" aria-labelledby="trend-title" '
        'focusable="false"><title id="trend-title">Your last {} check-in scores, from 0 to 100, '
        "with lines at 28 and 50. The same scores are in the table below.</title>{}{}</svg>",
        WIDTH,
        HEIGHT,
        len(shown),
        lines,
        marks,
    )
