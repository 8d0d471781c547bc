"""Background e-mail for people records, run by django-tasks (``manage.py db_worker``).

The task queue holds the invitation's id and the site's address only; the
link's secret token is made here, when the e-mail is sent, and never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import dateformat, timezone
from django_tasks import task

from belong.people.invitations import link_for
from belong.people.models import Invitation


def _password_text(invitation: Invitation, base_url: str) -> str:
    expires = dateformat.format(timezone.localtime(invitation.expires_at), "j F Y, H:i")
    return (
        f"You are invited to {settings.SITE_NAME}, {settings.SCHOOL_NAME}.\n\n"
        f"Your username is {invitation.account.get_username()}.\n"  # type: ignore[union-attr]
        "Choose your password here (the link works once, until "
        f"{expires}):\n{link_for(invitation, base_url)}\n\n"
        "If you were not expecting this, ignore it: nothing happens until the link is used."
    )


def _sso_text(invitation: Invitation, base_url: str) -> str:
    return (
        f"You are invited to {settings.SITE_NAME}, {settings.SCHOOL_NAME}.\n\n"
        f"Sign in with {settings.OIDC_PROVIDER_NAME} (your usual school sign-in) here:\n"
        f"{base_url.rstrip('/')}{reverse('login')}\n\n"
        "Your account is made the first time you sign in."
    )


@task()
def email_invitation(invitation_id: int, base_url: str) -> int:
    """Send one invitation, unless a newer one replaced it or it has expired."""
    invitation = Invitation.objects.select_related("account", "person").filter(pk=invitation_id)
    found = invitation.first()
    if found is None or found.expires_at < timezone.now():
        return 0
    if found.person.invitations.values_list("pk", flat=True).first() != found.pk:
        return 0  # a newer invitation went (or will go) instead
    if found.method == Invitation.Method.PASSWORD:
        if found.account is None or not found.account.is_active:
            return 0
        body = _password_text(found, base_url)
    else:
        body = _sso_text(found, base_url)
    return send_mail(
        f"You are invited to {settings.SITE_NAME}", body, None, [found.email], fail_silently=False
    )
