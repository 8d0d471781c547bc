"""Case managers: triage, assignment, recusal, restricted notes, replies, closure; all audited."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from belong.access.models import AuditEvent
from belong.concerns import queries
from belong.concerns.actions import cases
from belong.concerns.models import Case
from tests.factories.concerns import anonymous_case, concerns_manager, named_case

pytestmark = pytest.mark.django_db


def _verbs(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(AuditEvent.objects.filter(actor=user).order_by("id").values_list("verb", flat=True))


def test_the_whole_life_of_a_case_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    manager, other = world.user("concerns_manager"), concerns_manager("ruth")
    with time_machine.travel("2026-11-10 09:00 +00:00", tick=False):
        case = named_case(world, categories=["sexual_advances"])
        queries.open_case_file(by=manager, pk=case.pk)
        cases.triage(by=manager, case=case, priority="urgent", title_ix_referred=True)
        cases.assign(by=manager, case=case, managers=[manager, other])
        cases.add_note(by=manager, case=case, text="Spoke to the site lead.")
        cases.reply(by=manager, case=case, text="We are on it.")
        cases.close(by=manager, case=case, outcome="The resident was removed from the rota.")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.closed_on == datetime.date(2026, 11, 10)
    assert case.priority == "urgent" and case.title_ix_referred_on == datetime.date(2026, 11, 10)
    assert set(case.assignees.all()) == {manager, other}
    assert _verbs(manager) == [
        "concerns.case.read",
        "concerns.case.triaged",
        "concerns.case.assigned",
        "concerns.case.note_added",
        "concerns.case.replied",
        "concerns.case.closed",
    ]
    with pytest.raises(ValidationError, match="closed"):
        cases.reply(by=manager, case=case, text="One more thing.")


def test_assignment_refuses_nobody_outsiders_and_recused_managers(world) -> None:  # type: ignore[no-untyped-def]
    manager, recused = world.user("concerns_manager"), concerns_manager("ruth")
    case = named_case(world, recusals=[recused.pk])
    with pytest.raises(ValidationError, match="choose at least one"):
        cases.assign(by=manager, case=case, managers=[])
    with pytest.raises(ValidationError, match="only concerns case managers"):
        cases.assign(by=manager, case=case, managers=[world.user("case_manager")])
    with pytest.raises(ValidationError, match="recused"):
        cases.assign(by=manager, case=case, managers=[recused])
    assert not case.assignees.exists()


def test_only_assigned_managers_see_an_assigned_case_and_never_a_recused_one(world, client) -> None:  # type: ignore[no-untyped-def]
    manager, ruth, sam = (
        world.user("concerns_manager"),
        concerns_manager("ruth"),
        concerns_manager("sam"),
    )
    case = named_case(world)
    url = reverse("concerns:case", args=[case.pk])
    for user in (manager, ruth, sam):  # waiting to be assigned: every manager
        client.force_login(user)
        assert client.get(url).status_code == 200
    cases.assign(by=manager, case=case, managers=[ruth])
    for user, status in ((manager, 404), (ruth, 200), (sam, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
        listed = client.get(reverse("concerns:cases")).content.decode()
        assert (case.reference in listed) is (status == 200)
    client.force_login(ruth)
    assert client.post(reverse("concerns:case_recuse", args=[case.pk])).status_code == 302
    assert client.get(url).status_code == 404
    with pytest.raises(Http404):
        cases.add_note(by=ruth, case=case, text="Still here?")


def test_identity_is_shown_for_confidential_reports_and_exists_nowhere_for_anonymous(
    world, client
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("concerns_manager"))
    confidential = named_case(world, persona="resident", mode="confidential")
    page = client.get(reverse("concerns:case", args=[confidential.pk])).content.decode()
    assert "Resident Persona" in page and "confidential: only case managers may know" in page
    anonymous, _ = anonymous_case()
    page = client.get(reverse("concerns:case", args=[anonymous.pk])).content.decode()
    assert "Anonymous: nobody knows who reported this" in page
    assert "Persona" not in page.split("<main", 1)[-1].split("Case managers", 1)[0]
    event = AuditEvent.objects.filter(verb="concerns.case.read").order_by("id").last()
    assert event is not None and event.detail == {"identity": False}


def test_a_refused_form_redraws_the_case_with_the_error_and_saves_nothing(world, client) -> None:  # type: ignore[no-untyped-def]
    case = named_case(world)
    client.force_login(world.user("concerns_manager"))
    response = client.post(reverse("concerns:case_close", args=[case.pk]), {"outcome": "   "})
    assert response.status_code == 400
    assert "Outcome told to the reporter: write something" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.NEW and case.outcome == ""


def test_the_case_list_flags_cases_past_their_triage_target(world, client) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel("2026-11-02 09:00 +00:00", tick=False):
        named_case(world)
    with time_machine.travel("2026-11-10 09:00 +00:00", tick=False):
        client.force_login(world.user("concerns_manager"))
        page = client.get(reverse("concerns:cases")).content.decode()
        home = client.get(reverse("core:home")).content.decode()
    assert "past the target" in page
    assert "1 past the triage target" in home
    event = AuditEvent.objects.get(verb="concerns.cases.read")
    assert event.detail == {"count": 1}
