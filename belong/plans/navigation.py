"""The plans link for everyone in the school, the public list, and an owner's home card."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.core.navigation import Card, NavItem
from belong.plans import queries, reminders

ITEMS = [
    NavItem(
        _("Action plans"),
        "plans:home",
        Permission.FOLLOW_PLANS,
        _(
            "The school's action plans: areas, actions and their progress; comment on them, "
            "named or anonymously; report progress on the actions you own."
        ),
        order=60,
    ),
    NavItem(
        _("Action plans"),
        "plans:public_list",
        None,
        _("The school's public action plans and their progress."),
        order=60,
        condition=lambda request: False,
        public=True,
    ),
]


def home_cards(request: HttpRequest) -> list[Card]:
    if not has_permission(request.user, Permission.REPORT_ACTION_PROGRESS):
        return []
    owned = list(queries.owned_actions(request.user).filter(goal__area__plan__version__gt=0))
    if not owned:
        return []
    overdue = [a for a in owned if reminders.update_overdue(a)]
    body = "actions you own in the school's plans"
    if overdue:
        body += f"; {len(overdue)} need a progress update"
    return [
        Card(
            _("Your plan actions"),
            body + ".",
            figure=str(len(owned)),
            url=reverse("plans:home"),
            link_text=_("Report progress"),
            order=60,
        )
    ]
