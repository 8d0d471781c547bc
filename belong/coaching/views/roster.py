"""Student affairs: the roster of coaches, who is without a coach, and who assesses whom."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from belong.access.permissions import Permission
from belong.access.policies import get_object_for, require_permission
from belong.coaching import actions, queries
from belong.coaching.forms import AssessmentForm, CoachForm, EndPairingForm, apply_errors
from belong.coaching.gathering import current_cohorts
from belong.coaching.models import Coach, Pairing
from belong.coaching.views._common import error_text
from belong.people.models import AssessmentRelationship


@require_permission(Permission.MANAGE_PAIRING)
def roster(request: HttpRequest) -> HttpResponse:
    show_left = request.GET.get("left") == "1"
    loads = queries.coach_loads(include_left=show_left)
    return render(
        request,
        "coaching/roster.html",
        {
            "loads": loads,
            "show_left": show_left,
            "seats": sum(row.coach.capacity for row in loads if row.coach.takes_new_students),
            "paired": sum(row.students for row in loads),
            "unpaired": len(queries.unpaired_students()),
        },
    )


def _coach_fields(form: CoachForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "specialty": data["specialty"],
        "interests": data["interests"],
        "languages": data["languages"],
        "campus": data["campus"],
        "capacity": data["capacity"],
        "active_from": data["active_from"],
        "active_until": data["active_until"],
        "status": data["status"],
        "introduction": data["introduction"],
    }


@require_permission(Permission.MANAGE_PAIRING)
@require_http_methods(["GET", "POST"])
def coach_new(request: HttpRequest) -> HttpResponse:
    form = CoachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            coach = actions.save_coach(
                by=request.user, person=form.cleaned_data["person"], **_coach_fields(form)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{coach.name} is on the roster.")
            return redirect("coaching:roster")
    return render(request, "coaching/coach_form.html", {"form": form, "coach": None})


@require_permission(Permission.MANAGE_PAIRING)
@require_http_methods(["GET", "POST"])
def coach_edit(request: HttpRequest, coach_id: int) -> HttpResponse:
    coach = queries.coach_for_student_affairs(request.user, coach_id)
    form = CoachForm(request.POST or None, coach=coach, initial=CoachForm.initial_from(coach))
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_coach(
                by=request.user, person=coach.person, coach=coach, **_coach_fields(form)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{coach.name}'s roster entry is saved.")
            return redirect("coaching:coach_edit", coach_id=coach.pk)
    return render(
        request,
        "coaching/coach_form.html",
        {
            "form": form,
            "coach": coach,
            "pairings": queries.pairings_of_coach(request.user, coach),
            "end_form": EndPairingForm(),
        },
    )


@require_permission(Permission.MANAGE_PAIRING)
@require_POST
def coach_leave(request: HttpRequest, coach_id: int) -> HttpResponse:
    coach = queries.coach_for_student_affairs(request.user, coach_id)
    try:
        moved = actions.coach_leaves(by=request.user, coach=coach)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            f"{coach.name} has left the program. {moved} student(s) now wait for a new coach, "
            "first in line at the next run.",
        )
    return redirect("coaching:coach_edit", coach_id=coach.pk)


@require_permission(Permission.MANAGE_PAIRING)
@require_POST
def pairing_end(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = get_object_for(
        request.user,
        Permission.MANAGE_PAIRING,
        Pairing.objects.select_related("student", "coach__person"),
        pk=pairing_id,
    )
    form = EndPairingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose why the pairing ends.")
    else:
        try:
            actions.end_pairing(
                by=request.user, pairing=pairing, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                f"The pairing of {pairing.student.display_name} with {pairing.coach.name} ended.",
            )
    return redirect("coaching:coach_edit", coach_id=pairing.coach_id)


@require_permission(Permission.MANAGE_PAIRING)
def unpaired(request: HttpRequest) -> HttpResponse:
    cohorts = current_cohorts()
    chosen = [int(c) for c in request.GET.getlist("cohort") if c.isdigit() and int(c) in cohorts]
    students = queries.unpaired_students(cohorts=chosen or None)
    page = Paginator(students, 100).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "coaching/unpaired.html",
        {
            "page": page,
            "cohorts": cohorts,
            "chosen": chosen,
            "total": len(students),
            "querystring": params.urlencode(),
        },
    )


@require_permission(Permission.MANAGE_PAIRING)
def assessors(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    current_only = request.GET.get("all") != "1"
    rows = AssessmentRelationship.objects.select_related("assessor", "student").order_by(
        "assessor__legal_family_name", "assessor__legal_given_name", "-start_date", "pk"
    )
    if current_only:
        today = timezone.localdate()
        rows = rows.filter(start_date__lte=today).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )
    if query:
        rows = rows.filter(
            Q(assessor__legal_family_name__icontains=query)
            | Q(assessor__legal_given_name__icontains=query)
            | Q(assessor__preferred_name__icontains=query)
            | Q(student__legal_family_name__icontains=query)
            | Q(student__legal_given_name__icontains=query)
            | Q(course__icontains=query)
        )
    coach_people = set(Coach.objects.values_list("person_id", flat=True))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "coaching/assessors.html",
        {
            "page": page,
            "query": query,
            "current_only": current_only,
            "coach_people": coach_people,
            "querystring": params.urlencode(),
            "today": timezone.localdate(),
        },
    )


@require_permission(Permission.MANAGE_PAIRING)
@require_http_methods(["GET", "POST"])
def assessor_new(request: HttpRequest) -> HttpResponse:
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_assessment(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "The assessment is recorded.")
            return redirect("coaching:assessors")
    return render(request, "coaching/assessor_form.html", {"form": form})


@require_permission(Permission.MANAGE_PAIRING)
@require_POST
def assessor_end(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = get_object_for(
        request.user, Permission.MANAGE_PAIRING, AssessmentRelationship, pk=relationship_id
    )
    try:
        actions.end_assessment(by=request.user, relationship=relationship)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "The assessment is ended as of today.")
    return redirect("coaching:assessors")
