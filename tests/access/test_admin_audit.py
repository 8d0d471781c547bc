"""Writes made in the Django admin are in Belong's audit log, in the same transaction."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib import admin
from django.urls import reverse

from belong.access import audit
from belong.access.admin_site import AuditedModelAdmin
from belong.access.audit.display import in_words
from belong.access.models import AuditEvent, User
from tests.factories.access import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():  # type: ignore[no-untyped-def]
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client_for(client, superuser):  # type: ignore[no-untyped-def]
    client.force_login(superuser)
    return client


def _change_data(user: User, **changes: object) -> dict[str, object]:
    """The admin's change form for an account, as a browser would post it."""
    data: dict[str, object] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "initial-date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    flags = {"is_active": user.is_active, "is_staff": user.is_staff}
    flags["is_superuser"] = user.is_superuser
    flags.update({k: v for k, v in changes.items() if k in flags})
    data.update({k: "on" for k, v in flags.items() if v})
    data.update({k: v for k, v in changes.items() if k not in flags})
    return data


def _change_url(user: User) -> str:
    return reverse("admin:access_user_change", args=[user.pk])


def test_every_model_in_the_admin_is_audited() -> None:
    assert admin.site._registry
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedModelAdmin), model._meta.label


def test_making_someone_a_superuser_is_audited_with_the_new_flag(
    admin_client_for, superuser, student
) -> None:  # type: ignore[no-untyped-def]
    response = admin_client_for.post(_change_url(student), _change_data(student, is_superuser=True))
    assert response.status_code == 302, response.content.decode()[:2000]
    student.refresh_from_db()
    assert student.is_superuser
    event = AuditEvent.objects.get(verb=audit.AccessEvent.ADMIN_CHANGED.verb)
    assert event.actor_id == superuser.pk
    assert (event.target_type, event.target_id) == ("access.user", str(student.pk))
    assert event.detail == {"fields": ["Superuser status"], "now": {"Superuser status": True}}
    (row,) = in_words([event])
    assert row.text == (
        f"Changed in the Django admin: {student.username}: Superuser status (Superuser status: yes)"
    )


def test_deactivating_an_account_is_audited(admin_client_for, student) -> None:  # type: ignore[no-untyped-def]
    admin_client_for.post(_change_url(student), _change_data(student, is_active=False))
    event = AuditEvent.objects.get(verb=audit.AccessEvent.ADMIN_CHANGED.verb)
    assert event.detail["now"] == {"Active": False}


def test_an_account_added_in_the_admin_is_audited(admin_client_for, superuser) -> None:  # type: ignore[no-untyped-def]
    response = admin_client_for.post(
        reverse("admin:access_user_add"),
        {
            "username": "newcomer",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="newcomer")
    event = AuditEvent.objects.get(verb=audit.AccessEvent.ADMIN_ADDED.verb)
    assert (event.actor_id, event.target_id) == (superuser.pk, str(created.pk))
    assert "passphrase" not in str(event.detail)


def test_a_password_set_in_the_admin_is_audited_without_the_password(
    admin_client_for, student
) -> None:  # type: ignore[no-untyped-def]
    old_hash = student.password
    response = admin_client_for.post(
        reverse("admin:auth_user_password_change", args=[student.pk]),
        {
            "password1": "another long passphrase 7",
            "password2": "another long passphrase 7",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    student.refresh_from_db()
    assert student.password != old_hash
    event = AuditEvent.objects.get(verb=audit.AccessEvent.ADMIN_CHANGED.verb)
    assert event.target_id == str(student.pk) and event.detail == {"fields": ["password"]}
    assert student.password not in str(event.detail) and "passphrase" not in str(event.detail)


def test_deleting_in_the_admin_is_audited_one_event_per_record(admin_client_for, world) -> None:  # type: ignore[no-untyped-def]
    victims = [UserFactory(username=f"leaver{i}") for i in range(3)]
    admin_client_for.post(
        reverse("admin:access_user_delete", args=[victims[0].pk]), {"post": "yes"}
    )
    admin_client_for.post(
        reverse("admin:access_user_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [v.pk for v in victims[1:]],
            "post": "yes",
        },
    )
    assert not User.objects.filter(username__startswith="leaver").exists()
    events = AuditEvent.objects.filter(verb=audit.AccessEvent.ADMIN_DELETED.verb)
    assert sorted(e.target_id for e in events) == sorted(str(v.pk) for v in victims)
    assert sorted(e.detail["name"] for e in events) == [f"user leaver{i}" for i in range(3)]


@pytest.mark.parametrize("path", ["change", "password", "bulk delete"])
def test_a_write_whose_audit_event_fails_is_undone(admin_client_for, student, path) -> None:  # type: ignore[no-untyped-def]
    before = (student.is_superuser, student.password)
    with (
        mock.patch.object(audit, "record", side_effect=RuntimeError("audit unavailable")),
        pytest.raises(RuntimeError),
    ):
        if path == "change":
            admin_client_for.post(_change_url(student), _change_data(student, is_superuser=True))
        elif path == "password":
            admin_client_for.post(
                reverse("admin:auth_user_password_change", args=[student.pk]),
                {
                    "password1": "x-long-pass-999",
                    "password2": "x-long-pass-999",
                    "usable_password": "true",
                },
            )
        else:
            admin_client_for.post(
                reverse("admin:access_user_changelist"),
                {"action": "delete_selected", "_selected_action": [student.pk], "post": "yes"},
            )
    student.refresh_from_db()
    assert (student.is_superuser, student.password) == before
