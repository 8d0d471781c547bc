"""``manage.py import_units FILE [--dry-run]``: add or rename the school's units from a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from belong.importing.engine import run_import
from belong.importing.problems import where
from belong.people.importing.units import UNITS


class Command(BaseCommand):
    help = (
        "Add or rename units from a CSV or Excel file (columns code, name, kind, and optionally "
        "parent and campus). All or nothing: any problem and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as fileobj:
            result = run_import(
                UNITS, by=None, fileobj=fileobj, filename=path.name, apply=not options["dry_run"]
            )
        for problem in result.run.problems:
            line = f"{where(problem)}: {problem['reason']}"
            (self.stderr if problem["level"] == "error" else self.stdout).write(line)
        if not result.ok:
            count = result.run.problem_count
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} in {path.name}: nothing was imported."
            )
        verb = "Added" if result.applied else "Would add"
        self.stdout.write(
            f"{verb} {result.counts.created} units; {result.counts.updated} renamed "
            f"({result.rows} rows){'' if result.applied else ' (dry run)'}."
        )
