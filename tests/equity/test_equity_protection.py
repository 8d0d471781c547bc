"""Protection invariants of compute_release over many random small schools.

Whatever the data, a release must never show a count of 1..k-1 people, never
leave a hidden count recoverable from its table's total, never show a
statistic derived from a hidden count, and never publish two cells whose
difference describes 1..k-1 people (the privacy module's differencing guard).
"""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belong.equity.analytics import DEFAULT_PIPELINES, ReleaseSpec, compute_release
from belong.people import categories as cat
from belong.privacy import find_differencing_risks

K = 10
ANSWERS = [
    ["white"],
    ["black"],
    ["asian"],
    ["hispanic"],
    ["hispanic", "white"],
    ["nhpi"],
    ["black", "white"],
    ["mena"],
    ["prefer_not"],
    [],
]


def _school(seed: int, n: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    weights = rng.dirichlet(np.full(len(ANSWERS), 0.6))
    race = [ANSWERS[i] for i in rng.choice(len(ANSWERS), n, p=weights)]
    people = {
        "person_id": np.arange(n),
        "race": race,
        "citizenship": rng.choice(
            ["citizen", "nonresident", None], n, p=[0.85, 0.1, 0.05]
        ).tolist(),
    }
    for d in ("sex", "gender_identity", "veteran"):
        values = [*cat.DIMENSIONS[d].choices, cat.PREFER_NOT, None]
        people[d] = rng.choice(values, n, p=rng.dirichlet(np.full(len(values), 0.7))).tolist()
    interviewed = rng.random(n) < rng.uniform(0.1, 0.6)
    offered = interviewed & (rng.random(n) < 0.5)
    years = rng.choice([2023, 2024], n)
    events = []
    for stage, mask in (
        ("applied", np.ones(n, bool)),
        ("interviewed", interviewed),
        ("offered", offered),
    ):
        events.append(
            pl.DataFrame(
                {
                    "person_id": np.flatnonzero(mask),
                    "pipeline": "md_admissions",
                    "stage": stage,
                    "year": years[mask].astype(np.int32),
                    "unit": "md",
                }
            )
        )
    return (pl.DataFrame(people, schema_overrides={"race": pl.List(pl.String)}), pl.concat(events))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(20, 400))
def test_release_protection_invariants(seed, n):
    people, events = _school(seed, n)
    result = compute_release(
        people,
        events,
        ReleaseSpec(pipeline=DEFAULT_PIPELINES["md_admissions"], years=(2023, 2024), k=K),
    )
    cells = result.cells
    shown = cells.filter(~pl.col("suppressed"))
    assert ((shown["count"] == 0) | (shown["count"] >= K)).all()
    assert cells.filter(pl.col("suppressed"))["count"].is_null().all()
    assert cells.filter(pl.col("suppressed"))["share"].is_null().all()

    # Additive one-way tables: never exactly one hidden cell under a shown total,
    # and the hidden cells together are 0 or at least k people.
    truth = compute_release(
        people,
        events,
        ReleaseSpec(pipeline=DEFAULT_PIPELINES["md_admissions"], years=(2023, 2024), k=1),
    ).cells
    merged = cells.join(
        truth.select("stage", "year", "table", "group", pl.col("count").alias("true")),
        on=["stage", "year", "table", "group"],
    )
    additive = [g.code for g in result.groupings if g.additive]
    per_table = (
        merged.filter(pl.col("table").is_in(additive))
        .group_by("stage", "year", "table")
        .agg(
            pl.col("suppressed").sum().alias("n_hidden"),
            pl.col("true").filter(pl.col("suppressed")).sum().alias("hidden_sum"),
            pl.col("total").first(),
        )
    )
    with_total = per_table.filter(pl.col("total").is_not_null())
    assert (with_total["n_hidden"] != 1).all()
    hidden_sum = with_total["hidden_sum"]
    assert ((hidden_sum == 0) | (hidden_sum >= K)).all()

    # Derived statistics of hidden counts are hidden.
    rates = result.transitions.filter(pl.col("suppressed"))
    assert rates["rate"].is_null().all() and rates["advanced"].is_null().all()
    sel = result.selection.filter(pl.col("suppressed"))
    assert sel["p_value"].is_null().all() and sel["ratio"].is_null().all()
    refs = result.selection.filter(pl.col("has_reference"))
    if refs.height:
        ref_rows = refs.select("year", "target", "table", pl.col("reference_group").alias("group"))
        entered = result.transitions.select("year", "target", "table", "group", "entered")
        joined = ref_rows.join(entered, on=["year", "target", "table", "group"])
        assert (joined["entered"] >= K).all()  # the reference is never a small group

    # The privacy module's guard finds nothing to subtract within the release.
    risks = find_differencing_risks(result.published_cells("new"), k=K)
    assert risks == [], [r.explain() for r in risks[:2]]
