"""Background work for action plans, run by django-tasks (``manage.py db_worker``).

Arguments are ids only; the e-mail names the action and asks its owner to
sign in and report, nothing more.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from belong.access.models import RoleAssignment
from belong.plans.models import Action


def _addresses(action: Action) -> list[str]:
    if action.owner_person_id is not None and action.owner_person is not None:
        person = action.owner_person
        found = person.email or (person.user.email if person.user_id and person.user else "")
        return [found] if found else []
    if action.owner_unit_id is None:
        return []
    holders = RoleAssignment.objects.filter(unit_id=action.owner_unit_id).select_related("user")
    return [r.user.email for r in holders if r.user.email and r.user.is_active]


@task()
def email_overdue_update(action_id: int) -> int:
    """Ask the owner of an action for its overdue progress update."""
    action = (
        Action.objects.select_related("owner_person__user", "goal__area__plan")
        .filter(pk=action_id)
        .first()
    )
    if action is None:
        return 0
    base = str(getattr(settings, "BELONG_SITE_URL", "") or "").rstrip("/")
    link = f"{base}{reverse('plans:update', args=[action.pk])}"
    body = (
        f"The action “{action.title}” of “{action.goal.area.plan.title}” is due a progress "
        f"update.\n\nSign in to {settings.SITE_NAME} to write it: {link}\n\n"
        f"This message was sent by {settings.SITE_NAME}."
    )
    sent = 0
    for address in sorted(set(_addresses(action))):
        sent += send_mail("Action plan: a progress update is due", body, None, [address])
    return sent
