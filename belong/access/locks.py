"""Serialise one kind of work across processes, for the rest of the transaction.

It lives in ``access``, the lowest layer with a database, because the audit log
needs it and ``access`` imports nothing above itself; ``core`` and every app
above use the same helper from here.
"""

from __future__ import annotations

import zlib

from django.db import connection


def hold_transaction_lock(name: str) -> None:
    """Block until no other transaction holds the lock called ``name``; keep it to commit.

    Used where two processes doing the same work at once would each miss the
    other's writes (two audit appends, two publications checked by the same
    guard, two reminder runs). On PostgreSQL this is an advisory lock; SQLite's
    IMMEDIATE transactions already take the database's write lock at BEGIN.
    Must be called inside ``transaction.atomic()``.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])
