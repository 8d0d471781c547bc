from __future__ import annotations

import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from belong.demo.build import DEFAULT_SEED, DemoRefused, build_demo, current_build
from belong.demo.digest import school_digest


class Command(BaseCommand):
    help = (
        "Build the synthetic demo school: about 600 students, ten years of applicants, "
        "1,400 faculty and 2,500 staff at --scale 1, and one demo account per role "
        "(see docs/demo.md). Everything is invented; the same seed gives the same school."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiplies every volume (10 gives about a million stage events)",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="do nothing if a demo school already exists (used by make demo)",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="empty Belong's tables first (the audit log and superusers are kept)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="build even with BELONG_HTTPS=true, or reset a database that is not a demo",
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help="align the synthetic calendar with this day instead of today",
        )
        parser.add_argument(
            "--digest",
            action="store_true",
            help="print a digest of the school's records (equal digests, equal schools)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_missing"] and options["reset"]:
            raise CommandError("--if-missing and --reset contradict each other")
        if options["if_missing"]:
            existing = current_build()
            if existing is not None:
                if options["verbosity"] >= 1:
                    self.stdout.write(
                        f"Demo school already built (seed {existing.seed}, scale "
                        f"{existing.scale:g}, aligned to {existing.aligned_to}); reusing it. "
                        "manage.py build_demo --reset rebuilds it."
                    )
                return
        try:
            build_demo(
                seed=options["seed"],
                scale=options["scale"],
                today=options["today"],
                reset=options["reset"],
                force=options["force"],
                verbosity=options["verbosity"],
                stdout=self.stdout,
                # Progress bars rewrite one line; Django's wrapper would add newlines.
                stderr=getattr(self.stderr, "_out", sys.stderr),
            )
        except DemoRefused as exc:
            raise CommandError(str(exc)) from None
        if options["digest"]:
            self.stdout.write(f"Digest: {school_digest()}")
