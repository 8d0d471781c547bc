"""Release the sealed responses of open campaigns in random batches (run from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from belong.surveys.tasks import release_open_campaigns


class Command(BaseCommand):
    help = "Release sealed survey responses in random batches of at least k (run from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        released = release_open_campaigns()
        self.stdout.write(f"{released} responses released.")
