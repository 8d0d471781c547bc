"""Reports held until an evaluation is due; retaliation check-ins; who is e-mailed (never the
anonymous reporter)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from belong.access.models import AuditEvent
from belong.concerns import receipts, reminders, tasks
from belong.concerns.actions import cases, checkins, intake
from belong.concerns.models import Reply
from tests.factories.concerns import anonymous_case, named_case, report

pytestmark = pytest.mark.django_db

DAY = "2026-11-10 09:00 +00:00"


def test_a_hold_in_the_past_or_today_is_refused_and_nothing_saved(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY, tick=False):
        for held in (datetime.date(2026, 11, 9), datetime.date(2026, 11, 10)):
            with pytest.raises(ValidationError, match="has passed"):
                intake.report_anonymously(
                    report=report(held_until=held), receipt=receipts.new_receipt()
                )
        with pytest.raises(ValidationError, match="a year at most"):
            named_case(world, held_until=datetime.date(2028, 1, 1))


def test_a_held_case_is_sealed_from_every_manager_until_its_day(world, client) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY, tick=False):
        case = named_case(world, held_until=datetime.date(2026, 12, 1))
        assert case.triage_due == datetime.date(2026, 12, 4)
        client.force_login(world.user("concerns_manager"))
        assert client.get(reverse("concerns:case", args=[case.pk])).status_code == 404
        listed = client.get(reverse("concerns:cases")).content.decode()
        assert case.reference not in listed and "1 report held" in listed
    with time_machine.travel("2026-12-01 09:00 +00:00", tick=False):
        client.force_login(world.user("concerns_manager"))
        assert client.get(reverse("concerns:case", args=[case.pk])).status_code == 200
    # The reporter still sees their own report, and that it is held.
    with time_machine.travel(DAY, tick=False):
        client.force_login(world.user("student"))
        own = client.get(reverse("concerns:own", args=[case.concern_id])).content.decode()
        assert "Held at the reporter's request until 1 December 2026" in own


def test_check_ins_are_posted_at_30_60_and_90_days_once_each(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY, tick=False):
        case, receipt = anonymous_case()
    for day, expected in (("2026-12-09", 0), ("2026-12-10", 1), ("2026-12-10", 0),
                          ("2027-01-09", 1), ("2027-02-08", 1), ("2027-06-01", 0)):  # fmt: skip
        with time_machine.travel(f"{day} 09:00 +00:00", tick=False):
            assert checkins.post_due_checkins() == expected, day
    posted = list(Reply.objects.filter(case=case).values_list("checkin_day", "author"))
    assert posted == [(30, None), (60, None), (90, None)]
    assert AuditEvent.objects.filter(verb="concerns.case.checkin_posted").count() == 3
    assert not mail.outbox  # anonymous: nobody to e-mail, ever
    concern = receipts.concern_for(receipt.text)
    assert "Checking in, 90 days on" in Reply.objects.filter(case__concern=concern).last().text  # type: ignore[union-attr]


def test_send_reminders_takes_part_through_reminders_py(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY, tick=False):
        named_case(world)
    with time_machine.travel("2026-12-15 09:00 +00:00", tick=False):
        assert str(reminders.queue_due_reminders()) == "Concerns: 1 retaliation check-in(s) posted."


def test_named_reporters_are_told_there_is_news_and_anonymous_ones_never(  # type: ignore[no-untyped-def]
    world, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    manager = world.user("concerns_manager")
    named = named_case(world, persona="resident", mode="confidential")
    anonymous, _ = anonymous_case()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cases.reply(by=manager, case=anonymous, text="Anything to add?")
        cases.close(by=manager, case=anonymous, outcome="Done.")
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        cases.reply(by=manager, case=named, text="Anything to add?")
    assert [m.to for m in mail.outbox] == [["resident@example.edu"]]
    assert "Anything to add?" not in mail.outbox[0].body and "Sign in" in mail.outbox[0].body
    assert tasks.email_reporter.call(str(anonymous.pk)) == 0


def test_case_managers_are_told_a_concern_is_waiting_never_what_it_says(world) -> None:  # type: ignore[no-untyped-def]
    named_case(world)
    assert tasks.email_managers.call() == 1
    assert mail.outbox[0].to == ["concerns_manager@example.edu"]
    assert "shouted" not in mail.outbox[0].body
