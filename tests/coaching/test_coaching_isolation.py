"""No coach sees another coach's students; students see only their own coach's shared items;
student affairs sees pairings and referrals but never notes; administrators see none of it.

The access matrix (tests/matrix_entries/coaching.py) opens every coaching URL with the
world's own records. Here every URL that names a record is opened with the *other*
coach's records: the world's coach and student, student affairs and the administrator
must all get 404, while the other coach (or their student) gets through, which shows
the 404 is about whose record it is and not a broken URL.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from belong.access.models import AuditEvent
from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.coaching import actions, queries
from belong.coaching.models import CoachingNote, Pairing
from tests.factories.coaching import (
    OTHER_TEXT,
    PRIVATE_TEXT,
    SHARED_TEXT,
    CoachFactory,
    NoteFactory,
    PairingFactory,
    coaching_world,
    faculty_person,
    proposed_run,
)

pytestmark = pytest.mark.django_db

COACHING_PERMISSIONS = (
    Permission.COACH_STUDENTS,
    Permission.CHOOSE_COACH,
    Permission.MANAGE_PAIRING,
)

# (url name, kwargs from the coaching world, method, who owns it: "coach" or "student")
OTHERS_RECORDS = [
    ("coaching:student_detail", lambda c: {"pairing_id": c.other_pairing.pk}, "get", "coach"),
    ("coaching:meeting_new", lambda c: {"pairing_id": c.other_pairing.pk}, "get", "coach"),
    ("coaching:note_new", lambda c: {"pairing_id": c.other_pairing.pk}, "get", "coach"),
    ("coaching:referral_new", lambda c: {"pairing_id": c.other_pairing.pk}, "get", "coach"),
    ("coaching:meeting_edit", lambda c: {"meeting_id": c.other_meeting.pk}, "get", "coach"),
    ("coaching:meeting_status", lambda c: {"meeting_id": c.other_meeting.pk}, "post", "coach"),
    ("coaching:note_edit", lambda c: {"note_id": c.other_note.pk}, "get", "coach"),
    ("coaching:note_share", lambda c: {"note_id": c.other_note.pk}, "post", "coach"),
    ("coaching:goal_new", lambda c: {"pairing_id": c.other_pairing.pk}, "get", "coach"),
    ("coaching:goal_edit", lambda c: {"goal_id": c.other_goal.pk}, "get", "coach"),
    ("coaching:goal_edit", lambda c: {"goal_id": c.other_goal.pk}, "get", "student"),
    ("coaching:goal_new", lambda c: {"pairing_id": c.other_pairing.pk}, "get", "student"),
]


@pytest.mark.parametrize(("name", "kwargs", "method", "owner"), OTHERS_RECORDS)
def test_other_coachs_records_answer_404_to_everyone_else(
    name, kwargs, method, owner, world, client_for
) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    url = reverse(name, kwargs=kwargs(cw))
    data = {"status": "cancelled"} if name == "coaching:meeting_status" else {"shared": "1"}
    for persona in ("coach", "student", "student_affairs", "administrator", "leadership"):
        response = getattr(client_for(world.user(persona)), method)(url, data=data)
        assert response.status_code == 404, f"{persona} opened {url}"
    owner_user = cw.other_coach_user if owner == "coach" else cw.other_student_user
    response = getattr(client_for(owner_user), method)(url, data=data)
    assert response.status_code in (200, 302), f"the owner could not open {url}"


def test_referral_about_another_student_is_hidden_from_the_world_student(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    url = reverse("coaching:referral_decide", args=[cw.other_referral.pk])
    assert client_for(world.user("student")).get(url).status_code == 404
    assert client_for(cw.other_student_user).get(url).status_code == 200


def test_student_affairs_does_not_see_a_referral_the_student_has_not_agreed_to(
    world, client_for
) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    url = reverse("coaching:referral_detail", args=[cw.referral.pk])
    assert client_for(world.user("student_affairs")).get(url).status_code == 404
    listing = client_for(world.user("student_affairs")).get(reverse("coaching:referrals"))
    assert world.person("student").display_name not in listing.content.decode()


def test_my_students_lists_only_the_coachs_own_students(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    page = client_for(world.user("coach")).get(reverse("coaching:my_students")).content.decode()
    assert world.person("student").display_name in page
    assert cw.other_student.display_name not in page
    assert [p.pk for p in queries.my_students(world.user("coach"))] == [cw.pairing.pk]


def test_student_sees_only_shared_notes_of_their_own_coach(world, client_for) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)
    page = client_for(world.user("student")).get(reverse("coaching:my_coaching")).content.decode()
    assert SHARED_TEXT in page
    assert PRIVATE_TEXT not in page
    assert OTHER_TEXT not in page
    assert "Other shared note" not in page


def test_coach_page_shows_own_notes_and_never_another_coachs(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    page = (
        client_for(world.user("coach"))
        .get(reverse("coaching:student_detail", args=[cw.pairing.pk]))
        .content.decode()
    )
    assert PRIVATE_TEXT in page and SHARED_TEXT in page
    assert OTHER_TEXT not in page


def test_no_student_affairs_or_administrator_page_ever_shows_a_note(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    run = proposed_run(world)
    pages = [
        reverse("coaching:roster"),
        reverse("coaching:coach_edit", args=[cw.coach.pk]),
        reverse("coaching:unpaired"),
        reverse("coaching:runs"),
        reverse("coaching:run_detail", args=[run.pk]),
        reverse("coaching:referrals"),
        reverse("coaching:referral_detail", args=[cw.other_referral.pk]),
        reverse("core:home"),
    ]
    for persona in ("student_affairs", "administrator", "leadership"):
        client = client_for(world.user(persona))
        for url in pages:
            response = client.get(url)
            # Student affairs must really see these pages (else "no note in the body"
            # proves nothing); the others see only their home page.
            opens = persona == "student_affairs" or url == reverse("core:home")
            assert response.status_code == (200 if opens else 404), (persona, url)
            body = response.content.decode()
            for text in (PRIVATE_TEXT, SHARED_TEXT, OTHER_TEXT):
                assert text not in body, f"{persona} saw a note at {url}"
    audit = client_for(world.user("administrator")).get(reverse("access:audit_log"))
    assert PRIVATE_TEXT not in audit.content.decode()


def test_policies_refuse_notes_to_student_affairs_and_administrators(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    for persona in ("student_affairs", "administrator", "leadership", "faculty"):
        user = world.user(persona)
        for note in (cw.private_note, cw.shared_note, cw.other_note):
            for permission in COACHING_PERMISSIONS:
                assert not has_permission(user, permission, note), (persona, permission)


def test_a_new_coach_never_reads_the_previous_coachs_notes(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    # The other coach leaves; their student is paired with the world's coach.
    actions.coach_leaves(by=world.user("student_affairs"), coach=cw.other_coach)
    pairing = PairingFactory(student=cw.other_student, coach=cw.coach)
    coach = world.user("coach")
    assert queries.notes_for_author(coach, pairing) == []
    note = CoachingNote.objects.get(pk=cw.other_note.pk)
    assert not has_permission(coach, Permission.COACH_STUDENTS, note)
    # And the coach who left no longer reaches the pairing they had, nor its notes.
    assert not has_permission(cw.other_coach_user, Permission.COACH_STUDENTS, note)


def test_coach_without_the_role_sees_nothing_even_when_on_the_roster(world) -> None:  # type: ignore[no-untyped-def]
    person = faculty_person(world, "Rita")  # an account, no coach role
    coach = CoachFactory(person=person)
    pairing = PairingFactory(coach=coach)
    note = NoteFactory(pairing=pairing)
    assert not has_permission(person.user, Permission.COACH_STUDENTS, pairing)
    assert not has_permission(person.user, Permission.COACH_STUDENTS, note)


def test_ended_pairing_is_closed_to_its_coach_and_student(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    Pairing.objects.filter(pk=cw.pairing.pk).update(active=False)
    url = reverse("coaching:student_detail", args=[cw.pairing.pk])
    assert client_for(world.user("coach")).get(url).status_code == 404
    goal = reverse("coaching:goal_edit", args=[cw.goal.pk])
    assert client_for(world.user("student")).get(goal).status_code == 404


def test_every_read_of_notes_is_audited_without_their_text(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    before = AuditEvent.objects.count()
    client_for(world.user("coach")).get(reverse("coaching:student_detail", args=[cw.pairing.pk]))
    client_for(world.user("student")).get(reverse("coaching:my_coaching"))
    client_for(world.user("coach")).get(reverse("coaching:note_edit", args=[cw.private_note.pk]))
    events = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    reads = [e for e in events if e.verb.startswith("coaching.note")]
    assert [e.verb for e in reads] == [
        "coaching.notes.read",
        "coaching.notes.read",
        "coaching.note.read",
    ]
    assert reads[0].detail["as"] == "author"
    assert set(reads[0].detail["notes"]) == {cw.private_note.pk, cw.shared_note.pk}
    assert reads[1].detail == {"as": "student", "notes": [cw.shared_note.pk]}
    assert reads[0].actor_id == world.user("coach").pk
    for event in events:
        assert PRIVATE_TEXT not in str(event.detail)
        assert SHARED_TEXT not in str(event.detail)
