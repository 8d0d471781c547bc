"""Publishing a frozen release to an audience, and unpublishing it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.publishing import actions, queries
from belong.publishing.audiences import Audience, audiences_read_together
from belong.publishing.forms import PublishForm
from belong.publishing.guard import GuardReport, earlier_exact_releases
from belong.publishing.kinds import kind_of


@require_permission(Permission.PUBLISH_RELEASES)
def release_publish(request: HttpRequest, release_id: int) -> HttpResponse:
    release = queries.release_for(request.user, release_id)
    form = PublishForm(request.POST or None, initial={"audience": release.audience or "leadership"})
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = actions.publish_release(
                by=request.user,
                release=release,
                audience=form.cleaned_data["audience"],
            )
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            if outcome.published:
                audience = outcome.release.get_audience_display().lower()
                messages.success(request, f"Published to {audience}.")
                return redirect("publishing:release_detail", release_id=release.pk)
            refused = outcome.report
    return _publish_page(request, release, form, refused)


def _publish_page(
    request: HttpRequest, release: Any, form: PublishForm, refused: GuardReport | None
) -> HttpResponse:
    return render(
        request,
        "publishing/release_publish.html",
        {
            "release": release,
            "kind": kind_of(release),
            "form": form,
            "refused": refused,
            "audience": form.cleaned_data.get("audience")
            if form.is_bound and form.is_valid()
            else "",
            "explanations": refused.explanations() if refused else [],
            "fix_cells": refused.fix_cells() if refused else [],
            "earlier": earlier_exact_releases(release, Audience.PUBLIC),
            "audiences_together": [
                Audience(a).label for a in audiences_read_together(Audience.LEADERSHIP)
            ],
        },
    )


@require_permission(Permission.PUBLISH_RELEASES)
@require_POST
def release_resolve(request: HttpRequest, release_id: int) -> HttpResponse:
    """Apply the guard's fix (a new frozen release with those cells hidden) and publish it."""
    release = queries.release_for(request.user, release_id)
    form = PublishForm(request.POST)
    refused = None
    if form.is_valid():
        try:
            outcome = actions.resolve_release(
                by=request.user, release=release, audience=form.cleaned_data["audience"]
            )
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            if outcome.published:
                audience = outcome.release.get_audience_display().lower()
                messages.success(
                    request,
                    f"Published to {audience}, with the cells the check named hidden. "
                    "The original release is kept as a draft.",
                )
                return redirect("publishing:release_detail", release_id=outcome.release.pk)
            refused = outcome.report
    return _publish_page(request, release, form, refused)


@require_permission(Permission.PUBLISH_RELEASES)
@require_POST
def release_unpublish(request: HttpRequest, release_id: int) -> HttpResponse:
    release = queries.release_for(request.user, release_id)
    try:
        actions.unpublish_release(by=request.user, release=release)
    except actions.ActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Unpublished. The release and its publication record are kept.")
    return redirect("publishing:release_detail", release_id=release.pk)
