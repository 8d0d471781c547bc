"""Delete closed concerns past their retention (cron: daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from belong.concerns.actions.retention import purge_expired


class Command(BaseCommand):
    help = (
        "Delete closed learning-environment concerns whose retention has run out (six or "
        "seven years by category, from closure or the reporter's latest message)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Deleted {purge_expired()} concerns past their retention.")
