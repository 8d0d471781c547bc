"""Object rules fail closed: every (permission, model) pair walked, allowed and refused.

* Every registered rule is exercised here with at least one object it allows
  and one it refuses; a rule that is more than "holding the permission is
  enough" must refuse someone who *holds* the permission, so the refusal is
  the rule's and not the role's. ``CASES`` must list exactly the registered
  pairs: a new rule without cases fails.
* Every other (permission, model) pair is refused even for a user holding
  every role.
* The pairs the code checks are found while the suite runs
  (``tests/object_checks.py``): a check on a pair with no rule fails the test
  that made it. The last tests here show that watcher can fail.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from belong.access.models import RoleAssignment, User
from belong.access.permissions import Permission as P
from belong.access.policies import (
    RULES,
    ObjectRules,
    ensure_permission,
    get_object_for,
    has_permission,
    permissions_of,
)
from belong.access.roles import ROLES
from belong.coaching.models import Coach, CoachingNote, Goal, Meeting, Pairing, PairingRun, Referral
from belong.concerns.models import Case as ConcernCase
from belong.concerns.models import Concern
from belong.directory.models import Contact as DirectoryContact
from belong.directory.models import Event as DirectoryEvent
from belong.directory.models import Location as DirectoryLocation
from belong.directory.models import Organization, Service, Story
from belong.importing.models import ImportRun
from belong.people.models import AssessmentRelationship, Person
from belong.plans.models import Action, Comment, Plan
from belong.publishing.models import Release
from belong.surveys.models import Campaign, InstrumentVersion
from belong.wellbeing.models import CheckIn, CoverageRecord, ReflectionEntry, SupportRequest
from tests import object_checks
from tests.factories.coaching import NoteFactory, PairingFactory, coaching_world
from tests.factories.concerns import concerns_manager, named_case
from tests.factories.directory import build_directory
from tests.factories.people import AffiliationFactory, PersonFactory
from tests.factories.wellbeing import (
    CheckInFactory,
    CoverageRecordFactory,
    SupportRequestFactory,
    build_wellbeing,
)

pytestmark = pytest.mark.django_db


@dataclass
class Scene:
    """The personas' world with one of every record the rules decide."""

    world: Any
    coaching: Any
    wellbeing: dict[str, Any]

    def user(self, persona: str) -> User:
        user = self.world.user(persona)
        assert user is not None
        return user  # type: ignore[no-any-return]

    def person(self, persona: str) -> Person:
        return self.world.person(persona)  # type: ignore[no-any-return]


@pytest.fixture
def scene(world) -> Scene:  # type: ignore[no-untyped-def]
    return Scene(world, coaching_world(world), build_wellbeing(world))


Who = Callable[[Scene], User]
What = Callable[[Scene], Any]


@dataclass(frozen=True)
class Case:
    label: str
    who: Who
    what: What


def as_(persona: str) -> Who:
    return lambda s: s.user(persona)


def release(status: str, audience: str = "") -> What:
    return lambda s: Release(title="Applicants", status=status, audience=audience)


def _other_students_pairing_ended(s: Scene) -> Pairing:
    return PairingFactory(student=s.coaching.unpaired, coach=s.coaching.coach, active=False)


def _dir(s: Scene) -> dict[str, Any]:
    return build_directory(s.world)


def _other_office_location(s: Scene) -> DirectoryLocation:
    return DirectoryLocation(organization=_dir(s)["other"].organization, name="Elsewhere")


def _other_office_contact(s: Scene) -> DirectoryContact:
    return DirectoryContact(service=_dir(s)["other"], name="Someone else")


def _other_office_event(s: Scene) -> DirectoryEvent:
    event = _dir(s)["event"]
    return DirectoryEvent(
        organization=_dir(s)["other"].organization,
        title="Elsewhere",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        place="Room 2",
    )


def _previous_coachs_note(s: Scene) -> CoachingNote:
    return NoteFactory(pairing=s.coaching.pairing, author=s.coaching.other_coach)


def _assessed_request(s: Scene) -> SupportRequest:
    """A counselling request from a student whom the case manager assesses."""
    student = s.coaching.other_student
    AssessmentRelationship.objects.create(
        assessor=s.person("case_manager"),
        student=student,
        role=AssessmentRelationship.Role.GRADER,
        start_date=dt.date(2024, 7, 1),
    )
    return SupportRequestFactory(requester=student, service=s.wellbeing["services"]["counselling"])


def _other_students_request(s: Scene) -> SupportRequest:
    return SupportRequestFactory(
        requester=s.coaching.other_student, service=s.wellbeing["services"]["tutoring"]
    )


def _case_assigned_elsewhere(s: Scene) -> ConcernCase:
    case = named_case(s.world)
    case.assignees.add(concerns_manager("other_manager"))
    return case


def _case_recused_from(s: Scene) -> ConcernCase:
    case = named_case(s.world)
    case.recused.add(s.user("concerns_manager"))
    return case


PUBLISHED, FROZEN, UNPUBLISHED = (
    Release.Status.PUBLISHED,
    Release.Status.FROZEN,
    Release.Status.UNPUBLISHED,
)

# (permission, model) -> (allowed cases, refused cases)
CASES: dict[tuple[P, type], tuple[list[Case], list[Case]]] = {
    # --- people ---
    (P.VIEW_OWN_PROFILE, Person): (
        [Case("own person", as_("student"), lambda s: s.person("student"))],
        [Case("someone else", as_("student"), lambda s: s.person("resident"))],
    ),
    (P.EDIT_OWN_SELF_ID, Person): (
        [Case("own answers", as_("resident"), lambda s: s.person("resident"))],
        [Case("someone else's", as_("resident"), lambda s: s.person("student"))],
    ),
    (P.VIEW_PEOPLE, Person): (
        [Case("any person", as_("administrator"), lambda s: s.person("student"))],
        [Case("without the permission", as_("coach"), lambda s: s.person("student"))],
    ),
    (P.VIEW_SELF_ID_RECORDS, Person): (
        [Case("steward reads", as_("data_steward"), lambda s: s.person("student"))],
        [Case("administrator never", as_("administrator"), lambda s: s.person("student"))],
    ),
    (P.IMPORT_PEOPLE, ImportRun): (
        [Case("people import", as_("data_steward"), lambda s: ImportRun(kind="people"))],
        [
            Case(
                "stage-event import", as_("data_steward"), lambda s: ImportRun(kind="stage_events")
            ),
            Case("analyst", as_("analyst"), lambda s: ImportRun(kind="people")),
        ],
    ),
    (P.IMPORT_STAGE_EVENTS, ImportRun): (
        [Case("stage-event import", as_("data_steward"), lambda s: ImportRun(kind="stage_events"))],
        [
            Case("people import", as_("data_steward"), lambda s: ImportRun(kind="people")),
            Case(
                "without the permission", as_("analyst"), lambda s: ImportRun(kind="stage_events")
            ),
        ],
    ),
    # --- coaching: the coach ---
    (P.COACH_STUDENTS, Pairing): (
        [Case("own student", as_("coach"), lambda s: s.coaching.pairing)],
        [
            Case("another coach's", as_("coach"), lambda s: s.coaching.other_pairing),
            Case("ended pairing", as_("coach"), _other_students_pairing_ended),
        ],
    ),
    (P.COACH_STUDENTS, Meeting): (
        [Case("own student's", as_("coach"), lambda s: s.coaching.meeting)],
        [Case("another coach's", as_("coach"), lambda s: s.coaching.other_meeting)],
    ),
    (P.COACH_STUDENTS, Goal): (
        [Case("own student's", as_("coach"), lambda s: s.coaching.goal)],
        [Case("another coach's", as_("coach"), lambda s: s.coaching.other_goal)],
    ),
    (P.COACH_STUDENTS, CoachingNote): (
        [Case("own note", as_("coach"), lambda s: s.coaching.private_note)],
        [
            Case("another coach's", as_("coach"), lambda s: s.coaching.other_note),
            Case("previous coach's", as_("coach"), _previous_coachs_note),
        ],
    ),
    (P.COACH_STUDENTS, Referral): (
        [Case("own referral", as_("coach"), lambda s: s.coaching.referral)],
        [Case("another coach's", as_("coach"), lambda s: s.coaching.other_referral)],
    ),
    # --- coaching: the student ---
    (P.CHOOSE_COACH, Pairing): (
        [Case("own pairing", as_("student"), lambda s: s.coaching.pairing)],
        [Case("another student's", as_("student"), lambda s: s.coaching.other_pairing)],
    ),
    (P.CHOOSE_COACH, Meeting): (
        [Case("own meeting", as_("student"), lambda s: s.coaching.meeting)],
        [Case("another student's", as_("student"), lambda s: s.coaching.other_meeting)],
    ),
    (P.CHOOSE_COACH, Goal): (
        [Case("own goal", as_("student"), lambda s: s.coaching.goal)],
        [Case("another student's", as_("student"), lambda s: s.coaching.other_goal)],
    ),
    (P.CHOOSE_COACH, CoachingNote): (
        [Case("shared with them", as_("student"), lambda s: s.coaching.shared_note)],
        [
            Case("coach's private note", as_("student"), lambda s: s.coaching.private_note),
            Case("shared with another", as_("student"), lambda s: s.coaching.other_shared_note),
        ],
    ),
    (P.CHOOSE_COACH, Referral): (
        [Case("about them", as_("student"), lambda s: s.coaching.referral)],
        [Case("about another", as_("student"), lambda s: s.coaching.other_referral)],
    ),
    # --- coaching: student affairs ---
    (P.MANAGE_PAIRING, Coach): (
        [Case("any coach", as_("student_affairs"), lambda s: s.coaching.coach)],
        [Case("without the permission", as_("coach"), lambda s: s.coaching.coach)],
    ),
    (P.MANAGE_PAIRING, Pairing): (
        [Case("any pairing", as_("student_affairs"), lambda s: s.coaching.other_pairing)],
        [Case("without the permission", as_("administrator"), lambda s: s.coaching.pairing)],
    ),
    (P.MANAGE_PAIRING, PairingRun): (
        [Case("any run", as_("student_affairs"), lambda s: PairingRun())],
        [Case("without the permission", as_("leadership"), lambda s: PairingRun())],
    ),
    (P.MANAGE_PAIRING, AssessmentRelationship): (
        [Case("any", as_("student_affairs"), lambda s: s.coaching.assessment)],
        [Case("without the permission", as_("administrator"), lambda s: s.coaching.assessment)],
    ),
    (P.MANAGE_PAIRING, Referral): (
        [Case("sent by the student", as_("student_affairs"), lambda s: s.coaching.other_referral)],
        [Case("not agreed yet", as_("student_affairs"), lambda s: s.coaching.referral)],
    ),
    # --- action plans: the plan office's shared work; owners report their own actions ---
    (P.MANAGE_PLANS, Plan): (
        [Case("any plan", as_("leadership"), lambda s: Plan(title="Culture"))],
        [Case("without the permission", as_("faculty"), lambda s: Plan(title="Culture"))],
    ),
    (P.MANAGE_PLANS, Action): (
        [Case("any action", as_("analyst"), lambda s: Action(title="Train"))],
        [Case("without the permission", as_("student"), lambda s: Action(title="Train"))],
    ),
    (P.MANAGE_PLANS, Comment): (
        [Case("any named comment", as_("analyst"), lambda s: Comment(text="Hi"))],
        [Case("without the permission", as_("case_manager"), lambda s: Comment(text="Hi"))],
    ),
    (P.FOLLOW_PLANS, Plan): (
        [Case("a published plan", as_("student"), lambda s: Plan(title="Culture", version=1))],
        [Case("a draft", as_("student"), lambda s: Plan(title="Culture", version=0))],
    ),
    (P.REPORT_ACTION_PROGRESS, Action): (
        [
            Case("own action", as_("faculty"), lambda s: Action(owner_person=s.person("faculty"))),
            Case(
                "own office's action",
                as_("case_manager"),
                lambda s: Action(owner_unit=s.world.counselling_office),
            ),
        ],
        [
            Case(
                "someone else's action",
                as_("leadership"),
                lambda s: Action(owner_person=s.person("faculty")),
            ),
            Case(
                "an office named beside its person",
                as_("case_manager"),
                lambda s: Action(
                    owner_person=s.person("faculty"), owner_unit=s.world.counselling_office
                ),
            ),
            Case(
                "another office's action",
                as_("case_manager"),
                lambda s: Action(owner_unit=s.world.tutoring_office),
            ),
        ],
    ),
    # --- surveys: the inclusion office's shared work ---
    (P.MANAGE_SURVEYS, Campaign): (
        [Case("any campaign", as_("analyst"), lambda s: Campaign(title="Pulse"))],
        [Case("without the permission", as_("leadership"), lambda s: Campaign(title="Pulse"))],
    ),
    (P.MANAGE_SURVEYS, InstrumentVersion): (
        [Case("any version", as_("analyst"), lambda s: InstrumentVersion(number=1))],
        [Case("without the permission", as_("student"), lambda s: InstrumentVersion(number=1))],
    ),
    # --- well-being ---
    (P.SUBMIT_CHECKIN, CheckIn): (
        [Case("own check-in", as_("student"), lambda s: s.wellbeing["checkins"][1])],
        [
            Case(
                "another student's",
                as_("student"),
                lambda s: CheckInFactory(person=s.coaching.other_student),
            )
        ],
    ),
    (P.ATTEND_REACH, ReflectionEntry): (
        [Case("own reflection", as_("student"), lambda s: s.wellbeing["reflection"])],
        [
            Case(
                "another student's",
                as_("student"),
                lambda s: ReflectionEntry.objects.create(author=s.coaching.other_student, body="x"),
            )
        ],
    ),
    (P.MANAGE_OWN_COVERAGE, CoverageRecord): (
        [Case("own record", as_("student"), lambda s: s.wellbeing["record"])],
        [
            Case(
                "another student's",
                as_("student"),
                lambda s: CoverageRecordFactory(
                    person=s.coaching.other_student, year=s.wellbeing["year"]
                ),
            )
        ],
    ),
    (P.REVIEW_COVERAGE, CoverageRecord): (
        [Case("any record", as_("student_affairs"), lambda s: s.wellbeing["record"])],
        [Case("without the permission", as_("case_manager"), lambda s: s.wellbeing["record"])],
    ),
    (P.REQUEST_SUPPORT, SupportRequest): (
        [Case("own request", as_("student"), lambda s: s.wellbeing["tutoring_request"])],
        [Case("another student's", as_("student"), _other_students_request)],
    ),
    (P.HANDLE_SUPPORT_REQUESTS, SupportRequest): (
        [Case("own office", as_("case_manager"), lambda s: s.wellbeing["counselling_request"])],
        [
            Case("another office", as_("case_manager"), lambda s: s.wellbeing["tutoring_request"]),
            Case("a student they assess", as_("case_manager"), _assessed_request),
        ],
    ),
    # --- learning-environment concerns ---
    (P.MANAGE_CONCERNS, ConcernCase): (
        [Case("an unassigned case", as_("concerns_manager"), lambda s: named_case(s.world))],
        [
            Case("assigned to another", as_("concerns_manager"), _case_assigned_elsewhere),
            Case("recused from it", as_("concerns_manager"), _case_recused_from),
        ],
    ),
    (P.REPORT_CONCERN, Concern): (
        [Case("own report", as_("student"), lambda s: named_case(s.world).concern)],
        [Case("another's report", as_("resident"), lambda s: named_case(s.world).concern)],
    ),
    # --- directory: an office edits its own entries; student affairs reviews stories ---
    (P.EDIT_DIRECTORY_ENTRIES, Organization): (
        [Case("own office", as_("case_manager"), lambda s: _dir(s)["counselling"])],
        [
            Case("another office", as_("case_manager"), lambda s: _dir(s)["other"].organization),
            Case(
                "without the permission", as_("student_affairs"), lambda s: _dir(s)["counselling"]
            ),
        ],
    ),
    (P.EDIT_DIRECTORY_ENTRIES, Service): (
        [Case("own office", as_("case_manager"), lambda s: _dir(s)["own"])],
        [Case("another office", as_("case_manager"), lambda s: _dir(s)["other"])],
    ),
    (P.EDIT_DIRECTORY_ENTRIES, DirectoryEvent): (
        [Case("own office", as_("case_manager"), lambda s: _dir(s)["event"])],
        [
            Case("another office", as_("case_manager"), _other_office_event),
            Case("without the permission", as_("student"), lambda s: _dir(s)["event"]),
        ],
    ),
    (P.EDIT_DIRECTORY_ENTRIES, DirectoryLocation): (
        [Case("own office", as_("case_manager"), lambda s: _dir(s)["location"])],
        [
            Case("another office", as_("case_manager"), _other_office_location),
            Case("without the permission", as_("student"), lambda s: _dir(s)["location"]),
        ],
    ),
    (P.EDIT_DIRECTORY_ENTRIES, DirectoryContact): (
        [Case("own office", as_("case_manager"), lambda s: _dir(s)["contact"])],
        [
            Case("another office", as_("case_manager"), _other_office_contact),
            Case("without the permission", as_("student"), lambda s: _dir(s)["contact"]),
        ],
    ),
    (P.IMPORT_DIRECTORY, ImportRun): (
        [Case("directory import", as_("administrator"), lambda s: ImportRun(kind="hsds"))],
        [
            Case("people import", as_("administrator"), lambda s: ImportRun(kind="people")),
            Case("without the permission", as_("data_steward"), lambda s: ImportRun(kind="hsds")),
        ],
    ),
    (P.REVIEW_STORIES, Story): (
        [Case("any story", as_("student_affairs"), lambda s: _dir(s)["story"])],
        [Case("without the permission", as_("case_manager"), lambda s: _dir(s)["story"])],
    ),
    # --- outcomes monitoring ---
    (P.BUILD_RELEASES, Release): (
        [Case("a draft", as_("analyst"), release(FROZEN))],
        [Case("without the permission", as_("leadership"), release(FROZEN))],
    ),
    (P.VIEW_LEADERSHIP_RELEASES, Release): (
        [Case("published to leadership", as_("leadership"), release(PUBLISHED, "leadership"))],
        [
            Case("a draft", as_("leadership"), release(FROZEN)),
            Case("unpublished", as_("leadership"), release(UNPUBLISHED, "leadership")),
            Case("published to staff", as_("leadership"), release(PUBLISHED, "staff")),
        ],
    ),
    (P.VIEW_STAFF_RELEASES, Release): (
        [Case("published to staff", as_("faculty"), release(PUBLISHED, "staff"))],
        [
            Case("published to leadership", as_("faculty"), release(PUBLISHED, "leadership")),
            Case("unpublished", as_("staff"), release(UNPUBLISHED, "staff")),
        ],
    ),
}


def _label(pair: tuple[P, type]) -> str:
    return f"{pair[0]}-{pair[1].__name__}"


def test_cases_cover_exactly_the_registered_rules() -> None:
    registered = {(P(p), m) for p, m in RULES.pairs()}
    missing = sorted(_label(p) for p in registered - set(CASES))
    stale = sorted(_label(p) for p in set(CASES) - registered)
    assert not missing, f"object rules with no allowed/refused cases here: {missing}"
    assert not stale, f"cases for pairs that have no rule: {stale}"


@pytest.mark.parametrize("pair", sorted(CASES, key=_label), ids=_label)
def test_every_rule_allows_and_refuses(pair: tuple[P, type], scene: Scene) -> None:
    permission, model = pair
    allowed, refused = CASES[pair]
    assert allowed and refused
    for case in allowed:
        user, obj = case.who(scene), case.what(scene)
        assert type(obj) is model, case.label
        assert has_permission(user, permission, obj), f"{case.label}: should be allowed"
    refused_by_the_rule = False
    for case in refused:
        user, obj = case.who(scene), case.what(scene)
        assert type(obj) is model, case.label
        assert not has_permission(user, permission, obj), f"{case.label}: should be refused"
        refused_by_the_rule |= has_permission(user, permission)
    rule = RULES.rule_for(permission, model)
    if rule is not None and rule.__name__ != "_holding_suffices":
        assert refused_by_the_rule, "no refused case shows the rule itself refusing a holder"


def _user_with_every_role(world: Any) -> User:
    user = User.objects.create_user("everything", email="everything@example.edu")
    person = PersonFactory(institutional_id="ID-everything", user=user)
    for kind in ("student", "resident", "faculty", "staff"):
        AffiliationFactory(
            person=person,
            kind=kind,
            unit=world.md_program,
            cohort=2027 if kind == "student" else None,
            start_date=dt.date(2023, 7, 1),
        )
    for code, role in ROLES.items():
        if role.assignable:
            unit = world.counselling_office if role.scoped else None
            RoleAssignment.objects.create(user=user, role=code, unit=unit)
    return user


def _belong_models() -> list[type]:
    return sorted(
        (m for m in apps.get_models() if m.__module__.startswith("belong.")),
        key=lambda m: m._meta.label,
    )


def test_every_pair_without_a_rule_is_refused_even_holding_every_role(world, caplog) -> None:  # type: ignore[no-untyped-def]
    everything = _user_with_every_role(world)
    assert permissions_of(everything) == frozenset(P)
    registered = RULES.pairs()
    walked = 0
    with caplog.at_level(logging.WARNING, logger="belong.access.policies"):
        for model in _belong_models():
            obj = model()
            for permission in P:
                if (permission, model) in registered:
                    continue
                assert not has_permission(everything, permission, obj), (permission, model)
                walked += 1
    assert walked > 1000  # every permission against every model of every app
    assert len(caplog.records) == walked  # each refusal is logged as a mistake


def test_a_pair_without_a_rule_answers_404_through_every_helper(world) -> None:  # type: ignore[no-untyped-def]
    everything = _user_with_every_role(world)
    unit = world.counselling_office
    with pytest.raises(Http404):
        get_object_for(everything, P.VIEW_PEOPLE, type(unit), pk=unit.pk)
    with pytest.raises(Http404):
        ensure_permission(everything, P.MANAGE_ROLES, unit)
    # The same user opens a Person through the same helper: the 404 is the rule's.
    assert get_object_for(everything, P.VIEW_PEOPLE, Person, pk=world.person("student").pk)


def test_rules_are_found_by_exact_class_and_one_per_pair() -> None:
    class Record:
        pass

    class SpecialRecord(Record):
        pass

    rules = ObjectRules()

    def allow(user: Any, obj: Any) -> bool:
        return True

    def refuse(user: Any, obj: Any) -> bool:
        return False

    rules.register(P.VIEW_PEOPLE, Record, allow)
    rules.register(P.VIEW_PEOPLE, Record, allow)  # the same rule again is harmless
    assert rules.rule_for(P.VIEW_PEOPLE, Record) is allow
    assert rules.rule_for(P.VIEW_PEOPLE, SpecialRecord) is None
    assert rules.rule_for(P.IMPORT_PEOPLE, Record) is None
    with pytest.raises(ImproperlyConfigured, match="One pair, one rule"):
        rules.register(P.VIEW_PEOPLE, Record, refuse)


def test_deferred_fields_keep_the_models_class(world) -> None:  # type: ignore[no-untyped-def]
    # Rules are keyed by exact class; a query with .defer()/.only() must still find them.
    person = Person.objects.only("pk", "user").get(pk=world.person("student").pk)
    assert type(person) is Person
    assert has_permission(world.user("student"), P.VIEW_OWN_PROFILE, person)


def _code_at(path: str, source: str, namespace: dict[str, Any]) -> None:
    exec(compile(source, path, "exec"), namespace)  # noqa: S102


def test_the_watcher_tells_code_from_tests() -> None:
    namespace: dict[str, Any] = {"sys": sys}
    inside = str(object_checks._BELONG / "people" / "somewhere.py")
    _code_at(inside, "def here():\n    return sys._getframe()\n", namespace)
    assert object_checks.code_caller(namespace["here"]()) == "belong/people/somewhere.py:2"
    assert object_checks.code_caller(sys._getframe()) is None


def test_the_watcher_catches_code_checking_a_pair_without_a_rule(world) -> None:  # type: ignore[no-untyped-def]
    namespace: dict[str, Any] = {"has_permission": has_permission, "P": P}
    inside = str(object_checks._BELONG / "people" / "new_feature.py")
    _code_at(
        inside,
        "def check(user, obj):\n    return has_permission(user, P.VIEW_PEOPLE, obj)\n",
        namespace,
    )
    before = len(object_checks.unruled)
    assert not namespace["check"](world.user("administrator"), world.school)
    found = object_checks.unruled[before:]
    # Taken back out, or this test's own teardown would fail as it should for real code.
    del object_checks.unruled[before:]
    assert [(pair, where) for pair, where in found] == [
        (("view_people", type(world.school)), "belong/people/new_feature.py:2")
    ]
    assert "view_people on belong.people.models.Unit" in object_checks.describe(found)
