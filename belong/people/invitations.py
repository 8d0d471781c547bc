"""Invitation links and where a person's account stands.

Links are made by Django's password-reset token machinery with a salt of
their own, so a reset link is never an invitation link nor the reverse. A
token hashes the account's password and last sign-in (so it works once: after
a password is chosen it no longer matches) and the id of the newest invitation
(so sending a new invitation voids the older links), and it carries the time of
the invitation, after which ``BELONG_INVITATION_DAYS`` expire it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from belong.people.models import Invitation, Person


class LinkState(enum.Enum):
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    INACTIVE = "inactive"
    INVALID = "invalid"


def invitation_lifetime() -> timedelta:
    return timedelta(days=settings.BELONG_INVITATION_DAYS)


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "belong.people.invitations.InvitationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        newest = (
            Invitation.objects.filter(account=user).order_by("-pk").values_list("pk", flat=True)
        ).first()
        return f"{super()._make_hash_value(user, timestamp)}|{newest or ''}"

    def token_for(self, invitation: Invitation) -> str:
        """The link token of ``invitation``, dated from when it was sent."""
        if invitation.account is None:
            raise ValueError("Only a password invitation has a link.")
        sent = self._naive(invitation.invited_at)
        return self._make_token_with_timestamp(
            invitation.account, self._num_seconds(sent), self.secret
        )

    # Django counts a token's seconds on a naive clock; make it the school's
    # local time on both sides, whatever the process's TZ says.
    @staticmethod
    def _naive(moment: datetime) -> datetime:
        return timezone.localtime(moment).replace(tzinfo=None)

    def _now(self) -> datetime:
        return self._naive(timezone.now())

    def state(self, user: Any, token: str | None) -> LinkState:
        """Whether ``token`` lets ``user`` choose a password now, and if not, why."""
        if user is None or not token:
            return LinkState.INVALID
        try:
            ts_b36, _ = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return LinkState.INVALID
        genuine = any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )
        if not genuine:
            # A password chosen (or a sign-in) changes the hash: the link was used.
            if user.has_usable_password() or user.last_login is not None:
                return LinkState.USED
            return LinkState.INVALID  # mistyped, or voided by a newer invitation
        if not user.is_active:
            return LinkState.INACTIVE
        age = self._num_seconds(self._now()) - timestamp
        if age > invitation_lifetime().total_seconds():
            return LinkState.EXPIRED
        return LinkState.VALID

    def check_token(self, user: Any, token: str | None) -> bool:  # type: ignore[override]
        return self.state(user, token) is LinkState.VALID


invitation_tokens = InvitationTokenGenerator()


def link_for(invitation: Invitation, base_url: str) -> str:
    """The absolute address of the page where the invited person sets a password."""
    path = reverse(
        "people:invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(invitation.account_id)),
            "token": invitation_tokens.token_for(invitation),
        },
    )
    return f"{base_url.rstrip('/')}{path}"


class Standing(enum.Enum):
    NONE = "No account yet"
    INVITED = "Invited; not yet accepted"
    EXPIRED = "Invited; the invitation has expired"
    ACTIVE = "Active"
    DEACTIVATED = "Deactivated"


@dataclass(frozen=True)
class AccountStanding:
    """Where a person's account stands, for the directory and the invite page."""

    standing: Standing
    account: Any
    invitation: Invitation | None

    @property
    def label(self) -> str:
        return self.standing.value

    @property
    def pending(self) -> bool:
        """Invited, and not yet accepted (whether or not the invitation expired)."""
        return self.standing in (Standing.INVITED, Standing.EXPIRED)

    @property
    def expired(self) -> bool:
        return self.standing is Standing.EXPIRED

    @property
    def may_invite(self) -> bool:
        return self.standing in (Standing.NONE, Standing.INVITED, Standing.EXPIRED)


def _accepted(account: Any) -> bool:
    return bool(
        account.has_usable_password()
        or account.last_login is not None
        or account.external_identities.exists()
    )


def standing_of(person: Person, *, now: datetime | None = None) -> AccountStanding:
    now = now or timezone.now()
    invitation = person.invitations.first()
    account = person.user
    if account is not None:
        if not account.is_active:
            return AccountStanding(Standing.DEACTIVATED, account, invitation)
        if _accepted(account) or invitation is None:
            return AccountStanding(Standing.ACTIVE, account, invitation)
    elif invitation is None or invitation.method != Invitation.Method.SSO:
        return AccountStanding(Standing.NONE, None, invitation)
    if invitation.expires_at < now:
        return AccountStanding(Standing.EXPIRED, account, invitation)
    return AccountStanding(Standing.INVITED, account, invitation)
