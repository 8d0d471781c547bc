"""Queue due coaching reminders (meetings soon, students without a meeting this quarter).

Run it from cron, for example every hour::

    0 * * * *  cd /srv/belong && .venv/bin/python manage.py coaching_reminders

The e-mails are sent by the task worker (``manage.py db_worker``), which must
be running. Safe to run as often as you like: nothing is queued twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from belong.coaching.reminders import queue_due_reminders


class Command(BaseCommand):
    help = "Queue coaching reminder e-mails: meetings soon, and quarterly nudges to coaches."

    def handle(self, *args: Any, **options: Any) -> None:
        run = queue_due_reminders()
        self.stdout.write(
            f"Queued reminders for {run.meetings} meeting(s) and nudges to {run.coaches} coach(es)."
        )
