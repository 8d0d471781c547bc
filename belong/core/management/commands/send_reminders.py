"""Queue every reminder e-mail that is due now, from every app.

Run it from cron, for example every 30 minutes::

    */30 * * * *  cd /srv/belong && .venv/bin/python manage.py send_reminders

Each app with a ``reminders.py`` exposing ``queue_due_reminders()`` takes part
(support requests past target and coverage deadlines; coaching meetings and
quarterly nudges). The e-mails themselves are sent by the task worker
(``manage.py db_worker``), which must be running. Safe to run as often as you
like: each app remembers what it has queued and does not repeat it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from belong.core.discovery import app_modules


class Command(BaseCommand):
    help = "Queue every reminder e-mail due now (support, coverage, coaching)."

    def handle(self, *args: Any, **options: Any) -> None:
        for module in app_modules("reminders", providing="queue_due_reminders"):
            self.stdout.write(f"Queued: {module.queue_due_reminders()}")
