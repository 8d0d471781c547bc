"""Attack tests: an anonymous report and everything around it hold nothing that says who or when.

The attacker holds the whole database (every row and column, the order rows
come back in), the server's logs and the task queue. The reporter here is a
signed-in student who chose to report anonymously: the hardest case.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.urls import reverse

from belong.access.audit import seal_closed_days
from belong.access.models import AuditEvent, PendingAnonymousEvents
from belong.anonymity.checks import problems_of
from belong.anonymity.models import SealedEnvelope
from belong.concerns.actions import delivery
from belong.concerns.models import Case, Concern, Reporter, ReporterMessage
from belong.core.logging import JsonFormatter, RequestContextFilter
from tests.concerns.helpers import report_anonymously

pytestmark = pytest.mark.django_db


def test_anonymous_rows_have_no_column_that_could_say_who_or_when() -> None:
    for model in (Concern, ReporterMessage):
        assert problems_of(model) == []
        assert not any(isinstance(f, models.DateTimeField) for f in model._meta.concrete_fields)
    assert {f.attname for f in Concern._meta.concrete_fields} == {
        "id", "received_on", "mode", "categories", "setting", "setting_detail", "involved_role",
        "event_month", "hopes", "description", "recusals", "receipt_lookup", "receipt_hash",
        "held_until", "attachment", "attachment_type",
    }  # fmt: skip
    # Who reported a named concern hangs off the case; nothing naming a person points at a concern.
    assert Reporter._meta.get_field("case").related_model is Case


@pytest.fixture
def json_log():  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def _dump() -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            names = [c[0] for c in cursor.description]
            found[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return found


def test_a_signed_in_student_reporting_anonymously_leaves_nothing_that_names_them(  # type: ignore[no-untyped-def]
    world, client, json_log
) -> None:
    from django_tasks_db.models import DBTaskResult

    student = world.user("student")
    client.force_login(student)
    DBTaskResult.objects.all().delete()
    events_before = AuditEvent.objects.count()
    response, receipt = report_anonymously(client)
    assert response.status_code == 302
    follow = client.post(reverse("concerns:follow_up"), {"receipt": receipt})
    assert follow.status_code == 400  # not delivered yet: still sealed

    # Nothing timed or named was written by reporting: no audit row, no task, no log line.
    assert AuditEvent.objects.count() == events_before
    assert not DBTaskResult.objects.exists()
    log = json_log.getvalue()
    assert "concerns:" not in log and "/concerns/" not in log
    assert receipt not in log and receipt.replace("-", "") not in log
    # The session says nothing about the report.
    for session in Session.objects.all():
        decoded = json.dumps(session.get_decoded())
        assert receipt not in decoded and "concern" not in decoded
    pending = json.dumps(list(PendingAnonymousEvents.objects.values_list("events", flat=True)))
    for who in (str(student.pk), student.username, student.email):
        assert f'"{who}"' not in pending

    delivery.deliver()
    client.post(reverse("concerns:follow_up"), {"receipt": receipt, "text": "More.", "send": "1"})
    delivery.deliver()
    seal_closed_days(today=datetime.date.today() + datetime.timedelta(days=2))
    concern = Concern.objects.get()
    dump = _dump()
    secret = receipt.replace("-", "")[10:]
    for table, rows in dump.items():
        text = json.dumps(rows, default=str)
        assert secret not in text, f"{table} holds the receipt's secret"
        if table.startswith("concerns_") and table != "concerns_receiptfailures":
            for row in rows:
                assert student.username not in json.dumps(row, default=str), table
    # The only tables that name an account beside a case are empty for it.
    assert not Reporter.objects.exists()
    assert not concern.case.assignees.exists() and not concern.case.recused.exists()
    # Every audit event about it names nobody and keeps the day only.
    about = AuditEvent.objects.filter(verb__in=[
        "concerns.concern.reported_anonymously", "concerns.followup.read",
        "concerns.followup.message",
    ])  # fmt: skip
    assert about.count() == 3  # reported, read (the read before delivery failed), wrote
    for event in about:
        assert event.actor_id is None and event.at is None and event.day is not None
        assert event.target_type in ("", "concerns.concern")
    assert not AuditEvent.objects.filter(actor=student, verb__startswith="concerns.").exists()


def test_the_order_on_disk_is_not_the_order_reports_were_sent(client) -> None:  # type: ignore[no-untyped-def]
    for n in range(12):
        report_anonymously(client, description=f"Report number {n}")
    delivery.deliver()
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT description FROM "{Concern._meta.db_table}"')
        stored = [row[0] for row in cursor.fetchall()]
    assert sorted(stored) == sorted(f"Report number {n}" for n in range(12))
    assert stored != [f"Report number {n}" for n in range(12)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_delivered_rows_carry_the_delivery_transaction_not_the_reports(client) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        report_anonymously(client, description=f"Report number {n}")

    def xmins(table: str) -> set[int]:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT DISTINCT xmin::text::bigint FROM "{table}"')
            return {row[0] for row in cursor.fetchall()}

    sealed = xmins(SealedEnvelope._meta.db_table)
    assert len(sealed) == 3  # one transaction per report
    delivery.deliver()
    concerns, cases = xmins(Concern._meta.db_table), xmins(Case._meta.db_table)
    # All written by the delivery (its transaction, or a savepoint inside it), after every report.
    assert len(concerns) == 1 and len(cases) == 1
    assert min(concerns | cases) > max(sealed)
