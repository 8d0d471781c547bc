"""What releases are built from: pipelines, groupings and benchmarks."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from belong.access.permissions import Permission
from belong.access.policies import has_permission, require_permission
from belong.equity import actions, queries
from belong.equity.analytics import BenchmarkError
from belong.equity.forms import (
    BenchmarkImportForm,
    GroupingForm,
    PipelineForm,
    codes_by_dimension,
)
from belong.equity.models import PipelineDefinition, SavedGrouping

PAGE_SIZE = 25


@require_permission(Permission.BUILD_RELEASES)
def setup(request: HttpRequest) -> HttpResponse:
    counts = queries.event_counts_by_pipeline()
    pipelines = [(p, counts.get(p.pk, 0)) for p in PipelineDefinition.objects.order_by("label")]
    return render(
        request,
        "equity/setup.html",
        {
            "pipelines": pipelines,
            "groupings": SavedGrouping.objects.order_by("-active", "label"),
            "benchmarks": queries.active_benchmarks(),
            "may_edit_pipelines": has_permission(request.user, Permission.MANAGE_PIPELINES),
            "may_import_benchmarks": has_permission(request.user, Permission.MANAGE_BENCHMARKS),
        },
    )


@require_permission(Permission.MANAGE_PIPELINES)
def pipeline_create(request: HttpRequest) -> HttpResponse:
    form = PipelineForm(
        request.POST or None, creating=True, initial={"year_basis": "cohort", "active": True}
    )
    if request.method == "POST" and form.is_valid():
        return _save_pipeline(request, form, None)
    return render(request, "equity/pipeline_form.html", {"form": form, "pipeline": None})


@require_permission(Permission.MANAGE_PIPELINES)
def pipeline_edit(request: HttpRequest, code: str) -> HttpResponse:
    pipeline = get_object_or_404(PipelineDefinition, code=code)
    form = PipelineForm(request.POST or None, initial=PipelineForm.initial_for(pipeline))
    if request.method == "POST" and form.is_valid():
        return _save_pipeline(request, form, pipeline)
    facts = queries.pipeline_facts(pipeline)
    return render(
        request, "equity/pipeline_form.html", {"form": form, "pipeline": pipeline, "facts": facts}
    )


def _save_pipeline(
    request: HttpRequest, form: PipelineForm, pipeline: PipelineDefinition | None
) -> HttpResponse:
    data = form.cleaned_data
    try:
        saved = actions.save_pipeline(
            by=request.user,
            pipeline=pipeline,
            code=data.get("code", ""),
            label=data["label"],
            noun=data["noun"],
            year_basis=data["year_basis"],
            stages=data["stages"],
            transitions=data["transitions"],
            active=bool(data.get("active")),
            program=data.get("program"),
        )
    except actions.ActionError as exc:
        form.add_error(None, str(exc))
        return render(request, "equity/pipeline_form.html", {"form": form, "pipeline": pipeline})
    messages.success(request, f"Saved the pipeline “{saved.label}”.")
    return redirect("equity:setup")


@require_permission(Permission.BUILD_RELEASES)
def grouping_create(request: HttpRequest) -> HttpResponse:
    form = GroupingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grouping = actions.save_grouping(
                by=request.user,
                code=data["code"],
                label=data["label"],
                dimension=data["dimension"],
                groups=data["groups"],
                other_label=data.get("other_label") or "",
            )
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Saved the grouping “{grouping.label}”.")
            return redirect("equity:setup")
    return render(
        request, "equity/grouping_form.html", {"form": form, "codes": codes_by_dimension()}
    )


@require_permission(Permission.BUILD_RELEASES)
@require_POST
def grouping_retire(request: HttpRequest, grouping_id: int) -> HttpResponse:
    grouping = get_object_or_404(SavedGrouping, pk=grouping_id)
    actions.set_grouping_active(by=request.user, grouping=grouping, active=not grouping.active)
    messages.success(
        request,
        f"“{grouping.label}” is {'offered again' if grouping.active else 'no longer offered'} "
        "for new releases.",
    )
    return redirect("equity:setup")


@require_permission(Permission.MANAGE_BENCHMARKS)
def benchmark_import(request: HttpRequest) -> HttpResponse:
    form = BenchmarkImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = actions.import_benchmarks(
                by=request.user,
                text=data["file"],
                code=data["code"],
                label=data["label"],
                source=data.get("source") or "",
                year=data.get("year"),
                geography=data.get("geography") or "",
                notes=data.get("notes") or "",
                availability=data.get("kind") == "availability",
                stages=form.stages(),
            )
        except BenchmarkError as exc:
            problems = list(exc.problems)
        else:
            messages.success(request, f"Imported {len(made)} benchmark table(s).")
            return redirect("equity:setup")
    return render(request, "equity/benchmark_import.html", {"form": form, "problems": problems})
