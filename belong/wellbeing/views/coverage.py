"""Health coverage: a student's enrol-or-waive, student affairs' review and years."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from belong.access.permissions import Permission
from belong.access.policies import require_permission
from belong.wellbeing import actions, aggregates, queries, uploads
from belong.wellbeing.forms import CoverageYearForm, ReviewForm, WaiverForm
from belong.wellbeing.models import CoverageRecord, CoverageYear
from belong.wellbeing.views._common import download, page

Status = CoverageRecord.Status

# --- Students -----------------------------------------------------------------


def _open_years() -> list[CoverageYear]:
    """Years a student can act on: those whose coverage period has not ended."""
    today = timezone.localdate()
    return list(CoverageYear.objects.filter(coverage_ends_on__gte=today).order_by("academic_year"))


def _year(academic_year: int) -> CoverageYear:
    year = CoverageYear.objects.filter(academic_year=academic_year).first()
    if year is None or year.coverage_ends_on < timezone.localdate():
        raise Http404("No such coverage year.")
    return year


@require_permission(Permission.MANAGE_OWN_COVERAGE)
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    years = [
        {
            "year": year,
            "record": queries.own_coverage(request.user, year),
            "past_deadline": today > year.deadline,
        }
        for year in _open_years()
    ]
    return page(request, "coverage_home.html", {"years": years, "Status": Status})


@require_POST
@require_permission(Permission.MANAGE_OWN_COVERAGE)
def enrol(request: HttpRequest, academic_year: int) -> HttpResponse:
    year = _year(academic_year)
    try:
        actions.enrol_in_school_plan(by=request.user, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("You are enrolled in %(plan)s for %(year)s.")
            % {"plan": year.plan_name, "year": year.label},
        )
    return redirect("wellbeing:coverage_home")


@require_permission(Permission.MANAGE_OWN_COVERAGE)
def waiver(request: HttpRequest, academic_year: int) -> HttpResponse:
    year = _year(academic_year)
    record = queries.own_coverage(request.user, year)
    initial: dict[str, Any] = {}
    if record is not None and record.status in CoverageRecord.WAIVER_STATES:
        initial = {
            name: getattr(record, name)
            for name in ("carrier", "plan_name", "member_id", "coverage_start", "coverage_end")
        }
    form = WaiverForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.submit_waiver(
                by=request.user,
                year=year,
                carrier=data["carrier"],
                plan_name=data["plan_name"],
                member_id=data["member_id"],
                coverage_start=data["coverage_start"],
                coverage_end=data["coverage_end"],
                proof=data["proof"] or None,
            )
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(
                request,
                _("Your waiver is submitted. Student affairs will review it and let you know."),
            )
            return redirect("wellbeing:coverage_home")
    return page(
        request,
        "coverage_waiver.html",
        {
            "form": form,
            "year": year,
            "record": record,
            "max_mb": uploads.max_proof_bytes() // (1024 * 1024),
        },
    )


@require_safe
@require_permission(Permission.VIEW_OWN_PROFILE)
def proof(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.proof_for(request.user, pk)
    # Always a download, with a type the upload check stands behind; a stored row
    # with any other type (an older upload) goes out as plain bytes.
    content_type = (
        found.content_type
        if found.content_type in uploads.CONTENT_TYPES
        else "application/octet-stream"
    )
    response = download(bytes(found.data), filename=found.filename, content_type=content_type)
    # Never let a browser run an uploaded file as anything but what we checked it is.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Student affairs ---------------------------------------------------------------

REVIEW_TABS = [
    (Status.WAIVER_SUBMITTED, "Awaiting review"),
    (Status.MORE_INFO, "More information requested"),
    (Status.APPROVED, "Approved"),
    (Status.DENIED, "Denied"),
]


@require_permission(Permission.REVIEW_COVERAGE)
def review_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Status.WAIVER_SUBMITTED)
    if status not in dict(REVIEW_TABS):
        status = Status.WAIVER_SUBMITTED
    records = queries.review_queue(request.user, status=status)
    paged = Paginator(records, 50).get_page(request.GET.get("page"))
    return page(
        request,
        "coverage_review_queue.html",
        {
            "page": paged,
            "status": status,
            "tabs": REVIEW_TABS,
            "querystring": f"status={status}",
            "current_year": aggregates.current_coverage_year(timezone.localdate()),
        },
    )


@require_permission(Permission.REVIEW_COVERAGE)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    record = queries.record_for_review(request.user, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.review_waiver(
                by=request.user,
                record=record,
                decision=form.cleaned_data["decision"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(request, "Your decision is saved and the student has been told.")
            return redirect("wellbeing:coverage_review_queue")
    covers = (
        record.coverage_start is not None
        and record.coverage_end is not None
        and record.coverage_start <= record.year.coverage_starts_on
        and record.coverage_end >= record.year.coverage_ends_on
    )
    return page(
        request,
        "coverage_review.html",
        {"record": record, "form": form, "covers": covers, "Status": Status},
    )


@require_permission(Permission.REVIEW_COVERAGE)
def years(request: HttpRequest) -> HttpResponse:
    return page(request, "coverage_years.html", {"years": CoverageYear.objects.all()})


def _year_form(request: HttpRequest, year: CoverageYear | None) -> HttpResponse:
    initial = CoverageYearForm.initial_for(year) if year is not None else {}
    form = CoverageYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_coverage_year(by=request.user, year=year, **form.cleaned_data)
        except ValidationError as exc:
            form.apply(exc)
        else:
            messages.success(request, f"Health coverage {saved.label} is saved.")
            return redirect("wellbeing:coverage_years")
    return page(request, "coverage_year_form.html", {"form": form, "year": year})


@require_permission(Permission.REVIEW_COVERAGE)
def year_new(request: HttpRequest) -> HttpResponse:
    return _year_form(request, None)


@require_permission(Permission.REVIEW_COVERAGE)
def year_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _year_form(request, get_object_or_404(CoverageYear, pk=pk))


@require_permission(Permission.REVIEW_COVERAGE)
def missing(request: HttpRequest, academic_year: int) -> HttpResponse:
    year = get_object_or_404(CoverageYear, academic_year=academic_year)
    rows = queries.students_missing_coverage(request.user, year)
    return page(request, "coverage_missing.html", {"year": year, "rows": rows})
