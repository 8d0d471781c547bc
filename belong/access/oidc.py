"""Single sign-on by OpenID Connect, mapping the provider's subject to a Person.

On when ``BELONG_OIDC_CLIENT_ID`` and the endpoint variables are set (see
``docs/operators.md``). The first sign-in links the provider's subject to the
Person whose institutional id (or, failing that, verified e-mail) matches a
claim, found by the people app through ``access.persons``;
someone the school's records do not know cannot sign in. Later sign-ins find
the account by the stored (issuer, subject) pair alone, so a changed e-mail
address at the provider never moves an identity to another person.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from belong.access import audit, persons
from belong.access.models import ExternalIdentity, User
from belong.access.persons import AccountHolder


def issuer() -> str:
    explicit = getattr(settings, "OIDC_ISSUER", "")
    if explicit:
        return explicit
    parts = urlsplit(settings.OIDC_OP_AUTHORIZATION_ENDPOINT)
    return f"{parts.scheme}://{parts.netloc}"


def _find_person(claims: dict[str, Any]) -> AccountHolder | None:
    institutional_id = str(claims.get(settings.OIDC_INSTITUTIONAL_ID_CLAIM) or "").strip()
    email = str(claims.get("email") or "").strip()
    # Only an address the provider says it verified identifies a person.
    verified = email if claims.get("email_verified") is True else ""
    return persons.directory().find_holder(
        institutional_id=institutional_id, verified_email=verified
    )


class PersonOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        linked = User.objects.filter(
            external_identities__issuer=issuer(),
            external_identities__subject=str(claims["sub"]),
            is_active=True,
        )
        if linked.exists():
            return linked
        holder = _find_person(claims)
        if holder is not None and holder.user_id is not None:
            return User.objects.filter(pk=holder.user_id, is_active=True)
        return User.objects.none()

    def create_user(self, claims: dict[str, Any]) -> User | None:
        holder = _find_person(claims)
        if holder is None:
            audit.record(
                audit.AccessEvent.SSO_REFUSED,
                by=None,
                detail={"reason": "no person record matches the identity provider's claims"},
            )
            return None
        if holder.user_id is not None:
            # The person's account exists but is deactivated (an active one is
            # found above): a new account would undo the deactivation.
            audit.record(
                audit.AccessEvent.SSO_REFUSED,
                by=None,
                target=holder.record,
                detail={"reason": "the person's account is deactivated"},
            )
            return None
        with transaction.atomic():
            username = holder.institutional_id
            if User.objects.filter(username=username).exists():
                username = f"{username}-{str(claims['sub'])[:20]}"
            user = User.objects.create_user(username, email=holder.email)
            user.set_unusable_password()
            user.save(update_fields=["password"])
            persons.directory().link_account(holder, user)
            self._link(user, claims)
            audit.record(audit.AccessEvent.ACCOUNT_CREATED_BY_SSO, by=user, target=holder.record)
        return user

    def get_user(self, user_id: Any) -> User | None:
        # The library's own get_user would keep a deactivated account's session.
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user: Any) -> bool:
        return bool(getattr(user, "is_active", False))

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        self._link(user, claims)
        return user

    @staticmethod
    def _link(user: User, claims: dict[str, Any]) -> None:
        _, created = ExternalIdentity.objects.get_or_create(
            issuer=issuer(), subject=str(claims["sub"]), defaults={"user": user}
        )
        if created:
            audit.record(audit.AccessEvent.SSO_IDENTITY_LINKED, by=user, target=user)
