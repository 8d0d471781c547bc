from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from belong.access import actions
from belong.access.audit import catalogue
from belong.access.audit import queries as audit_queries
from belong.access.audit.anonymous import waiting
from belong.access.audit.display import in_words
from belong.access.forms import (
    AccountFilterForm,
    AssignRoleForm,
    AuditFilterForm,
    RoleHoldersFilterForm,
)
from belong.access.models import RoleAssignment, User
from belong.access.permissions import Permission
from belong.access.policies import has_permission, require_permission, roles_of
from belong.access.roles import ROLES


def _by_status(users: QuerySet[Any], status: str) -> QuerySet[Any]:
    if status == "deactivated":
        return users.filter(is_active=False)
    if status == "all":
        return users
    return users.filter(is_active=True)


def _matching(query: str, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}username__icontains": query})
        | Q(**{f"{prefix}person__preferred_name__icontains": query})
        | Q(**{f"{prefix}person__legal_given_name__icontains": query})
        | Q(**{f"{prefix}person__legal_family_name__icontains": query})
        | Q(**{f"{prefix}email__iexact": query})
    )


def _querystring(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_permission(Permission.MANAGE_ROLES)
def role_list(request: HttpRequest) -> HttpResponse:
    form = AccountFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {"q": "", "status": ""}
    query = data["q"].strip()
    users = _by_status(User.objects.select_related("person"), data["status"])
    if query:
        users = users.filter(_matching(query))
    page = Paginator(users.order_by("username"), 50).get_page(request.GET.get("page"))
    assignments: dict[int, list[RoleAssignment]] = {}
    for a in RoleAssignment.objects.filter(user__in=list(page.object_list)).select_related("unit"):
        assignments.setdefault(a.user_id, []).append(a)
    rows = [(u, assignments.get(u.pk, [])) for u in page.object_list]
    return render(
        request,
        "access/role_list.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "form": form,
            "roles": ROLES.values(),
            "querystring": _querystring(request),
        },
    )


@require_permission(Permission.MANAGE_ROLES)
def role_holders(request: HttpRequest) -> HttpResponse:
    """Who holds which role: every assignment, by role, with filters."""
    form = RoleHoldersFilterForm(request.GET or None)
    assignments = RoleAssignment.objects.select_related(
        "user", "user__person", "unit", "granted_by"
    )
    status = "active"
    if form.is_valid():
        data = form.cleaned_data
        status = data["status"] or "active"
        if data["role"]:
            assignments = assignments.filter(role=data["role"])
        if data["unit"] is not None:
            assignments = assignments.filter(unit=data["unit"])
        if data["q"].strip():
            assignments = assignments.filter(_matching(data["q"].strip(), prefix="user__"))
    if status == "active":
        assignments = assignments.filter(user__is_active=True)
    elif status == "deactivated":
        assignments = assignments.filter(user__is_active=False)
    counts = {
        row["role"]: row["n"]
        for row in assignments.order_by().values("role").annotate(n=Count("id"))
    }
    summary = [(role, counts.get(role.code, 0)) for role in ROLES.values() if role.assignable]
    page = Paginator(assignments.order_by("role", "user__username", "unit__name"), 100).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "access/role_holders.html",
        {
            "form": form,
            "page": page,
            "summary": summary,
            "implied": [role for role in ROLES.values() if not role.assignable],
            "querystring": _querystring(request),
        },
    )


@require_permission(Permission.MANAGE_ROLES)
def role_user(request: HttpRequest, user_id: int) -> HttpResponse:
    subject = get_object_or_404(User.objects.select_related("person"), pk=user_id)
    form = AssignRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.assign_role(
                by=request.user,
                user=subject,
                role=form.cleaned_data["role"],
                unit=form.cleaned_data.get("unit"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Role given to {subject.get_username()}.")
            return redirect("access:role_user", user_id=subject.pk)
    return render(
        request,
        "access/role_user.html",
        {
            "subject": subject,
            "form": form,
            "assignments": subject.role_assignments.select_related("unit", "granted_by"),
            "effective_roles": roles_of(subject),
            "may_manage_accounts": has_permission(request.user, Permission.MANAGE_ACCOUNTS),
        },
    )


@require_POST
@require_permission(Permission.MANAGE_ACCOUNTS)
def account_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _change_account(request, user_id, actions.deactivate_account, "deactivated")


@require_POST
@require_permission(Permission.MANAGE_ACCOUNTS)
def account_reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _change_account(request, user_id, actions.reactivate_account, "reactivated")


def _change_account(
    request: HttpRequest, user_id: int, change: Callable[..., Any], done: str
) -> HttpResponse:
    subject = get_object_or_404(User, pk=user_id)
    try:
        change(by=request.user, user=subject)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The account {subject.get_username()} is {done}.")
    return redirect("access:role_user", user_id=subject.pk)


@require_POST
@require_permission(Permission.MANAGE_ROLES)
def role_revoke(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(RoleAssignment, pk=assignment_id)
    user_id = assignment.user_id
    try:
        actions.revoke_role(by=request.user, assignment=assignment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Role removed.")
    return redirect("access:role_user", user_id=user_id)


@require_permission(Permission.VIEW_AUDIT_LOG)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit_queries.events_matching(filters), 100).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "access/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": in_words(list(page.object_list)),
            "unsealed": waiting(),
            "querystring": params.urlencode(),
        },
    )


@require_permission(Permission.VIEW_AUDIT_LOG)
def audit_kinds(request: HttpRequest) -> HttpResponse:
    """What each kind of event means, for whoever reads the log."""
    return render(
        request,
        "access/audit_kinds.html",
        {"areas": [(label, list(enum)) for label, enum in catalogue.AREAS]},
    )
