"""The concerns case managers' pages: the list of cases and one case's page.

Each form on the case page posts to its own URL; a refused input re-draws
the case page with the error beside that form (status 400), nothing saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.concerns import queries
from belong.concerns.actions import cases as actions
from belong.concerns.choices import Category, Hope, InvolvedRole, Setting, labels
from belong.concerns.forms import AssignForm, CloseForm, NoteForm, ReplyForm, TriageForm
from belong.concerns.models import Case


@require_permission(Permission.MANAGE_CONCERNS)
@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    found = queries.list_cases(by=request.user)
    rows = [
        {
            "case": case,
            "categories": labels(Category, case.concern.categories),
            "overdue": case.status == Case.Status.NEW and case.triage_due < timezone.localdate(),
        }
        for case in found
    ]
    context = {"rows": rows, "held": queries.held_count()}
    return render(request, "concerns/case_list.html", context)


def _page(request: HttpRequest, case: Case, status: int = 200, **forms: Form) -> HttpResponse:
    concern = case.concern
    reporter = queries.reporter_of(concern)
    context = {
        "case": case,
        "concern": concern,
        "categories": labels(Category, concern.categories),
        "setting": dict(Setting.choices).get(concern.setting, concern.setting),
        "involved_role": dict(InvolvedRole.choices).get(concern.involved_role, ""),
        "hopes": labels(Hope, concern.hopes),
        "reporter": queries.name_of(reporter) if reporter is not None else "",
        "assignees": [queries.name_of(u) for u in case.assignees.all()],
        "notes": case.notes.select_related("author"),
        "thread": queries.thread(concern),
        "overdue": case.status == Case.Status.NEW and case.triage_due < timezone.localdate(),
        "triage_form": forms.get("triage") or TriageForm(initial={"priority": case.priority}),
        "assign_form": forms.get("assign") or AssignForm(case=case),
        "note_form": forms.get("note") or NoteForm(),
        "reply_form": forms.get("reply") or ReplyForm(),
        "close_form": forms.get("close") or CloseForm(),
    }
    return render(request, "concerns/case.html", context, status=status)


@require_permission(Permission.MANAGE_CONCERNS)
@require_safe
def case(request: HttpRequest, pk: Any) -> HttpResponse:
    return _page(request, queries.open_case_file(by=request.user, pk=pk))


def _post(
    request: HttpRequest,
    pk: Any,
    name: str,
    form: Form,
    act: Callable[[Case, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    case = queries.open_case_file(by=request.user, pk=pk)
    if form.is_valid():
        try:
            act(case, form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, done)
            return redirect("concerns:case", pk=case.pk)
    return _page(request, case, 400, **{name: form})


@require_permission(Permission.MANAGE_CONCERNS)
@require_safe
def case_attachment(request: HttpRequest, pk: Any) -> HttpResponse:
    """The report's attachment, always as a download with its checked type."""
    found = queries.open_attachment(by=request.user, pk=pk)
    if found is None:
        raise Http404("This report has no attachment.")
    case, data = found
    extension = {"application/pdf": "pdf", "image/png": "png"}.get(
        case.concern.attachment_type, "jpg"
    )
    response = HttpResponse(data, content_type=case.concern.attachment_type)
    response["Content-Disposition"] = f'attachment; filename="concern-{case.reference}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_permission(Permission.MANAGE_CONCERNS)
@require_POST
def case_triage(request: HttpRequest, pk: Any) -> HttpResponse:
    return _post(
        request,
        pk,
        "triage",
        TriageForm(request.POST),
        lambda c, d: actions.triage(
            by=request.user,
            case=c,
            priority=d["priority"],
            title_ix_referred=d["title_ix_referred"],
        ),
        "Triage saved.",
    )


@require_permission(Permission.MANAGE_CONCERNS)
@require_POST
def case_assign(request: HttpRequest, pk: Any) -> HttpResponse:
    case = queries.open_case_file(by=request.user, pk=pk)
    chosen = {str(u.pk): u for u in queries.managers()}
    return _post(
        request,
        pk,
        "assign",
        AssignForm(request.POST, case=case),
        lambda c, d: actions.assign(
            by=request.user, case=c, managers=[chosen[pk] for pk in d["managers"]]
        ),
        "Case managers saved.",
    )


@require_permission(Permission.MANAGE_CONCERNS)
@require_POST
def case_recuse(request: HttpRequest, pk: Any) -> HttpResponse:
    case = queries.open_case_file(by=request.user, pk=pk)
    actions.recuse(by=request.user, case=case)
    messages.success(request, "You have stepped aside from that case; you will not see it again.")
    return redirect("concerns:cases")


@require_permission(Permission.MANAGE_CONCERNS)
@require_POST
def case_note(request: HttpRequest, pk: Any) -> HttpResponse:
    return _post(
        request,
        pk,
        "note",
        NoteForm(request.POST),
        lambda c, d: actions.add_note(by=request.user, case=c, text=d["text"]),
        "Note added.",
    )


@require_permission(Permission.MANAGE_CONCERNS)
@require_POST
def case_reply(request: HttpRequest, pk: Any) -> HttpResponse:
    return _post(
        request,
        pk,
        "reply",
        ReplyForm(request.POST),
        lambda c, d: actions.reply(by=request.user, case=c, text=d["text"]),
        "Reply sent. A named or confidential reporter is told there is news; an anonymous "
        "one reads it with their receipt.",
    )


@require_permission(Permission.MANAGE_CONCERNS)
@require_POST
def case_close(request: HttpRequest, pk: Any) -> HttpResponse:
    return _post(
        request,
        pk,
        "close",
        CloseForm(request.POST),
        lambda c, d: actions.close(by=request.user, case=c, outcome=d["outcome"]),
        "Case closed; the reporter can read the outcome.",
    )
