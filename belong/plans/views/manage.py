"""The plan office's pages (leadership, the inclusion office): write, publish, triage, report.

Thin: forms shape input, ``actions`` write, ``queries`` read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import get_object_for, require_permission
from belong.plans import forms, queries
from belong.plans.actions import feedback, plans, reports
from belong.plans.actions.measures import set_measure
from belong.plans.models import AnonymousComment, Comment, Plan

MANAGE = Permission.MANAGE_PLANS


def _plan(request: HttpRequest, pk: int) -> Plan:
    return get_object_for(request.user, MANAGE, Plan, pk=pk)


def _forms(plan: Plan, data: Any = None, which: str = "") -> dict[str, Any]:
    def make(name: str, cls: Callable[..., Any], **kw: Any) -> Any:
        return cls(data if which == name else None, prefix=name, **kw)

    return {
        "area_form": make("area", forms.AreaForm),
        "goal_form": make("goal", forms.GoalForm, plan=plan),
        "action_form": make("action", forms.ActionItemForm, plan=plan),
        "milestone_form": make("milestone", forms.MilestoneForm, plan=plan),
        "measure_form": make("measure", forms.MeasureForm, plan=plan),
        "session_form": make("session", forms.SessionForm),
    }


def _plan_page(request: HttpRequest, plan: Plan, which: str = "", status: int = 200) -> Any:
    context = {
        "plan": plan,
        "progress": queries.progress(request.user, plan),
        "sessions": plan.sessions.all(),
        **_forms(plan, request.POST if which else None, which),
    }
    return context, status


@require_http_methods(["GET", "HEAD", "POST"])
@require_permission(MANAGE)
def new(request: HttpRequest) -> HttpResponse:
    form = forms.PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = plans.create_plan(by=request.user, **form.cleaned_data)
        messages.success(request, f"“{plan.title}” was created as a draft.")
        return redirect("plans:plan", pk=plan.pk)
    return render(request, "plans/new.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD"])
@require_permission(MANAGE)
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    found = _plan(request, pk)
    context, _ = _plan_page(request, found)
    return render(request, "plans/plan.html", context)


def _write(which: str, request: HttpRequest, found: Plan) -> str:
    """Apply the posted form ``which``; the message to show; ValidationError if refused."""
    form_data = _forms(found, request.POST, which)[f"{which}_form"]
    if not form_data.is_valid():
        raise _Invalid(form_data)
    data = form_data.cleaned_data
    by = request.user
    try:
        if which == "area":
            plans.add_area(by=by, plan=found, title=data["title"])
            return f"Area “{data['title']}” added."
        if which == "goal":
            plans.add_goal(by=by, area=data["area"], title=data["title"])
            return f"Goal “{data['title']}” added."
        if which == "action":
            plans.add_action(by=by, **data)
            return f"Action “{data['title']}” added."
        if which == "milestone":
            plans.add_milestone(by=by, **data)
            return f"Milestone “{data['title']}” added."
        if which == "measure":
            release = data.pop("release")
            set_measure(by=by, release_id=release, **data)
            return f"Measure “{data['label']}” set."
        if which == "session":
            feedback.record_session(by=by, plan=found, **data)
            return "Listening session recorded."
    except ValidationError as exc:
        form_data.apply(exc)
        raise _Invalid(form_data) from None
    raise ValueError(which)


class _Invalid(Exception):
    def __init__(self, form: Any) -> None:
        self.form = form


@require_POST
@require_permission(MANAGE)
def write(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    found = _plan(request, pk)
    if which not in ("area", "goal", "action", "milestone", "measure", "session"):
        raise Http404("No such form.")
    try:
        messages.success(request, _write(which, request, found))
    except _Invalid as bad:
        context, _ = _plan_page(request, found)
        context[f"{which}_form"] = bad.form
        return render(request, "plans/plan.html", context, status=400)
    return redirect("plans:plan", pk=found.pk)


@require_POST
@require_permission(MANAGE)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    found = plans.publish(by=request.user, plan=_plan(request, pk))
    messages.success(request, f"Version {found.version} of “{found.title}” is published.")
    return redirect("plans:plan", pk=found.pk)


@require_POST
@require_permission(MANAGE)
def issue_report(request: HttpRequest, pk: int) -> HttpResponse:
    found = _plan(request, pk)
    reports.issue_report(by=request.user, plan=found)
    messages.success(request, "Report issued; the progress page now counts changes from today.")
    return redirect("plans:plan", pk=found.pk)


@require_http_methods(["GET", "HEAD"])
@require_permission(MANAGE)
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    found = _plan(request, pk)
    named, anonymous = queries.comments_of(found)
    rows: list[tuple[str, Comment | AnonymousComment, forms.TriageForm]] = [
        ("named", c, forms.TriageForm(prefix=f"n{c.pk}", plan=found)) for c in named
    ]
    rows += [("anonymous", c, forms.TriageForm(prefix=f"a{c.pk}", plan=found)) for c in anonymous]
    audit.record(
        audit.PlanEvent.COMMENTS_READ,
        by=request.user,
        target=found,
        detail={
            "named": sum(kind == "named" for kind, _, _ in rows),
            "anonymous": sum(kind == "anonymous" for kind, _, _ in rows),
        },
    )
    suggestions = queries.theme_suggestions(found, [c.text for _, c, _ in rows])
    return render(
        request,
        "plans/comments.html",
        {"plan": found, "rows": rows, "suggestions": suggestions},
    )


@require_POST
@require_permission(MANAGE)
def triage(request: HttpRequest, pk: int, kind: str, comment_pk: str) -> HttpResponse:
    found = _plan(request, pk)
    target = queries.comment_of(found, kind, comment_pk)
    prefix = f"{'n' if kind == 'named' else 'a'}{comment_pk}"
    form = forms.TriageForm(request.POST, prefix=prefix, plan=found)
    if form.is_valid():
        feedback.triage(
            by=request.user,
            plan=found,
            comment=target,
            theme_name=form.cleaned_data["theme"],
            actions=form.cleaned_data["actions"],
        )
        messages.success(request, "Comment triaged.")
    else:
        messages.error(request, "The triage could not be read; nothing was saved.")
    return redirect("plans:comments", pk=found.pk)
