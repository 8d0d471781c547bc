"""The public directory: search, filters and one entry; no account needed."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from belong.directory import queries
from belong.directory.forms import SearchForm
from belong.directory.freshness import shown_unverified
from belong.directory.models import Service

PAGE_SIZE = 25


def index(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    filters = queries.Filters()
    if form.is_valid():
        data = form.cleaned_data
        filters = queries.Filters(
            query=data["q"],
            audience=data["audience"],
            topic=data["topic"],
            campus=data["campus"].pk if data["campus"] else None,
        )
    page = Paginator(queries.search_services(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(s, shown_unverified(s.last_verified_at, now)) for s in page]
    return render(
        request,
        "directory/index.html",
        {"form": form, "page": page, "rows": rows, "searched": bool(request.GET)},
    )


def service(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        entry = queries.public_service(pk)
    except Service.DoesNotExist:
        raise Http404("No such entry.") from None
    return render(
        request,
        "directory/service.html",
        {"service": entry, "unverified": shown_unverified(entry.last_verified_at, timezone.now())},
    )
