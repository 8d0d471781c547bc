"""One named persona per role, available to every test through fixtures.

``world`` builds the school's skeleton (units, an office, a campus) and one
signed-in account per role; ``PERSONAS`` lists their codes in a fixed order
for the access-control matrix.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from belong.access.models import RoleAssignment, User
from belong.people.models import Affiliation, Person, Unit
from tests.factories.people import AffiliationFactory, CampusFactory, PersonFactory, UnitFactory

PERSONAS = (
    "anonymous",
    "outsider",
    "student",
    "resident",
    "coach",
    "faculty",
    "staff",
    "analyst",
    "data_steward",
    "case_manager",
    "student_affairs",
    "leadership",
    "administrator",
    "concerns_manager",
)
SIGNED_IN = PERSONAS[1:]

# Affiliation that makes the role (implied roles) or that the persona holds anyway.
_AFFILIATION = {
    "student": "student",
    "resident": "resident",
    "coach": "faculty",
    "faculty": "faculty",
    "staff": "staff",
    "analyst": "staff",
    "data_steward": "staff",
    "case_manager": "staff",
    "student_affairs": "staff",
    "leadership": "faculty",
    "administrator": "staff",
    "concerns_manager": "staff",
}
_ASSIGNED = {
    "coach",
    "analyst",
    "data_steward",
    "case_manager",
    "student_affairs",
    "leadership",
    "administrator",
    "concerns_manager",
}


@dataclass
class World:
    school: Unit
    md_program: Unit
    medicine: Unit
    counselling_office: Unit
    tutoring_office: Unit
    student_affairs_office: Unit
    users: dict[str, User | None] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def user(self, persona: str) -> User | None:
        return self.users[persona]

    def person(self, persona: str) -> Person:
        return self.people[persona]


def build_world() -> World:
    campus = CampusFactory(code="pasadena", name="Pasadena")
    # A fresh install already holds these two (migration people 0005).
    school, _ = Unit.objects.update_or_create(
        code="school", defaults={"name": "School of Medicine", "kind": Unit.Kind.SCHOOL}
    )
    md, _ = Unit.objects.update_or_create(
        code="md", defaults={"name": "MD Program", "kind": Unit.Kind.PROGRAM, "parent": school}
    )
    medicine = UnitFactory(
        code="medicine", name="Department of Medicine", kind=Unit.Kind.DEPARTMENT, parent=school
    )
    offices = {
        code: UnitFactory(code=code, name=name, kind=Unit.Kind.OFFICE, parent=school)
        for code, name in [
            ("counselling", "Counselling and Psychological Services"),
            ("tutoring", "Academic Support and Tutoring"),
            ("student-affairs", "Office of Student Affairs"),
        ]
    }
    world = World(
        school=school,
        md_program=md,
        medicine=medicine,
        counselling_office=offices["counselling"],
        tutoring_office=offices["tutoring"],
        student_affairs_office=offices["student-affairs"],
    )
    world.users["anonymous"] = None
    world.users["outsider"] = User.objects.create_user("outsider", password="x-outsider-pw-1")
    for persona, kind in _AFFILIATION.items():
        user = User.objects.create_user(persona, email=f"{persona}@example.edu")
        person = PersonFactory(
            institutional_id=f"ID-{persona}",
            legal_given_name=persona.replace("_", " ").title(),
            legal_family_name="Persona",
            user=user,
        )
        AffiliationFactory(
            person=person,
            kind=kind,
            unit=md if kind in ("student", "resident") else medicine,
            campus=campus,
            cohort=2027 if kind == "student" else None,
            rank=Affiliation.Rank.ASSOCIATE if kind == "faculty" else "",
            start_date=datetime.date(2023, 7, 1),
        )
        if persona in _ASSIGNED:
            unit = offices["counselling"] if persona == "case_manager" else None
            RoleAssignment.objects.create(user=user, role=persona, unit=unit)
        world.users[persona] = user
        world.people[persona] = person
    return world
