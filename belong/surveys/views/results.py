"""The inclusion office builds a closed campaign's results release; publishing shows it.

Thin: the action computes and freezes, ``publishing``'s pages publish and
read. The page lists the releases built from the campaign.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from belong.access.permissions import Permission
from belong.access.policies import get_object_for, require_permission
from belong.surveys.actions.results import build_results
from belong.surveys.forms import ResultsForm
from belong.surveys.models import Campaign
from belong.surveys.results.reading import releases_of

MANAGE = Permission.MANAGE_SURVEYS


@require_permission(MANAGE)
def campaign_results(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_for(
        request.user, MANAGE, Campaign.objects.select_related("version__instrument"), pk=pk
    )
    form = ResultsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                release = build_results(
                    by=request.user, campaign=found, correction=form.cleaned_data["correction"]
                )
            except ValidationError as exc:
                form.apply(exc)
            else:
                messages.success(
                    request, "The results are built as a draft release. Check them, then publish."
                )
                return redirect("publishing:release_detail", release_id=release.pk)
        status = 400
    context = {"campaign": found, "form": form, "releases": list(releases_of(found))}
    return render(request, "surveys/results.html", context, status=status)
