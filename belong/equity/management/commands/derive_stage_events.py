"""``manage.py derive_stage_events``: bring the affiliation-derived stage events up to date."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from belong.equity import actions


class Command(BaseCommand):
    help = "Create, correct and remove the stage events implied by the affiliation records."

    def handle(self, *args: Any, **options: Any) -> None:
        actions.ensure_defaults(by=None)
        counts = actions.sync_events_from_affiliations(by=None)
        self.stdout.write(
            f"{counts.created} added, {counts.updated} corrected, {counts.deleted} removed; "
            f"{counts.kept_from_other_sources} left to imported events."
        )
