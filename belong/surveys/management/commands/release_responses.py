"""Close campaigns past their date; release sealed responses in random batches (cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from belong.surveys.actions.campaigns import close_due_campaigns
from belong.surveys.tasks import release_open_campaigns


class Command(BaseCommand):
    help = (
        "Close campaigns past their closing date (releasing all they hold), then release "
        "the sealed responses of open campaigns in random batches of at least k (cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for campaign in close_due_campaigns():
            self.stdout.write(f"Closed {campaign} (its closing date had passed).")
        released = release_open_campaigns()
        self.stdout.write(f"{released} responses released.")
