"""A person's private calendar-feed address: make it, replace it, revoke it, serve it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.core.calendar import offers_events
from belong.people.queries import person_of
from belong.wellbeing import actions, calendar
from belong.wellbeing.models import CalendarFeed
from belong.wellbeing.views._common import page


@require_permission(Permission.VIEW_OWN_PROFILE)
def settings_page(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    feed = CalendarFeed.objects.filter(person=person).first()
    return page(
        request,
        "calendar_feed.html",
        {"feed": feed, "feed_url": None, "has_events": offers_events(person)},
    )


@require_POST
@require_permission(Permission.VIEW_OWN_PROFILE)
def create(request: HttpRequest) -> HttpResponse:
    """Make a new address and show it once, in this response only (it is not stored)."""
    person = person_of(request.user)
    token = actions.create_calendar_feed(by=request.user)
    feed = CalendarFeed.objects.get(person=person)
    url = request.build_absolute_uri(reverse("wellbeing:calendar_feed", args=[token]))
    return page(
        request,
        "calendar_feed.html",
        {"feed": feed, "feed_url": url, "has_events": offers_events(person)},
    )


@require_POST
@require_permission(Permission.VIEW_OWN_PROFILE)
def revoke(request: HttpRequest) -> HttpResponse:
    person_of(request.user)
    if actions.revoke_calendar_feed(by=request.user):
        messages.success(request, _("Your calendar feed address no longer works."))
    return redirect("wellbeing:calendar_feed_settings")


@never_cache
@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself. The secret address is the credential: no sign-in."""
    content = calendar.person_feed(token)
    if content is None:
        raise Http404("No such calendar.")
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="belong.ics"'
    # Keep the secret address out of other sites' logs.
    response["Referrer-Policy"] = "no-referrer"
    return response
