"""``manage.py import_people FILE``: check a CSV or Excel file of people and apply it.

Everything the web import does, from the command line: the same checks,
the same all-or-nothing write, one ImportRun and one audit event per run.
Exits with status 1 when the file has problems (nothing is then written).
See docs/importing.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.importing.mapping import parse_overrides
from belong.importing.models import ImportMapping, ImportRun
from belong.importing.options import ImportOptions, from_arguments
from belong.importing.problems import Problem
from belong.people.importing import actions
from belong.people.importing.fields import SCHEMA


class _Bars:
    """One tqdm bar per phase (checking, applying), on standard error."""

    def __init__(self, stream: Any, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.phase = ""
        self.bar: Any = None

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        if phase != self.phase:
            self.close()
            self.phase = phase
            self.bar = tqdm(
                total=total, desc=phase, unit=" rows", file=self.stream, dynamic_ncols=True
            )
        if total is not None and self.bar.total != total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = (
        "Import people, affiliations and self-identification from a CSV or Excel (.xlsx) file. "
        "Every row is checked first; the file is applied all at once, or not at all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV or .xlsx file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and report what would change; write nothing.",
        )
        parser.add_argument(
            "--mapping",
            metavar="NAME",
            help="Use a saved column mapping (saved here with --save-mapping, or on the web).",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help="Map one column, over the suggestion and any saved mapping; repeat as needed. "
            "An empty FIELD (or -) leaves the column out. Example: --map 'Dept=unit_code'.",
        )
        parser.add_argument(
            "--save-mapping",
            metavar="NAME",
            help="Save the mapping used under this name (replacing one of the same name).",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Record the import as done by this account (it must be a data steward). "
            "Without it the import is recorded as done by the system.",
        )
        parser.add_argument(
            "--key",
            default="",
            metavar="FIELD",
            help="The identifier every row is keyed by: institutional_id (default), aamc_id, "
            "eras_id or nrmp_id.",
        )
        parser.add_argument(
            "--match",
            action="append",
            default=[],
            metavar="FIELD",
            help="Also find people on record by this other identifier column (repeat as needed); "
            "without it, a row whose key is new but whose other identifier is known is refused.",
        )
        parser.add_argument(
            "--separator",
            action="append",
            default=[],
            metavar="FIELD=SEP",
            help="The text between answers in a column of several answers, e.g. 'race=|'. "
            "Default “;” or “|”; never a comma unless stated.",
        )
        parser.add_argument(
            "--value",
            action="append",
            default=[],
            metavar="FIELD:VALUE=CODE",
            help="What a value in the file means, e.g. 'race:Other=' (not answered) or "
            "'sex:U=prefer_not'. Repeat as needed.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        by = self._user(options.get("user"))
        columns: dict[str, str] = {}
        start = ImportOptions()
        if options.get("mapping"):
            saved = actions.saved_mapping(options["mapping"])
            if saved is None:
                names = ", ".join(
                    ImportMapping.objects.filter(kind=actions.KIND).values_list("name", flat=True)
                )
                raise CommandError(
                    f"No saved mapping is named “{options['mapping']}”. "
                    + (f"Saved mappings: {names}." if names else "None is saved yet.")
                )
            columns.update(saved.columns)
            start = ImportOptions.from_dict(saved.options)
        try:
            columns.update(parse_overrides(options["map"], SCHEMA))
            chosen = from_arguments(
                SCHEMA,
                key=options["key"],
                match_on=options["match"],
                separators=options["separator"],
                values=options["value"],
                start=start,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None

        bars = _Bars(
            self.stderr._out,  # tqdm redraws with carriage returns; bypass Django's wrapper
            enabled=not options["no_progress"] and options["verbosity"] > 0,
        )
        try:
            with path.open("rb") as handle:
                result = actions.run_import(
                    by=by,
                    fileobj=handle,
                    filename=path.name,
                    columns=columns,
                    apply=not options["dry_run"],
                    progress=bars,
                    options=chosen,
                )
        finally:
            bars.close()
        self._report(result, options["verbosity"])
        if options.get("save_mapping") and result.mapping:
            actions.save_mapping(
                by=by, name=options["save_mapping"], columns=result.mapping, options=chosen
            )
            self.stdout.write(f"Mapping saved as “{options['save_mapping']}”.")
        run = result.run
        if run.outcome == ImportRun.Outcome.REJECTED:
            raise CommandError(
                f"{run.problem_count:,} problem{'s' if run.problem_count != 1 else ''} found; "
                f"nothing was written (import run {run.pk}).",
                returncode=1,
            )

    def _user(self, username: str | None) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None or not has_permission(user, Permission.IMPORT_PEOPLE):
            raise CommandError(f"“{username}” is not an active account allowed to import people.")
        return user

    def _report(self, result: actions.ImportResult, verbosity: int) -> None:
        run = result.run
        if verbosity > 1 and result.mapping:
            self.stdout.write("Columns:")
            for header, field in result.mapping.items():
                self.stdout.write(f"  “{header}” → {field}")
        for note in result.log.notes:
            self.stdout.write(f"Note: {note.reason}")
        errors = result.log.sorted_errors()
        if errors:
            self.stderr.write(
                f"{run.problem_count:,} problem{'s' if run.problem_count != 1 else ''}:"
            )
            for problem in errors:
                self.stderr.write(f"  {_line(problem)}")
            return
        summary = (
            f"{run.rows:,} rows: {run.created:,} added, {run.updated:,} updated, "
            f"{run.unchanged:,} unchanged"
        )
        if run.outcome == ImportRun.Outcome.DRY_RUN:
            self.stdout.write(
                self.style.SUCCESS(f"Checked, nothing written. Applying would give {summary}.")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Applied. {summary} (import run {run.pk})."))


def _line(problem: Problem) -> str:
    if problem.path:
        return f"{problem.path}: {problem.reason}"
    where = f"Row {problem.row}" if problem.row else "File"
    if problem.column:
        where += f", “{problem.column}”"
    if problem.letter:
        where += f" ({problem.letter})"
    return f"{where}: {problem.reason}"
