from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from belong.access import actions
from belong.access.models import AuditEvent, RoleAssignment, User
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


def test_grant_role_command_makes_the_first_administrator_and_audits_it(world) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import CommandError, call_command

    staff = world.user("staff")
    call_command("grant_role", "staff", "administrator", stdout=StringIO())
    assert "administrator" in role_codes(staff)
    event = AuditEvent.objects.filter(verb="access.role.assigned").latest("seq")
    assert event.actor_label == "system" and event.detail["via"] == "console"
    with pytest.raises(CommandError, match="choose the unit"):
        call_command("grant_role", "staff", "case_manager", stdout=StringIO())
    with pytest.raises(CommandError, match="No account"):
        call_command("grant_role", "nobody", "analyst", stdout=StringIO())


def test_sign_in_identities_cannot_be_edited_in_the_admin(rf, world) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.admin.sites import site

    from belong.access.models import ExternalIdentity

    model_admin = site._registry[ExternalIdentity]
    request = rf.get("/admin/")
    request.user = User.objects.create_superuser("root", password="root-password-1")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_role_page_shows_why_a_grant_was_refused(world, client_for) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    client = client_for(world.user("administrator"))
    url = reverse("access:role_user", args=[world.user("staff").pk])
    response = client.post(url, {"role": "case_manager"})
    assert response.status_code == 200
    assert "acts for one office: choose the unit" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=world.user("staff"), role="case_manager").exists()


def test_no_role_both_reads_identified_answers_and_builds_or_publishes_releases() -> None:
    # docs/decisions/0010-data-steward-separation-of-duties.md
    publishing = {
        Permission.BUILD_RELEASES,
        Permission.PUBLISH_RELEASES,
        Permission.VIEW_LEADERSHIP_RELEASES,
    }
    for role in ROLES.values():
        if Permission.VIEW_SELF_ID_RECORDS in role.permissions:
            assert not role.permissions & publishing, role.code
    assert ROLES["data_steward"].permissions & publishing == set()
    assert "Does not build or publish" in ROLES["data_steward"].description
