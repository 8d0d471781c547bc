"""One bound for every typed date: a sensible range, a clear message, never an OverflowError."""

from __future__ import annotations

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import belong
from belong.coaching import actions
from belong.coaching.models import Goal, Meeting
from belong.fields.dates import DateRange, date_bounds, date_field, datetime_field, shift_years
from tests.factories.coaching import coaching_world


def _every_form_class() -> list[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(belong.__path__, "belong."):
        if info.name.rsplit(".", 1)[-1].endswith("forms"):
            importlib.import_module(info.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("belong."):
                found.append(sub)
    return found


def test_every_date_field_in_every_form_is_bounded():
    checked = []
    for form in _every_form_class():
        for name, field in form.base_fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                assert any(isinstance(v, DateRange) for v in field.validators), (
                    f"{form.__module__}.{form.__name__}.{name} has no DateRange"
                )
                checked.append(f"{form.__name__}.{name}")
    # The walk finds the forms of several apps, so it cannot pass by finding none.
    assert {"MeetingForm.starts_at", "GoalForm.target_date", "WaiverForm.coverage_end"} <= set(
        checked
    )
    assert len(checked) >= 15


def test_the_range_is_counted_from_today_and_named_in_the_message():
    today = timezone.localdate()
    earliest, latest = date_bounds(years_back=1, years_ahead=2)
    assert (earliest, latest) == (shift_years(today, -1), shift_years(today, 2))
    check = DateRange(label="Starts", years_back=1, years_ahead=2)
    check(earliest)
    check(latest)
    for wrong in (earliest - datetime.timedelta(days=1), latest + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as caught:
            check(wrong)
        assert caught.value.messages == [
            f"Starts: give a date between {earliest.day} {earliest:%b %Y} "
            f"and {latest.day} {latest:%b %Y}."
        ]


def test_29_february_moves_to_the_28th_in_a_common_year():
    assert shift_years(datetime.date(2028, 2, 29), -1) == datetime.date(2027, 2, 28)
    assert shift_years(datetime.date(9999, 1, 1), 5) == datetime.date(9999, 1, 1)


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "1899-06-30"])
def test_a_date_field_refuses_the_ends_of_the_calendar_with_a_message(typed: str):
    class Form(forms.Form):
        day = date_field("Deadline")

    form = Form({"day": typed})
    assert not form.is_valid()
    assert form.errors["day"][0].startswith("Deadline: give a date between ")


@pytest.mark.parametrize("typed", ["9999-12-31T23:59", "0001-01-01T00:00"])
def test_a_datetime_field_refuses_year_9999_before_any_time_zone_arithmetic(typed: str):
    class Form(forms.Form):
        starts_at = datetime_field("Starts")

    form = Form({"starts_at": typed})
    assert not form.is_valid()
    assert form.errors["starts_at"][0].startswith("Starts: give a date between ")


def test_date_inputs_carry_the_range_for_the_browser():
    class Form(forms.Form):
        day = date_field("Day", years_back=1, years_ahead=2)
        starts_at = datetime_field("Starts", years_back=1, years_ahead=2)

    html = str(Form())
    earliest, latest = date_bounds(years_back=1, years_ahead=2)
    assert f'min="{earliest.isoformat()}"' in html and f'max="{latest.isoformat()}"' in html
    assert f'min="{earliest.isoformat()}T00:00"' in html and 'type="datetime-local"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "status", "message"),
    [
        ("9999-12-31T23:59", "scheduled", "Starts: give a date between"),
        ("2001-03-05T10:00", "scheduled", "Starts: give a date between"),
        ("2001-03-05T10:00", "held", "Starts: give a date between"),
    ],
)
def test_the_meeting_page_answers_out_of_range_dates_with_a_message(
    world, client_for, typed: str, status: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    before = Meeting.objects.count()
    response = client_for(world.user("coach")).post(
        reverse("coaching:meeting_new", args=[cw.pairing.pk]),
        {"starts_at": typed, "minutes": "45", "location": "Room 1", "status": status},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Meeting.objects.count() == before


@pytest.mark.django_db
def test_a_meeting_on_a_past_day_is_not_scheduled(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    coach = world.user("coach")
    last_week = timezone.localtime(timezone.now() - datetime.timedelta(days=7)).replace(
        second=0, microsecond=0
    )
    with pytest.raises(ValidationError) as caught:
        actions.schedule_meeting(
            by=coach,
            pairing=cw.pairing,
            starts_at=last_week,
            ends_at=last_week + datetime.timedelta(minutes=45),
            location="Room 1",
        )
    assert caught.value.message_dict["starts_at"] == [
        "Starts: a meeting on a past day is not scheduled; record it as held or missed."
    ]
    held = actions.schedule_meeting(
        by=coach,
        pairing=cw.pairing,
        starts_at=last_week,
        ends_at=last_week + datetime.timedelta(minutes=45),
        location="Room 1",
        status=Meeting.Status.HELD,
    )
    assert held.status == Meeting.Status.HELD
    upcoming = actions.schedule_meeting(
        by=coach,
        pairing=cw.pairing,
        starts_at=last_week + datetime.timedelta(days=14),
        ends_at=last_week + datetime.timedelta(days=14, minutes=45),
        location="Room 1",
    )
    with pytest.raises(ValidationError, match="a meeting on a past day is not scheduled"):
        actions.reschedule_meeting(
            by=coach,
            meeting=upcoming,
            starts_at=last_week,
            ends_at=last_week + datetime.timedelta(minutes=45),
            location="Room 1",
        )


@pytest.mark.django_db
@pytest.mark.parametrize("year", [1, 9999])
def test_goal_dates_of_year_1_and_9999_are_refused(world, client_for, year: int) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    with pytest.raises(ValidationError) as caught:
        actions.save_goal(
            by=world.user("student"),
            pairing=cw.pairing,
            title="Finish the audit",
            target_date=datetime.date(year, 1, 1),
        )
    assert caught.value.message_dict["target_date"][0].startswith("By: give a date between")
    response = client_for(world.user("student")).post(
        reverse("coaching:goal_new", args=[cw.pairing.pk]),
        {
            "title": "Finish the audit",
            "progress": "0",
            "status": "open",
            "target_date": f"{year:04d}-01-01",
        },
    )
    assert response.status_code == 200
    assert "give a date between" in response.content.decode()
    assert not Goal.objects.filter(title="Finish the audit").exists()
