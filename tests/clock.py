"""The day every test runs on, whatever the calendar says.

The demo school is aligned to the day it is built, and many pages show what is
current on the day they are read, so a suite that read the real clock would
meet different invented people from one day to the next. Every test process
therefore starts its clock at :data:`DEFAULT_TEST_DAY` (or at the day in
``BELONG_TEST_DAY``, ``YYYY-MM-DD``) and lets it tick from there: the suite
reads the same calendar on any real day, and ``BELONG_TEST_DAY=2027-10-14``
moves it a year ahead to show that its assertions do not hang on one day.

Only Python's clocks move (``time.time``, ``datetime.now``, ``date.today``);
monotonic timers, the database server and Chromium keep real time. Signed-in
browser sessions are browser-session cookies, so a clock that differs from
Chromium's does not expire them.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine

DEFAULT_TEST_DAY = date(2026, 10, 14)
ENV = "BELONG_TEST_DAY"
# The hour of day the clock starts at, in the school's time zone: mid-morning,
# so that no test that runs for a few minutes crosses midnight.
START = time(9, 30)


def suite_day() -> date:
    """The day the suite runs on: ``BELONG_TEST_DAY`` or :data:`DEFAULT_TEST_DAY`."""
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return DEFAULT_TEST_DAY
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise SystemExit(f"{ENV}={raw!r} is not a date (YYYY-MM-DD)") from None


def start_at(day: date, zone: str) -> time_machine.travel:
    """A ticking clock that starts at :data:`START` on ``day`` in ``zone``."""
    return time_machine.travel(datetime.combine(day, START, tzinfo=ZoneInfo(zone)), tick=True)
