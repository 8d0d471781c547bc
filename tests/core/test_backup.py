from __future__ import annotations

import sqlite3

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from belong.access import audit
from belong.people import actions


@pytest.mark.django_db(transaction=True)
def test_backup_copies_everything_and_the_audit_chain_verifies(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "sqlite":
        with pytest.raises(CommandError, match="pg_dump"):
            call_command("backup", str(tmp_path / "copy.sqlite3"))
        return
    actions.save_self_identification(
        by=world.user("student"), person=world.person("student"), answers={"race": ["asian"]}
    )
    audit.record(audit.AccessEvent.SIGNED_IN, by=world.user("administrator"))
    target = tmp_path / "copy.sqlite3"
    call_command("backup", str(target))
    with sqlite3.connect(target) as copy:
        people = copy.execute("SELECT count(*) FROM people_person").fetchone()[0]
        answers = copy.execute("SELECT race FROM people_selfidentification").fetchall()
        chain = copy.execute("SELECT seq, prev_hash, hash FROM access_auditevent ORDER BY seq")
        rows = chain.fetchall()
    assert people == len(world.people)
    assert answers == [('["asian"]',)]
    assert all(rows[i][1] == rows[i - 1][2] for i in range(1, len(rows)))
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(target))
