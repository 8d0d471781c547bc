"""Writes to role assignments: keyword-only ``by=``, one transaction, one audit event."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from belong.access import audit
from belong.access.models import RoleAssignment, User
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission, forget_roles
from belong.access.roles import ROLES


def assign_role(*, by: Any, user: User, role: str, unit: Any = None) -> RoleAssignment:
    """Grant ``role`` to ``user`` (for ``unit`` when the role is scoped)."""
    ensure_permission(by, Permission.MANAGE_ROLES)
    return _grant(by=by, user=user, role=role, unit=unit, detail={})


def grant_role_from_console(*, user: User, role: str, unit: Any = None) -> RoleAssignment:
    """Grant a role from the server's command line (``manage.py grant_role``).

    How the first administrator is made: whoever can run commands on the server
    already controls Belong, so no permission is checked, but the grant is
    audited like any other, as done by the system from the console.
    """
    return _grant(by=None, user=user, role=role, unit=unit, detail={"via": "console"})


def _grant(*, by: Any, user: User, role: str, unit: Any, detail: dict[str, Any]) -> RoleAssignment:
    spec = ROLES.get(role)
    if spec is None or not spec.assignable:
        raise ValidationError(f"{role!r} is not a role an administrator can assign.")
    if spec.scoped and unit is None:
        raise ValidationError(f"The {spec.name} role acts for one office: choose the unit.")
    if not spec.scoped and unit is not None:
        raise ValidationError(f"The {spec.name} role is not limited to a unit.")
    if not user.is_active:
        raise ValidationError(
            f"{user.get_username()}'s account is deactivated: reactivate it first."
        )
    granted_by = by if getattr(by, "is_authenticated", False) else None
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, unit=unit, defaults={"granted_by": granted_by}
        )
        if not created:
            raise ValidationError(f"{user.get_username()} already has this role.")
        audit.record(
            audit.AccessEvent.ROLE_ASSIGNED,
            by=by,
            target=user,
            detail={"role": role, "unit": unit.code if unit is not None else None, **detail},
        )
    forget_roles(user)
    return assignment


def revoke_role(*, by: Any, assignment: RoleAssignment) -> None:
    ensure_permission(by, Permission.MANAGE_ROLES)
    if assignment.user_id == by.pk and assignment.role == "administrator":
        raise ValidationError("You cannot remove your own administrator role.")
    with transaction.atomic():
        detail = {
            "role": assignment.role,
            "unit": assignment.unit.code if assignment.unit is not None else None,
        }
        user = assignment.user
        assignment.delete()
        audit.record(audit.AccessEvent.ROLE_REVOKED, by=by, target=user, detail=detail)
    forget_roles(user)


def deactivate_account(*, by: Any, user: User) -> User:
    """Stop ``user`` signing in, by any route, at once; keep everything else.

    Their roles, records and audit trail stay, so reactivating restores the
    account as it was. Sessions already open end at their next request (the
    authentication backends refuse an inactive account).
    """
    ensure_permission(by, Permission.MANAGE_ACCOUNTS)
    if user.pk == by.pk:
        raise ValidationError("You cannot deactivate your own account.")
    with transaction.atomic():
        if not User.objects.select_for_update().get(pk=user.pk).is_active:
            raise ValidationError(f"{user.get_username()} is already deactivated.")
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit.record(audit.AccessEvent.ACCOUNT_DEACTIVATED, by=by, target=user)
    forget_roles(user)
    return user


def reactivate_account(*, by: Any, user: User) -> User:
    """Let a deactivated account sign in again, with the roles it had."""
    ensure_permission(by, Permission.MANAGE_ACCOUNTS)
    with transaction.atomic():
        if User.objects.select_for_update().get(pk=user.pk).is_active:
            raise ValidationError(f"{user.get_username()} is already active.")
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit.record(audit.AccessEvent.ACCOUNT_REACTIVATED, by=by, target=user)
    forget_roles(user)
    return user
