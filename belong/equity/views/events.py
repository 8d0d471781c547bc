"""Stage events: a file checked (and applied) here, or on the task worker when it is
large, with its progress on its own page; or events derived from the affiliation records."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from belong.access.permissions import Permission
from belong.access.policies import get_object_for, require_permission
from belong.equity import actions, importing, queries
from belong.equity.forms import EventImportForm
from belong.equity.models import PipelineDefinition
from belong.importing import background, progress
from belong.importing.models import ImportRun
from belong.importing.options import ImportOptions
from belong.importing.problems import grouped
from belong.importing.uploads import UploadStore

EVENT_UPLOADS = UploadStore(importing.KIND)


def _event_result(run: ImportRun) -> dict[str, Any]:
    """A finished stage-event run, for the page: problems grouped and listed, and notes."""
    problems = run.problems or []
    errors = [p for p in problems if p["level"] == "error"]
    return {
        "run": run,
        "groups": grouped(errors, importing.STAGE_EVENTS.all_kinds),
        "problems": errors[:200],
        "notes": [p for p in problems if p["level"] == "note"],
    }


@require_permission(Permission.IMPORT_STAGE_EVENTS)
def event_import(request: HttpRequest) -> HttpResponse:
    form = EventImportForm(request.POST or None, request.FILES or None)
    finished: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        apply = request.POST.get("apply") == "1"
        options = ImportOptions(key=form.cleaned_data.get("key") or "")
        if not background.runs_inline(upload.size):
            # A large file: stored, then checked (and applied) on the task worker.
            pending = EVENT_UPLOADS.store(request, upload)
            run = background.start(
                importing.PATH,
                by=request.user,
                pending=pending,
                columns={},
                apply=apply,
                options=options,
            )
            return redirect("equity:event_import_run", run_id=run.pk)
        result = actions.import_stage_events(
            by=request.user,
            fileobj=upload.file,
            filename=upload.name,
            apply=apply,
            options=options,
        )
        finished = _event_result(result.run)
    runs = ImportRun.objects.filter(kind=importing.KIND).select_related("by")[:10]
    counts = queries.event_counts_by_pipeline()
    pipelines = [(p, counts.get(p.pk, 0)) for p in PipelineDefinition.objects.order_by("label")]
    return render(
        request,
        "equity/event_import.html",
        {"form": form, "runs": runs, "pipelines": pipelines, **finished},
    )


@require_permission(Permission.IMPORT_STAGE_EVENTS)
def event_import_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """One stage-event import: its progress while on the task worker, then its result."""
    run = get_object_for(
        request.user,
        Permission.IMPORT_STAGE_EVENTS,
        ImportRun.objects.filter(kind=importing.KIND).select_related("by"),
        pk=run_id,
    )
    polling = getattr(request, "htmx", False) and request.GET.get("progress")
    if run.is_unfinished:
        context = {"run": run, "progress": progress.read(run.pk)}
        template = "importing/_progress.html" if polling else "equity/event_import_run.html"
        return render(request, template, context)
    if polling:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "equity/event_import_run.html", _event_result(run))


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
