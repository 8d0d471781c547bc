"""What the demo school contains, read from the database after one small build."""

from __future__ import annotations

import re
from datetime import timedelta
from itertools import pairwise

import polars as pl
import pytest
from django.core.management import call_command
from django.db.models import Max, Q
from django.utils import timezone

from belong.access.models import RoleAssignment, User
from belong.access.policies import role_codes
from belong.access.roles import ROLES
from belong.demo.assessors import year_in_school
from belong.demo.personas import PERSONAS, demo_password
from belong.people import categories as cat
from belong.people.accounts import ROLE_FOR_AFFILIATION
from belong.people.models import (
    Affiliation,
    AssessmentRelationship,
    Campus,
    Person,
    SelfIdentification,
    SelfIdentificationVersion,
    Unit,
)
from tests.demo.conftest import SCALE, School
from tests.text import page_text

pytestmark = pytest.mark.django_db

A = Affiliation.Kind


def _current(kind: str):  # type: ignore[no-untyped-def]
    return Affiliation.objects.current().filter(kind=kind)


def _within(value: int, expected: float, tolerance: float = 0.5) -> bool:
    return (1 - tolerance) * expected <= value <= (1 + tolerance) * expected


def test_population_counts_scale_with_the_scale(school: School) -> None:
    people = school.context.population.people.height  # type: ignore[union-attr]
    assert Person.objects.count() == people == len(school.context.person_pk)
    assert _within(_current(A.STUDENT).count(), 600 * SCALE)
    assert _within(_current(A.FACULTY).values("person").distinct().count(), 1500 * SCALE)
    assert _within(_current(A.STAFF).values("person").distinct().count(), 2500 * SCALE)
    applicants = Affiliation.objects.filter(kind=A.APPLICANT)
    assert applicants.values("cohort").distinct().count() == 10
    assert _within(applicants.count(), 10 * 6000 * SCALE, 0.05)


def test_students_are_in_four_current_classes(school: School) -> None:
    classes = sorted(set(_current(A.STUDENT).values_list("cohort", flat=True)))
    today = timezone.localdate()
    assert len(classes) == 4
    assert classes == list(range(classes[0], classes[0] + 4))
    assert [year_in_school(c, today) for c in classes] == [4, 3, 2, 1]


def test_former_students_have_an_end_date_and_why(school: School) -> None:
    ended = Affiliation.objects.filter(kind=A.STUDENT, end_date__isnull=False)
    statuses = set(ended.values_list("status", flat=True))
    assert Affiliation.Status.COMPLETED in statuses
    assert statuses <= {
        Affiliation.Status.COMPLETED,
        Affiliation.Status.WITHDRAWN,
        Affiliation.Status.DISMISSED,
    }
    assert not Affiliation.objects.filter(
        kind=A.STUDENT, end_date__isnull=True, status__in=["completed", "withdrawn", "dismissed"]
    ).exists()


def test_each_faculty_promotion_is_a_new_row_ending_the_last(school: School) -> None:
    promoted = (
        Affiliation.objects.filter(kind=A.FACULTY, rank=Affiliation.Rank.ASSOCIATE)
        .values_list("person_id", flat=True)
        .distinct()
    )
    assert promoted
    checked = 0
    for person_id in promoted[:20]:
        rows = list(
            Affiliation.objects.filter(person_id=person_id, kind=A.FACULTY).order_by("start_date")
        )
        assert rows[0].rank == Affiliation.Rank.ASSISTANT
        for before, after in pairwise(rows):
            assert before.end_date == after.start_date - timedelta(days=1)
        checked += 1
    assert checked
    ranks = set(_current(A.FACULTY).values_list("rank", flat=True))
    assert {"assistant", "associate", "full"} <= ranks


def test_current_faculty_and_staff_have_no_end_date_and_leavers_do(school: School) -> None:
    today = timezone.localdate()
    for kind in (A.FACULTY, A.STAFF):
        current = _current(kind)
        assert current.exists()
        # A leaver whose last day is today is still current today; nobody else ends.
        ends = set(current.filter(end_date__isnull=False).values_list("end_date", flat=True))
        assert ends <= {today}
        assert Affiliation.objects.filter(
            kind=kind, status=Affiliation.Status.SEPARATED, end_date__isnull=False
        ).exists()


def test_nothing_is_dated_after_today(school: School) -> None:
    today = timezone.localdate()
    latest = Affiliation.objects.aggregate(start=Max("start_date"), end=Max("end_date"))
    assert latest["start"] <= today
    assert latest["end"] <= today
    assert not AssessmentRelationship.objects.filter(start_date__gt=today).exists()
    events = school.context.population.events  # type: ignore[union-attr]
    assert events["date"].max() <= today


def test_self_identification_keeps_prefer_not_and_not_answered(school: School) -> None:
    records = SelfIdentification.objects.all()
    assert records.count() == SelfIdentificationVersion.objects.count() > 0
    assert not records.exclude(source="import").exists()
    assert records.filter(sexual_orientation=cat.PREFER_NOT).exists()
    assert records.filter(sexual_orientation__isnull=True).exists()
    assert records.filter(race=[cat.PREFER_NOT]).exists()
    assert records.filter(race=[]).exists()
    assert records.filter(gender_identity="nonbinary").exists()
    for record in records.order_by("pk")[:500]:
        assert record.ipeds == cat.derive_ipeds(record.race, record.citizenship)


def test_self_identification_matches_the_population(school: School) -> None:
    people = school.context.population.people  # type: ignore[union-attr]
    pk = school.context.person_pk
    sample = people.sort("person_id").head(200)
    stored = {
        s.person_id: s
        for s in SelfIdentification.objects.filter(
            person_id__in=[pk[i] for i in sample["person_id"]]
        )
    }
    for row in sample.iter_rows(named=True):
        record = stored[pk[row["person_id"]]]
        assert record.race == list(row["race"])
        assert record.sexual_orientation == row["sexual_orientation"]
        assert record.citizenship == row["citizenship"]


def test_people_have_invented_names_and_unroutable_addresses(school: School) -> None:
    people = Person.objects.all()
    assert not people.exclude(email__endswith=".invalid").exists()
    assert people.values("email").distinct().count() == people.count()
    assert all(
        re.fullmatch(r"DS\d{8}", i) for i in people.values_list("institutional_id", flat=True)[:100]
    )
    # Names are drawn from broad lists: many different family names even in a small school.
    assert people.values("legal_family_name").distinct().count() > 150


def test_units_include_the_school_offices_and_campuses(school: School) -> None:
    school_unit = Unit.objects.get(kind=Unit.Kind.SCHOOL)
    offices = set(Unit.objects.filter(kind=Unit.Kind.OFFICE).values_list("name", flat=True))
    assert {
        "Office of Student Affairs",
        "Office of Inclusive Excellence",
        "Counselling and Psychological Services",
        "Academic Support and Tutoring",
        "Disability Resources",
        "Career Advising",
        "Financial Aid",
    } <= offices
    assert Unit.objects.filter(kind=Unit.Kind.DEPARTMENT, parent=school_unit).count() >= 8
    assert Unit.objects.filter(kind=Unit.Kind.DIVISION, parent__kind=Unit.Kind.DEPARTMENT).exists()
    assert Campus.objects.count() == 3


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.role for p in PERSONAS])
def test_each_demo_user_holds_its_role(school: School, persona) -> None:  # type: ignore[no-untyped-def]
    user = User.objects.get(username=persona.role)
    person = Person.objects.get(user=user)
    kinds = set(Affiliation.objects.current().filter(person=person).values_list("kind", flat=True))
    assert kinds == {persona.kind}
    expected = {ROLE_FOR_AFFILIATION[persona.kind]}
    if ROLES[persona.role].assignable:
        expected.add(persona.role)
    assert role_codes(user) == frozenset(expected)
    assert persona.role in role_codes(user)


def test_every_role_has_a_demo_user(school: School) -> None:
    assert {p.role for p in PERSONAS} == set(ROLES)
    assert set(User.objects.values_list("username", flat=True)) == set(ROLES)


def test_case_manager_acts_for_the_counselling_office(school: School) -> None:
    assignment = RoleAssignment.objects.get(user__username="case_manager")
    assert assignment.unit is not None and assignment.unit.code == "counselling"
    person = school.context.people["case_manager"]
    assert _current(A.STAFF).get(person=person).unit.code == "counselling"


def test_coach_is_a_clinical_faculty_member(school: School) -> None:
    row = _current(A.FACULTY).get(person=school.context.people["coach"])
    assert row.track == Affiliation.Track.CLINICAL


def test_demo_users_sign_in_with_the_demo_password(school: School, client) -> None:  # type: ignore[no-untyped-def]
    for persona in PERSONAS:
        assert client.login(username=persona.role, password=demo_password()), persona.role
        client.logout()
    assert not client.login(username="student", password="not-the-password")


def test_every_current_class_has_assessors_and_the_coach_grades_some(school: School) -> None:
    classes = set(_current(A.STUDENT).values_list("cohort", flat=True))
    directed = set(
        AssessmentRelationship.objects.filter(
            Q(role="course_director") | Q(role="clerkship_director")
        ).values_list("cohort", flat=True)
    )
    assert directed == classes
    coach = school.context.people["coach"]
    student = school.context.people["student"]
    graded = AssessmentRelationship.objects.filter(assessor=coach, role="grader")
    assert graded.exists()
    assert not graded.filter(student=student).exists()
    assert AssessmentRelationship.objects.filter(
        role="grader", student__isnull=False
    ).count() >= len(_current(A.STUDENT))


def test_person_pk_maps_population_ids_to_persons(school: School) -> None:
    frame = school.context.person_pk_frame()
    sample = frame.sort("person_id").head(50)
    ids = dict(
        Person.objects.filter(pk__in=sample["person_pk"].to_list()).values_list(
            "pk", "institutional_id"
        )
    )
    for person_id, pk in sample.iter_rows():
        assert ids[pk] == f"DS{person_id:08d}"
    events = school.context.population.events.join(frame, on="person_id", how="left")  # type: ignore[union-attr]
    assert events["person_pk"].null_count() == 0
    assert isinstance(events, pl.DataFrame)


def test_home_page_of_every_demo_user_shows_the_school(school: School, client) -> None:  # type: ignore[no-untyped-def]
    students = _current(A.STUDENT).count()
    for persona in PERSONAS:
        user = User.objects.get(username=persona.role)
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 200, persona.role
        cards = {card.title: card for card in response.context["cards"]}
        demo = cards["Demo school"]
        assert demo.figure == f"{students:,}", persona.role
        own = cards["Your self-identification"]
        assert "on file" in own.body, persona.role
        assert user.person.display_name in page_text(response)
        client.logout()


def test_demo_logins_prints_each_account_with_what_it_may_do(school: School, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert demo_password() in out
    for role in ROLES.values():
        name = re.escape(str(role.name))
        assert re.search(rf"^{name}\s+{role.code}\s", out, re.MULTILINE), role.code
        assert role.description.split()[0] in out
    assert "http://127.0.0.1:8000/accounts/login/" in out
    assert "changed since" not in out
