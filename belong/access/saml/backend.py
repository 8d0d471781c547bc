"""The SAML authentication backend: the provider's attribute names a Person.

The first sign-in links the identity provider (its entity id) and the value of
the identifying attribute (``BELONG_SAML_ID_ATTRIBUTE``, eduPersonPrincipalName
by default) to the Person whose institutional id (or e-mail, with
``BELONG_SAML_ID_MATCHES=email``) equals it, found by the people app through
``access.persons``. Later sign-ins follow the stored (provider, value) pair.
Someone the school's records do not know cannot sign in, exactly as with
OpenID Connect (``belong/access/oidc.py``). djangosaml2 has already checked the
response and its signatures before :meth:`PersonSAMLBackend.authenticate` runs.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from djangosaml2.backends import Saml2Backend
from saml2.attributemaps import saml_uri

from belong.access import audit, persons
from belong.access.models import ExternalIdentity, User
from belong.access.persons import AccountHolder


class Refusal(Exception):
    """Why an identity the provider vouched for cannot sign in (shown and audited)."""

    def __init__(self, reason: str, *, target: Any = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.target = target


def attribute_names(configured: str) -> list[str]:
    """The names an attribute may carry in pysaml2's answer: as configured, and friendly.

    pysaml2 turns known URIs (``urn:oid:1.3.6.1.4.1.5923.1.1.1.6``) into their
    friendly names (``eduPersonPrincipalName``); either may be configured.
    """
    names = [configured]
    friendly = saml_uri.MAP["fro"].get(configured)
    if friendly:
        names.append(friendly)
    uri = saml_uri.MAP["to"].get(configured)
    if uri:
        names.append(uri)
    return names


def identifying_value(attributes: dict[str, list[Any]]) -> str:
    """The one value of the identifying attribute; refused if absent or ambiguous."""
    configured = settings.SAML_ID_ATTRIBUTE
    values: list[Any] = []
    for name in attribute_names(configured):
        values = list(attributes.get(name) or [])
        if values:
            break
    cleaned = sorted({str(value).strip() for value in values if str(value).strip()})
    if not cleaned:
        raise Refusal(f"the identity provider sent no {configured} attribute")
    if len(cleaned) > 1:
        raise Refusal(f"the identity provider sent several values of {configured}")
    return cleaned[0]


def _matching_value(value: str) -> str:
    """The value to look up: without its scope when a scope is configured."""
    scope = settings.SAML_ID_SCOPE
    if not scope:
        return value
    local, at, given_scope = value.rpartition("@")
    if not at or given_scope.lower() != scope.lower() or not local:
        raise Refusal(f"the identifier is not in the scope {scope}")
    return local


def _find_person(value: str) -> AccountHolder | None:
    wanted = _matching_value(value)
    if settings.SAML_ID_MATCHES == "email":
        return persons.directory().find_holder(institutional_id="", verified_email=wanted)
    return persons.directory().find_holder(institutional_id=wanted, verified_email="")


def _refuse(refusal: Refusal, issuer: str) -> None:
    audit.record(
        audit.AccessEvent.SSO_REFUSED,
        by=None,
        target=refusal.target,
        detail={"reason": refusal.reason, "provider": issuer},
    )


class PersonSAMLBackend(Saml2Backend):
    """Sign in the Person a signed SAML assertion names, or nobody."""

    def authenticate(  # type: ignore[override]
        self,
        request: Any,
        session_info: dict[str, Any] | None = None,
        attribute_mapping: Any = None,
        create_unknown_user: Any = True,
        assertion_info: Any = None,
        **kwargs: Any,
    ) -> User | None:
        if session_info is None or "ava" not in session_info:
            return None  # not a SAML sign-in: another backend's turn
        issuer = str(session_info.get("issuer") or "")
        try:
            return self.account_for(issuer, session_info["ava"])
        except Refusal as refusal:
            _refuse(refusal, issuer)
            if request is not None:
                # The view shows the reason (djangosaml2 only learns "no user").
                request.belong_sso_refusal = refusal.reason
            return None

    def account_for(self, issuer: str, attributes: dict[str, list[Any]]) -> User:
        """The account of the person the attributes name (made at first sign-in)."""
        if not issuer:
            raise Refusal("the identity provider's answer names no issuer")
        value = identifying_value(attributes)
        linked = User.objects.filter(
            external_identities__issuer=issuer, external_identities__subject=value
        ).first()
        if linked is not None:
            if not linked.is_active:
                raise Refusal("the person's account is deactivated", target=linked)
            return linked
        holder = _find_person(value)
        if holder is None:
            raise Refusal("no person record matches the identity provider's attributes")
        if holder.user_id is not None:
            user = User.objects.get(pk=holder.user_id)
            if not user.is_active:
                # A new account would undo the deactivation.
                raise Refusal("the person's account is deactivated", target=holder.record)
            _link(user, issuer, value)
            return user
        with transaction.atomic():
            username = holder.institutional_id or value
            if User.objects.filter(username=username).exists():
                username = f"{username}-{holder.record.pk}"
            user = User.objects.create_user(username, email=holder.email)
            user.set_unusable_password()
            user.save(update_fields=["password"])
            persons.directory().link_account(holder, user)
            _link(user, issuer, value)
            audit.record(audit.AccessEvent.ACCOUNT_CREATED_BY_SSO, by=user, target=holder.record)
        return user

    def user_can_authenticate(self, user: Any) -> bool:
        return bool(getattr(user, "is_active", False))


def _link(user: User, issuer: str, value: str) -> None:
    _, created = ExternalIdentity.objects.get_or_create(
        issuer=issuer, subject=value, defaults={"user": user}
    )
    if created:
        audit.record(audit.AccessEvent.SSO_IDENTITY_LINKED, by=user, target=user)
