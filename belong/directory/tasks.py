"""Background e-mail for the directory, run by django-tasks (``manage.py db_worker``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from belong.access.models import User
from belong.directory.policies import OFFICE_ROLE
from belong.people.models import Unit


@task()
def email_office_stale(office_id: int, count: int) -> int:
    """Tell an office's editors that ``count`` of its entries are due for checking."""
    office = Unit.objects.filter(pk=office_id).first()
    if office is None:
        return 0
    recipients = sorted(
        set(
            User.objects.filter(
                is_active=True, role_assignments__role=OFFICE_ROLE, role_assignments__unit=office
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    base = str(getattr(settings, "BELONG_SITE_URL", "") or "").rstrip("/")
    link = f"{base}{reverse('directory:office')}"
    body = (
        f"{count} directory entr{'y' if count == 1 else 'ies'} of {office.name} "
        f"{'has' if count == 1 else 'have'} not been checked for a year. Please open each one, "
        f'correct what has changed and press "I checked this entry": {link}\n\n'
        f"Entries left unchecked are shown as unverified to everyone after 30 days.\n\n"
        f"This message was sent by {settings.SITE_NAME}."
    )
    subject = f"Directory entries to check: {office.name}"
    return sum(send_mail(subject, body, None, [address]) for address in recipients)


@task()
def import_hsds_run(run_id: int) -> str:
    """Check (and, if asked, apply) a queued HSDS import; returns its outcome."""
    from belong.directory.hsds.web_import import execute

    return execute(run_id)
