from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from belong.access.audit import verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain. Exits non-zero if any event was edited, deleted "
        "or inserted out of band, or if the newest event is not the expected anchor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            metavar="SEQ:HASH",
            help="An anchor recorded earlier (printed by this command); detects a truncated log.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        for problem in report.problems:
            self.stderr.write(f"event {problem.seq}: {problem.message}")
        anchor_problem = ""
        if options["expect_head"]:
            try:
                seq_text, expected_hash = options["expect_head"].split(":", 1)
                expected_seq = int(seq_text)
            except ValueError:
                raise CommandError("--expect-head takes SEQ:HASH, e.g. 1042:9f86d0...") from None
            from belong.access.models import AuditEvent

            anchor = AuditEvent.objects.filter(seq=expected_seq).values_list("hash", flat=True)
            if not anchor:
                anchor_problem = f"event {expected_seq} of the anchor is missing (truncated?)"
            elif anchor[0] != expected_hash:
                anchor_problem = f"event {expected_seq} does not match the anchor's hash"
        if anchor_problem:
            self.stderr.write(anchor_problem)
        if report.problems or anchor_problem:
            raise CommandError(
                f"Audit log is NOT intact: {len(report.problems) + bool(anchor_problem)} "
                f"problem(s) in {report.events} events."
            )
        self.stdout.write(
            f"Audit log intact: {report.events} events. "
            f"Anchor (keep it elsewhere): {report.head_seq}:{report.head_hash}"
        )
