"""Re-solve a stored pairing run from its frozen inputs and say whether it reproduces exactly.

For audits: a run stores its inputs, seed, digest and engine version next to
both results; the same three always give the same pairing::

    .venv/bin/python manage.py verify_pairing_run 12

Exits with status 1 if the run does not reproduce (inputs edited, a result
edited, or a different engine version).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from belong.access import audit
from belong.coaching.actions.runs import verify_run
from belong.coaching.models import PairingRun
from belong.coaching.pairing import ENGINE_VERSION


class Command(BaseCommand):
    help = "Check that a stored pairing run reproduces exactly from its inputs and seed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("run_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        run = PairingRun.objects.filter(pk=options["run_id"]).first()
        if run is None:
            raise CommandError(f"There is no pairing run {options['run_id']}.")
        if not run.inputs:
            raise CommandError(
                f"Run {run.pk} has no results to check ({run.get_status_display()})."
            )
        ok = verify_run(run)
        audit.record(
            audit.CoachingEvent.PAIRING_RUN_VERIFIED,
            by=None,
            target=run,
            detail={"reproduced": ok, "digest": run.digest},
        )
        if not ok and run.engine_version != ENGINE_VERSION:
            raise CommandError(
                f"Run {run.pk} was made by engine version {run.engine_version}; this Belong has "
                f"engine version {ENGINE_VERSION}. Check it with a Belong release of engine "
                f"version {run.engine_version}: equally good pairings may be chosen differently."
            )
        if not ok:
            raise CommandError(
                f"Run {run.pk} does NOT reproduce from its inputs (digest {run.digest}, engine "
                f"version {run.engine_version}). Its stored inputs or results differ."
            )
        self.stdout.write(
            f"Run {run.pk} reproduces exactly: seed {run.seed}, digest {run.digest}, "
            f"engine version {run.engine_version}."
        )
