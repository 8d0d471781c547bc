"""Import an Open Referral HSDS 3.0 JSON document into the directory, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from belong.directory.hsds.importer import import_document


class Command(BaseCommand):
    help = "Import an HSDS 3.0 JSON document; every problem is listed by JSON path."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        with open(options["path"], "rb") as fileobj:
            result = import_document(fileobj)
        if not result.ok:
            for problem in result.log.sorted_errors():
                self.stderr.write(str(problem))
            raise CommandError(f"{result.log.error_count} problem(s); nothing was imported.")
        self.stdout.write(
            f"Imported {result.organizations} organizations and {result.services} services."
        )
