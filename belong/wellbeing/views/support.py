"""Support requests: the student's side, the office's queue, and the services list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from belong.access.permissions import Permission
from belong.access.policies import login_required_404, require_permission
from belong.wellbeing import actions, policies, queries
from belong.wellbeing.forms import (
    AssignForm,
    CaseUpdateForm,
    MessageForm,
    SupportRequestForm,
    SupportServiceForm,
)
from belong.wellbeing.models import SupportKind, SupportRequest, SupportService
from belong.wellbeing.views._common import page

# --- Students -----------------------------------------------------------------


@require_permission(Permission.REQUEST_SUPPORT)
def home(request: HttpRequest) -> HttpResponse:
    requests = queries.own_requests(request.user)
    services = SupportService.objects.filter(accepting_requests=True).select_related("office")
    return page(
        request,
        "support_home.html",
        {
            "open": [r for r in requests if r.is_open],
            "closed": [r for r in requests if not r.is_open],
            "services": services,
        },
    )


@require_permission(Permission.REQUEST_SUPPORT)
def new(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    from_checkin = request.GET.get("from") == "checkin"
    chosen = request.GET.get("service", "")
    if chosen.isdigit():
        initial["service"] = int(chosen)
        if from_checkin:
            initial["summary"] = "I would like to talk with someone."
    form = SupportRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.create_support_request(
                by=request.user,
                service=form.cleaned_data["service"],
                summary=form.cleaned_data["summary"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(
                request, _("Your request is sent to %(office)s.") % {"office": created.office.name}
            )
            return redirect("wellbeing:support_request", pk=created.pk)
    return page(request, "support_new.html", {"form": form, "from_checkin": from_checkin})


@require_permission(Permission.REQUEST_SUPPORT)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    support = queries.own_request(request.user, pk)
    return page(
        request,
        "support_request.html",
        {"support": support, "form": MessageForm(), "overdue": _overdue(support)},
    )


def _overdue(support: SupportRequest) -> bool:
    return (
        support.status == SupportRequest.Status.SUBMITTED
        and support.first_response_at is None
        and support.due_by < timezone.now()
    )


@require_POST
@login_required_404
def message(request: HttpRequest, pk: int) -> HttpResponse:
    """A message from either side: the student's own request, or the office's."""
    support, as_office = queries.request_for_participant(request.user, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            actions.post_support_message(
                by=request.user, request=support, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your message is sent."))
    else:
        messages.error(request, _("Message: write something before sending."))
    target = "wellbeing:support_case" if as_office else "wellbeing:support_request"
    return redirect(target, pk=support.pk)


@require_POST
@require_permission(Permission.REQUEST_SUPPORT)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    support = queries.own_request(request.user, pk)
    try:
        actions.withdraw_request(by=request.user, request=support)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("wellbeing:support_request", pk=support.pk)


# --- Offices --------------------------------------------------------------------


@require_permission(Permission.HANDLE_SUPPORT_REQUESTS)
def queue(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("view", "open")
    if view not in queries.QUEUE_VIEWS:
        view = "open"
    mine = request.GET.get("mine") == "1"
    requests = queries.office_queue(request.user, view=view, mine=mine)
    paged = Paginator(requests, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    now = timezone.now()
    return page(
        request,
        "support_queue.html",
        {
            "page": paged,
            "rows": [
                (r, r.first_response_at is None and r.is_open and r.due_by < now) for r in paged
            ],
            "view": view,
            "mine": mine,
            "views": [(key, label) for key, (label, _) in queries.QUEUE_VIEWS.items()],
            "querystring": params.urlencode(),
            "counts": queries.office_queue_counts(request.user, now),
        },
    )


@require_permission(Permission.HANDLE_SUPPORT_REQUESTS)
def case(request: HttpRequest, pk: int) -> HttpResponse:
    support = queries.office_request(request.user, pk)
    handlers = policies.eligible_handlers(support)
    return page(
        request,
        "support_case.html",
        {
            "support": support,
            "form": MessageForm(),
            "assign_form": AssignForm(handlers=handlers, initial={"assignee": support.assigned_to}),
            "update_form": CaseUpdateForm(),
            "overdue": _overdue(support),
        },
    )


@require_POST
@require_permission(Permission.HANDLE_SUPPORT_REQUESTS)
def case_update(request: HttpRequest, pk: int) -> HttpResponse:
    support = queries.office_request(request.user, pk)
    form = CaseUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Action: choose acknowledge, resolve or reopen.")
        return redirect("wellbeing:support_case", pk=support.pk)
    action = form.cleaned_data["action"]
    try:
        if action == "acknowledge":
            actions.acknowledge_request(by=request.user, request=support)
        elif action == "resolve":
            actions.resolve_request(
                by=request.user, request=support, note=form.cleaned_data["note"]
            )
        else:
            actions.reopen_request(by=request.user, request=support)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = {"acknowledge": "acknowledged", "resolve": "resolved", "reopen": "reopened"}
        messages.success(request, f"The request is {done[action]}.")
    return redirect("wellbeing:support_case", pk=support.pk)


@require_POST
@require_permission(Permission.HANDLE_SUPPORT_REQUESTS)
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    support = queries.office_request(request.user, pk)
    form = AssignForm(request.POST, handlers=policies.eligible_handlers(support))
    if form.is_valid():
        try:
            actions.assign_request(
                by=request.user, request=support, assignee=form.cleaned_data["assignee"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "The assignment is saved.")
    else:
        messages.error(request, "Assign to: choose a case manager of this office who may see it.")
    return redirect("wellbeing:support_case", pk=support.pk)


# --- Services (student affairs) ----------------------------------------------------


@require_permission(Permission.MANAGE_SUPPORT_SERVICES)
def services(request: HttpRequest) -> HttpResponse:
    found = SupportService.objects.select_related("office").order_by("kind")
    configured = {s.kind for s in found}
    missing = [label for kind, label in SupportKind.choices if kind not in configured]
    return page(request, "support_services.html", {"services": found, "missing": missing})


def _service_form(request: HttpRequest, service: SupportService | None) -> HttpResponse:
    initial = (
        {name: getattr(service, name) for name in SupportServiceForm.base_fields}
        if service is not None
        else {"accepting_requests": True, "response_target_hours": 48}
    )
    form = SupportServiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_support_service(
                by=request.user, service=service, **form.cleaned_data
            )
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(request, f"{saved} is saved.")
            return redirect("wellbeing:support_services")
    return page(request, "support_service_form.html", {"form": form, "service": service})


@require_permission(Permission.MANAGE_SUPPORT_SERVICES)
def service_new(request: HttpRequest) -> HttpResponse:
    return _service_form(request, None)


@require_permission(Permission.MANAGE_SUPPORT_SERVICES)
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _service_form(request, get_object_or_404(SupportService, pk=pk))
