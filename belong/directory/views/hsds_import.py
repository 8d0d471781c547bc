"""Administrators import the directory from an Open Referral HSDS file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat

from belong.access.policies import get_object_for, require_permission
from belong.core.forms import ActionForm
from belong.directory.hsds import web_import
from belong.importing import background, progress, uploads
from belong.importing.models import ImportRun
from belong.importing.readers.document import max_bytes

PERMISSION = web_import.PERMISSION
STORE = uploads.UploadStore(web_import.KIND)


class HsdsUploadForm(ActionForm):
    file = forms.FileField(
        label="HSDS file",
        help_text="An HSDS 3.0 JSON document, as the directory's export gives it.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    import_it = forms.BooleanField(
        label="Import it if every record is valid",
        required=False,
        help_text="Leave unticked to check the file only; nothing is written either way "
        "unless every record passes.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                f"HSDS file: {filesizeformat(upload.size)} is over the limit of "
                f"{filesizeformat(max_bytes())}; nothing was read."
            )
        return upload


@require_permission(PERMISSION)
def upload(request: HttpRequest) -> HttpResponse:
    form = HsdsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file, apply = form.cleaned_data["file"], form.cleaned_data["import_it"]
        if background.runs_inline(file.size):
            run = web_import.import_now(
                by=request.user, fileobj=file, filename=file.name, apply=apply
            )
        else:
            pending = STORE.store(request, file)
            request.session.pop(STORE.session_key, None)  # the run owns the file now
            run = web_import.start(by=request.user, pending=pending, apply=apply)
        return redirect("directory:hsds_import_run", run.pk)
    runs = ImportRun.objects.filter(kind=web_import.KIND).select_related("by")[:10]
    return render(request, "directory/hsds_import.html", {"form": form, "runs": runs})


@require_permission(PERMISSION)
def run(request: HttpRequest, run_id: int) -> HttpResponse:
    """One HSDS import: its progress while on the task worker, then its result."""
    found = get_object_for(
        request.user,
        PERMISSION,
        ImportRun.objects.filter(kind=web_import.KIND).select_related("by"),
        pk=run_id,
    )
    polling = getattr(request, "htmx", False) and request.GET.get("progress")
    if found.is_unfinished:
        context = {"run": found, "progress": progress.read(found.pk)}
        template = "importing/_progress.html" if polling else "directory/hsds_import_run.html"
        return render(request, template, context)
    if polling:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "directory/hsds_import_run.html", {"run": found})
