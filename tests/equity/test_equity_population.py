"""The synthetic school is deterministic, sized as documented and fits the contract."""

from __future__ import annotations

import polars as pl
import pytest

from belong.demo.population import UNITS, generate_population
from belong.equity.analytics import DEFAULT_PIPELINES


@pytest.fixture(scope="module")
def population():
    return generate_population(11, 1.0)


def test_same_seed_same_frames(population):
    again = generate_population(11, 1.0)
    assert population.people.equals(again.people)
    assert population.events.equals(again.events)
    assert not generate_population(12, 0.2).events.equals(generate_population(11, 0.2).events)


def test_frames_follow_the_equity_contract(population):
    people, events = population.people, population.events
    assert people.schema["person_id"] == pl.Int64
    assert people.schema["race"] == pl.List(pl.String)
    assert events.schema == {
        "person_id": pl.Int64,
        "pipeline": pl.String,
        "stage": pl.String,
        "year": pl.Int32,
        "unit": pl.String,
        "date": pl.Date,
    }
    assert set(events["unit"].unique()) <= set(UNITS)
    for code, pipeline in DEFAULT_PIPELINES.items():
        stages = set(events.filter(pl.col("pipeline") == code)["stage"].unique())
        assert stages <= set(pipeline.stage_codes)
    assert events["person_id"].is_in(people["person_id"].implode()).all()


def test_scale_one_sizes(population):
    events = population.events
    applied = events.filter(
        (pl.col("pipeline") == "md_admissions") & (pl.col("stage") == "applied")
    )
    per_year = applied.group_by("year").len()["len"]
    assert per_year.min() == per_year.max() == 6000
    matriculated = events.filter(pl.col("stage") == "matriculated")
    current = matriculated.filter(pl.col("year") >= 2021).height
    assert 450 <= current <= 750  # about 600 students in four cohorts
    for pipeline, exit_stage, low, high in (
        ("faculty", "departed", 1200, 1800),
        ("staff", "separated", 2000, 3000),
    ):
        sub = events.filter(pl.col("pipeline") == pipeline)
        hired = sub.filter(pl.col("stage") == "hired").height
        left = sub.filter(pl.col("stage") == exit_stage).height
        assert low <= hired - left <= high
    # Prefer-not and not-answered are present in every dimension.
    people = population.people
    assert people["race"].list.len().eq(0).any()
    for column in ("sex", "gender_identity", "veteran", "citizenship"):
        assert people[column].null_count() > 0
        assert (people[column] == "prefer_not").any()


def test_scale_multiplies_volume():
    small = generate_population(3, 0.1)
    assert 8_000 <= small.events.height <= 12_000
