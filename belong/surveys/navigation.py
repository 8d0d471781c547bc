"""The survey office's link and home card. Respondents need neither: their link brings them."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.core.navigation import Card, NavItem
from belong.surveys import queries
from belong.surveys.models import Campaign

ITEMS = [
    NavItem(
        _("Surveys"),
        "surveys:home",
        Permission.MANAGE_SURVEYS,
        _(
            "Climate and pulse surveys: instruments, REDCap dictionaries, campaigns and response "
            "rates. Answers are anonymous; nobody sees who answered what."
        ),
        order=50,
    ),
]


def home_cards(request: HttpRequest) -> list[Card]:
    if not has_permission(request.user, Permission.MANAGE_SURVEYS):
        return []
    open_campaigns = list(Campaign.objects.filter(status=Campaign.Status.OPEN))
    answered = invited = 0
    for campaign in open_campaigns:
        a, i = queries.response_rate(campaign)
        answered, invited = answered + a, invited + i
    if not open_campaigns:
        body = "No survey is open."
    else:
        body = f"open; {answered:,} of {invited:,} invited people have answered (counts only)."
    return [
        Card(
            _("Surveys"),
            body,
            figure=str(len(open_campaigns)) if open_campaigns else "",
            url=reverse("surveys:home"),
            link_text=_("Open surveys"),
            order=50,
        )
    ]
