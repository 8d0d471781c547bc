"""Retention per category: closed cases deleted when their time is up; the reporter's messages
restart the clock; open cases are kept."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from belong.access.models import AuditEvent
from belong.concerns.actions import cases, followup, retention
from belong.concerns.choices import retention_years
from belong.concerns.models import Case, Concern, Reply
from tests.factories.concerns import named_case

pytestmark = pytest.mark.django_db


def test_title_ix_and_harm_are_kept_seven_years_the_rest_six() -> None:
    assert retention_years(["sexual_advances"]) == 7
    assert retention_years(["physical_harm"]) == 7
    assert retention_years(["humiliated"]) == 6
    assert retention_years(["humiliated", "remarks_sex"]) == 7


def _closed(world, **changes):  # type: ignore[no-untyped-def]
    with time_machine.travel("2024-03-04 09:00 +00:00", tick=False):
        case = named_case(world, event_month=datetime.date(2024, 1, 1), **changes)
        cases.close(by=world.user("concerns_manager"), case=case, outcome="Resolved.")
    return case


def test_a_closed_case_is_deleted_whole_when_its_time_is_up(world) -> None:  # type: ignore[no-untyped-def]
    case = _closed(world)
    open_case = named_case(world)
    assert retention.purge_expired(today=datetime.date(2030, 3, 3)) == 0
    assert retention.purge_expired(today=datetime.date(2030, 3, 4)) == 1
    assert not Concern.objects.filter(pk=case.concern_id).exists()
    assert not Reply.objects.filter(case_id=case.pk).exists()
    assert Case.objects.filter(pk=open_case.pk).exists()  # open: never deleted
    event = AuditEvent.objects.get(verb="concerns.case.purged")
    assert event.detail == {"years": 6, "closed_on": "2024-03-04"} and event.actor is None


def test_title_ix_cases_are_kept_a_year_longer(world) -> None:  # type: ignore[no-untyped-def]
    _closed(world, categories=["sexual_favours"])
    assert retention.purge_expired(today=datetime.date(2030, 3, 4)) == 0
    assert retention.purge_expired(today=datetime.date(2031, 3, 4)) == 1


def test_a_message_from_the_reporter_restarts_the_clock(world) -> None:  # type: ignore[no-untyped-def]
    case = _closed(world)
    with time_machine.travel("2025-05-12 09:00 +00:00", tick=False):
        followup.write_own(
            by=world.user("student"), concern=case.concern, text="It happened again."
        )
    assert retention.purge_expired(today=datetime.date(2030, 3, 4)) == 0
    assert retention.purge_expired(today=datetime.date(2031, 5, 12)) == 1
