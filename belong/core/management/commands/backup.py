from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the SQLite database to DEST while Belong keeps running "
        "(SQLite's online backup). On PostgreSQL, use pg_dump (docs/operators.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", help="File to write, e.g. /backups/belong-2026-11-24.sqlite3")
        parser.add_argument("--force", action="store_true", help="Overwrite DEST if it exists.")

    def handle(self, *args: Any, dest: str, force: bool, **options: Any) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                "This database is PostgreSQL: back it up with pg_dump --format=custom "
                "(see docs/operators.md, 'Backup and restore')."
            )
        target = Path(dest)
        if target.exists() and not force:
            raise CommandError(f"{target} exists; pass --force to overwrite it.")
        target.parent.mkdir(parents=True, exist_ok=True)
        connection.ensure_connection()
        source = connection.connection
        pages_done = 0

        def progress(status: int, remaining: int, total: int) -> None:
            nonlocal pages_done
            pages_done = total - remaining
            self.stderr.write(f"\rcopied {pages_done}/{total} pages", ending="")

        with sqlite3.connect(target) as copy:
            source.backup(copy, pages=1024, progress=progress)
            check = copy.execute("PRAGMA integrity_check").fetchone()[0]
        self.stderr.write("")
        if check != "ok":
            raise CommandError(f"The copy failed SQLite's integrity check: {check}")
        self.stdout.write(f"Backed up to {target} ({target.stat().st_size:,} bytes, integrity ok).")
