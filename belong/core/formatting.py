"""Dates and times as people read them, in the school's time zone."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import dateformat, timezone


def when(moment: datetime) -> str:
    """A moment: "Tue 6 Oct 2026, 10:00"."""
    return dateformat.format(timezone.localtime(moment), "D j M Y, H:i")


def clock(moment: datetime) -> str:
    """The time of day of a moment: "10:00"."""
    return dateformat.format(timezone.localtime(moment), "H:i")


def day(d: date) -> str:
    """A day: "6 Oct 2026"."""
    return dateformat.format(d, "j M Y")
