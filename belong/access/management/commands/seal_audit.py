from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from belong.access.audit import seal_closed_days


class Command(BaseCommand):
    help = (
        "Add the anonymous audit events of every day that has closed to the tamper-evident "
        "log, in random order and with the day only. Run from cron after midnight."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sealed = seal_closed_days()
        for day in sealed:
            self.stdout.write(f"Sealed {day.events} anonymous event(s) of {day.day:%Y-%m-%d}.")
        if not sealed:
            self.stdout.write("No closed day has anonymous events waiting.")
