"""Every support-request URL against every kind of person who might try it.

The access matrix has one case manager (counselling). Here there are three:
counselling, tutoring, and a counselling case manager who grades the student,
and a second student. For each request, exactly the people who should see it
do, and everyone else gets 404 (or is sent to sign in).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from belong.people.models import AssessmentRelationship

pytestmark = pytest.mark.django_db

GET = ("wellbeing:support_request", "wellbeing:support_case")
POST = {
    "wellbeing:support_message": {"body": "Hello"},
    "wellbeing:support_case_update": {"action": "acknowledge"},
    "wellbeing:support_case_assign": {"assignee": ""},
    "wellbeing:support_withdraw": {},
}
# Who may use each URL, per request: "owner" is the student who made it,
# "office" the case managers of its office who do not assess the student.
ALLOWED = {
    "wellbeing:support_request": {"owner"},
    "wellbeing:support_case": {"office"},
    "wellbeing:support_message": {"owner", "office"},
    "wellbeing:support_case_update": {"office"},
    "wellbeing:support_case_assign": {"office"},
    "wellbeing:support_withdraw": {"owner"},
}


@pytest.fixture
def actors(world, wb, make_case_manager, make_student):  # type: ignore[no-untyped-def]
    grader = make_case_manager("grading_counsellor", world.counselling_office)
    AssessmentRelationship.objects.create(
        assessor=grader.person,
        role=AssessmentRelationship.Role.GRADER,
        student=world.person("student"),
        start_date=dt.date(2024, 1, 1),
    )
    return {
        "owner": world.user("student"),
        "classmate": make_student("classmate"),
        "counselling": world.user("case_manager"),
        "tutoring": make_case_manager("tutor", world.tutoring_office),
        "grading_counsellor": grader,
        "student_affairs": world.user("student_affairs"),
        "leadership": world.user("leadership"),
        "administrator": world.user("administrator"),
        "coach": world.user("coach"),
    }


def _roles(actor: str, office: str) -> set[str]:
    if actor == "owner":
        return {"owner"}
    return {"office"} if actor == office else set()


@pytest.mark.parametrize("which", ["counselling_request", "tutoring_request"])
@pytest.mark.parametrize("name", [*GET, *POST])
def test_only_the_student_and_the_right_office(world, wb, actors, client, name, which) -> None:  # type: ignore[no-untyped-def]
    request = wb[which]
    office = "counselling" if which == "counselling_request" else "tutoring"
    url = reverse(name, args=[request.pk])
    wrong = []
    for actor, user in actors.items():
        client.force_login(user)
        response = client.get(url) if name in GET else client.post(url, POST[name])
        allowed = bool(ALLOWED[name] & _roles(actor, office))
        expected = (200 if name in GET else 302) if allowed else 404
        if response.status_code != expected:
            wrong.append(f"{actor}: {response.status_code}, expected {expected}")
        client.logout()
    client.logout()
    anonymous = client.get(url) if name in GET else client.post(url, POST[name])
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    assert not wrong, "\n".join(wrong)


def test_the_grading_counsellor_sees_nothing_of_the_students_request(
    world, wb, actors, client
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(actors["grading_counsellor"])
    page = client.get(reverse("wellbeing:support_queue")).content.decode()
    assert wb["counselling_request"].summary not in page
    assert world.person("student").display_name not in page
