"""Building concern aggregates: the page, publishing to leadership, exports and the report."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from belong.access.models import AuditEvent
from belong.concerns.aggregates.build import build_aggregates
from belong.concerns.models import Case, Concern
from belong.publishing import actions as publishing
from belong.publishing.models import Release
from tests.factories.concerns import anonymous_case, named_case


def _reports(world, n: int = 7) -> None:  # type: ignore[no-untyped-def]
    """``n`` named reports (closed after 1..n days) and one anonymous report."""
    for i in range(n):
        case = named_case(world, categories=["humiliated"], setting="clerkship")
        received = case.concern.received_on
        Case.objects.filter(pk=case.pk).update(
            status=Case.Status.CLOSED, closed_on=received + datetime.timedelta(days=i + 1)
        )
    anonymous_case(categories=["physical_harm"], setting="site")


def test_building_freezes_a_release_that_leadership_reads(world, client) -> None:  # type: ignore[no-untyped-def]
    _reports(world)
    client.force_login(world.user("analyst"))
    url = reverse("concerns:aggregates")
    assert "Build the aggregates" in client.get(url).content.decode()
    response = client.post(url, {"k": "5"})
    release = Release.objects.get(kind="concerns")
    assert response.status_code == 302
    assert response["Location"] == reverse("publishing:release_detail", args=[release.pk])
    event = AuditEvent.objects.filter(target_id=str(release.pk)).order_by("-pk").first()
    assert event is not None and event.detail["k"] == 5
    assert release.title in client.get(url).content.decode()
    publishing.publish_release(by=world.user("analyst"), release=release, audience="leadership")
    client.force_login(world.user("leadership"))
    page = client.get(reverse("publishing:release_detail", args=[release.pk])).content.decode()
    assert "LCME element 3.6" in page and "Publicly humiliated" in page
    # The one anonymous report is counted in the total but its category is hidden.
    assert release.result["summary"]["reports"] == 8
    report = client.get(reverse("publishing:release_report", args=[release.pk]))
    assert report.status_code == 200 and "Time to resolution" in report.content.decode()
    export = client.get(
        reverse("publishing:release_export", args=[release.pk]),
        {"frame": "accreditation", "format": "csv"},
    )
    assert export.status_code == 200
    header = export.content.decode().splitlines()[0]
    assert "median_days" in header and "academic_year" in header
    rows = export.content.decode().splitlines()[1:]
    everyone = next(r for r in rows if "All reports" in r)
    assert ',"4.0",' in everyone or ",4.0," in everyone  # median of 1..7 days


def test_a_bad_k_and_no_reports_are_refused_with_nothing_written(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("analyst"))
    url = reverse("concerns:aggregates")
    response = client.post(url, {"k": "1"})
    assert response.status_code == 400 and "greater than or equal to 2" in response.content.decode()
    response = client.post(url, {"k": "5"})
    assert response.status_code == 400 and "no reports" in response.content.decode()
    assert not Release.objects.exists()
    assert not Concern.objects.exists()


def test_only_those_who_may_build_concern_aggregates_build(world) -> None:  # type: ignore[no-untyped-def]
    _reports(world, n=2)
    for persona in ("concerns_manager", "leadership", "student"):
        with pytest.raises(Http404):
            build_aggregates(by=world.user(persona))
    with pytest.raises(ValidationError):
        build_aggregates(by=world.user("analyst"), k=1)
    assert not Release.objects.exists()
