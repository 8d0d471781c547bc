"""Concerns' part of ``manage.py send_reminders``: the retaliation check-ins now due."""

from __future__ import annotations

from dataclasses import dataclass

from belong.concerns.actions.checkins import post_due_checkins


@dataclass(frozen=True)
class CheckinRun:
    posted: int

    def __str__(self) -> str:
        return f"Concerns: {self.posted} retaliation check-in(s) posted."


def queue_due_reminders() -> CheckinRun:
    return CheckinRun(post_due_checkins())
