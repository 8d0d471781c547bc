"""``manage.py import_stage_events FILE [--dry-run]``: check a stage-event file and import it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from belong.equity import actions
from belong.equity.importing import SCHEMA
from belong.importing.options import from_arguments
from belong.importing.problems import where


class Command(BaseCommand):
    help = (
        "Import stage events from a CSV or Excel file (columns institutional_id, pipeline, "
        "stage, year, unit_code, date). All or nothing: any problem and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument(
            "--key",
            default="",
            metavar="FIELD",
            help="The identifier that names each person: institutional_id (default), aamc_id, "
            "eras_id or nrmp_id.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actions.ensure_defaults(by=None)
        try:
            chosen = from_arguments(SCHEMA, key=options["key"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        with path.open("rb") as fileobj:
            result = actions.import_stage_events(
                by=None,
                fileobj=fileobj,
                filename=path.name,
                apply=not options["dry_run"],
                options=chosen,
            )
        for problem in result.run.problems:
            line = f"{where(problem)}: {problem['reason']}"
            (self.stderr if problem["level"] == "error" else self.stdout).write(line)
        if not result.ok:
            raise CommandError(
                f"{result.run.problem_count} problem{'s' if result.run.problem_count != 1 else ''}"
                f" in {path.name}: nothing was imported."
            )
        if result.applied:
            self.stdout.write(f"Imported {result.created} events from {result.rows} rows.")
        else:
            self.stdout.write(f"No problems in {result.rows} rows (dry run).")
