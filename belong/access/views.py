from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from belong.access import actions
from belong.access.audit import catalogue
from belong.access.audit import queries as audit_queries
from belong.access.audit.display import in_words
from belong.access.forms import AssignRoleForm, AuditFilterForm
from belong.access.models import RoleAssignment, User
from belong.access.permissions import Permission
from belong.access.policies import require_permission, roles_of
from belong.access.roles import ROLES


@require_permission(Permission.MANAGE_ROLES)
def role_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    users = User.objects.filter(is_active=True).select_related("person").order_by("username")
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(person__preferred_name__icontains=query)
            | Q(person__legal_family_name__icontains=query)
            | Q(email__icontains=query)
        )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    assignments: dict[int, list[RoleAssignment]] = {}
    for a in RoleAssignment.objects.filter(user__in=list(page.object_list)).select_related("unit"):
        assignments.setdefault(a.user_id, []).append(a)
    rows = [(u, assignments.get(u.pk, [])) for u in page.object_list]
    return render(
        request,
        "access/role_list.html",
        {"page": page, "rows": rows, "query": query, "roles": ROLES.values()},
    )


@require_permission(Permission.MANAGE_ROLES)
def role_user(request: HttpRequest, user_id: int) -> HttpResponse:
    subject = get_object_or_404(User, pk=user_id, is_active=True)
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
            "assignments": subject.role_assignments.select_related("unit"),
            "effective_roles": roles_of(subject),
        },
    )


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
