"""Stage events: import a file, or derive them from the affiliation records."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.equity import actions, queries
from belong.equity.forms import (
    EventImportForm,
)
from belong.equity.models import PipelineDefinition
from belong.people.importing.problems import grouped
from belong.people.models import ImportRun

PAGE_SIZE = 25


@require_permission(Permission.IMPORT_STAGE_EVENTS)
def event_import(request: HttpRequest) -> HttpResponse:
    form = EventImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = actions.import_stage_events(
            by=request.user,
            fileobj=upload.file,
            filename=upload.name,
            apply=request.POST.get("apply") == "1",
        )
    runs = ImportRun.objects.filter(kind="stage_events").select_related("by")[:10]
    counts = queries.event_counts_by_pipeline()
    pipelines = [(p, counts.get(p.pk, 0)) for p in PipelineDefinition.objects.order_by("label")]
    return render(
        request,
        "equity/event_import.html",
        {
            "form": form,
            "result": result,
            "groups": grouped(result.run.problems) if result else [],
            "problems": [
                p for p in (result.run.problems if result else []) if p["level"] == "error"
            ][:200],
            "notes": [p for p in (result.run.problems if result else []) if p["level"] == "note"],
            "runs": runs,
            "pipelines": pipelines,
        },
    )


@require_permission(Permission.IMPORT_STAGE_EVENTS)
@require_POST
def event_derive(request: HttpRequest) -> HttpResponse:
    counts = actions.sync_events_from_affiliations(by=request.user)
    messages.success(
        request,
        f"Events from affiliations: {counts.created:,} added, {counts.updated:,} corrected, "
        f"{counts.deleted:,} removed.",
    )
    return redirect("equity:event_import")
