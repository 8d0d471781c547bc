"""Accounts, sign-in, roles, the Django admin and the audit log itself."""

from __future__ import annotations

from enum import unique

from belong.access.audit.kinds import EventKind, Kind


@unique
class AccessEvent(EventKind):
    SIGNED_IN = Kind(
        "access.signed_in",
        "Signed in",
        "Someone signed in to their account (with a password or single sign-on).",
    )
    SIGNED_OUT = Kind("access.signed_out", "Signed out", "Someone signed out of their account.")
    SIGN_IN_FAILED = Kind(
        "access.sign_in_failed",
        "Sign-in failed",
        "A sign-in was refused. The username tried is kept so that a guessing attack shows; "
        "the password never is.",
        "username tried: {username}",
    )
    SSO_REFUSED = Kind(
        "access.sso_refused",
        "Single sign-on refused",
        "The identity provider vouched for someone the school's records do not know, so no "
        "account was made.",
        "{reason}",
    )
    ACCOUNT_CREATED_BY_SSO = Kind(
        "access.account_created_by_sso",
        "Account made at first single sign-on",
        "A person in the school's records signed in through the identity provider for the "
        "first time, and Belong made their account.",
        "for {target}",
    )
    SSO_IDENTITY_LINKED = Kind(
        "access.sso_identity_linked",
        "Single sign-on identity linked",
        "An identity provider's subject was linked to an existing account.",
        "to {target}",
    )
    ROLE_ASSIGNED = Kind(
        "access.role.assigned",
        "Role given",
        "An administrator (or the server's command line) gave an account a role.",
        "{role} to {target}[ for {unit}][, {via}]",
    )
    ROLE_REVOKED = Kind(
        "access.role.revoked",
        "Role removed",
        "An administrator took a role away from an account.",
        "{role} from {target}[ for {unit}]",
    )
    ADMIN_ADDED = Kind(
        "access.admin.added",
        "Added in the Django admin",
        "A record was added through the Django admin site (for example an account).",
        "{target}",
    )
    ADMIN_CHANGED = Kind(
        "access.admin.changed",
        "Changed in the Django admin",
        "A record was changed through the Django admin site: the names of the fields changed "
        "are kept, and the new value of a yes/no field such as superuser status or active.",
        "{target}[: {fields}][ ({now})]",
    )
    ADMIN_DELETED = Kind(
        "access.admin.deleted",
        "Deleted in the Django admin",
        "A record was deleted through the Django admin site.",
        "{name}",
    )
    ANONYMOUS_SEALED = Kind(
        "access.audit.anonymous_sealed",
        "Anonymous events sealed",
        "The anonymous events of a day that had closed were added to the tamper-evident log, "
        "in random order and without their time of day.",
        "{count} from {day}",
    )
    ACCOUNT_DEACTIVATED = Kind(
        "access.account.deactivated",
        "Account deactivated",
        "An administrator stopped an account signing in, by any route; its roles and records "
        "stay, so it can be reactivated as it was.",
        "{target}",
    )
    ACCOUNT_REACTIVATED = Kind(
        "access.account.reactivated",
        "Account reactivated",
        "An administrator let a deactivated account sign in again, with the roles it had.",
        "{target}",
    )
    TOKEN_CREATED = Kind(
        "access.token.created",
        "API token made",
        "Someone made a personal access token for the read-only API, carrying some of their "
        "roles. Only its public prefix is kept in the log, never the token.",
        "{name} ({prefix}…)[ with {roles}][, until {expires}]",
    )
    TOKEN_REVOKED = Kind(
        "access.token.revoked",
        "API token revoked",
        "The owner of a personal access token revoked it; calls with it are refused from now on.",
        "{name} ({prefix}…)",
    )
    API_CALLED = Kind(
        "access.api.called",
        "API called",
        "A call to the read-only API with a personal access token: which token, what was asked "
        "and how the API answered. Query strings and the token itself are never kept.",
        "{method} {path} answered {status}[ with token {prefix}…]",
    )
    API_REFUSED = Kind(
        "access.api.refused",
        "API call refused",
        "A call to the read-only API came with no token, an unknown, revoked or expired token, "
        "or one whose roles its owner no longer holds. Only the token's public prefix is kept.",
        "{method} {path} answered {status}[ ({reason})][, token {prefix}…]",
    )
