"""The pages: build, read, filter, publish, export, set up, import; and the home cards."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from belong.equity.models import (
    BenchmarkSet,
    PipelineDefinition,
    SavedGrouping,
    StageEvent,
)
from belong.people.models import SelfIdentification
from belong.publishing import actions as publishing
from belong.publishing.audiences import Audience
from belong.publishing.models import Release
from tests.factories import equity as F
from tests.factories.people import PersonFactory

pytestmark = pytest.mark.django_db


def _detail(release: Release, **query: str) -> str:
    url = reverse("equity:release_detail", kwargs={"release_id": release.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


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


def test_filters_work_as_a_page_and_as_an_htmx_partial(world, analyst, client_for) -> None:
    release = F.frozen_release(audience="leadership")
    client = client_for(analyst)
    full = client.get(_detail(release, table="sex", year="2020", stage="interviewed"))
    text = full.content.decode()
    assert "Sex at each stage, 2020" in text and "<html" in text
    assert 'data-figure="{&quot;data&quot;' in text and 'role="img"' in text
    partial = client.get(
        _detail(release, table="sex", year="2020"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="release-results",
    )
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="release-results">') and "<html" not in body


def test_a_release_page_makes_a_handful_of_queries(
    world, leadership, client_for, django_assert_max_num_queries
) -> None:
    release = F.frozen_release(audience="leadership")
    client = client_for(leadership)
    client.get(_detail(release))  # the frames are parsed once per process
    with django_assert_max_num_queries(20):
        response = client.get(_detail(release, table="race_ipeds__sex"))
    assert response.status_code == 200


def test_the_public_page_says_the_figures_are_noisy(world, client) -> None:
    noisy = F.frozen_release(audience="public", noised=True)
    response = client.get(reverse("equity:public_release_detail", kwargs={"release_id": noisy.pk}))
    text = response.content.decode()
    assert "deliberate random noise to protect privacy; ε = 1" in text
    assert "Figures published with noise are not tested" in text
    # Nothing exact on the noisy page: not the number of events or people read,
    # nor the count of significant tests run on exact counts.
    assert f"{noisy.data_summary['events']} events" not in text
    assert "comparisons, corrected together" not in text
    exact_summary = noisy.result["summary"]
    assert "events_in_scope" not in noisy.noised_result["summary"]
    assert "significant_tests" not in noisy.noised_result["summary"]
    assert exact_summary["tests"] > 0
    leadership = F.frozen_release(audience="leadership")
    assert (
        client.get(
            reverse("equity:public_release_detail", kwargs={"release_id": leadership.pk})
        ).status_code
        == 404
    )


def test_exports_hold_groups_never_people_and_leave_suppressed_cells_blank(
    world, analyst, client_for
) -> None:
    release = F.frozen_release(audience="leadership")
    client = client_for(analyst)
    url = reverse("equity:release_export", kwargs={"release_id": release.pk})
    response = client.get(url + "?frame=cells&format=csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="belong-release-{release.pk}-cells.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "person_id" not in rows[0] and "institutional_id" not in rows[0]
    hidden = [r for r in rows if r["suppressed"] == "suppressed"]
    assert hidden and all(r["count"] == "" for r in hidden)
    book = load_workbook(io.BytesIO(client.get(url + "?frame=selection&format=xlsx").content))
    assert book.active.max_row > 1
    assert client.get(url + "?frame=people&format=csv").status_code == 404


def test_a_refused_publication_is_explained_on_the_page(school, analyst, client_for) -> None:
    F.published(analyst, Audience.LEADERSHIP)
    record = SelfIdentification.objects.filter(
        race=["white"], person__stage_events__stage="interviewed"
    ).first()
    record.race, record.ipeds = ["black"], "black"
    record.save()
    second = F.build(analyst)
    client = client_for(analyst)
    url = reverse("equity:release_publish", kwargs={"release_id": second.pk})
    assert b"What it will be compared with" in client.get(url).content
    response = client.post(url, {"audience": "staff", "epsilon": "1.0"})
    text = response.content.decode()
    assert response.status_code == 200 and "Not published" in text
    assert "versions of the data" in text


def test_publishing_to_the_public_with_noise_from_the_form(school, analyst, client_for) -> None:
    release = F.build(analyst, bounded=True, groupings=("race_ipeds",))
    client = client_for(analyst)
    url = reverse("equity:release_publish", kwargs={"release_id": release.pk})
    refused = client.post(url, {"audience": "leadership", "add_noise": "on", "epsilon": "1.0"})
    assert b"only to releases for the public" in refused.content
    response = client.post(url, {"audience": "public", "add_noise": "on", "epsilon": "0.5"})
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.audience == "public" and release.noise_epsilon == pytest.approx(0.5)
    unpublish = reverse("equity:release_unpublish", kwargs={"release_id": release.pk})
    assert client.post(unpublish).status_code == 302
    release.refresh_from_db()
    assert release.status == Release.Status.UNPUBLISHED


def test_the_printable_report_has_every_table_and_no_chart(world, leadership, client_for) -> None:
    release = F.frozen_release(audience="leadership")
    response = client_for(leadership).get(
        reverse("equity:release_report", kwargs={"release_id": release.pk}) + "?year=2021"
    )
    text = response.content.decode()
    captions = re.findall(r"<caption>(.*?)</caption>", text, flags=re.S)
    # A composition table for each reporting table, and one table per transition.
    transitions = len(release.result["parameters"]["pipeline"]["transitions"])
    tables = len(release.result["parameters"]["groupings"])
    assert sum(c.strip().endswith("people (share of the stage)") for c in captions) == tables
    assert sum("rate by group" in c for c in captions) == tables * transitions
    assert "How these figures were made" in text
    assert "data-figure" not in text and "plotly" not in text


def test_the_release_list_filters_by_pipeline(world, analyst, client_for) -> None:
    md = F.frozen_release(audience="leadership", title="MD one")
    faculty = F.frozen_release(audience="leadership", code="faculty", title="Faculty one")
    response = client_for(analyst).get(reverse("equity:release_list") + "?pipeline=faculty")
    text = response.content.decode()
    assert faculty.title in text and md.title not in text


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


def test_home_cards_speak_to_each_role(world, client_for) -> None:
    analyst = world.user("analyst")
    F.frozen_release(audience=None, by=analyst)
    published = F.frozen_release(audience="leadership", title="Admissions for the dean")
    assert "1 draft" in client_for(analyst).get("/").content.decode()
    dean = client_for(world.user("leadership")).get("/").content.decode()
    assert published.title in dean and "significant finding" in dean
    faculty = client_for(world.user("faculty")).get("/").content.decode()
    assert "Nothing has been published to staff yet." in faculty
    steward = client_for(world.user("data_steward")).get("/").content.decode()
    assert "Stage events on record" in steward
    publishing.unpublish_release(by=analyst, release=published)


def test_a_faculty_release_shows_time_to_promotion(world, leadership, client_for) -> None:
    release = F.frozen_release(audience="leadership", code="faculty")
    text = client_for(leadership).get(_detail(release, table="sex")).content.decode()
    assert "Time from hire to promotion to associate" in text
    assert "Kaplan–Meier" in text and "Step chart" in text


def test_chart_text_cannot_carry_markup() -> None:
    from belong.equity.presentation import Chart

    chart = Chart("x", "label", {"data": [{"name": "<a href='https://example.org'>A</a>"}]})
    assert "<" not in chart.json and "‹a href" in chart.json
