"""The coach's pages: their own students only; meetings, goals, private notes, referrals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.coaching import actions, queries
from belong.coaching.forms import MeetingForm, NoteForm, ReferralForm, apply_errors
from belong.coaching.models import Meeting, Referral
from belong.coaching.views._common import error_text, posted_flag


@require_permission(Permission.COACH_STUDENTS)
def my_students(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "coaching/my_students.html",
        {
            "coach": queries.coach_profile(request.user),
            "pairings": queries.my_students(request.user),
        },
    )


@require_permission(Permission.COACH_STUDENTS)
def student_detail(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = queries.pairing_for_coach(request.user, pairing_id)
    now = timezone.now()
    meetings = queries.meetings_for(request.user, pairing)
    return render(
        request,
        "coaching/student_detail.html",
        {
            "pairing": pairing,
            "upcoming": [m for m in meetings if m.starts_at >= now and m.status == "scheduled"][
                ::-1
            ],
            "past": [m for m in meetings if not (m.starts_at >= now and m.status == "scheduled")],
            "goals": queries.goals_for(request.user, pairing),
            "notes": queries.notes_for_author(request.user, pairing),
            "referrals": queries.referrals_by_coach(request.user, pairing),
            "awaiting": Referral.Status.AWAITING_CONSENT,
            "statuses": Meeting.Status,
        },
    )


@require_permission(Permission.COACH_STUDENTS)
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = queries.pairing_for_coach(request.user, pairing_id)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.schedule_meeting(
                by=request.user,
                pairing=pairing,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.ends_at,
                location=form.cleaned_data["location"],
                video_url=form.cleaned_data["video_url"],
                status=form.cleaned_data["status"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "The meeting is saved.")
            return redirect("coaching:student_detail", pairing_id=pairing.pk)
    return render(
        request, "coaching/meeting_form.html", {"form": form, "pairing": pairing, "meeting": None}
    )


@require_permission(Permission.COACH_STUDENTS)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.meeting_for(request.user, meeting_id, Permission.COACH_STUDENTS)
    form = MeetingForm(request.POST or None, new=False, initial=MeetingForm.initial_from(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            actions.reschedule_meeting(
                by=request.user,
                meeting=meeting,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.ends_at,
                location=form.cleaned_data["location"],
                video_url=form.cleaned_data["video_url"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "The meeting is changed.")
            return redirect("coaching:student_detail", pairing_id=meeting.pairing_id)
    return render(
        request,
        "coaching/meeting_form.html",
        {
            "form": form,
            "pairing": meeting.pairing,
            "meeting": meeting,
            "statuses": Meeting.Status,
            "started": meeting.starts_at <= timezone.now(),
        },
    )


@require_permission(Permission.COACH_STUDENTS)
@require_POST
def meeting_status(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.meeting_for(request.user, meeting_id, Permission.COACH_STUDENTS)
    try:
        actions.set_meeting_status(
            by=request.user, meeting=meeting, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"The meeting is marked {meeting.get_status_display().lower()}.")
    return redirect("coaching:student_detail", pairing_id=meeting.pairing_id)


@require_permission(Permission.COACH_STUDENTS)
@require_http_methods(["GET", "POST"])
def note_new(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = queries.pairing_for_coach(request.user, pairing_id)
    meetings = queries.meetings_for(request.user, pairing)
    initial = {}
    if request.GET.get("meeting", "").isdigit():
        initial["meeting"] = int(request.GET["meeting"])
    form = NoteForm(request.POST or None, meetings=meetings, initial=initial)
    if request.method == "POST" and form.is_valid():
        by_id = {m.pk: m for m in meetings}
        try:
            actions.write_note(
                by=request.user,
                pairing=pairing,
                body=form.cleaned_data["body"],
                meeting=by_id.get(form.cleaned_data["meeting"] or 0),
                share_with_student=form.cleaned_data["share_with_student"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                "The note is saved and shared with the student."
                if form.cleaned_data["share_with_student"]
                else "The note is saved. It is private: only you can see it.",
            )
            return redirect("coaching:student_detail", pairing_id=pairing.pk)
    return render(
        request, "coaching/note_form.html", {"form": form, "pairing": pairing, "note": None}
    )


@require_permission(Permission.COACH_STUDENTS)
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, note_id: int) -> HttpResponse:
    note = queries.note_for_author(request.user, note_id)
    form = NoteForm(request.POST or None, initial={"body": note.body})
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_note(by=request.user, note=note, body=form.cleaned_data["body"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "The note is saved.")
            return redirect("coaching:student_detail", pairing_id=note.pairing_id)
    return render(
        request, "coaching/note_form.html", {"form": form, "pairing": note.pairing, "note": note}
    )


@require_permission(Permission.COACH_STUDENTS)
@require_POST
def note_share(request: HttpRequest, note_id: int) -> HttpResponse:
    note = queries.note_for_author(request.user, note_id)
    shared = posted_flag(request, "shared")
    actions.set_note_shared(by=request.user, note=note, shared=shared)
    messages.success(
        request,
        "The note is shared with the student."
        if shared
        else "The note is private again: only you can see it.",
    )
    return redirect("coaching:student_detail", pairing_id=note.pairing_id)


@require_permission(Permission.COACH_STUDENTS)
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = queries.pairing_for_coach(request.user, pairing_id)
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.propose_referral(
                by=request.user,
                pairing=pairing,
                areas=form.cleaned_data["areas"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                "The referral is waiting for the student's answer. Nothing reaches student "
                "affairs unless they agree.",
            )
            return redirect("coaching:student_detail", pairing_id=pairing.pk)
    return render(request, "coaching/referral_form.html", {"form": form, "pairing": pairing})


@require_permission(Permission.COACH_STUDENTS)
@require_POST
def referral_withdraw(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = queries.referral_for_coach(request.user, referral_id)
    try:
        actions.withdraw_referral(by=request.user, referral=referral)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "The referral is withdrawn.")
    return redirect("coaching:student_detail", pairing_id=referral.pairing_id)
