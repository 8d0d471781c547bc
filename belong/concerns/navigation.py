"""The menu items and home card of learning-environment concerns."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.concerns import queries
from belong.concerns.models import Case
from belong.core.navigation import Card, NavItem

ITEMS = [
    NavItem(
        _("Report a concern"),
        "concerns:start",
        None,
        _(
            "Report mistreatment or another learning-environment concern: named, confidential or "
            "anonymous (no account needed), and read the replies."
        ),
        order=60,
        public=True,
    ),
    NavItem(
        _("Concern cases"),
        "concerns:cases",
        Permission.MANAGE_CONCERNS,
        _(
            "Learning-environment concerns: triage, assignment, restricted notes, replies to the "
            "reporter and closure. Every read is audited."
        ),
        order=61,
    ),
    NavItem(
        _("Concern aggregates"),
        "concerns:aggregates",
        Permission.BUILD_CONCERN_AGGREGATES,
        _(
            "Counts of concern reports and time to resolution, small counts hidden, with the "
            "summary for accreditation self-study; published through the school's releases."
        ),
        order=62,
    ),
]


def home_cards(request: HttpRequest) -> list[Card]:
    if not has_permission(request.user, Permission.MANAGE_CONCERNS):
        return []
    waiting = queries.cases_for(request.user).filter(status=Case.Status.NEW)
    overdue = sum(1 for c in waiting if c.triage_due < timezone.localdate())
    count = len(waiting)
    body = "waiting for triage." if count else "No concern is waiting for triage."
    return [
        Card(
            _("Concern cases"),
            body,
            figure=str(count) if count else "",
            url=reverse("concerns:cases"),
            link_text=_("Open concern cases"),
            order=61,
            alert=f"{overdue} past the triage target" if overdue else "",
        )
    ]
