"""Reading releases: signed-in pages open what a person may read (drafts only for those
who build releases); public pages open only releases published to the public, with
nobody signed in. No page lists a person."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from belong.access.permissions import Permission
from belong.access.policies import has_permission, login_required_404
from belong.core import pdf
from belong.core.exports import download_response
from belong.publishing import exports, queries
from belong.publishing.audiences import DESCRIPTIONS, Audience
from belong.publishing.forms import ReleaseFilterForm
from belong.publishing.frozen import tables_for
from belong.publishing.guard import GuardReport, check_release
from belong.publishing.kinds import all_kinds, kind_of
from belong.publishing.models import Release
from belong.publishing.noise import in_plain_words

PAGE_SIZE = 25


def _urls(release: Release, public: bool) -> dict[str, str]:
    prefix = "publishing:public_release" if public else "publishing:release"
    return {
        f"{name}_url": reverse(f"{prefix}_{name}", kwargs={"release_id": release.pk})
        for name in ("detail", "summary", "summary_pdf", "report", "export")
    }


def _common(request: HttpRequest, release: Release, *, public: bool) -> dict[str, Any]:
    tables = tables_for(release)
    kind = kind_of(release)
    return {
        "release": release,
        "public": public,
        "kind": kind,
        "tables": tables,
        "summary": kind.summary(release, tables),
        "methods": kind.methods(release, tables),
        "noise_words": in_plain_words(release.noise_epsilon or 0) if release.shows_noise else "",
        "audience_description": DESCRIPTIONS.get(release.audience, ""),
        "may_publish": not public and has_permission(request.user, Permission.PUBLISH_RELEASES),
        **_urls(release, public),
    }


def _readiness(release: Release) -> list[tuple[str, GuardReport]]:
    """For a draft: what the guard would say now, so its builder knows before publishing.

    Every audience's readers also read leadership's releases, so one check
    answers for all exact publications; a noisy draw is checked for the public.
    """
    checks = [("to leadership, to all faculty and staff, or exactly to the public", False)]
    if release.is_noised:
        checks = [("to leadership or to all faculty and staff", False), ("to the public", True)]
    return [
        (
            words,
            check_release(
                release, Audience.PUBLIC if noised else Audience.LEADERSHIP, noised=noised
            ),
        )
        for words, noised in checks
    ]


def _detail(request: HttpRequest, release: Release, *, public: bool) -> HttpResponse:
    context = _common(request, release, public=public)
    context["page"] = context["kind"].page(release, context["tables"], request.GET)
    context["exports"] = exports.offered(release)
    htmx = getattr(request, "htmx", None)  # django-htmx's middleware sets it
    if htmx and htmx.target == "release-results":
        return render(request, "publishing/_blocks.html", context)
    if context["may_publish"] and release.status == Release.Status.FROZEN:
        context["readiness"] = _readiness(release)
    return render(request, "publishing/release_detail.html", context)


def _summary(request: HttpRequest, release: Release, *, public: bool) -> HttpResponse:
    return render(
        request, "publishing/release_summary.html", _common(request, release, public=public)
    )


def _summary_pdf(request: HttpRequest, release: Release, *, public: bool) -> HttpResponse:
    """The two-page summary as a PDF: the same context (and so the same figures) as the page.

    A public release's PDF carries its noisy draw, exactly as its public page does.
    """
    context = _common(request, release, public=public)
    context["today"] = timezone.localdate()
    name = f"belong-release-{release.pk}-summary"
    if release.shows_noise:
        name += f"-noise-epsilon-{release.noise_epsilon:g}"
    content = pdf.render_pdf("publishing/release_summary_pdf.html", context)
    return download_response(content, pdf.PDF_CONTENT_TYPE, f"{name}.pdf")


def _report(request: HttpRequest, release: Release, *, public: bool) -> HttpResponse:
    context = _common(request, release, public=public)
    context["sections"] = context["kind"].report(release, context["tables"], request.GET)
    return render(request, "publishing/release_report.html", context)


def _filter(releases: list[Release], form: ReleaseFilterForm) -> list[Release]:
    if not form.is_valid():
        return releases
    subject = form.cleaned_data.get("subject")
    year = form.cleaned_data.get("year")
    return [
        r
        for r in releases
        if (not subject or r.subject_code == subject) and (not year or year in (r.years or []))
    ]


# --- signed in ------------------------------------------------------------------------


@login_required_404
def release_list(request: HttpRequest) -> HttpResponse:
    form = ReleaseFilterForm(request.GET or None)
    builds = has_permission(request.user, Permission.BUILD_RELEASES)
    found = _filter(list(queries.releases_for(request.user)), form)
    drafts = [r for r in found if r.status == Release.Status.FROZEN] if builds else []
    shown = [r for r in found if r.status != Release.Status.FROZEN]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "publishing/release_list.html",
        {
            "form": form,
            "page": Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page")),
            "drafts": drafts,
            "builds": builds,
            "build_links": [
                (k.label, reverse(k.build_url_name)) for k in all_kinds() if k.build_url_name
            ]
            if builds
            else [],
            "querystring": params.urlencode(),
            "public": False,
        },
    )


@login_required_404
def release_detail(request: HttpRequest, release_id: int) -> HttpResponse:
    return _detail(request, queries.release_for(request.user, release_id), public=False)


@login_required_404
def release_summary(request: HttpRequest, release_id: int) -> HttpResponse:
    return _summary(request, queries.release_for(request.user, release_id), public=False)


@login_required_404
def release_summary_pdf(request: HttpRequest, release_id: int) -> HttpResponse:
    return _summary_pdf(request, queries.release_for(request.user, release_id), public=False)


@login_required_404
def release_report(request: HttpRequest, release_id: int) -> HttpResponse:
    return _report(request, queries.release_for(request.user, release_id), public=False)


@login_required_404
def release_export(request: HttpRequest, release_id: int) -> HttpResponse:
    release = queries.release_for(request.user, release_id)
    return exports.download(release, request.GET.get("frame", ""), request.GET.get("format", ""))


# --- public --------------------------------------------------------------------------------


def public_release_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(list(queries.public_releases()), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/release_list.html",
        {"page": page, "public": True, "drafts": [], "builds": False, "querystring": ""},
    )


def public_release_detail(request: HttpRequest, release_id: int) -> HttpResponse:
    return _detail(request, queries.public_release(release_id), public=True)


def public_release_summary(request: HttpRequest, release_id: int) -> HttpResponse:
    return _summary(request, queries.public_release(release_id), public=True)


def public_release_summary_pdf(request: HttpRequest, release_id: int) -> HttpResponse:
    return _summary_pdf(request, queries.public_release(release_id), public=True)


def public_release_report(request: HttpRequest, release_id: int) -> HttpResponse:
    return _report(request, queries.public_release(release_id), public=True)


def public_release_export(request: HttpRequest, release_id: int) -> HttpResponse:
    release = queries.public_release(release_id)
    return exports.download(release, request.GET.get("frame", ""), request.GET.get("format", ""))
