"""Student affairs: referrals the student agreed to send, with only what they shared."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.coaching import actions, queries
from belong.coaching.models import Referral
from belong.coaching.views._common import error_text


@require_permission(Permission.MANAGE_PAIRING)
def referral_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = queries.referrals_for_student_affairs(
        request.user, status=status, page=request.GET.get("page")
    )
    return render(
        request,
        "coaching/referrals.html",
        {
            "page": page,
            "status": status,
            "statuses": [
                (s, Referral.Status(s).label) for s in Referral.VISIBLE_TO_STUDENT_AFFAIRS
            ],
            "querystring": f"status={status}" if status else "",
        },
    )


@require_permission(Permission.MANAGE_PAIRING)
@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = queries.referral_for_student_affairs(request.user, referral_id)
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "acknowledge":
                actions.acknowledge_referral(by=request.user, referral=referral)
                messages.success(request, "Marked as taken up: you are in touch with the student.")
            elif step == "close":
                actions.close_referral(by=request.user, referral=referral)
                messages.success(request, "The referral is closed.")
            else:
                messages.error(request, "Choose what to do with the referral.")
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        return redirect("coaching:referral_detail", referral_id=referral.pk)
    return render(request, "coaching/referral_detail.html", {"referral": referral})
