"""The web import, for data stewards: upload → map columns → check (dry run) → apply.

The uploaded file waits server-side between the steps (see ``uploads``);
every check re-reads it, and applying checks it once more inside the write.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from belong.access.permissions import Permission
from belong.access.policies import get_object_for, require_permission
from belong.core import exports
from belong.people.importing import actions, uploads
from belong.people.importing.fields import FIELDS, GROUP_LABELS
from belong.people.importing.forms import MappingForm, SavedMappingForm, UploadForm
from belong.people.importing.mapping import combine
from belong.people.importing.problems import ERROR, KINDS, grouped
from belong.people.importing.readers import read_headers
from belong.people.models import ImportMapping, ImportRun

PROBLEMS_PER_PAGE = 500


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """Redirect; for an htmx form, make the browser load the page itself."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _runs() -> QuerySet[ImportRun]:
    return ImportRun.objects.filter(kind=actions.KIND).select_related("by")


def _check(request: HttpRequest, pending: uploads.Pending, mapping: dict[str, str]) -> ImportRun:
    with pending.path.open("rb") as handle:
        result = actions.run_import(
            by=request.user,
            fileobj=handle,
            filename=pending.filename,
            columns=mapping,
            apply=False,
        )
    pending.mapping = mapping
    pending.run_id = result.run.pk
    uploads.save(request, pending)
    return result.run


@require_permission(Permission.IMPORT_PEOPLE)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = uploads.store(request, form.cleaned_data["file"])
        with pending.path.open("rb") as handle:
            _headers, log = read_headers(handle, pending.filename)
        if not log.ok:
            # Not a table at all: the check says why, with nothing to map.
            run = _check(request, pending, {})
            return redirect("people:imports:run", run_id=run.pk)
        return redirect("people:imports:mapping")
    return render(
        request,
        "people/imports/upload.html",
        {
            "form": form,
            "pending": uploads.current(request),
            "last_runs": list(_runs()[:5]),
            "fields": FIELDS,
            "groups": GROUP_LABELS,
        },
    )


@require_permission(Permission.IMPORT_PEOPLE)
def mapping(request: HttpRequest) -> HttpResponse:
    pending = uploads.current(request)
    if pending is None:
        messages.info(request, "Upload a file first.")
        return _go(request, reverse("people:imports:upload"))
    with pending.path.open("rb") as handle:
        headers, _log = read_headers(handle, pending.filename)
    saved_form = SavedMappingForm(request.GET or None)
    saved: ImportMapping | None = None
    if saved_form.is_valid():
        saved = saved_form.cleaned_data["saved"]
    start = combine(headers, saved.columns if saved else pending.mapping)
    form = MappingForm(
        request.POST or None, headers=headers, initial=MappingForm.initial_for(headers, start)
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.mapping()
        name = form.cleaned_data.get("save_as", "").strip()
        if name:
            actions.save_mapping(by=request.user, name=name, columns=chosen)
            messages.success(request, f"Mapping saved as “{name}”.")
        run = _check(request, pending, chosen)
        return _go(request, reverse("people:imports:run", kwargs={"run_id": run.pk}))
    return render(
        request,
        "people/imports/mapping.html",
        {
            "form": form,
            "saved_form": saved_form,
            "has_saved": ImportMapping.objects.filter(kind=actions.KIND).exists(),
            "pending": pending,
        },
    )


@require_permission(Permission.IMPORT_PEOPLE)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_for(request.user, Permission.IMPORT_PEOPLE, _runs(), pk=run_id)
    problems = run.problems or []
    errors = [p for p in problems if p.get("level") == ERROR]
    notes = [p for p in problems if p.get("level") != ERROR]
    page = Paginator(errors, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    pending = uploads.current(request)
    waiting = pending is not None and pending.run_id == run.pk
    return render(
        request,
        "people/imports/run_detail.html",
        {
            "run": run,
            "groups": grouped(errors),
            "page": page,
            "notes": notes,
            "listed": len(errors),
            "kinds": KINDS,
            "can_apply": waiting
            and run.outcome == ImportRun.Outcome.DRY_RUN
            and run.problem_count == 0,
            "waiting": waiting,
        },
    )


@require_permission(Permission.IMPORT_PEOPLE)
@require_POST
def apply(request: HttpRequest) -> HttpResponse:
    pending = uploads.current(request)
    checked = (
        _runs().filter(pk=pending.run_id, outcome=ImportRun.Outcome.DRY_RUN).first()
        if pending is not None and pending.run_id
        else None
    )
    if pending is None or checked is None or checked.sha256 != pending.sha256:
        messages.error(request, "There is no checked file waiting to be applied. Upload it again.")
        return _go(request, reverse("people:imports:upload"))
    with pending.path.open("rb") as handle:
        result = actions.run_import(
            by=request.user,
            fileobj=handle,
            filename=pending.filename,
            columns=pending.mapping or {},
            apply=True,
        )
    if result.run.outcome == ImportRun.Outcome.APPLIED:
        uploads.discard(request)
        messages.success(request, "The import is applied.")
    else:
        pending.run_id = result.run.pk
        uploads.save(request, pending)
    return _go(request, reverse("people:imports:run", kwargs={"run_id": result.run.pk}))


@require_permission(Permission.IMPORT_PEOPLE)
@require_POST
def discard(request: HttpRequest) -> HttpResponse:
    if uploads.current(request) is not None:
        messages.success(request, "The uploaded file is deleted; nothing was imported.")
    uploads.discard(request)
    return redirect("people:imports:upload")


@require_permission(Permission.IMPORT_PEOPLE)
def history(request: HttpRequest) -> HttpResponse:
    page = Paginator(_runs(), 50).get_page(request.GET.get("page"))
    return render(request, "people/imports/history.html", {"page": page})


@require_permission(Permission.IMPORT_PEOPLE)
def problems_csv(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_for(request.user, Permission.IMPORT_PEOPLE, _runs(), pk=run_id)
    rows = [
        (
            "problem" if p.get("level") == ERROR else "note",
            p.get("row") or "",
            p.get("letter", ""),
            p.get("column", ""),
            KINDS.get(p.get("code", ""), ""),
            p.get("reason", ""),
        )
        for p in run.problems or []
    ]
    return exports.csv_response(
        rows,
        ["Type", "Row", "Column letter", "Column", "Kind of problem", "What to do"],
        filename=f"import-{run.pk}-problems.csv",
    )
