from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from belong.access import audit
from belong.access.guards import remove_audit_guards
from belong.access.models import AuditEvent

pytestmark = pytest.mark.django_db


def _drop_guard_triggers() -> None:
    """What an attacker with schema rights would do first."""
    remove_audit_guards(connection)


def _three_events(user) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return [
        audit.record(audit.AccessEvent.SIGN_IN_FAILED, by=user, detail={"username": f"u{i}"})
        for i in range(3)
    ]


def test_record_chains_each_event_to_the_previous(outsider) -> None:  # type: ignore[no-untyped-def]
    first, second, third = _three_events(outsider)
    assert first.prev_hash == audit.GENESIS
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert [second.seq, third.seq] == [first.seq + 1, first.seq + 2]
    assert audit.verify_chain().ok


def test_application_cannot_change_or_delete_an_event(outsider) -> None:  # type: ignore[no-untyped-def]
    event = audit.record(audit.AccessEvent.SIGNED_IN, by=outsider)
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_database_refuses_update_and_delete(outsider) -> None:  # type: ignore[no-untyped-def]
    event = audit.record(audit.AccessEvent.SIGNED_IN, by=outsider)
    for sql in (
        "UPDATE access_auditevent SET verb = 'x' WHERE id = %s",
        "DELETE FROM access_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).verb == "access.signed_in"


def test_verify_detects_an_edited_event(outsider) -> None:  # type: ignore[no-untyped-def]
    events = _three_events(outsider)
    _drop_guard_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE access_auditevent SET actor_label = 'someone-else' WHERE id = %s",
            [events[1].pk],
        )
    report = audit.verify_chain()
    assert not report.ok
    assert [p.seq for p in report.problems] == [events[1].seq]
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("verify_audit")


def test_verify_detects_a_deleted_event(outsider) -> None:  # type: ignore[no-untyped-def]
    events = _three_events(outsider)
    _drop_guard_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_auditevent WHERE id = %s", [events[1].pk])
    report = audit.verify_chain()
    messages = " ".join(p.message for p in report.problems)
    assert "missing" in messages and "broken" in messages


def test_verify_detects_a_rehashed_edit_by_the_broken_link(outsider) -> None:  # type: ignore[no-untyped-def]
    """An attacker who edits a row and recomputes its own hash still breaks the next link."""
    events = _three_events(outsider)
    _drop_guard_triggers()
    victim = AuditEvent.objects.get(pk=events[0].pk)
    new_hash = audit.compute_hash(
        seq=victim.seq,
        at=victim.at,
        actor_id=victim.actor_id,
        actor_label="forged",
        verb=victim.verb,
        target_type=victim.target_type,
        target_id=victim.target_id,
        detail=victim.detail,
        prev_hash=victim.prev_hash,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE access_auditevent SET actor_label = 'forged', hash = %s WHERE id = %s",
            [new_hash, victim.pk],
        )
    report = audit.verify_chain()
    assert [p.seq for p in report.problems] == [events[1].seq]


def test_verify_anchor_detects_truncation(outsider, capsys) -> None:  # type: ignore[no-untyped-def]
    events = _three_events(outsider)
    call_command("verify_audit")
    anchor = capsys.readouterr().out.split("Anchor (keep it elsewhere): ")[1].strip()
    assert anchor == f"{events[-1].seq}:{events[-1].hash}"
    _drop_guard_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_auditevent WHERE id = %s", [events[-1].pk])
    assert audit.verify_chain().ok  # a shorter chain is still a valid chain...
    with pytest.raises(CommandError):
        call_command("verify_audit", expect_head=anchor)  # ...but the anchor catches it


def test_record_rolls_back_with_the_change_it_describes(outsider) -> None:  # type: ignore[no-untyped-def]
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(audit.AccessEvent.SIGNED_IN, by=outsider)
        raise RuntimeError("the write failed")
    assert AuditEvent.objects.count() == before


def test_sign_in_and_failed_sign_in_are_audited(client, outsider) -> None:  # type: ignore[no-untyped-def]
    client.post("/accounts/login/", {"username": "outsider", "password": "wrong-password"})
    client.post("/accounts/login/", {"username": "outsider", "password": "x-outsider-pw-1"})
    verbs = list(AuditEvent.objects.order_by("seq").values_list("verb", flat=True))
    assert verbs[-2:] == ["access.sign_in_failed", "access.signed_in"]
    failed = AuditEvent.objects.get(verb="access.sign_in_failed")
    assert "wrong-password" not in str(failed.detail)
