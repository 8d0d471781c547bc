"""Deliver sealed anonymous concerns and messages (cron: every hour)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from belong.concerns.actions.delivery import deliver


class Command(BaseCommand):
    help = (
        "Write every sealed anonymous concern and message as records, in random order, and "
        "open the new concerns' cases. Run every hour from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = deliver()
        self.stdout.write(f"Delivered {done.concerns} concerns and {done.messages} messages.")
