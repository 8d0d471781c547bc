from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from belong.access.policies import login_required_404, roles_of
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
