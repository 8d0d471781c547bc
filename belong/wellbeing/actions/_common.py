from __future__ import annotations

from datetime import datetime

from django.utils import dateformat, timezone


def when(moment: datetime) -> str:
    """A moment in the school's time zone, as people read it: "Tue 6 Oct 2026, 10:00"."""
    return dateformat.format(timezone.localtime(moment), "D j M Y, H:i")


def clock(moment: datetime) -> str:
    return dateformat.format(timezone.localtime(moment), "H:i")
