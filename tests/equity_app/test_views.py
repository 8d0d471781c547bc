"""Outcome monitoring's own pages: build a release, set up, import events (reading and
publishing are ``tests/publishing/test_pages.py``)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from belong.equity.models import (
    BenchmarkSet,
    PipelineDefinition,
    SavedGrouping,
    StageEvent,
)
from belong.publishing.models import Release
from tests.factories import equity as F
from tests.factories.people import PersonFactory

pytestmark = pytest.mark.django_db


def _detail(release: Release) -> str:
    return reverse("publishing:release_detail", kwargs={"release_id": release.pk})


def test_an_analyst_builds_a_release_with_the_form(school, analyst, client_for) -> None:
    client = client_for(analyst)
    page = client.get(reverse("equity:release_build"))
    assert page.status_code == 200 and b"Build and freeze" in page.content
    response = client.post(
        reverse("equity:release_build"),
        {
            "pipeline": "md_admissions",
            "year_from": "2018",
            "groupings": ["race_ipeds", "sex"],
            "benchmarks": [F.census().pk],
            "reference_race": "white",
            "k": "10",
            "correction": "holm",
            "alpha": "0.05",
        },
        follow=True,
    )
    release = Release.objects.get()
    assert response.redirect_chain[-1][0] == _detail(release)
    assert b"Built and frozen in" in response.content
    assert release.years[0] == 2018 and release.spec["reference"] == {"race_ipeds": "white"}


def test_the_build_form_holds_k_to_the_school_minimum(school, analyst, client_for) -> None:
    response = client_for(analyst).post(
        reverse("equity:release_build"),
        {
            "pipeline": "md_admissions",
            "groupings": ["sex"],
            "k": "3",
            "correction": "holm",
            "alpha": "0.05",
        },
    )
    assert response.status_code == 200 and not Release.objects.exists()
    assert b"greater than or equal to 10" in response.content


def test_setup_pages_save_pipelines_groupings_and_benchmarks(world, analyst, client_for) -> None:
    client = client_for(analyst)
    assert b"Pipelines" in client.get(reverse("equity:setup")).content
    staff = PipelineDefinition.objects.get(code="staff")
    edit = reverse("equity:pipeline_edit", kwargs={"code": "staff"})
    form = client.get(edit).context["form"]
    data = {**form.initial, "label": "Professional staff", "active": "on"}
    assert client.post(edit, data).status_code == 302
    staff.refresh_from_db()
    assert staff.label == "Professional staff"

    bad = client.post(
        reverse("equity:grouping_create"),
        {"label": "URiM", "code": "urim", "dimension": "ipeds", "groups": "URiM: black, martian"},
    )
    assert b"martian" in bad.content and not SavedGrouping.objects.exists()
    good = client.post(
        reverse("equity:grouping_create"),
        {
            "label": "URiM",
            "code": "urim",
            "dimension": "ipeds",
            "groups": "URiM: black, hispanic, aian, nhpi",
        },
    )
    assert good.status_code == 302 and SavedGrouping.objects.get().code == "urim"

    upload = SimpleUploadedFile("county.csv", b"scheme,group,share\nsex,female,51\nsex,male,49\n")
    response = client.post(
        reverse("equity:benchmark_import"), {"file": upload, "code": "county", "label": "County"}
    )
    assert response.status_code == 302
    assert BenchmarkSet.objects.filter(code="county:sex").exists()


def test_the_event_import_page_checks_then_imports(world, data_steward, client_for) -> None:
    PersonFactory(institutional_id="E1")
    client = client_for(data_steward)
    body = (
        b"institutional_id,pipeline,stage,year,unit_code,date\n"
        b"E1,md_admissions,applied,2025,md,2024-06-01\n"
    )
    checked = client.post(
        reverse("equity:event_import"), {"file": SimpleUploadedFile("e.csv", body), "apply": "0"}
    )
    assert b"nothing was written" in checked.content and not StageEvent.objects.exists()
    bad = client.post(
        reverse("equity:event_import"),
        {"file": SimpleUploadedFile("e.csv", body.replace(b"applied", b"offered")), "apply": "1"},
    )
    assert b"Every problem" in bad.content and b"without" in bad.content
    done = client.post(
        reverse("equity:event_import"), {"file": SimpleUploadedFile("e.csv", body), "apply": "1"}
    )
    assert b"1 event imported" in done.content and StageEvent.objects.count() == 1
    derived = client.post(reverse("equity:event_derive"), follow=True)
    assert b"Events from affiliations" in derived.content


def test_an_availability_pool_is_imported_for_its_stages(world, analyst, client_for) -> None:
    client = client_for(analyst)
    body = b"scheme,group,share\nrace_ipeds,white,0.6\nrace_ipeds,asian,0.3\nrace_ipeds,black,0.1\n"
    refused = client.post(
        reverse("equity:benchmark_import"),
        {
            "file": SimpleUploadedFile("pool.csv", body),
            "code": "pool",
            "label": "National faculty pool",
            "kind": "availability",
            "pool_stages": "hired, sworn_in",
        },
    )
    assert b"No pipeline has the stage sworn_in" in refused.content
    assert not BenchmarkSet.objects.filter(code="pool:race_ipeds").exists()
    done = client.post(
        reverse("equity:benchmark_import"),
        {
            "file": SimpleUploadedFile("pool.csv", body),
            "code": "pool",
            "label": "National faculty pool",
            "kind": "availability",
            "pool_stages": "hired",
        },
    )
    assert done.status_code == 302
    pool = BenchmarkSet.objects.get(code="pool:race_ipeds")
    assert pool.availability and pool.stages == ["hired"]
    assert pool.benchmark().to_dict()["availability"] is True
    assert b"Availability pool for hired" in client.get(reverse("equity:setup")).content
