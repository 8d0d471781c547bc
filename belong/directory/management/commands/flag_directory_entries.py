"""Flag directory entries not verified for a year to their offices (run daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from belong.directory.actions import flag_stale_services


class Command(BaseCommand):
    help = "Flag directory entries not verified for a year and e-mail their offices."

    def handle(self, *args: Any, **options: Any) -> None:
        flagged = flag_stale_services()
        total = sum(flagged.values())
        self.stdout.write(f"Flagged {total} entries for {len(flagged)} offices.")
