"""REACH weeks: a student's calendar and journal; student affairs' planning and attendance."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.wellbeing import actions, calendar, queries, terms
from belong.wellbeing.forms import (
    AttendanceForm,
    ReachSessionForm,
    ReachWeekForm,
    ReflectionForm,
)
from belong.wellbeing.models import Attendance, Component, ReachSession, ReachWeek
from belong.wellbeing.views._common import download, page

# --- Students -----------------------------------------------------------------


@require_permission(Permission.ATTEND_REACH)
def student_calendar(request: HttpRequest) -> HttpResponse:
    found = queries.student_calendar(request.user)
    weeks = [
        {
            "week": week,
            "sessions": [(s, found.attendance.get(s.pk)) for s in week.sessions.all()],
        }
        for week in found.weeks
    ]
    return page(
        request,
        "reach_calendar.html",
        {"cohort": found.cohort, "weeks": weeks, "components": Component.choices},
    )


@require_safe
@require_permission(Permission.ATTEND_REACH)
def student_calendar_ics(request: HttpRequest) -> HttpResponse:
    found = queries.student_calendar(request.user)
    if found.cohort is None:
        content = calendar.to_ical([], name="REACH weeks")
    else:
        content = calendar.cohort_calendar(found.cohort)
    return download(
        content, filename=f"reach-class-of-{found.cohort}.ics", content_type="text/calendar"
    )


@require_permission(Permission.ATTEND_REACH)
def journal(request: HttpRequest) -> HttpResponse:
    weeks = queries.own_cohort_weeks(request.user)
    form = ReflectionForm(request.POST or None, weeks=weeks)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_reflection(
                by=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                week=form.cleaned_data["week"],
            )
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(request, _("Your reflection is saved. Only you can read it."))
            return redirect("wellbeing:journal")
    entries = queries.own_reflections(request.user)
    return page(request, "journal.html", {"form": form, "entries": entries})


@require_permission(Permission.ATTEND_REACH)
def journal_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = queries.own_reflection(request.user, pk)
    weeks = queries.own_cohort_weeks(request.user)
    initial = {"title": entry.title, "body": entry.body, "week": entry.week}
    form = ReflectionForm(request.POST or None, weeks=weeks, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_reflection(
                by=request.user,
                entry=entry,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                week=form.cleaned_data["week"],
            )
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(request, _("Your reflection is saved."))
            return redirect("wellbeing:journal")
    return page(request, "journal_entry.html", {"form": form, "entry": entry})


@require_POST
@require_permission(Permission.ATTEND_REACH)
def journal_entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = queries.own_reflection(request.user, pk)
    actions.delete_reflection(by=request.user, entry=entry)
    messages.success(request, _("The reflection is deleted."))
    return redirect("wellbeing:journal")


# --- Student affairs --------------------------------------------------------------


@require_permission(Permission.MANAGE_REACH)
def manage(request: HttpRequest) -> HttpResponse:
    weeks = ReachWeek.objects.order_by("-academic_year", "quarter", "cohort").prefetch_related(
        "sessions"
    )
    by_year: dict[int, list[ReachWeek]] = defaultdict(list)
    for week in weeks:
        by_year[week.academic_year].append(week)
    years = [
        {"label": terms.academic_year_label(y), "weeks": ws} for y, ws in sorted(by_year.items())
    ][::-1]
    return page(
        request,
        "reach_manage.html",
        {"years": years, "cohorts": terms.current_cohorts()},
    )


def _week_form_save(request: HttpRequest, form: ReachWeekForm, week: ReachWeek | None) -> Any:
    try:
        return actions.save_week(by=request.user, week=week, **form.cleaned_data)
    except ValidationError as exc:
        form.apply(exc)
        return None


@require_permission(Permission.MANAGE_REACH)
def week_new(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    if request.GET.get("cohort", "").isdigit():
        initial["cohort"] = int(request.GET["cohort"])
    form = ReachWeekForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        week = _week_form_save(request, form, None)
        if week is not None:
            messages.success(request, f"REACH week added for the class of {week.cohort}.")
            return redirect("wellbeing:reach_week", pk=week.pk)
    return page(request, "reach_week_form.html", {"form": form, "week": None})


@require_permission(Permission.MANAGE_REACH)
def week_edit(request: HttpRequest, pk: int) -> HttpResponse:
    week = get_object_or_404(ReachWeek, pk=pk)
    initial = {
        "cohort": week.cohort,
        "starts_on": week.starts_on,
        "ends_on": week.ends_on,
        "theme": week.theme,
    }
    form = ReachWeekForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _week_form_save(request, form, week)
        if saved is not None:
            messages.success(request, "The REACH week is saved.")
            return redirect("wellbeing:reach_week", pk=week.pk)
    return page(request, "reach_week_form.html", {"form": form, "week": week})


@require_permission(Permission.MANAGE_REACH)
def week_detail(request: HttpRequest, pk: int) -> HttpResponse:
    week = get_object_or_404(ReachWeek, pk=pk)
    sessions = list(week.sessions.order_by("starts_at"))
    students = terms.students_of_cohort(week.cohort).count()
    marked = dict(
        Attendance.objects.filter(session__week=week)
        .values_list("session_id")
        .annotate(n=Count("id"))
    )
    return page(
        request,
        "reach_week.html",
        {
            "week": week,
            "sessions": [(s, marked.get(s.pk, 0)) for s in sessions],
            "students": students,
        },
    )


def _session_form(
    request: HttpRequest, week: ReachWeek, session: ReachSession | None
) -> HttpResponse:
    initial = (
        ReachSessionForm.initial_for(session) if session is not None else {"day": week.starts_on}
    )
    form = ReachSessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.moments()
        data = form.cleaned_data
        try:
            saved = actions.save_session(
                by=request.user,
                week=week,
                session=session,
                component=data["component"],
                title=data["title"],
                starts_at=starts_at,
                ends_at=ends_at,
                location=data["location"],
                facilitator=data["facilitator"],
                description=data["description"],
            )
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(request, f"“{saved.title}” is saved.")
            return redirect("wellbeing:reach_week", pk=week.pk)
    return page(
        request, "reach_session_form.html", {"form": form, "week": week, "session": session}
    )


@require_permission(Permission.MANAGE_REACH)
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    week = get_object_or_404(ReachWeek, pk=pk)
    return _session_form(request, week, None)


@require_permission(Permission.MANAGE_REACH)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(ReachSession.objects.select_related("week"), pk=pk)
    return _session_form(request, session.week, session)


@require_POST
@require_permission(Permission.MANAGE_REACH)
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(ReachSession.objects.select_related("week"), pk=pk)
    week_pk = session.week_id
    try:
        actions.delete_session(by=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The session is deleted.")
    return redirect("wellbeing:reach_week", pk=week_pk)


@require_permission(Permission.MANAGE_REACH)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(ReachSession.objects.select_related("week"), pk=pk)
    students = list(terms.students_of_cohort(session.week.cohort))
    marks = dict(session.attendance.values_list("person_id", "status"))
    form = AttendanceForm(request.POST or None, students=students, marks=marks)
    if request.method == "POST" and form.is_valid():
        try:
            counts = actions.record_attendance(
                by=request.user, session=session, statuses=form.statuses()
            )
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(
                request,
                f"Attendance saved: {counts['added']} added, {counts['changed']} changed, "
                f"{counts['cleared']} cleared.",
            )
            return redirect("wellbeing:reach_attendance", pk=session.pk)
    summary = {label: 0 for _, label in Attendance.Status.choices}
    labels = dict(Attendance.Status.choices)
    for status in marks.values():
        summary[labels[status]] += 1
    return page(
        request,
        "reach_attendance.html",
        {
            "session": session,
            "form": form,
            "summary": summary,
            "unmarked": len(students) - len(marks),
        },
    )


@require_safe
@require_permission(Permission.MANAGE_REACH)
def cohort_ics(request: HttpRequest, cohort: int) -> HttpResponse:
    return download(
        calendar.cohort_calendar(cohort),
        filename=f"reach-class-of-{cohort}.ics",
        content_type="text/calendar",
    )
