"""Whoever may build concern aggregates builds a release here; publishing shows it.

Thin: the action computes and freezes, ``publishing``'s pages publish and read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.concerns.aggregates.build import build_aggregates, releases
from belong.concerns.forms import AggregatesForm


@require_permission(Permission.BUILD_CONCERN_AGGREGATES)
def aggregates(request: HttpRequest) -> HttpResponse:
    form = AggregatesForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                release = build_aggregates(by=request.user, k=form.cleaned_data["k"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    "The aggregates are built as a draft release. Check them, then publish.",
                )
                return redirect("publishing:release_detail", release_id=release.pk)
        status = 400
    context = {"form": form, "releases": list(releases())}
    return render(request, "concerns/aggregates.html", context, status=status)
