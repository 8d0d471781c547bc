"""The coarse dates an anonymous record keeps: a day, a week or a month, never a time."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from django.utils import timezone


class Period(StrEnum):
    """How finely an anonymous record may say when it arrived."""

    DAY = "day"
    WEEK = "week"  # the Monday of the week
    MONTH = "month"  # the first of the month


def coarse_day(period: Period | str = Period.DAY, *, on: date | None = None) -> date:
    """The date an anonymous record stores for something received ``on`` (today)."""
    day = on or timezone.localdate()
    period = Period(period)
    if period is Period.WEEK:
        return day - timedelta(days=day.weekday())
    if period is Period.MONTH:
        return day.replace(day=1)
    return day
