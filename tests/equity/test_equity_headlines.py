"""What a dean reads first: each gap once, ranked by what matters for the stage, in words
people use."""

from __future__ import annotations

import polars as pl
import pytest

from belong.demo.population import generate_population
from belong.equity.actions import resolve_groupings
from belong.equity.analytics import CENSUS_2020_US, DEFAULT_PIPELINES, ReleaseSpec, compute_release
from belong.equity.analytics.benchmarks import Benchmark
from belong.equity.analytics.headlines import headlines
from belong.equity.analytics.words import people_phrase
from belong.publishing.frozen import FrozenTables

POOL = Benchmark(
    code="pool",
    label="National pool of new faculty",
    scheme="race_ipeds",
    shares={
        "hispanic": 0.07,
        "aian": 0.004,
        "asian": 0.22,
        "black": 0.06,
        "nhpi": 0.002,
        "white": 0.6,
        "two_or_more": 0.044,
    },
    availability=True,
    stages=("hired",),
)


@pytest.fixture(scope="module")
def population():  # type: ignore[no-untyped-def]
    return generate_population(11, 0.5)


def _read(population, code: str, tables, benchmarks):  # type: ignore[no-untyped-def]
    spec = ReleaseSpec(
        pipeline=DEFAULT_PIPELINES[code],
        groupings=resolve_groupings(tables),
        benchmarks=benchmarks,
    )
    result = compute_release(
        population.people, population.events.filter(pl.col("pipeline") == code), spec
    )
    tables = FrozenTables.of(result.to_dict())
    return result, headlines(tables.parameters, tables.frames)


def test_groups_are_named_as_people_would() -> None:
    assert people_phrase("female", "Female", False, "faculty members", "Sex", ("sex",)) == (
        "women",
        False,
    )
    assert (
        people_phrase("man", "Man", False, "applicants", "Gender identity", ("gender_identity",))[0]
        == "men"
    )
    assert people_phrase(
        "black|female",
        "Black or African American, Female",
        False,
        "applicants",
        "Race and ethnicity by sex",
        ("ipeds", "sex"),
    ) == ("Black or African American women", False)
    assert people_phrase("asian", "Asian", False, "applicants", "Race", ("ipeds",)) == (
        "Asian applicants",
        True,
    )
    special = people_phrase(
        "prefer_not", "Prefer not to answer", True, "applicants", "Sex", ("sex",)
    )
    assert special[0] == "applicants in the group “Prefer not to answer” (sex)"


def test_the_faculty_headline_is_the_promotion_delay_worded_for_a_dean(population) -> None:  # type: ignore[no-untyped-def]
    _, found = _read(population, "faculty", ["race_ipeds", "sex", "gender_identity"], (POOL,))
    first = found[0]
    assert first.significant and first.kind == "survival"
    assert (
        first.text.startswith("Among faculty members, men were promoted") and "women" in first.text
    )
    texts = [h.text for h in found]
    assert not any(
        "Man faculty" in t or "Woman faculty" in t or "Female faculty" in t for t in texts
    )
    # Sex and gender identity both say "men sooner than women": one finding, not two.
    assert sum("promoted to associate professor sooner than women" in t for t in texts) == 1


def test_a_gap_over_many_years_is_one_finding_under_its_plainest_table(population) -> None:  # type: ignore[no-untyped-def]
    result, found = _read(
        population, "md_admissions", ["race_ipeds", "race_omb_alone", "sex"], (CENSUS_2020_US,)
    )
    interview = [
        h for h in found if h.kind == "selection" and "Black" in h.text and "interviewed" in h.text
    ]
    assert len(interview) == 1, [h.text for h in interview]  # IPEDS, not again under OMB
    assert "Black or African American applicants" in interview[0].text
    assert "alone" not in interview[0].text
    significant_years = result.selection.filter(
        (pl.col("table") == "race_ipeds")
        & (pl.col("group") == "black")
        & (pl.col("target") == "interviewed")
        & pl.col("significant").fill_null(False)
    ).height
    assert f"in {significant_years} of" in interview[0].text or significant_years == 1
    assert len({h.text for h in found}) == len(found)


def test_the_population_at_large_never_outranks_a_decision(population) -> None:  # type: ignore[no-untyped-def]
    _, found = _read(population, "md_admissions", ["race_ipeds"], (CENSUS_2020_US,))
    kinds = [h.kind for h in found if h.significant]
    if "representation" in kinds and "selection" in kinds:
        assert kinds.index("selection") < kinds.index("representation")
    for h in found:
        if h.kind == "representation":
            assert "population at large" in h.text
