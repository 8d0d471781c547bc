"""Background e-mail for well-being, run by django-tasks (``manage.py db_worker``).

E-mails never carry what a request or record says: an office is told that
something is waiting, a student that there is news, and both are asked to
sign in to see it. Arguments are ids and a fixed reason code, so nothing
sensitive is stored in the task queue either.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import dateformat
from django_tasks import task

from belong.access.models import User
from belong.people.models import Person, Unit

_OFFICE = {
    "new_request": (
        "A new support request for {office}",
        "A student has sent a support request to {office}.",
        "wellbeing:support_queue",
    ),
    "student_reply": (
        "A student has replied to a support request",
        "A student has added a message to a support request in {office}'s queue.",
        "wellbeing:support_queue",
    ),
    "waiting": (
        "Support requests are waiting: {office}",
        "{waiting} support request(s) in {office}'s queue have waited longer than the "
        "response-time target.",
        "wellbeing:support_queue",
    ),
}
_PERSON = {
    "support_reply": (
        "News about your support request",
        "There is news about a support request you made.",
        "wellbeing:support_home",
    ),
    "coverage_decision": (
        "News about your health coverage",
        "There is news about your health-coverage waiver.",
        "wellbeing:coverage_home",
    ),
    "coverage_deadline": (
        "Health coverage: please choose by {deadline}",
        "Every student needs health coverage for {year}. Enrol in the school plan or apply "
        "for a waiver by {deadline}.",
        "wellbeing:coverage_home",
    ),
}


def _link(url_name: str) -> str:
    base = str(getattr(settings, "BELONG_SITE_URL", "") or "").rstrip("/")
    path = reverse(url_name)
    return (
        f"Sign in to {settings.SITE_NAME} to see it: {base}{path}"
        if base
        else (f"Sign in to {settings.SITE_NAME} to see it ({path}).")
    )


def _send(subject: str, body: str, url_name: str, recipients: list[str]) -> int:
    sent = 0
    text = f"{body}\n\n{_link(url_name)}\n\nThis message was sent by {settings.SITE_NAME}."
    for address in recipients:
        sent += send_mail(subject, text, None, [address])
    return sent


@task()
def email_office(office_id: int, reason: str, waiting: int = 0) -> int:
    """E-mail every case manager of an office; return how many e-mails were sent."""
    office = Unit.objects.filter(pk=office_id).first()
    if office is None or reason not in _OFFICE:
        return 0
    subject, body, url_name = _OFFICE[reason]
    recipients = sorted(
        set(
            User.objects.filter(
                is_active=True, role_assignments__role="case_manager", role_assignments__unit=office
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    values = {"office": office.name, "waiting": waiting}
    return _send(subject.format(**values), body.format(**values), url_name, recipients)


@task()
def email_person(person_id: int, reason: str, year: str = "", deadline: str = "") -> int:
    """E-mail one person that there is news, or that a deadline is near."""
    person = Person.objects.select_related("user").filter(pk=person_id).first()
    if person is None or reason not in _PERSON:
        return 0
    address = person.email or (person.user.email if person.user else "")
    if not address:
        return 0
    subject, body, url_name = _PERSON[reason]
    values = {"year": year, "deadline": deadline}
    return _send(subject.format(**values), body.format(**values), url_name, [address])


def format_day(day: date) -> str:
    return dateformat.format(day, "j F Y")
