"""The web import, for data stewards: upload → map columns → check (dry run) → apply.

The uploaded file waits server-side between the steps
(:mod:`belong.importing.uploads`); every check re-reads it, and applying
checks it once more inside the write. A file larger than
``BELONG_IMPORT_INLINE_MAX_BYTES`` is checked and applied on the task worker
(:mod:`belong.importing.background`): the run page shows its progress, rows
done of rows expected, until it ends.
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
from belong.importing import background, progress
from belong.importing.mapping import combine
from belong.importing.models import ImportMapping, ImportRun
from belong.importing.options import ImportOptions
from belong.importing.problems import ERROR, PROBLEMS_CSV_HEADER, grouped, problems_csv_rows
from belong.importing.readers import read_headers
from belong.importing.uploads import Pending, UploadStore
from belong.importing.values import unknown_values
from belong.people.importing import actions
from belong.people.importing.fields import FIELDS, GROUP_LABELS, SCHEMA
from belong.people.importing.forms import (
    MappingForm,
    SavedMappingForm,
    UploadForm,
    ValuesForm,
)
from belong.people.importing.importer import PATH, PEOPLE

PROBLEMS_PER_PAGE = 500
UPLOADS = UploadStore(actions.KIND)


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """Redirect; for an htmx form, make the browser load the page itself."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _runs() -> QuerySet[ImportRun]:
    return ImportRun.objects.filter(kind=actions.KIND).select_related("by")


def _start(
    request: HttpRequest,
    pending: Pending,
    mapping: dict[str, str],
    *,
    apply: bool,
    inline: bool = False,
) -> ImportRun:
    """Check (or apply) the waiting file: here and now when it is small, else on the worker."""
    options = ImportOptions.from_dict(pending.options)
    if not inline and not background.runs_inline(pending.size):
        return background.start(
            PATH, by=request.user, pending=pending, columns=mapping, apply=apply, options=options
        )
    with pending.path.open("rb") as handle:
        result = actions.run_import(
            by=request.user,
            fileobj=handle,
            filename=pending.filename,
            columns=mapping,
            apply=apply,
            options=options,
        )
    return result.run


def _check(
    request: HttpRequest, pending: Pending, mapping: dict[str, str], *, inline: bool = False
) -> ImportRun:
    run = _start(request, pending, mapping, apply=False, inline=inline)
    pending.mapping = mapping
    pending.run_id = run.pk
    UPLOADS.save(request, pending)
    return run


@require_permission(Permission.IMPORT_PEOPLE)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = UPLOADS.store(request, form.cleaned_data["file"])
        with pending.path.open("rb") as handle:
            pending.headers, log = read_headers(handle, pending.filename)
        UPLOADS.save(request, pending)
        if not log.ok:
            # Not a table at all (or a workbook too large to open): the check says why at
            # once, whatever the file's size, with nothing to map.
            run = _check(request, pending, {}, inline=True)
            return redirect("people:imports:run", run_id=run.pk)
        return redirect("people:imports:mapping")
    return render(
        request,
        "people/imports/upload.html",
        {
            "form": form,
            "pending": UPLOADS.current(request),
            "last_runs": list(_runs()[:5]),
            "fields": FIELDS,
            "groups": GROUP_LABELS,
        },
    )


@require_permission(Permission.IMPORT_PEOPLE)
def mapping(request: HttpRequest) -> HttpResponse:
    pending = UPLOADS.current(request)
    if pending is None:
        messages.info(request, "Upload a file first.")
        return _go(request, reverse("people:imports:upload"))
    headers = pending.headers
    if headers is None:
        with pending.path.open("rb") as handle:
            headers, _log = read_headers(handle, pending.filename)
    saved_form = SavedMappingForm(request.GET or None)
    saved: ImportMapping | None = None
    if saved_form.is_valid():
        saved = saved_form.cleaned_data["saved"]
    start = combine(headers, SCHEMA, saved.columns if saved else pending.mapping)
    options = ImportOptions.from_dict(saved.options if saved else pending.options)
    if saved is not None:
        # The form posts without the saved mapping's name: keep its options (values) here.
        pending.options = options.as_dict()
        UPLOADS.save(request, pending)
    form = MappingForm(
        request.POST or None,
        headers=headers,
        initial={
            **MappingForm.initial_for(headers, start),
            **MappingForm.initial_options(options),
            "save_as": saved.name if saved else pending.mapping_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.mapping()
        options = form.options(options)
        name = form.cleaned_data.get("save_as", "").strip()
        if name:
            actions.save_mapping(by=request.user, name=name, columns=chosen, options=options)
            messages.success(request, f"Mapping saved as “{name}”.")
        pending.mapping = chosen
        pending.options = options.as_dict()
        pending.mapping_name = name
        UPLOADS.save(request, pending)
        if _unknown(pending, chosen, options):
            return _go(request, reverse("people:imports:values"))
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


def _unknown(
    pending: Pending, mapping: dict[str, str], options: ImportOptions
) -> dict[str, list[str]]:
    with pending.path.open("rb") as handle:
        return unknown_values(handle, pending.filename, mapping, SCHEMA, options)


@require_permission(Permission.IMPORT_PEOPLE)
def values(request: HttpRequest) -> HttpResponse:
    """The value-mapping step: what each value the file holds, and Belong does not know,
    means here. Shown only when there is such a value."""
    pending = UPLOADS.current(request)
    if pending is None or pending.mapping is None:
        messages.info(request, "Upload a file and match its columns first.")
        return _go(request, reverse("people:imports:upload"))
    options = ImportOptions.from_dict(pending.options)
    unknown = _unknown(pending, pending.mapping, options)
    if not unknown:
        run = _check(request, pending, pending.mapping)
        return _go(request, reverse("people:imports:run", kwargs={"run_id": run.pk}))
    if request.method == "POST" and "skip" in request.POST:
        # Check as it is: each unknown value is then reported, row by row, as a problem.
        run = _check(request, pending, pending.mapping)
        return _go(request, reverse("people:imports:run", kwargs={"run_id": run.pk}))
    form = ValuesForm(
        request.POST if request.method == "POST" else None,
        unknown=unknown,
        initial={"save_as": pending.mapping_name},
    )
    if request.method == "POST" and form.is_valid():
        options = form.values(options)
        pending.options = options.as_dict()
        name = form.cleaned_data.get("save_as", "").strip()
        if name:
            actions.save_mapping(
                by=request.user, name=name, columns=pending.mapping, options=options
            )
            messages.success(request, f"Mapping and values saved as “{name}”.")
        run = _check(request, pending, pending.mapping)
        return _go(request, reverse("people:imports:run", kwargs={"run_id": run.pk}))
    return render(
        request,
        "people/imports/values.html",
        {"form": form, "pending": pending, "headers": {v: k for k, v in pending.mapping.items()}},
    )


@require_permission(Permission.IMPORT_PEOPLE)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_for(request.user, Permission.IMPORT_PEOPLE, _runs(), pk=run_id)
    if run.is_unfinished:
        return _unfinished(request, run)
    problems = run.problems or []
    errors = [p for p in problems if p.get("level") == ERROR]
    notes = [p for p in problems if p.get("level") != ERROR]
    page = Paginator(errors, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    pending = UPLOADS.current(request)
    waiting = pending is not None and pending.run_id == run.pk
    if getattr(request, "htmx", False) and request.GET.get("progress"):
        # The run ended between two polls: load the finished page.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        "people/imports/run_detail.html",
        {
            "run": run,
            "groups": grouped(errors, PEOPLE.all_kinds),
            "page": page,
            "notes": notes,
            "listed": len(errors),
            "problems_caption": f"Problems ({len(errors)} listed"
            + (
                f"; page {page.number} of {page.paginator.num_pages})"
                if page.has_other_pages()
                else ")"
            ),
            "has_paths": any(p.get("path") for p in errors),
            "can_apply": waiting
            and run.outcome == ImportRun.Outcome.DRY_RUN
            and run.problem_count == 0,
            "waiting": waiting,
        },
    )


def _unfinished(request: HttpRequest, run: ImportRun) -> HttpResponse:
    """A run on the worker: its progress, which the page polls until the run ends."""
    context = {"run": run, "progress": progress.read(run.pk)}
    if getattr(request, "htmx", False) and request.GET.get("progress"):
        return render(request, "importing/_progress.html", context)
    return render(request, "people/imports/run_running.html", context)


@require_permission(Permission.IMPORT_PEOPLE)
@require_POST
def apply(request: HttpRequest) -> HttpResponse:
    pending = UPLOADS.current(request)
    checked = (
        _runs().filter(pk=pending.run_id, outcome=ImportRun.Outcome.DRY_RUN).first()
        if pending is not None and pending.run_id
        else None
    )
    if pending is None or checked is None or checked.sha256 != pending.sha256:
        messages.error(request, "There is no checked file waiting to be applied. Upload it again.")
        return _go(request, reverse("people:imports:upload"))
    run = _start(request, pending, pending.mapping or {}, apply=True)
    if run.outcome == ImportRun.Outcome.APPLIED:
        UPLOADS.discard(request)
        messages.success(request, "The import is applied.")
    else:
        # Rejected, or running on the worker (which deletes the file once applied).
        pending.run_id = run.pk
        UPLOADS.save(request, pending)
    return _go(request, reverse("people:imports:run", kwargs={"run_id": run.pk}))


@require_permission(Permission.IMPORT_PEOPLE)
@require_POST
def discard(request: HttpRequest) -> HttpResponse:
    if UPLOADS.current(request) is not None:
        messages.success(request, "The uploaded file is deleted; nothing was imported.")
    UPLOADS.discard(request)
    return redirect("people:imports:upload")


@require_permission(Permission.IMPORT_PEOPLE)
def history(request: HttpRequest) -> HttpResponse:
    page = Paginator(_runs(), 50).get_page(request.GET.get("page"))
    return render(request, "people/imports/history.html", {"page": page})


@require_permission(Permission.IMPORT_PEOPLE)
def problems_csv(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_for(request.user, Permission.IMPORT_PEOPLE, _runs(), pk=run_id)
    return exports.csv_response(
        problems_csv_rows(run.problems or [], PEOPLE.all_kinds),
        PROBLEMS_CSV_HEADER,
        filename=f"import-{run.pk}-problems.csv",
    )
