"""WHO-5 check-ins: only ever the student's own."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.wellbeing import actions, charts, who5
from belong.wellbeing import queries as q
from belong.wellbeing.forms import CheckInForm
from belong.wellbeing.models import SupportKind, SupportService
from belong.wellbeing.views._common import page


@require_permission(Permission.SUBMIT_CHECKIN)
def history(request: HttpRequest) -> HttpResponse:
    checkins = q.own_checkins(request.user)
    rows = []
    previous = None
    for checkin in checkins:
        rows.append((checkin, who5.interpret(checkin.score, previous)))
        previous = checkin.score
    return page(
        request,
        "checkins.html",
        {
            "rows": rows[::-1],
            "chart": charts.score_chart(checkins),
            "latest": rows[-1] if rows else None,
            "who5": who5,
        },
    )


@require_permission(Permission.SUBMIT_CHECKIN)
def new(request: HttpRequest) -> HttpResponse:
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checkin = actions.submit_checkin(by=request.user, items=form.items())
        return redirect("wellbeing:checkin_result", pk=checkin.pk)
    return page(request, "checkin_form.html", {"form": form, "who5": who5})


@require_permission(Permission.SUBMIT_CHECKIN)
def result(request: HttpRequest, pk: int) -> HttpResponse:
    checkin, previous = q.own_checkin(request.user, pk)
    reading = who5.interpret(checkin.score, previous.score if previous else None)
    services = list(SupportService.objects.filter(accepting_requests=True).select_related("office"))
    counselling = next((s for s in services if s.kind == SupportKind.COUNSELLING), None)
    return page(
        request,
        "checkin_result.html",
        {
            "checkin": checkin,
            "previous": previous,
            "reading": reading,
            "services": services,
            "counselling": counselling,
            "ask_url": reverse("wellbeing:support_new")
            + (f"?service={counselling.pk}&from=checkin" if counselling else ""),
            "who5": who5,
        },
    )
