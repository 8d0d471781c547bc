"""The demo step: the demo school's events load, and its releases show what releases are for."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest

from belong.demo.context import DemoContext
from belong.equity.analytics import DEFAULT_PIPELINES, ReleaseSpec, compute_release
from belong.equity.models import StageEvent
from belong.equity.release_kinds import EquityReleases
from belong.publishing.frames import frame_from_records
from belong.publishing.frozen import tables_for
from belong.publishing.models import Release
from tests.demo_school import demo_school
from tests.factories import equity as F

pytestmark = pytest.mark.django_db

STEPS = ["belong.demo.school", "belong.equity.demo"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[DemoContext]:  # type: ignore[no-untyped-def]
    """A small demo school (school and equity steps), built once for the module, then undone."""
    with demo_school(django_db_blocker, seed=7, scale=0.1, steps=STEPS) as (_marker, context):
        yield context


def test_every_population_event_is_loaded(demo) -> None:
    assert StageEvent.objects.count() == demo.population.events.height
    assert demo.summary["stage events"] == demo.population.events.height
    assert set(StageEvent.objects.values_list("source", flat=True)) == {"demo"}


def test_the_leadership_release_shows_a_significant_disparity_and_a_suppressed_cell(demo) -> None:
    md = Release.objects.get(subject_code="md_admissions", audience="leadership")
    assert md.status == Release.Status.PUBLISHED
    assert md.suppressed_cells > 0
    significant = [f for f in md.result["findings"] if f["significant"]]
    assert significant, "the demo's MD admissions release should find a real disparity"
    assert any(f["kind"] in ("selection", "representation") for f in significant)


def test_every_audience_has_a_release_and_a_draft_is_left(demo) -> None:
    published = dict(Release.objects.filter(status="published").values_list("audience", "title"))
    assert set(published) == {"leadership", "staff", "public"}
    public = Release.objects.get(audience="public")
    assert public.shows_noise and public.noise_epsilon == pytest.approx(1.0)
    assert Release.objects.filter(status=Release.Status.FROZEN).count() == 1
    assert demo.summary["outcome releases published"] == 4


def test_the_public_release_is_pooled_consistent_and_shows_its_uncertainty(demo) -> None:
    public = Release.objects.get(audience="public")
    assert public.result["parameters"]["pooled_years"], "public releases pool their years"
    cells = frame_from_records(public.noised_result["cells"])
    order = DEFAULT_PIPELINES["md_admissions"].transitions
    for t in order:
        pair = cells.filter(pl.col("stage") == t.source).join(
            cells.filter(pl.col("stage") == t.target), on=["year", "table", "group"], suffix="_b"
        )
        assert (pair["total_b"] <= pair["total"]).all()
        shown = pair.drop_nulls(["count", "count_b"])
        assert (shown["count_b"] <= shown["count"]).all(), t
    shown = cells.filter(~pl.col("suppressed"))
    assert shown["count_margin"].null_count() == 0


def test_the_faculty_summary_leads_with_promotion_worded_as_people_would(demo) -> None:
    faculty = Release.objects.get(subject_code="faculty", audience="leadership")
    summary = EquityReleases().summary(faculty, tables_for(faculty))
    text = " ".join(summary.findings + summary.not_significant)
    assert "Man faculty" not in text and "Woman faculty" not in text
    assert "Female faculty" not in text and "Male faculty" not in text
    # Hiring is compared with an availability pool, not the population at large.
    assert faculty.result["parameters"]["benchmarks"][0]["availability"]
    assert not any("population at large" in f for f in summary.findings)


def test_the_planted_interview_disparity_is_significant_at_a_larger_scale() -> None:
    """At about a third of the demo school, single years already confirm it."""
    from belong.demo.population import generate_population
    from belong.equity.actions import resolve_groupings

    population = generate_population(F.SEED, 0.3)
    events = population.events.filter(pl.col("pipeline") == "md_admissions")
    spec = ReleaseSpec(
        pipeline=DEFAULT_PIPELINES["md_admissions"],
        groupings=resolve_groupings(["race_ipeds"]),
        benchmarks=(),
    )
    result = compute_release(population.people, events, spec)
    black = result.selection.filter(
        (pl.col("group") == "black")
        & (pl.col("target") == "interviewed")
        & pl.col("significant").fill_null(False)
    )
    assert black.height >= 1 and (black["ratio"] < 0.8).all()
