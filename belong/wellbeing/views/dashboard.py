from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.wellbeing.dashboard import collect_sections
from belong.wellbeing.views._common import page


@require_permission(Permission.VIEW_STUDENT_AFFAIRS_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    return page(request, "dashboard.html", {"sections": collect_sections(request)})
