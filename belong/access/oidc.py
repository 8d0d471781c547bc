"""Single sign-on by OpenID Connect, mapping the provider's subject to a Person.

On when ``BELONG_OIDC_CLIENT_ID`` and the endpoint variables are set (see
``docs/operators.md``). The first sign-in links the provider's subject to the
Person whose institutional id (or, failing that, e-mail) matches a claim;
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

from belong.access import audit
from belong.access.models import ExternalIdentity, User


def issuer() -> str:
    explicit = getattr(settings, "OIDC_ISSUER", "")
    if explicit:
        return explicit
    parts = urlsplit(settings.OIDC_OP_AUTHORIZATION_ENDPOINT)
    return f"{parts.scheme}://{parts.netloc}"


def _find_person(claims: dict[str, Any]) -> Any:
    from belong.people.models import Person

    institutional_id = str(claims.get(settings.OIDC_INSTITUTIONAL_ID_CLAIM) or "").strip()
    if institutional_id:
        person = Person.objects.filter(institutional_id=institutional_id).first()
        if person is not None:
            return person
    email = str(claims.get("email") or "").strip()
    # Only an address the provider says it verified identifies a person.
    if email and claims.get("email_verified") is True:
        matches = list(Person.objects.filter(email__iexact=email)[:2])
        if len(matches) == 1:
            return matches[0]
    return None


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
        person = _find_person(claims)
        if person is not None and person.user_id is not None:
            return User.objects.filter(pk=person.user_id, is_active=True)
        return User.objects.none()

    def create_user(self, claims: dict[str, Any]) -> User | None:
        person = _find_person(claims)
        if person is None:
            audit.record(
                audit.AccessEvent.SSO_REFUSED,
                by=None,
                detail={"reason": "no person record matches the identity provider's claims"},
            )
            return None
        with transaction.atomic():
            username = person.institutional_id
            if User.objects.filter(username=username).exists():
                username = f"{username}-{str(claims['sub'])[:20]}"
            user = User.objects.create_user(username, email=person.email)
            user.set_unusable_password()
            user.save(update_fields=["password"])
            person.user = user
            person.save(update_fields=["user", "updated_at"])
            self._link(user, claims)
            audit.record(audit.AccessEvent.ACCOUNT_CREATED_BY_SSO, by=user, target=person)
        return user

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
