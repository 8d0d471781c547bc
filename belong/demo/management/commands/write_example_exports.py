"""``manage.py write_example_exports [DIR]``: the quickstart's example files (invented people)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from belong.demo import exports


class Command(BaseCommand):
    help = (
        "Write example exports shaped like AMCAS and PeopleSoft files, with invented people and "
        "a planted disparity in offers, to DIR (default: docs/examples/)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory", nargs="?", type=Path, default=Path(settings.BASE_DIR) / "docs" / "examples"
        )
        parser.add_argument("--seed", type=int, default=exports.SEED)

    def handle(self, *args: Any, **options: Any) -> None:
        for path in exports.write(options["directory"], options["seed"]):
            self.stdout.write(f"Wrote {path} ({path.stat().st_size:,} bytes).")
