from __future__ import annotations

from functools import cache

from django.contrib.staticfiles import finders
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import requires_csrf_token

from belong.access.policies import login_required_404, roles_of
from belong.core.logging import current_request_id
from belong.core.navigation import collect_home_cards, collect_nav_items


@login_required_404
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "roles": roles_of(request.user),
            "cards": collect_home_cards(request),
            "actions": [i for i in collect_nav_items(request) if i.description],
        },
    )


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process answers and the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, with the request id under which the error was logged.

    Rendered from a plain context (no context processors, no database), so
    that it still works when what failed was the database or a menu.
    """
    request_id = getattr(request, "request_id", "") or current_request_id()
    try:
        html = loader.get_template("500.html").render({"request_id": request_id})
    except Exception:  # the page itself must not fail: say the same in plain text
        return HttpResponseServerError(
            f"Something went wrong. The error has been logged under reference {request_id}.",
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponseServerError(html)


@cache
def _favicon() -> bytes:
    found = finders.find("core/favicon.ico")
    if not found:
        raise Http404("No favicon.")
    with open(found if isinstance(found, str) else found[0], "rb") as handle:
        return handle.read()


@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, asked for by browsers and tools that read no ``<link>``."""
    return HttpResponse(_favicon(), content_type="image/x-icon")
