"""Database triggers that make the audit table refuse UPDATE, DELETE and TRUNCATE.

Installed by migration ``access.0003``. The test suite's live-server tests
must empty every table between tests, so they lift the guards for the test
database only (``remove_audit_guards``); the tests of the guards put them back.
"""

from __future__ import annotations

from typing import Any

INSTALL = {
    "sqlite": [
        """CREATE TRIGGER IF NOT EXISTS access_auditevent_no_update
           BEFORE UPDATE ON access_auditevent
           BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
        """CREATE TRIGGER IF NOT EXISTS access_auditevent_no_delete
           BEFORE DELETE ON access_auditevent
           BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION access_auditevent_refuse_change() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql;""",
        """CREATE OR REPLACE TRIGGER access_auditevent_no_change
           BEFORE UPDATE OR DELETE ON access_auditevent
           FOR EACH ROW EXECUTE FUNCTION access_auditevent_refuse_change();""",
        """CREATE OR REPLACE TRIGGER access_auditevent_no_truncate
           BEFORE TRUNCATE ON access_auditevent
           FOR EACH STATEMENT EXECUTE FUNCTION access_auditevent_refuse_change();""",
    ],
}
REMOVE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS access_auditevent_no_update;",
        "DROP TRIGGER IF EXISTS access_auditevent_no_delete;",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS access_auditevent_no_change ON access_auditevent;",
        "DROP TRIGGER IF EXISTS access_auditevent_no_truncate ON access_auditevent;",
    ],
}


def _execute(connection: Any, statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for statement in statements.get(connection.vendor, []):
            cursor.execute(statement)


def install_audit_guards(connection: Any) -> None:
    _execute(connection, INSTALL)


def remove_audit_guards(connection: Any) -> None:
    _execute(connection, REMOVE)
