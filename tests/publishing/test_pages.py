"""Publishing's pages for an outcome release: read, filter, summarise, print, export, publish."""

from __future__ import annotations

import csv
import io
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from belong.people.models import SelfIdentification
from belong.publishing import actions as publishing
from belong.publishing.audiences import Audience
from belong.publishing.models import Release
from tests.factories import equity as F

pytestmark = pytest.mark.django_db


def _url(name: str, release: Release, **query: str) -> str:
    url = reverse(name, kwargs={"release_id": release.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _svgs(text: str) -> list[ElementTree.Element]:
    # Our own server's SVG, parsed to check its structure.
    found = re.findall(r'<svg xmlns="[^"]+" class="chart-svg".*?</svg>', text, re.S)
    return [ElementTree.fromstring(svg) for svg in found]  # noqa: S314


def test_a_release_page_draws_svg_charts_beside_tables_with_no_script(
    world, analyst, client_for
) -> None:
    release = F.frozen_release(audience="leadership")
    text = (
        client_for(analyst)
        .get(
            _url(
                "publishing:release_detail", release, table="sex", year="2020", stage="interviewed"
            )
        )
        .content.decode()
    )
    assert "Sex at each stage, 2020" in text and "<html" in text
    charts = _svgs(text)
    assert charts, "a chart is drawn"
    ns = "{http://www.w3.org/2000/svg}"
    for svg in charts:
        # Named and described for screen readers; the description points at the table.
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{ns}title"), svg.find(f"{ns}desc")
        assert title is not None and title.text and desc is not None
        assert "table" in (desc.text or "")
        assert set(svg.get("aria-labelledby", "").split()) == {title.get("id"), desc.get("id")}
    assert "<script" not in text.split("<main", 1)[1].split("</main>", 1)[0]
    assert "plotly" not in text and "data-figure" not in text


def test_filters_work_as_a_page_and_as_an_htmx_partial(world, analyst, client_for) -> None:
    release = F.frozen_release(audience="leadership")
    partial = client_for(analyst).get(
        _url("publishing:release_detail", release, table="sex", year="2020"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="release-results",
    )
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="release-results">') and "<html" not in body
    assert "Showing Sex, 2020." in body


def test_a_release_page_makes_a_handful_of_queries(
    world, leadership, client_for, django_assert_max_num_queries
) -> None:
    release = F.frozen_release(audience="leadership")
    client = client_for(leadership)
    client.get(_url("publishing:release_detail", release))  # frames parsed once per process
    with django_assert_max_num_queries(20):
        response = client.get(_url("publishing:release_detail", release, table="race_ipeds__sex"))
    assert response.status_code == 200


def test_the_summary_counts_significant_comparisons_once_and_explains_what_is_hidden(
    world, leadership, client_for
) -> None:
    release = F.frozen_release(audience="leadership")
    summary = release.result["summary"]
    text = client_for(leadership).get(_url("publishing:release_summary", release)).content.decode()
    said = (
        f"makes {summary['tests']:,} comparisons between groups; {summary['significant_tests']:,}"
    )
    assert said in text
    # No other count of significant results competes with it on the page.
    assert "significant finding" not in text
    assert "What is hidden, and why" in text and "zero included" in text
    assert "How these figures were made" not in text  # the summary, not the full methods


def test_the_public_page_shows_noisy_figures_with_their_uncertainty_and_epsilon_in_words(
    world, client
) -> None:
    noisy = F.frozen_release(audience="public", noised=True)
    response = client.get(_url("publishing:public_release_detail", noisy, stage="offered"))
    text = response.content.decode()
    assert "deliberate random noise to protect privacy; ε = 1" in text
    assert "the smaller ε, the more noise" in text and "95 times in 100" in text
    # Every published count and share carries its interval, in the table and the chart.
    assert re.search(r"\d ± \d", text) and "95% noise interval" in text
    assert "Figures with noise are not tested for significance" in text
    # Nothing exact: not the records read, nor the tests run on exact counts.
    assert "comparisons, corrected together" not in text
    assert "records of" not in text
    leadership = F.frozen_release(audience="leadership")
    assert client.get(_url("publishing:public_release_detail", leadership)).status_code == 404


def test_the_old_public_addresses_lead_to_the_new_ones(world, client) -> None:
    noisy = F.frozen_release(audience="public", noised=True)
    moved = client.get(f"/equity/public/{noisy.pk}/")
    assert moved.status_code == 301
    assert moved["Location"] == _url("publishing:public_release_detail", noisy)
    assert client.get("/equity/public/")["Location"] == reverse("publishing:public_release_list")


def test_exports_hold_groups_never_people_and_leave_suppressed_cells_blank(
    world, analyst, client_for
) -> None:
    release = F.frozen_release(audience="leadership")
    client = client_for(analyst)
    url = _url("publishing:release_export", release)
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


def test_a_pooled_noisy_export_names_its_period_and_its_noise(world, client) -> None:
    noisy = F.frozen_release(audience="public", noised=True)
    response = client.get(
        _url("publishing:public_release_export", noisy) + "?frame=cells&format=csv"
    )
    assert "noise-epsilon-1" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    years = noisy.result["parameters"]["pooled_years"]
    assert {r["year"] for r in rows} == {f"{years[0]}–{years[-1]}"}
    assert {"count_margin", "share_margin"} <= set(rows[0])


def test_a_refused_publication_is_explained_on_the_page(school, analyst, client_for) -> None:
    F.published(analyst, Audience.LEADERSHIP)
    record = SelfIdentification.objects.filter(
        race=["white"], person__stage_events__stage="interviewed"
    ).first()
    record.race, record.ipeds = ["black"], "black"
    record.save()
    second = F.build(analyst)
    client = client_for(analyst)
    url = _url("publishing:release_publish", second)
    assert b"What it will be compared with" in client.get(url).content
    response = client.post(url, {"audience": "staff"})
    text = response.content.decode()
    assert response.status_code == 200 and "Not published" in text
    assert "versions of the data" in text


def test_publishing_and_unpublishing_from_the_pages(world, analyst, client_for) -> None:
    release = F.frozen_release(audience=None, noised=True)
    client = client_for(analyst)
    form = client.get(_url("publishing:release_publish", release)).content.decode()
    assert "built with calibrated noise for the public" in form
    response = client.post(_url("publishing:release_publish", release), {"audience": "public"})
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.audience == "public" and release.shows_noise
    assert client.post(_url("publishing:release_unpublish", release)).status_code == 302
    release.refresh_from_db()
    assert release.status == Release.Status.UNPUBLISHED


def test_the_printable_report_has_every_table_after_the_summary(
    world, leadership, client_for
) -> None:
    release = F.frozen_release(audience="leadership")
    text = (
        client_for(leadership)
        .get(_url("publishing:release_report", release, year="2021"))
        .content.decode()
    )
    captions = re.findall(r"<caption[^>]*>(.*?)</caption>", text, flags=re.S)
    transitions = len(release.result["parameters"]["pipeline"]["transitions"])
    tables = len(release.result["parameters"]["groupings"])
    assert sum(c.strip().endswith("people (share of the stage)") for c in captions) == tables
    assert sum("rate by group" in c for c in captions) == tables * transitions
    assert text.index("What the release finds") < text.index("people (share of the stage)")
    assert "How these figures were made" in text


def test_the_release_list_filters_by_subject(world, analyst, client_for) -> None:
    md = F.frozen_release(audience="leadership", title="MD one")
    faculty = F.frozen_release(audience="leadership", code="faculty", title="Faculty one")
    text = client_for(analyst).get(reverse("publishing:release_list") + "?subject=faculty").content
    assert faculty.title.encode() in text and md.title.encode() not in text


def test_a_faculty_release_shows_time_to_promotion(world, leadership, client_for) -> None:
    release = F.frozen_release(audience="leadership", code="faculty")
    text = (
        client_for(leadership)
        .get(_url("publishing:release_detail", release, table="sex"))
        .content.decode()
    )
    assert "Time from hire to promotion to associate" in text
    assert "Kaplan–Meier" in text and "Step lines" in text


def test_home_cards_lead_with_the_count_and_the_findings_that_matter(world, client_for) -> None:
    analyst = world.user("analyst")
    F.frozen_release(audience=None, by=analyst)
    published = F.frozen_release(audience="leadership", title="Admissions for the dean")
    assert "1 draft" in client_for(analyst).get("/").content.decode()
    dean = client_for(world.user("leadership")).get("/").content.decode()
    summary = published.result["summary"]
    assert published.title in dean
    assert (
        f"{summary['significant_tests']:,} of {summary['tests']:,} comparisons significant" in dean
    )
    faculty = client_for(world.user("faculty")).get("/").content.decode()
    assert "Nothing has been published to staff yet." in faculty
    publishing.unpublish_release(by=analyst, release=published)
