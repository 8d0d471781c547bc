"""Student affairs: weights and preference window, pairing runs side by side, adjust, publish."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.coaching import actions, gathering, presenting, queries
from belong.coaching.actions.publication import final_blocking_pairs
from belong.coaching.actions.runs import current_pairs
from belong.coaching.changes import publish_preview
from belong.coaching.forms import AdjustForm, RunForm, WeightsForm, WindowForm, apply_errors
from belong.coaching.models import Coach, PairingRun, PairingWeights, PreferenceWindow
from belong.coaching.views._common import error_text
from belong.people.models import Person


@require_permission(Permission.MANAGE_PAIRING)
@require_http_methods(["GET", "POST"])
def pairing_settings(request: HttpRequest) -> HttpResponse:
    weights = PairingWeights.current()
    which = request.POST.get("form") if request.method == "POST" else None
    weights_form = WeightsForm(
        request.POST if which == "weights" else None,
        initial={
            "interests": weights.interests,
            "languages": weights.languages,
            "campus": weights.campus,
            "specialty": weights.specialty,
            "suggestion_length": weights.suggestion_length,
            "pair_outside_lists": weights.pair_outside_lists,
        },
    )
    window_form = WindowForm(request.POST if which == "window" else None)
    if which == "weights" and weights_form.is_valid():
        try:
            actions.save_weights(by=request.user, **weights_form.cleaned_data)
        except ValidationError as exc:
            apply_errors(weights_form, exc)
        else:
            messages.success(request, "The weights are saved; the next run uses them.")
            return redirect("coaching:settings")
    if which == "window" and window_form.is_valid():
        try:
            actions.open_preference_window(by=request.user, **window_form.cleaned_data)
        except ValidationError as exc:
            apply_errors(window_form, exc)
        else:
            messages.success(request, "The preference window is set.")
            return redirect("coaching:settings")
    return render(
        request,
        "coaching/settings.html",
        {
            "weights": weights,
            "weights_form": weights_form,
            "window_form": window_form,
            "open_window": queries.open_preference_window(),
            "windows": PreferenceWindow.objects.all()[:10],
        },
    )


@require_permission(Permission.MANAGE_PAIRING)
def run_list(request: HttpRequest) -> HttpResponse:
    runs = PairingRun.objects.select_related("created_by", "published_by")
    page = Paginator(runs, 25).get_page(request.GET.get("page"))
    return render(request, "coaching/runs.html", {"page": page, "querystring": ""})


@require_permission(Permission.MANAGE_PAIRING)
@require_http_methods(["GET", "POST"])
def run_new(request: HttpRequest) -> HttpResponse:
    repeat = None
    if request.GET.get("repeat", "").isdigit():
        repeat = PairingRun.objects.filter(pk=int(request.GET["repeat"])).first()
    initial = (
        {"cohorts": repeat.cohorts, "include_paired": repeat.include_paired, "seed": repeat.seed}
        if repeat
        else {}
    )
    form = RunForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            run = actions.start_run(
                by=request.user,
                cohorts=form.cleaned_data["cohorts"],
                include_paired=form.cleaned_data["include_paired"],
                seed=form.cleaned_data["seed"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("coaching:run_detail", run_id=run.pk)
    unpaired = queries.unpaired_students()
    by_class: dict[int | None, int] = {}
    for row in unpaired:
        by_class[row.cohort] = by_class.get(row.cohort, 0) + 1
    loads = queries.coach_loads()
    return render(
        request,
        "coaching/run_new.html",
        {
            "form": form,
            "repeat": repeat,
            "unpaired_by_class": sorted(by_class.items(), key=lambda kv: kv[0] or 0),
            "free_seats": sum(row.free for row in loads if row.coach.takes_new_students),
            "pair_outside_lists": PairingWeights.current().pair_outside_lists,
        },
    )


@require_permission(Permission.MANAGE_PAIRING)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = queries.run_for(request.user, run_id)
    if getattr(request, "htmx", False) and request.GET.get("progress"):
        if run.is_unfinished:
            return render(request, "coaching/_run_progress.html", {"run": run})
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context: dict[str, object] = {"run": run, "modes": PairingRun.Mode}
    if run.optimal and run.stable:
        chosen = bool(run.chosen_mode)
        pairs = current_pairs(run) if chosen else None
        adjusted = {gathering.student_key(a.student_id) for a in run.adjustments.all()}
        all_rows = presenting.pair_rows(run, pairs, adjusted)
        only_differences = request.GET.get("show") == "differences"
        rows = [r for r in all_rows if r.differs or r.adjusted] if only_differences else all_rows
        context.update(
            metrics=presenting.metric_rows(run),
            warnings=presenting.run_warnings(run),
            distribution=presenting.distribution_rows(run),
            rows=rows,
            only_differences=only_differences,
            # Whether the two modes differ does not depend on adjustments.
            differing=sum(1 for r in all_rows if r.differs),
            blocking=presenting.blocking_rows(run),
            adjustments=run.adjustments.select_related(
                "student", "from_coach__person", "to_coach__person", "by"
            ),
        )
        if chosen and pairs is not None:
            context.update(
                seats=presenting.coach_seats(run, pairs),
                current_paired=len(pairs),
                current_blocking=len(final_blocking_pairs(run, pairs)),
                current_unpaired=len(run.inputs.get("students", {})) - len(pairs),
            )
    return render(request, "coaching/run_detail.html", context)


@require_permission(Permission.MANAGE_PAIRING)
@require_POST
def run_mode(request: HttpRequest, run_id: int) -> HttpResponse:
    run = queries.run_for(request.user, run_id)
    try:
        actions.choose_mode(by=request.user, run=run, mode=request.POST.get("mode", ""))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"The {request.POST['mode']} proposal is the one to publish.")
    return redirect("coaching:run_detail", run_id=run.pk)


@require_permission(Permission.MANAGE_PAIRING)
@require_http_methods(["GET", "POST"])
def run_adjust(request: HttpRequest, run_id: int) -> HttpResponse:
    run = queries.run_for(request.user, run_id)
    if not run.is_open or not run.chosen_mode:
        messages.error(
            request,
            "Only a proposed run can be adjusted, once the optimal or the stable proposal "
            "is chosen.",
        )
        return redirect("coaching:run_detail", run_id=run.pk)
    students, _ = presenting.names(run)
    student_choices = sorted(
        ((gathering.key_id(k), name) for k, name in students.items()), key=lambda c: c[1].casefold()
    )
    pairs = current_pairs(run)
    # Only coaches a student can be moved to: those with a seat left in this proposal.
    coach_choices = [
        (gathering.key_id(row.key), f"{row.name} ({row.free} of {row.offered} seats free)")
        for row in presenting.coach_seat_rows(run, pairs)
        if row.free > 0
    ]
    initial = {}
    if request.GET.get("student", "").isdigit():
        initial["student"] = int(request.GET["student"])
    form = AdjustForm(
        request.POST or None, students=student_choices, coaches=coach_choices, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        student = Person.objects.filter(pk=form.cleaned_data["student"]).first()
        to_id = form.cleaned_data["to_coach"]
        to_coach = (
            Coach.objects.select_related("person").filter(pk=to_id).first() if to_id else None
        )
        if student is None:
            raise Http404("No such student.")
        try:
            actions.adjust_run(
                by=request.user,
                run=run,
                student=student,
                to_coach=to_coach,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{student.display_name}'s pairing is adjusted.")
            return redirect("coaching:run_detail", run_id=run.pk)
    return render(
        request,
        "coaching/run_adjust.html",
        {
            "run": run,
            "form": form,
            "seats": presenting.coach_seats(run, pairs),
        },
    )


@require_permission(Permission.MANAGE_PAIRING)
@require_POST
def run_undo(request: HttpRequest, run_id: int) -> HttpResponse:
    run = queries.run_for(request.user, run_id)
    try:
        removed = actions.undo_adjustments(by=request.user, run=run)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"{removed} adjustment(s) undone.")
    return redirect("coaching:run_detail", run_id=run.pk)


@require_permission(Permission.MANAGE_PAIRING)
@require_http_methods(["GET", "POST"])
def run_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    """Show what publishing would change; publish only what was shown and confirmed."""
    run = queries.run_for(request.user, run_id)
    if not run.is_open or not run.chosen_mode:
        messages.error(
            request,
            "Only a proposed run can be published, once the optimal or the stable proposal "
            "is chosen.",
        )
        return redirect("coaching:run_detail", run_id=run.pk)
    if request.method == "POST":
        confirmed = request.POST.get("confirmed", "")
        if not confirmed:
            messages.error(request, "Review the changes below, then confirm to publish.")
            return redirect("coaching:run_publish", run_id=run.pk)
        try:
            counts = actions.publish_run(by=request.user, run=run, confirmed=confirmed)
        except ValidationError as exc:
            messages.error(request, "Nothing was published. " + error_text(exc))
            return redirect("coaching:run_publish", run_id=run.pk)
        messages.success(
            request,
            f"Published: {counts['paired']} students paired ({counts['created']} new pairings, "
            f"{counts['changed']} changed), {counts['unpaired']} waiting for the next run.",
        )
        return redirect("coaching:run_detail", run_id=run.pk)
    pairs = current_pairs(run)
    return render(
        request,
        "coaching/run_publish.html",
        {"run": run, "preview": publish_preview(run, pairs)},
    )


@require_permission(Permission.MANAGE_PAIRING)
@require_POST
def run_discard(request: HttpRequest, run_id: int) -> HttpResponse:
    run = queries.run_for(request.user, run_id)
    try:
        actions.discard_run(by=request.user, run=run)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "The run is discarded; it stays in the history.")
    return redirect("coaching:run_detail", run_id=run.pk)
