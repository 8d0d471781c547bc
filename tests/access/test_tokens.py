"""Personal access tokens: stored hashed, shown once, refused when revoked, expired or
out of scope, and every API call audited without the token."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from belong.access import tokens
from belong.access.actions import revoke_role
from belong.access.models import AccessToken, AuditEvent, RoleAssignment
from belong.access.policies import forget_roles, role_codes


def _bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_token_is_stored_only_as_its_sha256(world) -> None:  # type: ignore[no-untyped-def]
    token, raw = tokens.create_token(
        by=world.user("data_steward"), name="HR sync", roles=["data_steward"], days=30
    )
    stored = AccessToken.objects.get(pk=token.pk)
    assert stored.secret_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(f"belong_{stored.prefix}_")
    secret = raw.split("_", 2)[2]
    assert len(secret) >= 43  # 32 random bytes, base64url
    row = AccessToken.objects.filter(pk=token.pk).values().get()
    assert not any(secret in str(value) for value in row.values())
    event = AuditEvent.objects.filter(verb="access.token.created").get()
    assert secret not in str(event.detail) and event.detail["prefix"] == stored.prefix


def test_token_carries_only_roles_its_maker_holds(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="do not hold"):
        tokens.create_token(by=world.user("student"), name="x", roles=["administrator"], days=30)
    with pytest.raises(ValidationError, match="at least one"):
        tokens.create_token(by=world.user("student"), name="x", roles=[], days=30)
    with pytest.raises(ValidationError, match="days"):
        tokens.create_token(by=world.user("student"), name="x", roles=["student"], days=5000)
    assert not AccessToken.objects.exists()


def test_check_accepts_a_live_token_and_acts_with_its_roles_only(world) -> None:  # type: ignore[no-untyped-def]
    admin = world.user("administrator")
    assert {"administrator", "staff"} <= role_codes(admin)
    token, raw = tokens.create_token(by=admin, name="x", roles=["staff"], days=7)
    check = tokens.check_token(raw)
    assert check.user == admin and check.refusal == ""
    assert role_codes(check.user) == frozenset({"staff"})
    assert AccessToken.objects.get(pk=token.pk).last_used_at is not None


@pytest.mark.parametrize(
    "raw",
    ["", "nonsense", "belong_zzzzzzzz_abc", "belong_0123abcd_", "Bearer belong_0123abcd_xyz"],
)
def test_malformed_and_unknown_tokens_are_refused(world, raw: str) -> None:  # type: ignore[no-untyped-def]
    assert tokens.check_token(raw).user is None


def test_a_token_with_a_wrong_secret_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    _, raw = tokens.create_token(by=world.user("student"), name="x", roles=["student"], days=7)
    forged = raw[:-4] + ("AAAA" if not raw.endswith("AAAA") else "BBBB")
    check = tokens.check_token(forged)
    assert check.user is None and check.refusal == "unknown token"


def test_revoked_token_is_refused_and_only_its_owner_revokes_it(world) -> None:  # type: ignore[no-untyped-def]
    token, raw = tokens.create_token(by=world.user("student"), name="x", roles=["student"], days=7)
    with pytest.raises(Http404):
        tokens.revoke_token(by=world.user("administrator"), token_id=token.pk)
    assert tokens.check_token(raw).user is not None
    tokens.revoke_token(by=world.user("student"), token_id=token.pk)
    assert tokens.check_token(raw).refusal == "revoked"
    with pytest.raises(Http404):
        tokens.revoke_token(by=world.user("student"), token_id=token.pk)


def test_expired_token_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    _, raw = tokens.create_token(by=world.user("student"), name="x", roles=["student"], days=7)
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)):
        assert tokens.check_token(raw).refusal == "expired"
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        assert tokens.check_token(raw).refusal == ""


def test_a_role_taken_from_the_owner_is_taken_from_the_token(world) -> None:  # type: ignore[no-untyped-def]
    steward = world.user("data_steward")
    _, raw = tokens.create_token(by=steward, name="x", roles=["data_steward"], days=30)
    assert tokens.check_token(raw).user is not None
    revoke_role(
        by=world.user("administrator"),
        assignment=RoleAssignment.objects.get(user=steward, role="data_steward"),
    )
    forget_roles(steward)
    check = tokens.check_token(raw)
    assert check.user is None and "no longer holds" in check.refusal


def test_a_deactivated_account_s_token_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    user = world.user("analyst")
    _, raw = tokens.create_token(by=user, name="x", roles=["analyst"], days=30)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert tokens.check_token(raw).refusal == "account deactivated"


def test_every_call_is_audited_with_token_path_and_status(world, client) -> None:  # type: ignore[no-untyped-def]
    steward = world.user("data_steward")
    token, raw = tokens.create_token(by=steward, name="x", roles=["data_steward"], days=30)
    assert client.get("/api/v1/people/?per_page=5", headers=_bearer(raw)).status_code == 200
    assert client.get("/api/v1/surveys/campaigns", headers=_bearer(raw)).status_code == 404
    assert client.get("/api/v1/people/", headers=_bearer(raw + "x")).status_code == 401
    assert client.get("/api/v1/people/").status_code == 401
    called = list(AuditEvent.objects.filter(verb="access.api.called").order_by("id"))
    assert [(e.actor_id, e.detail["path"], e.detail["status"]) for e in called] == [
        (steward.pk, "/api/v1/people/", 200),
        (steward.pk, "/api/v1/surveys/campaigns", 404),
    ]
    assert all(e.detail["token"] == token.pk and e.target_id == str(token.pk) for e in called)
    refused = list(AuditEvent.objects.filter(verb="access.api.refused").order_by("id"))
    assert [(e.actor_id, e.detail["reason"], e.detail["status"]) for e in refused] == [
        (None, "unknown token", 401),
        (None, "no bearer token", 401),
    ]
    secret = raw.split("_", 2)[2]
    assert not any(secret in str(e.detail) for e in AuditEvent.objects.all())


def test_a_session_does_not_reach_the_api(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("data_steward"))
    assert client.get("/api/v1/people/").status_code == 401


def test_token_page_shows_a_new_token_once(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("analyst"))
    response = client.post(
        "/access/tokens/", {"name": "Dashboard", "roles": ["analyst"], "days": "30"}
    )
    assert response.status_code == 200
    token = AccessToken.objects.get(user=world.user("analyst"))
    raw = response.context["made"][1]
    assert raw.startswith(f"belong_{token.prefix}_") and raw in response.content.decode()
    again = client.get("/access/tokens/").content.decode()
    assert token.prefix in again and raw not in again


def test_token_page_refuses_a_role_the_person_does_not_hold(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("student"))
    response = client.post("/access/tokens/", {"name": "x", "roles": ["analyst"], "days": "30"})
    assert response.status_code == 200 and "not one of the available choices" in (
        response.content.decode()
    )
    assert not AccessToken.objects.exists()
