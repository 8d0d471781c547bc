"""The "Is our pipeline fair?" preset: one click chooses it, the build page says what would
stop it, and on imported data alone (no demo) its release publishes to leadership."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.urls import reverse

from belong.equity import actions
from belong.equity.forecast import forecast
from belong.equity.models import PipelineDefinition
from belong.equity.presets import PIPELINE_FAIR
from belong.people.importing import actions as people_import
from belong.publishing import actions as publishing
from belong.publishing.models import Release

pytestmark = pytest.mark.django_db

YEARS = range(2019, 2025)


def _files() -> tuple[bytes, bytes]:
    """An admissions office's files: applicants with their answers, and their stages."""
    rng = random.Random(5)
    people = ["institutional_id,legal_given_name,legal_family_name,sex,race"]
    events = ["institutional_id,pipeline,stage,year,unit_code"]
    n = 0
    for year in YEARS:
        for race, sex, size, rate in (
            ("white", "female", 70, 0.35),
            ("white", "male", 60, 0.35),
            ("black", "female", 30, 0.25),
            ("black", "male", 25, 0.25),
            ("asian", "female", 35, 0.35),
            ("hispanic", "male", 20, 0.3),
        ):
            for _ in range(size):
                n += 1
                pid = f"AP{n:05d}"
                people.append(f"{pid},Test,{n},{sex},{race}")
                events.append(f"{pid},md_admissions,applied,{year},md")
                if rng.random() < rate:
                    events.append(f"{pid},md_admissions,interviewed,{year},md")
                    if rng.random() < 0.5:
                        events.append(f"{pid},md_admissions,offered,{year},md")
    return ("\n".join(people) + "\n").encode(), ("\n".join(events) + "\n").encode()


@pytest.fixture
def imported(world, data_steward):  # type: ignore[no-untyped-def]
    actions.ensure_defaults(by=None, record=False)
    people, events = _files()
    result = people_import.run_import(
        by=data_steward,
        fileobj=io.BytesIO(people),
        filename="applicants.csv",
        apply=True,
        today=dt.date.today(),
    )
    assert result.run.outcome == "applied", result.log.sorted_errors()[:3]
    result = actions.import_stage_events(
        by=data_steward, fileobj=io.BytesIO(events), filename="stages.csv", apply=True
    )
    assert result.applied, result.run.problems[:3]


def test_the_forecast_on_a_fresh_install_says_what_would_stop_a_release(world) -> None:
    actions.ensure_defaults(by=None, record=False)
    md = forecast(PipelineDefinition.objects.get(code="md_admissions"))
    assert not md.builds and "Import them first" in md.reasons[0]


def test_one_click_chooses_the_preset_and_its_release_publishes_to_leadership(
    imported, analyst, leadership, client_for
) -> None:
    client = client_for(analyst)
    url = reverse("equity:release_build")
    page = client.get(url)
    assert PIPELINE_FAIR.label.encode() in page.content
    text = page.content.decode()
    assert "MD admissions and graduation: a release will publish." in text

    chosen = client.get(url, {"preset": PIPELINE_FAIR.code})
    form = chosen.context["form"]
    assert "Chosen: “Is our pipeline fair?”" in chosen.content.decode()
    initial = {name: form[name].value() for name in form.fields}
    assert initial["groupings"] == ["race_ipeds", "sex", "race_ipeds__sex"]
    assert initial["benchmarks"] == [] and initial["years_reported"] == "separately"
    assert initial["pipeline"] == "md_admissions"

    # Build exactly what the preset filled in.
    data = {k: v for k, v in initial.items() if v not in (None, False, "", [])}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    release = Release.objects.get()
    assert release.spec["benchmarks"] == [] and not release.spec["pool_years"]
    result = release.result
    assert result["pooled"]["rows"], "pooled across years"
    assert {g["code"] for g in release.spec["groupings"]} == set(PIPELINE_FAIR.groupings)

    outcome = publishing.publish_release(by=analyst, release=release, audience="leadership")
    assert outcome.published, outcome.report.explanations()
    read = client_for(leadership).get(
        reverse("publishing:release_detail", kwargs={"release_id": release.pk})
    )
    assert read.status_code == 200

    # A second release of the same years after a new import: the page says so first.
    more = (
        b"institutional_id,pipeline,stage,year,unit_code\nAP00001,md_admissions,applied,2020,md\n"
    )
    applied = actions.import_stage_events(
        by=None, fileobj=io.BytesIO(more), filename="late.csv", apply=True
    )
    assert applied.applied, applied.run.problems
    md = forecast(PipelineDefinition.objects.get(code="md_admissions"))
    assert md.builds and not md.publishes
    assert "may be refused" in md.verdict and "Start the new release after 2024" in md.reasons[0]


def test_the_quickstart_team_file_imports_as_it_is(world, data_steward) -> None:
    from pathlib import Path

    from belong.people.models import Person, Unit

    # A fresh install has the school's unit (the units migration); the personas' world
    # may not, so make sure it is there.
    Unit.objects.get_or_create(code="school", defaults={"name": "School of Medicine"})
    content = (Path(__file__).parents[2] / "docs" / "examples" / "team.csv").read_bytes()
    result = people_import.run_import(
        by=data_steward,
        fileobj=io.BytesIO(content),
        filename="team.csv",
        apply=True,
        today=dt.date.today(),
    )
    assert result.run.outcome == "applied", result.log.sorted_errors()[:3]
    dean = Person.objects.get(legal_family_name="Nwosu")
    assert dean.email == "amara.nwosu@example.edu"
