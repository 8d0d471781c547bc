"""System checks for a production configuration (``manage.py check``).

They run with every ``check``, ``migrate`` and ``runserver``; the WSGI entry
point (``belong/wsgi.py``) runs the errors among them too, so gunicorn
refuses to start on a configuration that would quietly misbehave.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security)
def secret_key_is_configured(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """With HTTPS (production), the secret key must come from the environment.

    Without one, Belong generates a key into its data directory. That suits one
    machine, but on a server it changes with the machine (a new container, a
    second web server, a restored backup), and every session, password-reset
    and invitation link signed with the old key stops working.
    """
    if getattr(settings, "HTTPS", False) and not getattr(settings, "SECRET_KEY_CONFIGURED", True):
        return [
            Error(
                "BELONG_HTTPS=true but no secret key is set: Belong would use a key "
                "generated on this machine.",
                hint="Set BELONG_SECRET_KEY, or BELONG_SECRET_KEY_FILE naming a file that "
                "holds it (e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))').",
                id="belong.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def site_url_is_configured(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Links in e-mails (invitations, reminders) need the public address."""
    if getattr(settings, "HTTPS", False) and not getattr(settings, "BELONG_SITE_URL", ""):
        return [
            Warning(
                "BELONG_SITE_URL is not set: links in e-mails will use the host name of the "
                "request that caused them, which behind a proxy may not be the public one.",
                hint="Set BELONG_SITE_URL=https://belong.example.edu (no trailing slash).",
                id="belong.W001",
            )
        ]
    return []


def refuse_unsafe_production() -> None:
    """Stop the process (gunicorn does not run system checks) on any error above."""
    errors = [m for m in secret_key_is_configured() if m.is_serious()]
    if errors:
        raise ImproperlyConfigured("\n".join(f"{e.id}: {e.msg} {e.hint}" for e in errors))
