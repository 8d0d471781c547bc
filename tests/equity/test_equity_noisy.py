"""The public form of a release: noise on a histogram of paths, then consistent figures.

The demo's earlier public page said "Asian offered a place: 0" beside 171
interviewed and drew a withdrawal chart 63.9% Black: noise as large as the
figures, drawn on every stage separately, and no rule tying stages together.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from belong.demo.population import generate_population
from belong.equity.analytics import CENSUS_2020_US, DEFAULT_PIPELINES, ReleaseSpec, compute_release
from belong.equity.analytics.groupings import single_grouping
from belong.equity.analytics.noisy import noisy_release, paths_of
from belong.equity.queries import bound_contributions
from belong.publishing.frames import frame_from_records


@pytest.fixture(scope="module")
def population():  # type: ignore[no-untyped-def]
    return generate_population(11, 0.06)


def _noisy(population, code="md_admissions", *, pool=True, groupings=("ipeds",), epsilon=1.0):  # type: ignore[no-untyped-def]
    spec = ReleaseSpec(
        pipeline=DEFAULT_PIPELINES[code],
        groupings=tuple(single_grouping(g) for g in groupings),
        benchmarks=(CENSUS_2020_US,) if "ipeds" in groupings else (),
        pool_years=pool,
    )
    events = bound_contributions(
        population.events.filter(pl.col("pipeline") == code), spec.pipeline.year_basis
    )
    exact = compute_release(population.people, events, spec)
    return exact, noisy_release(population.people, events, spec, exact, epsilon=epsilon)


def test_the_paths_of_md_admissions_follow_its_stages() -> None:
    paths = paths_of(DEFAULT_PIPELINES["md_admissions"])
    # applied; +interviewed; +offered; +matriculated with any of graduated, withdrew, dismissed.
    assert paths is not None and len(paths) == 3 + 8
    assert all(p & 1 for p in paths)  # everyone applied


def test_one_table_pooled_costs_one_unit_of_sensitivity(population) -> None:  # type: ignore[no-untyped-def]
    _, noisy = _noisy(population)
    assert noisy.sensitivity == 1 and noisy.scale == pytest.approx(1.0)
    # A select-all table counts a person in every category chosen.
    _, any_race = _noisy(population, groupings=("omb_any",))
    assert any_race.sensitivity == len(single_grouping("omb_any")) + 1  # and the totals
    # Event years reported year by year: one cell per stage a person reaches.
    _, yearly = _noisy(population, "faculty", pool=False, groupings=("sex",))
    assert yearly.sensitivity == len(DEFAULT_PIPELINES["faculty"].stages)


def test_public_figures_are_consistent_no_stage_above_the_one_before(population) -> None:  # type: ignore[no-untyped-def]
    for pool in (True, False):
        _, noisy = _noisy(population, pool=pool)
        cells = frame_from_records(noisy.result["cells"])
        for t in DEFAULT_PIPELINES["md_admissions"].transitions:
            pair = cells.filter(pl.col("stage") == t.source).join(
                cells.filter(pl.col("stage") == t.target),
                on=["year", "table", "group"],
                suffix="_next",
            )
            # Compare the noisy counts behind every cell, hidden or not, through the totals.
            assert (pair["total_next"] <= pair["total"]).all(), t
            shown = pair.drop_nulls(["count", "count_next"])
            assert (shown["count_next"] <= shown["count"]).all()


def test_shares_of_an_exclusive_table_add_up_to_the_whole(population) -> None:  # type: ignore[no-untyped-def]
    _, noisy = _noisy(population)
    cells = frame_from_records(noisy.result["cells"])
    totals = cells.filter(pl.col("table") == "all").select(
        "stage", "year", pl.col("count").alias("t")
    )
    grouped = cells.filter(pl.col("table") == "race_ipeds")
    full = grouped.group_by("stage", "year").agg(pl.col("count").sum(), pl.col("suppressed").any())
    joined = full.join(totals, on=["stage", "year"])
    # Where nothing is hidden the groups add up exactly; otherwise never above the total.
    assert (
        joined.filter(~pl.col("suppressed"))["count"] == joined.filter(~pl.col("suppressed"))["t"]
    ).all()
    assert (joined["count"] <= joined["t"]).all()
    shares = grouped.drop_nulls("share").group_by("stage").agg(pl.col("share").sum())
    assert (shares["share"] <= 1.0 + 1e-5).all()  # shares are rounded to six places


def test_every_noisy_figure_carries_an_honest_interval(population) -> None:  # type: ignore[no-untyped-def]
    exact, noisy = _noisy(population, epsilon=1.0)
    cells = frame_from_records(noisy.result["cells"]).filter(~pl.col("suppressed"))
    assert cells["count_margin"].null_count() == 0
    grouped = cells.filter(pl.col("table") != "all")
    # Every share carries its margin; a stage whose noisy total came out 0 has
    # neither (the noise is drawn afresh each run, so this can happen).
    assert (grouped["share_margin"].is_null() == grouped["share"].is_null()).all()
    assert grouped["share"].drop_nulls().len() > grouped.height // 2
    assert (
        (grouped["ci_low"] <= grouped["share"]) & (grouped["share"] <= grouped["ci_high"])
    ).all()
    # Pooled, one table, ε = 1: every count is within a handful of people.
    assert cells["count_margin"].max() <= 10
    # And the exact counts fall inside their intervals about 95 times in 100.
    truth = exact.cells.filter(~pl.col("suppressed")).select(
        "stage", "year", "table", "group", pl.col("count").alias("exact")
    )
    joined = cells.join(truth, on=["stage", "year", "table", "group"])
    inside = ((joined["count"] - joined["exact"]).abs() <= joined["count_margin"]).mean()
    assert inside >= 0.75  # noise cannot be seeded; a loose bound that still fails a bad margin


def test_the_benchmark_universe_is_the_sum_of_its_noisy_groups(population) -> None:  # type: ignore[no-untyped-def]
    _, noisy = _noisy(population)
    rep = frame_from_records(noisy.result["representation"]).drop_nulls("share")
    assert rep.height and (rep["p_value"].null_count() == rep.height)
    implied = (rep["ratio"] * rep["benchmark_share"]).to_numpy()
    assert np.allclose(implied, rep["share"].to_numpy(), atol=1e-5)
    # Shares of the universe add up to at most 100%, give or take the rounding of
    # each published share to six decimals (at most half a millionth apiece).
    sums = rep.group_by("stage").agg(pl.col("share").sum(), pl.len().alias("groups"))
    assert (sums["share"] <= 1 + 0.5e-6 * sums["groups"] + 1e-12).all()


def test_the_noisy_release_holds_nothing_exact(population) -> None:  # type: ignore[no-untyped-def]
    _, noisy = _noisy(population)
    summary = noisy.result["summary"]
    assert "events_in_scope" not in summary and "significant_tests" not in summary
    assert noisy.result["findings"] == []
    for name in ("transitions", "selection", "trends", "survival", "survival_tests"):
        assert noisy.result[name]["rows"] == []
    assert summary["noise"]["epsilon"] <= 1.0 + 1e-9
    assert not math.isnan(summary["noise"]["scale"])
