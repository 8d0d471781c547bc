"""Reporting: three modes, checked input with nothing half-saved, sealed anonymous reports."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404

from belong.access.models import AuditEvent, PendingAnonymousEvents
from belong.anonymity.models import SealedEnvelope
from belong.concerns import receipts
from belong.concerns.actions import delivery, intake
from belong.concerns.models import Case, Concern, Reporter
from tests.factories.concerns import anonymous_case, named_case, report

pytestmark = pytest.mark.django_db


def test_a_confidential_report_keeps_its_reporter_beside_the_case_and_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel("2026-11-10 14:30 +00:00", tick=False):
        case = named_case(world, mode="confidential")
    assert case.concern.mode == "confidential"
    assert Reporter.objects.get(case=case).user == world.user("student")
    assert case.opened_on == datetime.date(2026, 11, 10)
    assert case.triage_due == datetime.date(2026, 11, 13)
    assert case.status == Case.Status.NEW and not case.title_ix
    event = AuditEvent.objects.get(verb="concerns.concern.reported")
    assert event.actor == world.user("student") and event.detail == {"mode": "confidential"}


def test_sexual_misconduct_categories_flag_the_case_for_title_ix(world) -> None:  # type: ignore[no-untyped-def]
    assert named_case(world, categories=["sexual_advances"]).title_ix
    assert named_case(world, categories=["remarks_sex", "humiliated"]).title_ix
    assert not named_case(world, categories=["remarks_race"]).title_ix


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"description": "   \n\t "}, "description", "only spaces were given"),
        ({"categories": []}, "categories", "choose at least one"),
        ({"categories": ["stolen_lunch"]}, "categories", "stolen_lunch is not one of"),
        ({"setting": "moon"}, "setting", "choose one of the settings"),
        ({"involved_role": "alien"}, "involved_role", "choose one of the roles"),
        ({"event_month": datetime.date(2026, 12, 1)}, "event_month", "cannot be in the future"),
        ({"event_month": datetime.date(2010, 1, 1)}, "event_month", "last ten years"),
        ({"recusals": [999999]}, "recusals", "not case managers"),
    ],
)
def test_bad_input_is_refused_with_its_field_and_nothing_is_saved(
    world,
    changes,
    field,
    message,  # type: ignore[no-untyped-def]
) -> None:
    with time_machine.travel("2026-11-10 09:00 +00:00", tick=False):
        with pytest.raises(ValidationError) as caught:
            intake.report_with_name(
                by=world.user("student"), mode="named", report=report(**changes)
            )
        assert message in " ".join(caught.value.message_dict[field])
        with pytest.raises(ValidationError):
            intake.report_anonymously(report=report(**changes), receipt=receipts.new_receipt())
    assert not Concern.objects.exists() and not Case.objects.exists()
    assert not SealedEnvelope.objects.exists() and not PendingAnonymousEvents.objects.exists()


def test_reporting_by_name_needs_a_person_record(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        intake.report_with_name(by=world.user("outsider"), mode="named", report=report())
    with pytest.raises(ValueError, match="named or confidential"):
        intake.report_with_name(by=world.user("student"), mode="anonymous", report=report())


def test_an_anonymous_report_is_sealed_until_delivered_then_opens_a_case(world) -> None:  # type: ignore[no-untyped-def]
    receipt = receipts.new_receipt()
    intake.report_anonymously(report=report(categories=["sexual_favours"]), receipt=receipt)
    assert not Concern.objects.exists() and SealedEnvelope.objects.count() == 1
    # Nothing readable in the envelope without the secret key.
    payload = bytes(SealedEnvelope.objects.get().payload)
    assert b"shouted" not in payload and receipt.lookup.encode() not in payload
    assert not AuditEvent.objects.filter(verb__startswith="concerns.").exists()
    done = delivery.deliver()
    assert (done.concerns, done.messages) == (1, 0)
    concern = Concern.objects.get()
    assert concern.mode == "anonymous" and concern.receipt_lookup == receipt.lookup
    assert concern.case.title_ix and concern.case.opened_on == concern.received_on
    assert not Reporter.objects.exists() and not SealedEnvelope.objects.exists()
    assert delivery.deliver() == delivery.Delivered(0, 0)


def test_recused_case_managers_are_kept_from_the_case_from_the_start(world) -> None:  # type: ignore[no-untyped-def]
    manager = world.user("concerns_manager")
    case, _ = anonymous_case(recusals=[manager.pk])
    assert list(case.recused.all()) == [manager]


def test_a_case_manager_who_reports_is_recused_from_their_own_case(world) -> None:  # type: ignore[no-untyped-def]
    case = named_case(world, persona="concerns_manager", mode="confidential")
    assert world.user("concerns_manager") in case.recused.all()
