"""The reporter's pages: choose how you are known, report, and follow up.

Every page an anonymous reporter opens is an ``@anonymous_endpoint``: the
server's logs get no request line (no address, no time, no account). The
receipt never travels in a URL: it is shown in the page, typed back in a
form, and posted, never put in a query string or the session.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.concerns import queries, receipts
from belong.concerns.actions import followup, intake
from belong.concerns.choices import MODE_EXPLAINED, Mode
from belong.concerns.forms import AnonymousReportForm, MessageForm, ReceiptForm, ReportForm
from belong.core.logging import anonymous_endpoint


def _attach(form: Form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _modes() -> list[tuple[str, str, str]]:
    return [(m.value, str(m.label), str(MODE_EXPLAINED[m])) for m in Mode]


@anonymous_endpoint
@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """The three ways to report, explained before anyone writes."""
    return render(request, "concerns/start.html", {"modes": _modes()})


@require_permission(Permission.REPORT_CONCERN)
@require_http_methods(["GET", "POST"])
def report_with_name(request: HttpRequest, mode: str) -> HttpResponse:
    if mode not in (Mode.NAMED, Mode.CONFIDENTIAL):
        raise Http404("No such way to report.")
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                concern = intake.report_with_name(by=request.user, mode=mode, report=form.report())
            except ValidationError as error:
                _attach(form, error)
            else:
                messages.success(request, _("Your report is with the case managers."))
                return redirect("concerns:own", pk=concern.pk)
        status = 400
    else:
        form = ReportForm()
    context = {"form": form, "mode": Mode(mode), "explained": MODE_EXPLAINED[Mode(mode)]}
    return render(request, "concerns/report.html", context, status=status)


@anonymous_endpoint
@never_cache
@require_http_methods(["GET", "POST"])
def report_anonymously(request: HttpRequest) -> HttpResponse:
    """The anonymous report: nothing of the request (account, address, time) is read or kept."""
    status = 200
    if request.method == "POST":
        form = AnonymousReportForm(request.POST, request.FILES)
        try:
            receipt = receipts.parse(request.POST.get("receipt", ""))
        except receipts.ReceiptError:
            # A tampered page: show a new receipt, to be saved and typed again.
            receipt = receipts.new_receipt()
            data = request.POST.copy()
            data["receipt"], data["receipt_typed"] = receipt.text, ""
            form = AnonymousReportForm(data, request.FILES)
        if form.is_valid():
            try:
                intake.report_anonymously(report=form.report(), receipt=receipt)
            except ValidationError as error:
                _attach(form, error)
            else:
                return redirect("concerns:sent")
        status = 400
    else:
        receipt = receipts.new_receipt()
        form = AnonymousReportForm(initial={"receipt": receipt.text})
    context = {
        "form": form,
        "mode": Mode.ANONYMOUS,
        "explained": MODE_EXPLAINED[Mode.ANONYMOUS],
        "receipt": receipt.text,
    }
    return render(request, "concerns/report.html", context, status=status)


@anonymous_endpoint
@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "concerns/sent.html", {})


@anonymous_endpoint
@never_cache
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    """Read replies and answer, with the receipt typed each time (nothing is kept between)."""
    status = 200
    context: dict[str, Any] = {"form": ReceiptForm(), "message_form": MessageForm()}
    if request.method == "POST":
        form = ReceiptForm(request.POST)
        context["form"] = form
        if not form.is_valid():
            return render(request, "concerns/follow_up.html", context, status=400)
        typed = form.cleaned_data["receipt"]
        try:
            concern = followup.open_with_receipt(typed)
            if "send" in request.POST:
                message_form = MessageForm(request.POST)
                context["message_form"] = message_form
                status = 400
                if message_form.is_valid():
                    try:
                        followup.write_with_receipt(typed, text=message_form.cleaned_data["text"])
                    except ValidationError as error:
                        _attach(message_form, error)
                    else:
                        status = 200
                        context["sealed"] = True
                        context["message_form"] = MessageForm()
        except receipts.TooManyAttempts as error:
            form.add_error("receipt", str(error))
            return render(request, "concerns/follow_up.html", context, status=429)
        except receipts.ReceiptError as error:
            form.add_error("receipt", str(error))
            return render(request, "concerns/follow_up.html", context, status=400)
        context.update(
            concern=concern,
            case=getattr(concern, "case", None),
            thread=queries.thread(concern),
            receipt=typed,
        )
    return render(request, "concerns/follow_up.html", context, status=status)


@require_permission(Permission.REPORT_CONCERN)
@require_safe
def own_list(request: HttpRequest) -> HttpResponse:
    concerns = list(queries.own_concerns(request.user))
    return render(request, "concerns/own_list.html", {"concerns": concerns})


@require_permission(Permission.REPORT_CONCERN)
@require_http_methods(["GET", "POST"])
def own(request: HttpRequest, pk: Any) -> HttpResponse:
    concern = queries.open_own_concern(by=request.user, pk=pk)
    status = 200
    form = MessageForm()
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                followup.write_own(by=request.user, concern=concern, text=form.cleaned_data["text"])
            except ValidationError as error:
                _attach(form, error)
            else:
                messages.success(request, _("Your message is with the case managers."))
                return redirect("concerns:own", pk=concern.pk)
        status = 400
    context = {
        "concern": concern,
        "case": getattr(concern, "case", None),
        "thread": queries.thread(concern),
        "message_form": form,
    }
    return render(request, "concerns/own.html", context, status=status)
