"""Dates and times as people read them, in the school's time zone."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils import dateformat, timezone
from django.utils.translation import ngettext

from belong.fields.dates import day_text


def when(moment: datetime) -> str:
    """A moment: "Tue 6 Oct 2026, 10:00"."""
    return dateformat.format(timezone.localtime(moment), "D j M Y, H:i")


def clock(moment: datetime) -> str:
    """The time of day of a moment: "10:00"."""
    return dateformat.format(timezone.localtime(moment), "H:i")


def day(d: date) -> str:
    """A day: "6 Oct 2026"."""
    return day_text(d)


# Each unit said in the reader's language (decision 0033), one and many.
_UNITS = {
    "minute": lambda n: ngettext("%(n)d minute", "%(n)d minutes", n),
    "hour": lambda n: ngettext("%(n)d hour", "%(n)d hours", n),
    "day": lambda n: ngettext("%(n)d day", "%(n)d days", n),
}


def _count(n: int, unit: str) -> str:
    return _UNITS[unit](n) % {"n": n}


def duration(hours: float) -> str:
    """A span of time as people say it: "45 minutes", "36 hours", "5 days", "12 days 4 hours".

    Under two days it is said in hours (a "24 hours" target reads "1 day");
    from two days on, in days and the hours left over.
    """
    minutes = round(hours * 60)
    if minutes < 60:
        return _count(max(minutes, 0), "minute")
    whole = round(hours)
    if whole == 24:
        return _count(1, "day")
    if whole < 48:
        return _count(whole, "hour")
    days, rest = divmod(whole, 24)
    return _count(days, "day") + (f" {_count(rest, 'hour')}" if rest else "")


# A phone number inside free text: optional +, then at least seven digits that
# may be grouped by spaces, dots, dashes or brackets: "(555) 010-0199", "+1 555 010 0199".
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")


def phone_number_spans(text: str) -> list[tuple[str, str | None]]:
    """Split text into (piece, tel: target) parts; the target is ``None`` for plain text.

    Only runs with seven or more digits count as phone numbers, so a room number
    or a year stays plain.
    """
    parts: list[tuple[str, str | None]] = []
    at = 0
    for match in _PHONE.finditer(text):
        number = match.group().strip()
        digits = re.sub(r"\D", "", number)
        if len(digits) < 7:
            continue
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        if start > at:
            parts.append((text[at:start], None))
        target = ("+" if number.startswith("+") else "") + digits
        parts.append((number, f"tel:{target}"))
        at = start + len(number)
    if at < len(text):
        parts.append((text[at:], None))
    return parts
