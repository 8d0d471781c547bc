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
