"""An action owner's page: report progress on one's own action (anyone else: 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from belong.access.permissions import Permission
from belong.access.policies import get_object_for, require_permission
from belong.plans.actions.progress import write_update
from belong.plans.forms import UpdateForm
from belong.plans.models import Action

REPORT = Permission.REPORT_ACTION_PROGRESS


@require_http_methods(["GET", "HEAD", "POST"])
@require_permission(REPORT)
def update(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_for(
        request.user,
        REPORT,
        Action.objects.select_related("goal__area__plan", "owner_unit", "owner_person"),
        pk=pk,
    )
    initial = {"written_on": timezone.localdate(), "status": action.status}
    form = UpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            write_update(by=request.user, action=action, **form.cleaned_data)
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(request, f"Your update on “{action.title}” was saved.")
            return redirect("plans:home")
    return render(
        request,
        "plans/update.html",
        {"action": action, "form": form, "updates": action.updates.all()[:10]},
        status=400 if form.errors else 200,
    )
