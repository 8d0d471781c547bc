"""Queue due reminder e-mails (support requests past target, coverage deadlines).

Run it from cron, for example every 30 minutes::

    */30 * * * *  cd /srv/belong && .venv/bin/python manage.py send_reminders

The e-mails themselves are sent by the task worker (``manage.py db_worker``),
which must be running. Safe to run as often as you like: a reminder already
sent is not repeated until its interval has passed (see ``wellbeing.reminders``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from belong.wellbeing.reminders import queue_due_reminders


class Command(BaseCommand):
    help = "Queue reminder e-mails for support requests past target and coverage deadlines."

    def handle(self, *args: Any, **options: Any) -> None:
        run = queue_due_reminders()
        self.stdout.write(
            f"Queued reminders to {run.offices} office(s) and {run.students} student(s)."
        )
