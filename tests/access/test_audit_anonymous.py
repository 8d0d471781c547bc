"""Anonymous audit events: no actor, the day only, nothing that tells the time.

The attack tests read the audit tables as someone holding the whole database
would: every column of every row, in the order the database returns them, the
row ids, and the events' positions in the chains around them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from enum import unique
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from belong.access import audit
from belong.access.audit import anonymous, catalogue
from belong.access.audit import chain as chains
from belong.access.audit.kinds import EventKind, Kind
from belong.access.guards import remove_audit_guards
from belong.access.models import AuditEvent, PendingAnonymousEvents
from tests.text import page_text

pytestmark = pytest.mark.django_db


@unique
class ExampleEvent(EventKind):
    """Kinds of an anonymous module, catalogued for these tests only."""

    RESPONSE_SUBMITTED = Kind(
        "example.response.submitted",
        "Anonymous response submitted",
        "Someone answered an anonymous survey.",
        "to {target}[ ({answers} answers)]",
        anonymous=True,
    )
    REPORT_FILED = Kind(
        "example.report.filed",
        "Anonymous report filed",
        "Someone filed an anonymous report.",
        "{target}",
        anonymous=True,
    )


@pytest.fixture(autouse=True)
def _example_kinds() -> Iterator[None]:
    catalogue.register("Example", ExampleEvent)
    yield
    catalogue.unregister(ExampleEvent)


CAMPAIGN = ("example.campaign", "7")


def _next_day_at(hour: int, minute: int = 0) -> time_machine.travel:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return time_machine.travel(
        datetime.combine(tomorrow, time(hour, minute), tzinfo=ZoneInfo(settings.TIME_ZONE)),
        tick=True,
    )


def _json(value: Any) -> Any:
    """A JSON column as read back raw: text on SQLite, decoded on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else value


def _rows(table: str) -> list[dict[str, Any]]:
    """Every row and column, in the order the database returns them with no ORDER BY,
    with SQLite's hidden rowid or PostgreSQL's physical position."""
    hidden = "rowid" if connection.vendor == "sqlite" else "ctid::text"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {hidden} AS physical, * FROM {table}")
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# --- refusals -----------------------------------------------------------------


def test_an_anonymous_kind_cannot_be_recorded_with_an_actor(student) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="record it with record_anonymous"):
        audit.record(ExampleEvent.RESPONSE_SUBMITTED, by=student, target=CAMPAIGN)
    with pytest.raises(ValueError, match="record it with record\\(\\)"):
        audit.record_anonymous(audit.AccessEvent.SIGNED_IN, target=CAMPAIGN)
    assert not AuditEvent.objects.exists() and not PendingAnonymousEvents.objects.exists()


@pytest.mark.parametrize(
    ("target", "detail", "message"),
    [
        ("student", None, "cannot be about a access.user"),
        ("person", None, "cannot be about a people.person"),
        (None, {"submitted_at": "now"}, "holds a time of day"),
        (None, {"answers": {"user_id": 4}}, "would say who"),
        (None, {"steps": [{"started": "now"}]}, "holds a time of day"),
    ],
)
def test_an_anonymous_event_refuses_what_would_name_someone_or_tell_the_time(
    world, target, detail, message
) -> None:  # type: ignore[no-untyped-def]
    if detail and "submitted_at" in detail:
        detail = {"submitted_at": timezone.now()}
    if detail and "steps" in detail:
        detail = {"steps": [{"started": timezone.now().time()}]}
    chosen = {"student": world.user("student"), "person": world.person("student")}.get(target)
    with pytest.raises(ValueError, match=message):
        audit.record_anonymous(ExampleEvent.RESPONSE_SUBMITTED, target=chosen, detail=detail)
    assert not PendingAnonymousEvents.objects.exists()


def test_an_anonymous_event_rolls_back_with_the_change_it_describes() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record_anonymous(ExampleEvent.REPORT_FILED, target=CAMPAIGN)
        raise RuntimeError("the report could not be saved")
    assert not PendingAnonymousEvents.objects.exists()


# --- the attack tests ------------------------------------------------------------


def _a_day_with_anonymous_events(world, order: tuple[str, str]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Timed events by three people, with two anonymous responses between them."""
    people = [world.user(p) for p in ("student", "resident", "coach")]
    responses = {
        "first": {"answers": 5},
        "second": {"answers": 7},
    }
    timed = [audit.record(audit.AccessEvent.SIGNED_IN, by=people[0], target=people[0])]
    audit.record_anonymous(
        ExampleEvent.RESPONSE_SUBMITTED, target=CAMPAIGN, detail=responses[order[0]]
    )
    timed.append(audit.record(audit.AccessEvent.SIGNED_IN, by=people[1], target=people[1]))
    audit.record_anonymous(
        ExampleEvent.RESPONSE_SUBMITTED, target=CAMPAIGN, detail=responses[order[1]]
    )
    timed.append(audit.record(audit.AccessEvent.SIGNED_IN, by=people[2], target=people[2]))
    return {"people": people, "timed": timed, "day": timezone.localdate()}


def _what_someone_with_the_database_sees() -> dict[str, Any]:
    """Everything about the anonymous events that does not depend on when the test ran."""
    events = _rows("access_auditevent")
    ranked = sorted(events, key=lambda r: r["id"])
    rank = {r["id"]: i for i, r in enumerate(ranked)}
    anonymous_rows = [r for r in events if r["day"] is not None]
    # Where the anonymous rows lie among themselves. (Where they lie beside the
    # timed rows is PostgreSQL's choice of free space, which a rolled-back run
    # changes; it says when the day was sealed, not in which order its events came.)
    physical = {r["id"]: i for i, r in enumerate(anonymous_rows)}
    pending = _rows("access_pendinganonymousevents")
    if connection.vendor == "postgresql":
        # An updated row moves on PostgreSQL: a shard's place (like its xmin) says
        # when it was last written. Decision 0027 says what that does and does not
        # tell; here the shards are compared by number.
        pending.sort(key=lambda r: (r["day"], r["shard"]))
        first_id = min((r["id"] for r in pending), default=0)
        pending = [{**r, "physical": None, "id": r["id"] - first_id} for r in pending]
    else:
        first = min((r["physical"] for r in pending), default=0)
        first_id = min((r["id"] for r in pending), default=0)
        pending = [
            {**r, "physical": r["physical"] - first, "id": r["id"] - first_id} for r in pending
        ]
    return {
        "pending": pending,
        "sealed": sorted(
            (
                rank[r["id"]],
                physical[r["id"]],
                r["chain"],
                r["seq"],
                r["verb"],
                json.dumps(_json(r["detail"]), sort_keys=True),
                r["hash"],
            )
            for r in anonymous_rows
        ),
    }


class _Undo(Exception):
    """Rolls one run back so that the next starts from the same database."""


@pytest.mark.parametrize("shards", [(5, 40), (9, 9)], ids=["two shards", "one shard"])
def test_the_order_of_anonymous_events_leaves_no_trace_in_the_database(world, shards) -> None:  # type: ignore[no-untyped-def]
    """Record two responses in one order, then in the other: with the same random
    shards and the same random order at sealing, the database holds the same
    anonymous rows, in the same places, before and after sealing, so nothing in it
    can say which came first."""
    seen = []
    for order in (("first", "second"), ("second", "first")):
        drawn = {"first": shards[0], "second": shards[1]}
        draws = iter([drawn[order[0]], drawn[order[1]]])
        try:
            with transaction.atomic():
                with mock.patch.object(anonymous, "_draw_shard", lambda d=draws: next(d)):
                    _a_day_with_anonymous_events(world, order)
                before_sealing = _what_someone_with_the_database_sees()
                with _next_day_at(0, 30), mock.patch.object(anonymous, "_shuffle", list.reverse):
                    sealed = audit.seal_closed_days()
                    after_sealing = _what_someone_with_the_database_sees()
                seen.append((before_sealing["pending"], after_sealing["sealed"], sealed))
                raise _Undo
        except _Undo:
            pass
    assert seen[0] == seen[1]
    pending, sealed_rows, sealed = seen[0]
    assert len(pending) == anonymous.SHARDS
    assert [r["shard"] for r in pending] == list(range(anonymous.SHARDS))
    held = {r["shard"]: [e["detail"] for e in _json(r["events"])] for r in pending}
    if shards[0] == shards[1]:
        assert held[shards[0]] == [{"answers": 5}, {"answers": 7}]  # sorted by content
    else:
        assert held[shards[0]] == [{"answers": 5}] and held[shards[1]] == [{"answers": 7}]
    assert [s.events for s in sealed] == [2]
    # The order drawn at sealing (here: the reverse of the sorted contents), nothing else.
    assert [json.loads(r[5]) for r in sealed_rows] == [{"answers": 7}, {"answers": 5}]


def test_a_sealed_anonymous_event_holds_no_actor_and_no_time_finer_than_the_day(world) -> None:  # type: ignore[no-untyped-def]
    day = _a_day_with_anonymous_events(world, ("first", "second"))
    with _next_day_at(0, 30):
        audit.seal_closed_days()
    rows = _rows("access_auditevent")
    anonymous_rows = [r for r in rows if r["day"] is not None]
    assert len(anonymous_rows) == 2
    people = day["people"]
    identifiers = {str(u.pk) for u in people} | {u.get_username() for u in people}
    for row in anonymous_rows:
        assert row["at"] is None and row["actor_id"] is None and row["actor_label"] == ""
        assert str(row["day"]) == day["day"].isoformat()
        assert (row["target_type"], row["target_id"]) == CAMPAIGN
        text = " ".join(str(v) for k, v in row.items() if k not in ("hash", "prev_hash"))
        assert not re.search(r"\d{1,2}:\d{2}", text), text  # no time of day anywhere
        found = {i for i in identifiers if re.search(rf"\b{re.escape(i)}\b", str(row["detail"]))}
        assert not found
    # The rows around them: every event timed on their day comes before them, in
    # id order, in physical order and in every chain, and so does nothing from
    # after the day closed but the sealing itself.
    end_of_day = datetime.combine(
        day["day"] + timedelta(days=1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE)
    )
    anon_ids = {r["id"] for r in anonymous_rows}
    position = {r["id"]: i for i, r in enumerate(rows)}
    for timed in day["timed"]:
        assert timed.pk < min(anon_ids) and position[timed.pk] < min(position[i] for i in anon_ids)
    system = list(AuditEvent.objects.filter(chain=chains.SYSTEM_CHAIN).order_by("seq"))
    block = [e for e in system if e.day is not None]
    start = system.index(block[0])
    assert system[start : start + len(block)] == block  # one unbroken batch
    assert all(e.at is not None and e.at < end_of_day for e in system[:start])
    marker = system[start + len(block)]
    assert marker.verb == audit.AccessEvent.ANONYMOUS_SEALED.verb
    assert marker.at >= end_of_day and marker.detail == {"day": day["day"].isoformat(), "count": 2}


def test_a_pending_day_holds_no_actor_time_or_order(world) -> None:  # type: ignore[no-untyped-def]
    day = _a_day_with_anonymous_events(world, ("first", "second"))
    rows = _rows("access_pendinganonymousevents")
    assert len(rows) == anonymous.SHARDS
    assert all(set(row) == {"physical", "id", "day", "shard", "events"} for row in rows)
    assert {str(row["day"]) for row in rows} == {day["day"].isoformat()}
    held = [e for shard in PendingAnonymousEvents.objects.all() for e in shard.events]
    assert sorted(e["detail"]["answers"] for e in held) == [5, 7]
    assert all(
        set(e) == {"verb", "target_type", "target_id", "detail", "count"} and e["count"] == 1
        for e in held
    )


# --- sealing and verification ------------------------------------------------------


def test_only_closed_days_are_sealed_and_sealing_twice_adds_nothing(world) -> None:  # type: ignore[no-untyped-def]
    audit.record_anonymous(ExampleEvent.REPORT_FILED, target=CAMPAIGN)
    assert audit.seal_closed_days() == []  # today is still open
    assert not AuditEvent.objects.filter(day__isnull=False).exists()
    with _next_day_at(9):
        audit.record_anonymous(ExampleEvent.REPORT_FILED, target=CAMPAIGN)
        (sealed,) = audit.seal_closed_days()
        assert audit.seal_closed_days() == []
        assert set(PendingAnonymousEvents.objects.values_list("day", flat=True)) == {
            timezone.localdate()
        }
    assert sealed.events == 1
    assert AuditEvent.objects.filter(day__isnull=False).count() == 1
    assert audit.verify_chain().ok


def test_verify_detects_an_edited_or_deleted_anonymous_event(world) -> None:  # type: ignore[no-untyped-def]
    _a_day_with_anonymous_events(world, ("first", "second"))
    with _next_day_at(0, 30):
        audit.seal_closed_days()
    assert audit.verify_chain().ok
    first, second = AuditEvent.objects.filter(day__isnull=False).order_by("seq")
    remove_audit_guards(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE access_auditevent SET detail = %s WHERE id = %s", ['{"answers": 1}', first.pk]
        )
        cursor.execute("DELETE FROM access_auditevent WHERE id = %s", [second.pk])
    messages = {(p.seq, p.message.split(" (")[0]) for p in audit.verify_chain().problems}
    assert (first.seq, "contents do not match the event's hash") in messages
    assert (second.seq + 1, f"events {second.seq} to {second.seq} are missing") in messages
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("verify_audit")


def test_verify_detects_a_time_written_into_an_anonymous_event(world) -> None:  # type: ignore[no-untyped-def]
    """Even with its hash recomputed (which breaks the next link anyway)."""
    _a_day_with_anonymous_events(world, ("first", "second"))
    with _next_day_at(0, 30):
        audit.seal_closed_days()
    event = AuditEvent.objects.filter(day__isnull=False).order_by("seq").first()
    remove_audit_guards(connection)
    event.at = timezone.now()
    new_hash = chains.hash_of(event)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE access_auditevent SET at = %s, hash = %s WHERE id = %s",
            [event.at, new_hash, event.pk],
        )
    messages = [p.message for p in audit.verify_chain().problems if p.seq == event.seq]
    assert messages == ["an anonymous event holds a time or an actor"]


def test_closed_days_waiting_to_be_sealed_are_reported_but_today_is_not(
    world, client_for, capsys
) -> None:  # type: ignore[no-untyped-def]
    audit.record_anonymous(ExampleEvent.REPORT_FILED, target=CAMPAIGN)
    admin = world.user("administrator")
    assert "waiting to be sealed" not in page_text(
        client_for(admin).get(reverse("access:audit_log"))
    )
    with _next_day_at(10):
        audit.record_anonymous(ExampleEvent.REPORT_FILED, target=CAMPAIGN)
        text = page_text(client_for(admin).get(reverse("access:audit_log")))
        call_command("verify_audit")
        day = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert f"waiting to be sealed into the log: 1 of {day}" in text
    assert f"1 anonymous event(s) of {day} are not sealed yet" in capsys.readouterr().err


def test_a_sealed_anonymous_event_reads_in_words_with_its_day_only(world, client_for) -> None:  # type: ignore[no-untyped-def]
    _a_day_with_anonymous_events(world, ("first", "second"))
    day = timezone.localdate()
    with _next_day_at(0, 30):
        call_command("seal_audit")
    text = page_text(client_for(world.user("administrator")).get(reverse("access:audit_log")))
    assert f"{day:%Y-%m-%d} (day only) nobody recorded Anonymous response submitted" in text
    assert f"Anonymous events sealed: 2 from {day:%Y-%m-%d}" in text
