from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from belong.importing.uploads import purge_expired


class Command(BaseCommand):
    help = (
        "Delete uploaded import files left waiting longer than a session lives "
        "(a steward who uploaded and never applied or discarded). Run it from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Deleted {purge_expired()} expired import upload(s).")
