"""Public events and their calendar feeds; community stories (share, review, read)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from belong.access.permissions import Permission
from belong.access.policies import get_object_for, login_required_404, require_permission
from belong.core.forms import ActionForm
from belong.directory import actions
from belong.directory.actions.events import CONSENT_TEXT
from belong.directory.calendar import audience_feed
from belong.directory.models import Audience, Event, Story


def events(request: HttpRequest) -> HttpResponse:
    upcoming = Event.objects.filter(ends_at__gte=timezone.now()).select_related("organization")
    audience = request.GET.get("audience", "")
    if audience in Audience.values:
        upcoming = upcoming.filter(audience__in=[audience, "everyone"])
    return render(
        request,
        "directory/events.html",
        {"events": upcoming[:200], "audiences": Audience.choices, "chosen": audience},
    )


def events_feed(request: HttpRequest, audience: str) -> HttpResponse:
    if audience not in Audience.values:
        raise Http404("No such audience.")
    response = HttpResponse(audience_feed(audience), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="events-{audience}.ics"'
    return response


def stories(request: HttpRequest) -> HttpResponse:
    shown = Story.objects.filter(status=Story.Status.PUBLISHED, consent_withdrawn_at__isnull=True)
    own = (
        Story.objects.filter(author=request.user, consent_withdrawn_at__isnull=True)
        if request.user.is_authenticated
        else Story.objects.none()
    )
    return render(request, "directory/stories.html", {"stories": shown[:100], "own": own})


@require_POST
@login_required_404
def story_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the author's own stories exist here; anyone else's answers 404.
    story = get_object_or_404(Story, pk=pk, author=request.user, consent_withdrawn_at__isnull=True)
    actions.withdraw_story_consent(by=request.user, story=story)
    messages.success(
        request, _("Your story %(title)s has been taken down.") % {"title": story.title}
    )
    return redirect("directory:stories")


class StoryForm(ActionForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    body = forms.CharField(label=gettext_lazy("Story"), widget=forms.Textarea)
    byline = forms.CharField(
        label=gettext_lazy("Shown as"),
        max_length=200,
        help_text=gettext_lazy("Your name, or for example “A second-year student”."),
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)


@login_required_404
def story_new(request: HttpRequest) -> HttpResponse:
    form = StoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.submit_story(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(request, _("Thank you. Your story will be published after review."))
            return redirect("directory:stories")
    return render(request, "directory/story_new.html", {"form": form})


@require_permission(Permission.REVIEW_STORIES)
def story_review(request: HttpRequest) -> HttpResponse:
    waiting = Story.objects.filter(
        status=Story.Status.SUBMITTED, consent_withdrawn_at__isnull=True
    ).order_by("consented_at")
    return render(request, "directory/story_review.html", {"stories": waiting})


@require_POST
@require_permission(Permission.REVIEW_STORIES)
def story_decide(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_object_for(request.user, Permission.REVIEW_STORIES, Story, pk=pk)
    publish = request.POST.get("decision") == "publish"
    try:
        actions.review_story(by=request.user, story=story, publish=publish)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{'Published' if publish else 'Declined'}: {story.title}.")
    return redirect("directory:story_review")
