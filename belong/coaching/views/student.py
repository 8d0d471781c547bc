"""The student's pages: their coach, meetings, goals, shared notes; choosing coaches; referrals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from belong.access.permissions import Permission
from belong.access.policies import has_permission, login_required_404, require_permission
from belong.coaching import actions, calendar, queries
from belong.coaching.forms import PreferenceForm, ReferralDecisionForm, apply_errors
from belong.coaching.models import Coach, Referral
from belong.coaching.models.roster import academic_year
from belong.core.exports import download_response
from belong.people.queries import person_of


def _coaches_taking_students():  # type: ignore[no-untyped-def]
    year = academic_year(timezone.localdate())
    return (
        Coach.objects.filter(status=Coach.Status.ACTIVE, active_from__lte=year)
        .exclude(active_until__lt=year)
        .select_related("person", "campus")
        .order_by("person__legal_family_name", "person__legal_given_name")
    )


@require_permission(Permission.CHOOSE_COACH)
def my_coaching(request: HttpRequest) -> HttpResponse:
    pairing = queries.my_pairing(request.user)
    context: dict[str, object] = {
        "pairing": pairing,
        "preference": queries.my_preference(request.user),
        "window": queries.open_preference_window(),
        "closed_message": queries.window_closed_message(),
        "referrals": queries.referrals_for_student(request.user),
        "awaiting": Referral.Status.AWAITING_CONSENT,
    }
    if pairing is not None:
        now = timezone.now()
        meetings = queries.meetings_for(request.user, pairing)
        context.update(
            upcoming=[m for m in meetings if m.starts_at >= now and m.status == "scheduled"][::-1],
            past=[m for m in meetings if not (m.starts_at >= now and m.status == "scheduled")],
            goals=queries.goals_for(request.user, pairing),
            notes=queries.shared_notes_for_student(request.user, pairing),
        )
    return render(request, "coaching/my_coaching.html", context)


@require_permission(Permission.CHOOSE_COACH)
@require_http_methods(["GET", "POST"])
def choose(request: HttpRequest) -> HttpResponse:
    window = queries.open_preference_window()
    coaches = _coaches_taking_students()
    preference = queries.my_preference(request.user)
    form = None
    if window is not None:
        form = PreferenceForm(
            request.POST or None,
            max_choices=window.max_choices,
            coaches=coaches,
            initial=PreferenceForm.initial_from(preference),
        )
        if request.method == "POST" and form.is_valid():
            try:
                actions.submit_preferences(
                    by=request.user,
                    ranked_coach_ids=form.ranked_ids(),
                    interests=form.cleaned_data["interests"],
                    languages=form.cleaned_data["languages"],
                    campus=form.cleaned_data["campus"],
                    keep_current_coach=form.cleaned_data["keep_current_coach"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Your coach preferences are saved."))
                return redirect("coaching:my_coaching")
    elif request.method == "POST":
        messages.error(request, queries.window_closed_message())
        return redirect("coaching:choose")
    return render(
        request,
        "coaching/choose.html",
        {
            "window": window,
            "closed_message": queries.window_closed_message(),
            "form": form,
            "coaches": coaches,
            "preference": preference,
        },
    )


@require_permission(Permission.CHOOSE_COACH)
@require_http_methods(["GET", "POST"])
def referral_decide(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = queries.referral_for_student(request.user, referral_id)
    waiting = referral.status == Referral.Status.AWAITING_CONSENT
    form = ReferralDecisionForm(request.POST or None, referral=referral) if waiting else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("You have already answered this referral."))
            return redirect("coaching:referral_decide", referral_id=referral.pk)
        consent = request.POST.get("decision") == "consent"
        if form.is_valid():
            try:
                actions.decide_referral(
                    by=request.user,
                    referral=referral,
                    consent=consent,
                    share_areas=form.cleaned_data["share_areas"],
                    share_message=form.cleaned_data.get("share_message", False),
                    student_words=form.cleaned_data["student_words"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Sent to student affairs, with what you chose to share.")
                    if consent
                    else _("You declined the referral. Nothing was sent."),
                )
                return redirect("coaching:my_coaching")
    return render(request, "coaching/referral_decide.html", {"referral": referral, "form": form})


@login_required_404
def meetings_ics(request: HttpRequest) -> HttpResponse:
    """One's own coaching meetings as an iCalendar file (students and coaches)."""
    if not (
        has_permission(request.user, Permission.CHOOSE_COACH)
        or has_permission(request.user, Permission.COACH_STUDENTS)
    ):
        raise Http404("No such page.")
    person = person_of(request.user)
    return download_response(
        calendar.ics_for(person), "text/calendar; charset=utf-8", "coaching-meetings.ics"
    )
