"""Anonymous audit events at load: a day's random shards, counted events, no global lock.

The attack tests of ``test_audit_anonymous.py`` show that the database holds
nothing that orders a day's anonymous events; these show that recording one
costs the same whatever the hour, and that submitters do not queue on one row.
"""

from __future__ import annotations

import importlib
import threading
from collections import Counter
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from belong.access import audit
from belong.access.audit import anonymous
from belong.access.models import AuditEvent, PendingAnonymousEvents

CAMPAIGN = ("surveys.campaign", "7")
RECEIVED = audit.SurveyEvent.RESPONSE_RECEIVED


def _record(detail: dict[str, int] | None = None) -> None:
    audit.record_anonymous(RECEIVED, target=CAMPAIGN, detail=detail)


def _physical_order(day: object) -> list[int]:
    """Shard numbers in the order the database returns the day's rows (rowid or ctid)."""
    hidden = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT shard FROM access_pendinganonymousevents WHERE day = %s ORDER BY {hidden}",
            [day],
        )
        return [r[0] for r in cursor.fetchall()]


def _tomorrow_at(hour: int) -> time_machine.travel:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return time_machine.travel(
        datetime.combine(tomorrow, time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=True
    )


@pytest.mark.django_db
def test_a_days_shards_are_created_together_in_shard_order_by_its_first_event() -> None:
    _record()
    day = timezone.localdate()
    rows = list(PendingAnonymousEvents.objects.filter(day=day).order_by("id"))
    assert [r.shard for r in rows] == list(range(anonymous.SHARDS))
    assert [r.id for r in rows] == list(range(rows[0].id, rows[0].id + anonymous.SHARDS))
    written = next(r.shard for r in rows if r.events)
    order = _physical_order(day)
    if connection.vendor == "postgresql":
        order.remove(written)  # an updated row moves on PostgreSQL (decision 0027)
        assert order == [s for s in range(anonymous.SHARDS) if s != written]
    else:
        assert order == list(range(anonymous.SHARDS))


@pytest.mark.django_db
def test_identical_events_are_counted_and_an_event_costs_the_same_at_any_hour() -> None:
    with CaptureQueriesContext(connection) as first:
        _record()
    for _ in range(299):
        _record()
    with CaptureQueriesContext(connection) as later:
        _record()
    shards = list(PendingAnonymousEvents.objects.all())
    assert sum(e["count"] for s in shards for e in s.events) == 301
    assert all(len(s.events) <= 1 for s in shards)  # one entry per distinct event
    # The first event of the day also creates the day's shards; every later one
    # reads and rewrites one small row, however many came before it.
    steady = [q["sql"].split()[0] for q in later.captured_queries]
    assert steady == ["SELECT", "UPDATE"]
    assert len(first.captured_queries) == len(later.captured_queries) + 2


@pytest.mark.django_db
def test_events_are_spread_over_the_shards_at_random() -> None:
    for _ in range(400):
        _record()
    used = Counter(
        s.shard for s in PendingAnonymousEvents.objects.all() for e in s.events for _ in [e]
    )
    # 400 draws among 64 shards leave fewer than 48 used with probability below 1e-9.
    assert len(used) >= 48


@pytest.mark.django_db
def test_sealing_opens_the_new_day_and_drops_days_that_had_no_event() -> None:
    _record({"answers": 3})
    with _tomorrow_at(0):
        (sealed,) = audit.seal_closed_days()
        today = timezone.localdate()
        assert sealed.events == 1
        # Today's shards exist before anyone submits: no submitter creates rows.
        assert PendingAnonymousEvents.objects.filter(day=today).count() == anonymous.SHARDS
        with CaptureQueriesContext(connection) as queries:
            _record()
        assert not any(q["sql"].startswith("INSERT") for q in queries.captured_queries)
        PendingAnonymousEvents.objects.filter(day=today).update(events=[])
    with _tomorrow_at(23), time_machine.travel(timedelta(days=1)):
        logged = AuditEvent.objects.count()
        assert audit.seal_closed_days() == [] and anonymous.waiting() == []
        assert AuditEvent.objects.count() == logged  # an empty day leaves no trace
        assert not PendingAnonymousEvents.objects.filter(day=today).exists()


@pytest.mark.django_db
def test_old_pending_rows_become_counted_events() -> None:
    migration = importlib.import_module("belong.access.migrations.0005_pending_anonymous_shards")
    item = {"verb": RECEIVED.verb, "target_type": "surveys.campaign", "target_id": "7"}
    PendingAnonymousEvents.objects.create(
        day=timezone.localdate(),
        events=[
            {"id": "9" * 32, **item, "detail": {}},
            {"id": "1" * 32, **item, "detail": {"released": 5}},
            {"id": "5" * 32, **item, "detail": {}},
        ],
    )
    migration.count_identical_events(apps, None)
    (row,) = PendingAnonymousEvents.objects.all()
    assert row.events == [  # sorted by content, the random ids gone
        {**item, "detail": {"released": 5}, "count": 1},
        {**item, "detail": {}, "count": 2},
    ]
    with _tomorrow_at(1):
        (sealed,) = audit.seal_closed_days()
    assert sealed.events == 3


# --- PostgreSQL: submitters do not queue on one row ------------------------------------


def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises every writer")


@pytest.mark.django_db(transaction=True)
def test_a_submitter_waits_only_for_one_who_drew_the_same_shard(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _postgres_only()
    _record()  # the day's shards exist
    holding, release = threading.Event(), threading.Event()

    def first_submitter_holds_shard_1() -> None:
        try:
            with transaction.atomic():
                with monkeypatch.context() as m:
                    m.setattr(anonymous, "_draw_shard", lambda: 1)
                    _record()
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    def second_submitter(shard: int) -> bool:
        monkeypatch.setattr(anonymous, "_draw_shard", lambda: shard)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '500ms'")
            try:
                with transaction.atomic():
                    _record()
            except OperationalError:  # the lock timeout
                return False
        return True

    thread = threading.Thread(target=first_submitter_holds_shard_1)
    thread.start()
    assert holding.wait(10)
    try:
        assert second_submitter(2) is True
        assert second_submitter(1) is False
    finally:
        release.set()
        thread.join(10)
    total = sum(e["count"] for s in PendingAnonymousEvents.objects.all() for e in s.events)
    assert total == 3  # the setup's, the first submitter's, and the one that did not wait


@pytest.mark.django_db(transaction=True)
def test_many_submitters_at_once_on_a_new_day_lose_no_event() -> None:
    _postgres_only()
    threads, per_thread = 8, 25
    start, errors = threading.Barrier(threads), []

    def submitter() -> None:
        try:
            start.wait(10)  # all of them race to open the day
            for _ in range(per_thread):
                with transaction.atomic():
                    _record()
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=submitter) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert errors == []
    rows = list(PendingAnonymousEvents.objects.all())
    assert len(rows) == anonymous.SHARDS
    assert sum(e["count"] for s in rows for e in s.events) == threads * per_thread
