"""Plans, actions and progress updates: bad input refused with nothing saved; history kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from belong.access.models import AuditEvent
from belong.plans.actions import plans as plan_actions
from belong.plans.actions.progress import write_update
from belong.plans.models import Action, PlanChange, ProgressUpdate, Status
from tests.factories.plans import ensure_office_role, faculty_action, office_action, plan


def test_an_action_due_before_it_starts_is_refused_and_nothing_saved(world) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    goal = made.areas.get().goals.get()
    today = timezone.localdate()
    before = Action.objects.count()
    with pytest.raises(ValidationError) as caught:
        plan_actions.add_action(
            by=world.user("leadership"),
            goal=goal,
            title="Backwards",
            starts_on=today,
            due_on=today - timedelta(days=1),
            owner_unit=world.counselling_office,
        )
    assert "before the start" in caught.value.message_dict["due_on"][0]
    assert Action.objects.count() == before


def test_an_action_with_no_owner_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    goal = plan(world).areas.get().goals.get()
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        plan_actions.add_action(
            by=world.user("analyst"), goal=goal, title="Nobody's", starts_on=today, due_on=today
        )
    assert "owner_person" in caught.value.message_dict


@pytest.mark.parametrize("persona", ["student", "faculty", "case_manager", "administrator"])
def test_only_leadership_and_the_inclusion_office_write_plans(world, persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        plan_actions.create_plan(by=world.user(persona), title="Mine")


def test_the_owner_writes_an_update_that_sets_the_status_and_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    action = faculty_action(world)
    update = write_update(
        by=world.user("faculty"),
        action=action,
        written_on=timezone.localdate(),
        status=Status.AT_RISK,
        note="Two sessions held; rooms are hard to book.",
    )
    action.refresh_from_db()
    assert action.status == Status.AT_RISK
    assert update.written_by == world.user("faculty")
    assert AuditEvent.objects.filter(verb="plans.update.written").count() == 1


@pytest.mark.parametrize("persona", ["leadership", "analyst", "student", "case_manager", "coach"])
def test_anyone_but_the_owner_is_refused_an_update_and_nothing_is_saved(world, persona) -> None:  # type: ignore[no-untyped-def]
    action = faculty_action(world)
    with pytest.raises(Http404):
        write_update(
            by=world.user(persona),
            action=action,
            written_on=timezone.localdate(),
            status=Status.DONE,
            note="Not mine to say.",
        )
    assert not ProgressUpdate.objects.exists()
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED


def test_an_office_action_is_reported_by_the_office_role_holder_only(world) -> None:  # type: ignore[no-untyped-def]
    ensure_office_role(world)
    action = office_action(world)
    write_update(
        by=world.user("case_manager"),
        action=action,
        written_on=timezone.localdate(),
        status=Status.ON_TRACK,
        note="First cohort trained.",
    )
    with pytest.raises(Http404):
        write_update(
            by=world.user("faculty"),
            action=action,
            written_on=timezone.localdate(),
            status=Status.DONE,
            note="x",
        )
    assert ProgressUpdate.objects.filter(action=action).count() == 1


@pytest.mark.parametrize("status", [Status.OFF_TRACK, Status.DROPPED])
def test_off_track_and_dropped_need_a_reason(world, status) -> None:  # type: ignore[no-untyped-def]
    action = faculty_action(world)
    with pytest.raises(ValidationError) as caught:
        write_update(
            by=world.user("faculty"),
            action=action,
            written_on=timezone.localdate(),
            status=status,
            note="Stalled.",
            reason="  ",
        )
    assert "reason is required" in caught.value.message_dict["reason"][0]
    assert not ProgressUpdate.objects.exists()
    write_update(
        by=world.user("faculty"),
        action=action,
        written_on=timezone.localdate(),
        status=status,
        note="Stalled.",
        reason="The budget was moved to next year.",
    )
    action.refresh_from_db()
    assert action.status_reason == "The budget was moved to next year."


def test_an_update_cannot_be_dated_before_the_last_one(world) -> None:  # type: ignore[no-untyped-def]
    action = faculty_action(world)
    today = timezone.localdate()
    write_update(
        by=world.user("faculty"), action=action, written_on=today, status="on_track", note="a"
    )
    with pytest.raises(ValidationError):
        write_update(
            by=world.user("faculty"),
            action=action,
            written_on=today - timedelta(days=3),
            status="on_track",
            note="b",
        )


def test_a_published_plan_keeps_its_history_by_version(world) -> None:  # type: ignore[no-untyped-def]
    made = plan(world)
    assert made.version == 1
    leadership = world.user("leadership")
    action = faculty_action(world)
    today = timezone.localdate()
    plan_actions.change_dates(
        by=leadership, action=action, starts_on=action.starts_on, due_on=today + timedelta(days=400)
    )
    write_update(
        by=world.user("faculty"), action=action, written_on=today, status="on_track", note="Begun."
    )
    made = plan_actions.publish(by=leadership, plan=made)
    plan_actions.add_area(by=leadership, plan=made, title="Curriculum design")
    log = list(PlanChange.objects.filter(plan=made).order_by("changed_at", "pk"))
    by_version = [(c.version, c.summary) for c in log]
    assert (1, "Version 1 published") in by_version
    assert any(v == 1 and "now runs" in s for v, s in by_version)
    assert any(v == 1 and "Not started → On track" in s for v, s in by_version)
    assert (2, "Version 2 published") in by_version
    assert (2, "Area added: Curriculum design") in by_version
    # A draft's edits are not history: nothing was logged before version 1.
    assert all(c.version >= 1 for c in log)
