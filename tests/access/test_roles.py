from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from belong.access import actions
from belong.access.models import AuditEvent, RoleAssignment
from belong.access.permissions import Permission
from belong.access.policies import (
    forget_roles,
    get_object_for,
    has_permission,
    role_codes,
    roles_of,
)
from belong.access.roles import ROLES
from belong.people.models import Person

pytestmark = pytest.mark.django_db


def test_every_role_has_a_plain_english_description() -> None:
    for role in ROLES.values():
        assert len(role.description) > 40, role.code
        assert role.permissions, role.code


def test_every_permission_is_granted_by_some_role() -> None:
    granted = set().union(*(r.permissions for r in ROLES.values()))
    assert granted == set(Permission)


def test_affiliation_implies_role_only_while_current(world) -> None:  # type: ignore[no-untyped-def]
    student = world.user("student")
    assert "student" in role_codes(student)
    affiliation = world.person("student").affiliations.get()
    affiliation.end_date = datetime.date(2024, 1, 1)
    affiliation.save()
    forget_roles(student)
    assert "student" not in role_codes(student)


def test_outsider_has_no_permissions(outsider) -> None:  # type: ignore[no-untyped-def]
    assert roles_of(outsider) == []
    assert not has_permission(outsider, Permission.VIEW_OWN_PROFILE)


def test_assign_role_is_audited_and_needs_manage_roles(world) -> None:  # type: ignore[no-untyped-def]
    admin, student = world.user("administrator"), world.user("student")
    with pytest.raises(Http404):
        actions.assign_role(by=world.user("analyst"), user=student, role="analyst")
    actions.assign_role(by=admin, user=student, role="coach")
    assert "coach" in role_codes(student)
    event = AuditEvent.objects.get(verb="access.role.assigned")
    assert event.target_id == str(student.pk) and event.detail["role"] == "coach"


def test_scoped_role_needs_a_unit(world) -> None:  # type: ignore[no-untyped-def]
    admin, staff = world.user("administrator"), world.user("staff")
    with pytest.raises(ValidationError, match="choose the unit"):
        actions.assign_role(by=admin, user=staff, role="case_manager")
    actions.assign_role(by=admin, user=staff, role="case_manager", unit=world.tutoring_office)
    assert RoleAssignment.objects.filter(user=staff, unit=world.tutoring_office).exists()


def test_role_from_affiliation_cannot_be_assigned(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="not a role an administrator can assign"):
        actions.assign_role(
            by=world.user("administrator"), user=world.user("staff"), role="student"
        )


def test_administrator_cannot_remove_own_administrator_role(world) -> None:  # type: ignore[no-untyped-def]
    admin = world.user("administrator")
    with pytest.raises(ValidationError):
        actions.revoke_role(by=admin, assignment=admin.role_assignments.get(role="administrator"))


def test_get_object_for_answers_404_not_403(world) -> None:  # type: ignore[no-untyped-def]
    student = world.user("student")
    with pytest.raises(Http404):
        get_object_for(student, Permission.VIEW_PEOPLE, Person, pk=world.person("faculty").pk)
    with pytest.raises(Http404):
        get_object_for(world.user("data_steward"), Permission.VIEW_PEOPLE, Person, pk=10**9)
    found = get_object_for(
        world.user("data_steward"), Permission.VIEW_PEOPLE, Person, pk=world.person("faculty").pk
    )
    assert found == world.person("faculty")


def test_own_self_id_rule_refuses_someone_elses_record(world) -> None:  # type: ignore[no-untyped-def]
    student = world.user("student")
    assert has_permission(student, Permission.EDIT_OWN_SELF_ID, world.person("student"))
    assert not has_permission(student, Permission.EDIT_OWN_SELF_ID, world.person("resident"))
