"""Goals: set and updated by the student and by their coach, on the same pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from belong.access.policies import login_required_404
from belong.coaching import actions, policies, queries
from belong.coaching.forms import GoalForm, apply_errors
from belong.coaching.models import Goal, Pairing


def _back(request: HttpRequest, pairing: Pairing) -> HttpResponse:
    if policies.role_in(request.user, pairing) == "coach":
        return redirect("coaching:student_detail", pairing_id=pairing.pk)
    return redirect("coaching:my_coaching")


def _save(request: HttpRequest, pairing: Pairing, goal: Goal | None) -> HttpResponse:
    initial = (
        {
            "title": goal.title,
            "target_date": goal.target_date,
            "progress": goal.progress,
            "status": goal.status,
        }
        if goal
        else {}
    )
    form = GoalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_goal(by=request.user, pairing=pairing, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "The goal is saved.")
            return _back(request, pairing)
    return render(
        request,
        "coaching/goal_form.html",
        {
            "form": form,
            "pairing": pairing,
            "goal": goal,
            "as_coach": policies.role_in(request.user, pairing) == "coach",
        },
    )


@login_required_404
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, pairing_id: int) -> HttpResponse:
    return _save(request, queries.pairing_for(request.user, pairing_id), None)


@login_required_404
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = queries.goal_for(request.user, goal_id)
    return _save(request, goal.pairing, goal)
