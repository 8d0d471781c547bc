from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from belong.access.audit import check_anchor, verify_chain
from belong.access.audit.anonymous import waiting


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chains. Exits non-zero if any event was edited, deleted "
        "or inserted out of band, or if the log no longer holds the events an anchor names."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            metavar="ANCHOR",
            help="An anchor printed earlier by this command; detects a truncated log.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchor_problems: list[str] = []
        if options["expect_head"] is not None:
            try:
                anchor_problems = check_anchor(options["expect_head"])
            except ValueError as exc:
                raise CommandError(f"--expect-head: {exc}") from None
        report = verify_chain()
        for problem in report.problems:
            self.stderr.write(str(problem))
        for message in anchor_problems:
            self.stderr.write(message)
        for day in waiting():
            self.stderr.write(
                f"{day.events} anonymous event(s) of {day.day:%Y-%m-%d} are not sealed yet: "
                "run manage.py seal_audit (from cron, after midnight)."
            )
        if report.problems or anchor_problems:
            raise CommandError(
                f"Audit log is NOT intact: {len(report.problems) + len(anchor_problems)} "
                f"problem(s) in {report.events} events."
            )
        if not report.events:
            self.stdout.write("Audit log intact: it holds no events yet.")
            return
        self.stdout.write(
            f"Audit log intact: {report.events} events in {len(report.heads)} chain(s). "
            f"Anchor (keep it elsewhere): {report.anchor}"
        )
