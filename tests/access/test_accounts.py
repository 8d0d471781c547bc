"""Deactivating and reactivating accounts, who holds which role, and a role picker
that chooses nothing in advance."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from belong.access import actions
from belong.access.models import AuditEvent, RoleAssignment
from belong.access.policies import role_codes

pytestmark = pytest.mark.django_db


def test_deactivation_ends_sign_in_and_open_sessions_and_is_audited(world, client) -> None:  # type: ignore[no-untyped-def]
    admin, analyst = world.user("administrator"), world.user("analyst")
    analyst.set_password("an-analyst-passphrase")
    analyst.save()
    client.force_login(analyst)
    assert client.get("/").status_code == 200
    actions.deactivate_account(by=admin, user=analyst)
    analyst.refresh_from_db()
    assert not analyst.is_active and role_codes(analyst) == frozenset()
    # The open session ends at its next request.
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not client.login(username="analyst", password="an-analyst-passphrase")
    event = AuditEvent.objects.get(verb="access.account.deactivated")
    assert event.actor_id == admin.pk and event.target_id == str(analyst.pk)
    # Roles stay, so reactivating restores the account as it was.
    assert RoleAssignment.objects.filter(user=analyst, role="analyst").exists()
    actions.reactivate_account(by=admin, user=analyst)
    analyst.refresh_from_db()
    assert analyst.is_active and "analyst" in role_codes(analyst)
    assert client.login(username="analyst", password="an-analyst-passphrase")
    assert AuditEvent.objects.filter(verb="access.account.reactivated").count() == 1


def test_account_changes_refuse_with_reasons(world) -> None:  # type: ignore[no-untyped-def]
    admin, staff = world.user("administrator"), world.user("staff")
    with pytest.raises(ValidationError, match="your own account"):
        actions.deactivate_account(by=admin, user=admin)
    with pytest.raises(ValidationError, match="already active"):
        actions.reactivate_account(by=admin, user=staff)
    actions.deactivate_account(by=admin, user=staff)
    with pytest.raises(ValidationError, match="already deactivated"):
        actions.deactivate_account(by=admin, user=staff)
    with pytest.raises(ValidationError, match="deactivated: reactivate it first"):
        actions.assign_role(by=admin, user=staff, role="analyst")
    for persona in ("data_steward", "student_affairs", "leadership"):
        with pytest.raises(Http404):
            actions.reactivate_account(by=world.user(persona), user=staff)
    assert AuditEvent.objects.filter(verb__startswith="access.account.").count() == 1


def test_account_page_deactivates_and_reactivates(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("administrator"))
    staff = world.user("staff")
    page = client.get(f"/access/roles/{staff.pk}/").content.decode()
    assert "Deactivate this account" in page
    response = client.post(f"/access/accounts/{staff.pk}/deactivate/", follow=True)
    page = response.content.decode()
    assert "The account staff is deactivated." in page and "Reactivate this account" in page
    assert "Give a role" not in page
    listed = client.get("/access/roles/", {"status": "deactivated"}).content.decode()
    assert f"/access/roles/{staff.pk}/" in listed
    assert f"/access/roles/{world.user('analyst').pk}/" not in listed
    response = client.post(f"/access/accounts/{staff.pk}/reactivate/", follow=True)
    assert "The account staff is reactivated." in response.content.decode()
    own = client.get(f"/access/roles/{world.user('administrator').pk}/").content.decode()
    assert "Deactivate this account" not in own


def test_role_picker_has_no_default_role(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("administrator"))
    staff = world.user("staff")
    page = client.get(f"/access/roles/{staff.pk}/").content.decode()
    select = page[page.index('<select name="role"') : page.index("</select>")]
    assert '<option value="" selected>Choose a role</option>' in select
    assert select.count("selected") == 1
    response = client.post(f"/access/roles/{staff.pk}/", {"role": "", "unit": ""})
    assert "Choose the role to give." in response.content.decode()
    assert not RoleAssignment.objects.filter(user=staff).exists()


def test_role_holders_lists_each_role_with_filters(world, client) -> None:  # type: ignore[no-untyped-def]
    admin = world.user("administrator")
    actions.assign_role(
        by=admin, user=world.user("staff"), role="case_manager", unit=world.tutoring_office
    )
    client.force_login(admin)
    page = client.get("/access/roles/holders/").content.decode()
    for persona in ("coach", "analyst", "data_steward", "case_manager", "administrator"):
        assert f"/access/roles/{world.user(persona).pk}/" in page
    assert '<th scope="row">Case manager</th><td class="num">2</td>' in page

    page = client.get("/access/roles/holders/", {"role": "case_manager"}).content.decode()
    assert "Counselling and Psychological Services" in page
    assert "Academic Support and Tutoring" in page
    assert f"/access/roles/{world.user('analyst').pk}/" not in page

    page = client.get(
        "/access/roles/holders/", {"role": "case_manager", "unit": "tutoring"}
    ).content.decode()
    assert f"/access/roles/{world.user('staff').pk}/" in page
    assert f"/access/roles/{world.user('case_manager').pk}/" not in page

    actions.deactivate_account(by=admin, user=world.user("analyst"))
    page = client.get("/access/roles/holders/", {"role": "analyst"}).content.decode()
    assert "Nobody holds a role that matches." in page
    page = client.get(
        "/access/roles/holders/", {"role": "analyst", "status": "deactivated"}
    ).content.decode()
    assert f"/access/roles/{world.user('analyst').pk}/" in page and "Deactivated" in page

    page = client.get("/access/roles/holders/", {"q": "Data Steward"}).content.decode()
    assert f"/access/roles/{world.user('data_steward').pk}/" in page
    assert f"/access/roles/{world.user('coach').pk}/" not in page
