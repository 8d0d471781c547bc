"""Background e-mail for concerns (django-tasks). Never to an anonymous reporter.

E-mails say only that something is waiting and ask the reader to sign in;
arguments are ids, so the task queue holds nothing of what was reported. An
anonymous concern has no reporter row, so ``email_reporter`` finds nobody to
write to; no task is ever queued for one (``actions`` check the mode first).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from belong.access.models import User
from belong.concerns.models import Reporter
from belong.concerns.queries import MANAGER_ROLE


def _body(text: str, url_name: str) -> str:
    base = str(getattr(settings, "BELONG_SITE_URL", "") or "").rstrip("/")
    return (
        f"{text}\n\nSign in to {settings.SITE_NAME} to read it: {base}{reverse(url_name)}\n\n"
        f"This message was sent by {settings.SITE_NAME}."
    )


@task()
def email_reporter(case_id: str) -> int:
    """Tell a named or confidential reporter there is news; 0 for any other case."""
    reporter = Reporter.objects.filter(case_id=case_id).select_related("user").first()
    if reporter is None or not reporter.user.email or not reporter.user.is_active:
        return 0
    text = "There is a new message about a concern you reported."
    return send_mail(
        "News about a concern you reported",
        _body(text, "concerns:own_list"),
        None,
        [reporter.user.email],
    )


@task()
def email_managers() -> int:
    """Tell every concerns case manager that new concerns are waiting (never what they say)."""
    recipients = sorted(
        set(
            User.objects.filter(is_active=True, role_assignments__role=MANAGER_ROLE)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    text = "A new learning-environment concern is waiting to be triaged."
    sent = 0
    for address in recipients:
        sent += send_mail("A concern is waiting", _body(text, "concerns:cases"), None, [address])
    return sent
