"""Personal access tokens for the read-only API: made, revoked and checked here.

A token reads ``belong_<prefix>_<secret>``: the prefix (8 hexadecimal
characters) is public and finds the row; the secret is 256 random bits. Only
the SHA-256 of the whole token is stored, so the database, a backup or the
audit log never hold a token that works. A secret of 256 random bits needs no
slow hash: nobody can guess it, so a fast one costs an attacker nothing extra.

A token carries some of the roles its owner held when they made it. A call
acts only with those of them the owner still holds (a role taken away from
the owner is taken from their tokens at once) and is refused when none is
left, when the token is revoked or expired, or when the account is
deactivated. Design: decision record 0032.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from belong.access import audit
from belong.access.models import AccessToken, User
from belong.access.policies import act_with_roles, role_codes
from belong.access.roles import ROLES

SCHEME = "belong"
PREFIX_CHARS = 8
SECRET_BYTES = 32  # 256 bits
# The lifetimes offered, in days; a token never lives longer than the longest.
LIFETIMES = (7, 30, 90, 365)
MAX_TOKENS = 20  # live tokens per person: enough for every integration, not a leak's worth


def hash_token(raw: str) -> str:
    """The SHA-256 (hexadecimal) stored for the token ``raw``."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _new_raw() -> tuple[str, str]:
    prefix = secrets.token_hex(PREFIX_CHARS // 2)
    return prefix, f"{SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"


def prefix_of(raw: str) -> str | None:
    """The public prefix of a token that is well formed, else None."""
    scheme, _, rest = raw.partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != SCHEME or len(prefix) != PREFIX_CHARS or not secret:
        return None
    if any(c not in "0123456789abcdef" for c in prefix):
        return None
    return prefix


def live_tokens(user: Any) -> list[AccessToken]:
    """The user's tokens that are neither revoked nor expired, newest first."""
    return list(
        AccessToken.objects.filter(
            user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
    )


def create_token(*, by: Any, name: str, roles: list[str], days: int) -> tuple[AccessToken, str]:
    """Make a token for ``by`` with some of the roles ``by`` holds now.

    Returns the row and the token itself, which is shown once and never again.
    """
    if not getattr(by, "is_authenticated", False):
        raise Http404("No such page.")
    name = name.strip()
    if not name:
        raise ValidationError("Name the token, so that you can recognise it later.")
    held = role_codes(by)
    if not roles:
        raise ValidationError("Choose at least one of your roles for the token.")
    unheld = sorted(set(roles) - held)
    if unheld:
        raise ValidationError(f"You do not hold the role(s) {', '.join(unheld)}.")
    if days not in LIFETIMES:
        raise ValidationError(f"A token lasts {', '.join(map(str, LIFETIMES))} days.")
    if len(live_tokens(by)) >= MAX_TOKENS:
        raise ValidationError(f"You have {MAX_TOKENS} live tokens: revoke one first.")
    prefix, raw = _new_raw()
    now = timezone.now()
    with transaction.atomic():
        token = AccessToken.objects.create(
            user=by,
            name=name,
            prefix=prefix,
            secret_hash=hash_token(raw),
            roles=sorted(set(roles)),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        audit.record(
            audit.AccessEvent.TOKEN_CREATED,
            by=by,
            target=token,
            detail={
                "name": name,
                "prefix": prefix,
                "roles": ", ".join(token.roles),
                "expires": token.expires_at.date().isoformat(),
            },
        )
    return token, raw


def revoke_token(*, by: Any, token_id: int) -> AccessToken:
    """Revoke one of ``by``'s own live tokens (anyone else's answers 404)."""
    if not getattr(by, "is_authenticated", False):
        raise Http404("No such token.")
    with transaction.atomic():
        token = (
            AccessToken.objects.select_for_update()
            .filter(pk=token_id, user_id=by.pk, revoked_at__isnull=True)
            .first()
        )
        if token is None:
            raise Http404("No such token.")
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            audit.AccessEvent.TOKEN_REVOKED,
            by=by,
            target=token,
            detail={"name": token.name, "prefix": token.prefix},
        )
    return token


@dataclass(frozen=True)
class Check:
    """What a token presented to the API turned out to be."""

    token: AccessToken | None
    user: User | None
    refusal: str = ""  # why it was refused; empty when the call may go ahead
    prefix: str = ""


def check_token(raw: str) -> Check:
    """Find and check the token ``raw``; on success its owner acts with its roles only."""
    prefix = prefix_of(raw)
    if prefix is None:
        return Check(None, None, "not a Belong token")
    token = AccessToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, hash_token(raw)):
        return Check(None, None, "unknown token", prefix)
    now = timezone.now()
    if token.revoked_at is not None:
        return Check(token, None, "revoked", prefix)
    if token.expires_at <= now:
        return Check(token, None, "expired", prefix)
    user = token.user
    if not user.is_active:
        return Check(token, None, "account deactivated", prefix)
    carried = frozenset(code for code in token.roles if code in ROLES)
    act_with_roles(user, carried)
    if not role_codes(user):
        return Check(token, None, "owner no longer holds the token's roles", prefix)
    # One write per minute at most: last use is for people, not for accounting.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return Check(token, user, "", prefix)
