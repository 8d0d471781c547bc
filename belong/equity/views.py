"""Pages of outcomes monitoring. Reads go through ``queries``; writes through ``actions``.

Signed-in pages list and open the releases a person may read (drafts only for
those who build them); the public pages open only releases published to the
public, with nobody signed in. No page lists a person.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from belong.access.permissions import Permission
from belong.access.policies import has_permission, login_required_404, require_permission
from belong.core import exports
from belong.equity import actions, frozen, noise, presentation, queries
from belong.equity.analytics import BenchmarkError
from belong.equity.audiences import DESCRIPTIONS, Audience, audiences_read_together
from belong.equity.forms import (
    BenchmarkImportForm,
    BuildReleaseForm,
    GroupingForm,
    PipelineForm,
    PublishForm,
    ReleaseFilterForm,
    codes_by_dimension,
)
from belong.equity.guard import earlier_exact_releases
from belong.equity.models import PipelineDefinition, Release, SavedGrouping

PAGE_SIZE = 25


# --- helpers ---------------------------------------------------------------------------


def _filter_releases(releases: list[Release], form: ReleaseFilterForm) -> list[Release]:
    if not form.is_valid():
        return releases
    pipeline = form.cleaned_data.get("pipeline")
    year = form.cleaned_data.get("year")
    unit = form.cleaned_data.get("unit")
    out = []
    for release in releases:
        if pipeline and release.pipeline_code != pipeline:
            continue
        if year and year not in (release.years or []):
            continue
        if unit and release.units is not None and unit not in release.units:
            continue
        out.append(release)
    return out


def _detail_context(request: HttpRequest, release: Release, *, public: bool) -> dict[str, Any]:
    tables = frozen.tables_for(release)
    frames, parameters = tables.frames, tables.parameters
    view = presentation.ReleaseView(parameters, frames)
    filters = view.filters(request.GET)
    composition, composition_chart = view.composition(filters) if filters.table else (None, None)
    bench_table, bench_chart, bench = (
        view.benchmark(filters) if filters.table else (None, None, None)
    )
    trans_table, trans_chart = view.transition(filters) if filters.table else (None, None)
    trend_table, trend_chart, trend_tests = (
        view.trend(filters) if filters.table else (None, None, None)
    )
    surv_table, surv_chart = view.survival(filters) if filters.table else (None, None)
    significant, not_significant = presentation.findings_split(tables.findings)
    prefix = "equity:public_release" if public else "equity:release"
    return {
        "release": release,
        "public": public,
        "view": view,
        "filters": filters,
        "overview": view.overview(),
        "composition": composition,
        "composition_chart": composition_chart,
        "bench_table": bench_table,
        "bench_chart": bench_chart,
        "bench": bench,
        "trans_table": trans_table,
        "trans_chart": trans_chart,
        "trend_table": trend_table,
        "trend_chart": trend_chart,
        "trend_tests": trend_tests,
        "surv_table": surv_table,
        "surv_chart": surv_chart,
        "significant": significant,
        "not_significant": not_significant,
        "parameters": parameters,
        "summary": tables.summary,
        "benchmarks": presentation.benchmark_sources(parameters),
        "grouping_labels": presentation.grouping_labels(parameters),
        "exports": presentation.exportable(frames),
        "detail_url": reverse(f"{prefix}_detail", kwargs={"release_id": release.pk}),
        "report_url": reverse(f"{prefix}_report", kwargs={"release_id": release.pk}),
        "export_url": reverse(f"{prefix}_export", kwargs={"release_id": release.pk}),
        "may_publish": not public and has_permission(request.user, Permission.PUBLISH_RELEASES),
        "audience_description": DESCRIPTIONS.get(release.audience, ""),
    }


def _render_detail(request: HttpRequest, release: Release, *, public: bool) -> HttpResponse:
    context = _detail_context(request, release, public=public)
    htmx = getattr(request, "htmx", None)  # django-htmx's middleware sets it
    if htmx and htmx.target == "release-results":
        return render(request, "equity/_results.html", context)
    return render(request, "equity/release_detail.html", context)


def _report(request: HttpRequest, release: Release, *, public: bool) -> HttpResponse:
    tables = frozen.tables_for(release)
    parameters = tables.parameters
    view = presentation.ReleaseView(parameters, tables.frames)
    base = view.filters(request.GET)
    sections = []
    for choice in base.tables:
        params = {"table": choice.value, "year": str(base.year or ""), "stage": base.stage}
        f = view.filters({**params, "transition": base.transition})
        composition, _ = view.composition(f)
        bench_table, _, _ = view.benchmark(f)
        # Every stage-to-stage rate, not only the one a screen reader picked.
        trans_tables = [
            table
            for t in base.transitions
            if (table := view.transition(view.filters({**params, "transition": t.value}))[0])
        ]
        sections.append(
            {
                "label": choice.label,
                "composition": composition,
                "bench_table": bench_table,
                "trans_tables": trans_tables,
            }
        )
    significant, not_significant = presentation.findings_split(tables.findings)
    return render(
        request,
        "equity/release_report.html",
        {
            "release": release,
            "public": public,
            "filters": base,
            "overview": view.overview(),
            "sections": sections,
            "significant": significant,
            "not_significant": not_significant,
            "parameters": parameters,
            "summary": tables.summary,
            "benchmarks": presentation.benchmark_sources(parameters),
            "grouping_labels": presentation.grouping_labels(parameters),
            "detail_url": reverse(
                "equity:public_release_detail" if public else "equity:release_detail",
                kwargs={"release_id": release.pk},
            ),
        },
    )


def _export(request: HttpRequest, release: Release) -> HttpResponse:
    name = request.GET.get("frame", "cells")
    fmt = request.GET.get("format", "csv")
    if name not in presentation.EXPORTABLE or fmt not in ("csv", "xlsx"):
        raise Http404("No such export.")
    header, rows = presentation.export_rows(frozen.tables_for(release).frames[name])
    stem = f"belong-release-{release.pk}-{name}"
    if release.shows_noise:
        stem += f"-noise-epsilon-{release.noise_epsilon:g}"
    if fmt == "xlsx":
        return exports.xlsx_response(
            rows, header, filename=f"{stem}.xlsx", sheet=presentation.EXPORTABLE[name]
        )
    return exports.csv_response(rows, header, filename=f"{stem}.csv")


# --- releases: signed in ----------------------------------------------------------------


@login_required_404
def release_list(request: HttpRequest) -> HttpResponse:
    form = ReleaseFilterForm(request.GET or None)
    builds = has_permission(request.user, Permission.BUILD_RELEASES)
    releases = _filter_releases(list(queries.releases_for(request.user)), form)
    drafts = [r for r in releases if r.status == Release.Status.FROZEN] if builds else []
    shown = [r for r in releases if r.status != Release.Status.FROZEN]
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "equity/release_list.html",
        {
            "form": form,
            "page": page,
            "drafts": drafts,
            "builds": builds,
            "querystring": params.urlencode(),
            "public": False,
        },
    )


@login_required_404
def release_detail(request: HttpRequest, release_id: int) -> HttpResponse:
    release = queries.release_for(request.user, release_id)
    return _render_detail(request, release, public=False)


@login_required_404
def release_report(request: HttpRequest, release_id: int) -> HttpResponse:
    release = queries.release_for(request.user, release_id)
    return _report(request, release, public=False)


@login_required_404
def release_export(request: HttpRequest, release_id: int) -> HttpResponse:
    release = queries.release_for(request.user, release_id)
    return _export(request, release)


@require_permission(Permission.BUILD_RELEASES)
def release_build(request: HttpRequest) -> HttpResponse:
    form = BuildReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pipeline: PipelineDefinition = data["pipeline"]
        try:
            groupings = actions.resolve_groupings(
                data["groupings"], data.get("saved_groupings") or [], form.intersections()
            )
            release = actions.build_release(
                by=request.user,
                pipeline=pipeline,
                title=data.get("title") or "",
                years=form.years(queries.years_on_record(pipeline)),
                units=data.get("units") or None,
                groupings=groupings,
                benchmarks=list(data.get("benchmarks") or []),
                reference=form.reference(),
                k=data["k"],
                correction=data["correction"],
                alpha=data["alpha"],
                bounded=bool(data.get("bounded")),
            )
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Built and frozen in {release.build_seconds:.1f} s: "
                f"{release.suppressed_cells:,} cells suppressed, "
                f"{release.significant_findings:,} significant findings. It is a draft until "
                "you publish it.",
            )
            return redirect("equity:release_detail", release_id=release.pk)
    pipelines = [(p, queries.pipeline_facts(p)) for p in queries.active_pipelines()]
    return render(request, "equity/release_build.html", {"form": form, "pipelines": pipelines})


@require_permission(Permission.PUBLISH_RELEASES)
def release_publish(request: HttpRequest, release_id: int) -> HttpResponse:
    release = queries.release_for(request.user, release_id)
    form = PublishForm(request.POST or None, initial={"audience": release.audience or "leadership"})
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = actions.publish_release(
                by=request.user,
                release=release,
                audience=form.cleaned_data["audience"],
                epsilon=form.chosen_epsilon(),
            )
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            if outcome.published:
                audience = outcome.release.get_audience_display().lower()
                messages.success(request, f"Published to {audience}.")
                return redirect("equity:release_detail", release_id=release.pk)
            refused = outcome.report
    parameters = Release.objects.values_list("spec", flat=True).get(pk=release.pk)
    sensitivity = noise.sensitivity(parameters)
    earlier = earlier_exact_releases(release, Audience.PUBLIC)
    return render(
        request,
        "equity/release_publish.html",
        {
            "release": release,
            "form": form,
            "refused": refused,
            "explanations": refused.explanations() if refused else [],
            "earlier": earlier,
            "audiences_together": [
                Audience(a).label for a in audiences_read_together(Audience.LEADERSHIP)
            ],
            "sensitivity": sensitivity,
            "noise_sd": noise.expected_noise(parameters, noise.DEFAULT_EPSILON),
            "default_epsilon": noise.DEFAULT_EPSILON,
        },
    )


@require_permission(Permission.PUBLISH_RELEASES)
@require_POST
def release_unpublish(request: HttpRequest, release_id: int) -> HttpResponse:
    release = queries.release_for(request.user, release_id)
    try:
        actions.unpublish_release(by=request.user, release=release)
    except actions.ActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Unpublished. The release and its publication record are kept.")
    return redirect("equity:release_detail", release_id=release.pk)


# --- releases: public ---------------------------------------------------------------------


def public_release_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(list(queries.public_releases()), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "equity/release_list.html",
        {
            "page": page,
            "public": True,
            "drafts": [],
            "builds": False,
            "querystring": "",
        },
    )


def public_release_detail(request: HttpRequest, release_id: int) -> HttpResponse:
    return _render_detail(request, queries.public_release(release_id), public=True)


def public_release_report(request: HttpRequest, release_id: int) -> HttpResponse:
    return _report(request, queries.public_release(release_id), public=True)


def public_release_export(request: HttpRequest, release_id: int) -> HttpResponse:
    return _export(request, queries.public_release(release_id))


# --- setup: pipelines, groupings, benchmarks ----------------------------------------------


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
            )
        except BenchmarkError as exc:
            problems = list(exc.problems)
        else:
            messages.success(request, f"Imported {len(made)} benchmark table(s).")
            return redirect("equity:setup")
    return render(request, "equity/benchmark_import.html", {"form": form, "problems": problems})


# --- stage events ----------------------------------------------------------------------------


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
