"""Background work for coaching, run by django-tasks (``manage.py db_worker``).

* :func:`run_pairing` solves a large pairing run off the request.
* The e-mails never carry what happens in coaching: no note, no goal, no
  referral content, and no other person's name. They say that something is
  there, or when a meeting is, and ask the reader to sign in. Arguments are
  ids and fixed reason codes, so nothing sensitive sits in the task queue.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from belong.access.models import User
from belong.coaching.models import Coach, Meeting, Pairing, Referral
from belong.core.formatting import when
from belong.people.models import Person


def _address(person: Person) -> str:
    return person.email or (person.user.email if person.user_id and person.user else "")


def _link(url_name: str) -> str:
    base = str(getattr(settings, "BELONG_SITE_URL", "") or "").rstrip("/")
    path = reverse(url_name)
    return (
        f"Sign in to {settings.SITE_NAME} to see it: {base}{path}"
        if base
        else f"Sign in to {settings.SITE_NAME} to see it ({path})."
    )


def _send(subject: str, body: str, url_name: str, addresses: list[str]) -> int:
    text = f"{body}\n\n{_link(url_name)}\n\nThis message was sent by {settings.SITE_NAME}."
    sent = 0
    for address in sorted(set(a for a in addresses if a)):
        sent += send_mail(subject, text, None, [address])
    return sent


@task()
def run_pairing(run_id: int) -> str:
    """Solve a queued pairing run; returns its status."""
    from belong.coaching.actions.runs import execute_run

    run = execute_run(run_id)
    return run.status if run is not None else "not queued"


@task()
def email_meeting_reminder(meeting_id: int) -> int:
    """Remind the student and the coach of a meeting; nothing about its purpose."""
    meeting = (
        Meeting.objects.select_related("pairing__student__user", "pairing__coach__person__user")
        .filter(pk=meeting_id, status=Meeting.Status.SCHEDULED, pairing__active=True)
        .first()
    )
    if meeting is None:
        return 0
    subject = "Reminder: coaching meeting"
    body = f"You have a coaching meeting on {when(meeting.starts_at)}."
    student = _send(subject, body, "coaching:my_coaching", [_address(meeting.pairing.student)])
    coach = _send(subject, body, "coaching:my_students", [_address(meeting.pairing.coach.person)])
    return student + coach


@task()
def email_quarter_nudge(coach_id: int, students: int) -> int:
    """Tell a coach how many of their students have no meeting this quarter (a number only)."""
    coach = Coach.objects.select_related("person__user").filter(pk=coach_id).first()
    if coach is None or students <= 0:
        return 0
    verb = "has" if students == 1 else "have"
    return _send(
        "Coaching: students without a meeting this quarter",
        f"{students} of your coaching students {verb} no meeting held or scheduled this quarter.",
        "coaching:my_students",
        [_address(coach.person)],
    )


@task()
def email_pairing_news(pairing_id: int) -> int:
    """Tell a newly paired student and coach that the pairing is there to see."""
    pairing = (
        Pairing.objects.select_related("student__user", "coach__person__user")
        .filter(pk=pairing_id, active=True)
        .first()
    )
    if pairing is None:
        return 0
    student = _send(
        "You have a coach",
        "You have been paired with a physician coach. Sign in to Belong to see who.",
        "coaching:my_coaching",
        [_address(pairing.student)],
    )
    coach = _send(
        "A new coaching student",
        "A new student has been paired with you for coaching.",
        "coaching:my_students",
        [_address(pairing.coach.person)],
    )
    return student + coach


@task()
def email_referral_news(referral_id: int, audience: str) -> int:
    """A referral is waiting: for the student's answer, or for student affairs to take up."""
    referral = Referral.objects.select_related("student__user").filter(pk=referral_id).first()
    if referral is None:
        return 0
    if audience == "student" and referral.status == Referral.Status.AWAITING_CONSENT:
        return _send(
            "Your coach suggests a referral",
            "Your coach suggests that student affairs get in touch with you. Nothing is sent "
            "unless you agree, and you choose what is shared.",
            "coaching:my_coaching",
            [_address(referral.student)],
        )
    if audience == "student_affairs" and referral.status == Referral.Status.SENT:
        addresses = list(
            User.objects.filter(is_active=True, role_assignments__role="student_affairs")
            .exclude(email="")
            .values_list("email", flat=True)
        )
        return _send(
            "A coaching referral is waiting",
            "A student has agreed to a referral from their coach.",
            "coaching:referrals",
            addresses,
        )
    return 0
