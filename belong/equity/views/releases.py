"""Building a release. Reading, publishing and downloading it are publishing's pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.equity import actions, queries
from belong.equity.forecast import Forecast, forecast
from belong.equity.forms import BuildReleaseForm
from belong.equity.models import PipelineDefinition
from belong.equity.presets import PRESETS, preset
from belong.publishing.models import HEAVY_FIELDS, Release


@require_permission(Permission.BUILD_RELEASES)
def release_build(request: HttpRequest) -> HttpResponse:
    outlook = [forecast(p) for p in queries.active_pipelines()]
    # One click chooses a preset (?preset=...): its choices fill the form, to check and build.
    chosen = preset(request.GET.get("preset")) if request.method == "GET" else None
    initial = {**chosen.initial(), **_preset_pipeline(outlook)} if chosen else None
    form = BuildReleaseForm(request.POST or None, initial=initial)
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
                bounded=form.counts_each_person_once(),
                pool_years=form.pool_years(),
                noise_epsilon=form.noise_epsilon(),
            )
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Built and frozen in {release.build_seconds:.1f} s: "
                f"{release.suppressed_cells:,} cells suppressed"
                + (
                    f", noise drawn for the public (ε = {release.noise_epsilon:g})"
                    if release.is_noised
                    else f", {release.significant_findings:,} significant comparisons"
                )
                + ". It is a draft until you publish it.",
            )
            return redirect("publishing:release_detail", release_id=release.pk)
    pipelines = [(p, queries.pipeline_facts(p)) for p in queries.active_pipelines()]
    return render(
        request,
        "equity/release_build.html",
        {
            "form": form,
            "pipelines": pipelines,
            "earlier": _published_by_pipeline(),
            "outlook": outlook,
            "presets": list(PRESETS.values()),
            "chosen": chosen,
        },
    )


def _preset_pipeline(outlook: list[Forecast]) -> dict[str, str]:
    """A preset's pipeline: the first with events on record that would publish (else the
    first with events), with the years clear of earlier releases when that is what it takes."""
    buildable = [f for f in outlook if f.builds]
    best = next((f for f in buildable if f.publishes), None) or next(
        (f for f in buildable if f.clear_from), None
    )
    if best is None:
        return {}
    out = {"pipeline": best.pipeline.code}
    if not best.publishes and best.clear_from:
        out["year_from"] = str(best.clear_from)
    return out


def _published_by_pipeline() -> list[tuple[str, list[Release]]]:
    """Releases published exactly (ever), by pipeline: what a new build is checked against."""
    found: dict[str, list[Release]] = {}
    for release in (
        Release.objects.defer(*HEAVY_FIELDS)
        .filter(kind=actions.KIND, publications__noised=False)
        .distinct()
        .order_by("subject_label", "pk")
    ):
        found.setdefault(release.subject_label, []).append(release)
    return list(found.items())


def old_public_list(request: HttpRequest) -> HttpResponse:
    """Published reports moved to ``/public/``; shared links keep working."""
    return redirect("publishing:public_release_list", permanent=True)


def old_public_release(request: HttpRequest, release_id: int) -> HttpResponse:
    return redirect("publishing:public_release_detail", release_id=release_id, permanent=True)
