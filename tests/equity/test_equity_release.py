"""compute_release: counts, protection, derived statistics, findings, freezing."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import polars as pl
import pytest

from belong.demo.population import generate_population
from belong.equity.analytics import (
    DEFAULT_PIPELINES,
    ReleaseSpec,
    compute_release,
    default_groupings,
)
from belong.privacy import Constraint, feasible_ranges

MD = DEFAULT_PIPELINES["md_admissions"]
K = 10


def _frames(groups: list[tuple[list[str], str, int, int]], year: int = 2024):
    """People and MD events from (race, sex, applied, interviewed) groups."""
    people, events = [], []
    pid = 0
    for race, sex, applied, interviewed in groups:
        for i in range(applied):
            pid += 1
            people.append({"person_id": pid, "race": race, "sex": sex, "citizenship": "citizen"})
            stages = ["applied"] + (["interviewed"] if i < interviewed else [])
            events += [
                {
                    "person_id": pid,
                    "pipeline": "md_admissions",
                    "stage": s,
                    "year": year,
                    "unit": "md",
                }
                for s in stages
            ]
    people_df = pl.DataFrame(people, schema_overrides={"race": pl.List(pl.String)})
    events_df = pl.DataFrame(events, schema_overrides={"year": pl.Int32})
    return people_df, events_df


@pytest.fixture(scope="module")
def small():
    people, events = _frames(
        [
            (["white"], "female", 300, 90),
            (["white"], "male", 250, 70),
            (["black"], "female", 60, 8),
            (["black"], "male", 50, 6),
            (["asian"], "female", 40, 12),
            (["nhpi"], "male", 4, 1),
            (["prefer_not"], "female", 12, 3),
        ]
    )
    spec = ReleaseSpec(pipeline=MD, years=(2024,), k=K)
    return people, events, compute_release(people, events, spec)


def _cell(result, table, group, stage="applied"):
    rows = result.cells.filter(
        (pl.col("table") == table) & (pl.col("group") == group) & (pl.col("stage") == stage)
    )
    assert rows.height == 1
    return rows.row(0, named=True)


def test_counts_and_shares_with_wilson_intervals(small):
    _, _, result = small
    total = _cell(result, "all", "all")
    assert total["count"] == 716
    white = _cell(result, "race_ipeds", "white")
    assert white["count"] == 550 and white["total"] == 716
    assert white["share"] == pytest.approx(550 / 716)
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(550, 716, method="wilson")
    assert (white["ci_low"], white["ci_high"]) == pytest.approx((low, high))
    # Missing answers are rows of their own, never dropped.
    assert _cell(result, "race_omb_alone", "prefer_not")["count"] == 12
    assert _cell(result, "race_omb_alone", "not_answered")["count"] == 0
    assert _cell(result, "veteran", "not_answered")["count"] == 716


def test_small_cells_and_everything_derived_from_them_are_hidden(small):
    _, _, result = small
    nhpi = _cell(result, "race_ipeds", "nhpi")
    assert nhpi["suppressed"] and nhpi["count"] is None and nhpi["share"] is None
    assert nhpi["ci_low"] is None
    # Published counts are zero or at least k.
    published = result.cells.filter(~pl.col("suppressed"))["count"]
    assert ((published == 0) | (published >= K)).all()
    # The one-way table cannot give the hidden cell back by subtraction.
    ipeds = result.cells.filter((pl.col("table") == "race_ipeds") & (pl.col("stage") == "applied"))
    assert ipeds["suppressed"].sum() >= 2
    # Rates, ratios and tests of a hidden cell are hidden too.
    rate = result.transitions.filter(
        (pl.col("table") == "race_ipeds")
        & (pl.col("group") == "nhpi")
        & (pl.col("target") == "interviewed")
    ).row(0, named=True)
    assert rate["suppressed"] and rate["rate"] is None and rate["advanced"] is None
    sel = result.selection.filter(
        (pl.col("table") == "race_ipeds")
        & (pl.col("group") == "nhpi")
        & (pl.col("target") == "interviewed")
    ).row(0, named=True)
    assert sel["ratio"] is None and sel["p_value"] is None and sel["four_fifths_flag"] is None
    rep = result.representation.filter((pl.col("group") == "nhpi") & (pl.col("stage") == "applied"))
    assert rep["suppressed"].all() and rep["p_value"].is_null().all()


def test_linked_tables_leave_every_hidden_cell_uncertain(small):
    """Rebuild the applied stage's linked system and ask the attacker's audit."""
    _, _, result = small
    stage = result.cells.filter(
        (pl.col("stage") == "applied")
        & pl.col("table").is_in(["all", "race_ipeds", "sex", "race_ipeds__sex"])
    )
    published = {(r["table"], r["group"]): r["count"] for r in stage.iter_rows(named=True)}
    constraints = []
    ipeds = [g for t, g in published if t == "race_ipeds"]
    sexes = [g for t, g in published if t == "sex"]
    constraints.append(Constraint(("all", "all"), tuple(("race_ipeds", g) for g in ipeds)))
    constraints.append(Constraint(("all", "all"), tuple(("sex", g) for g in sexes)))
    for r in ipeds:
        constraints.append(
            Constraint(("race_ipeds", r), tuple(("race_ipeds__sex", f"{r}|{s}") for s in sexes))
        )
    for s in sexes:
        constraints.append(
            Constraint(("sex", s), tuple(("race_ipeds__sex", f"{r}|{s}") for r in ipeds))
        )
    ranges = feasible_ranges(published, constraints, integer=True, lower_bound=1)
    assert ranges, "something must be hidden in this release"
    for key, (low, high) in ranges.items():
        assert high > low, f"{key} is pinned to {low}"


def test_reference_group_is_the_largest_group_never_a_small_one(small):
    _, _, result = small
    sel = result.selection.filter(
        (pl.col("table") == "race_ipeds") & (pl.col("target") == "interviewed")
    )
    assert set(sel["reference_group"].drop_nulls()) == {"white"}
    black = sel.filter(pl.col("group") == "black").row(0, named=True)
    assert black["ratio"] == pytest.approx((14 / 110) / (160 / 550))
    assert black["four_fifths_flag"] is True
    from statsmodels.stats.proportion import proportions_ztest

    assert black["test"] == "z"
    assert black["p_value"] == pytest.approx(proportions_ztest([14, 160], [110, 550])[1])


def test_analyst_reference_choice_and_small_reference_refused():
    people, events = _frames(
        [
            (["white"], "female", 200, 50),
            (["black"], "male", 100, 20),
            (["hispanic"], "female", 40, 12),
            (["asian"], "female", 8, 2),
        ]
    )
    spec = ReleaseSpec(pipeline=MD, years=(2024,), reference={"race_ipeds": "black"})
    sel = compute_release(people, events, spec).selection.filter(
        (pl.col("table") == "race_ipeds") & (pl.col("target") == "interviewed")
    )
    assert set(sel["reference_group"].drop_nulls()) == {"black"}
    spec = ReleaseSpec(pipeline=MD, years=(2024,), reference={"race_ipeds": "asian"})
    sel = compute_release(people, events, spec).selection.filter(
        (pl.col("table") == "race_ipeds") & (pl.col("target") == "interviewed")
    )
    assert sel["reference_group"].is_null().all()  # asian has 8 < k people: no reference
    assert not sel["has_reference"].any()
    with pytest.raises(ValueError, match="no such table or group"):
        ReleaseSpec(pipeline=MD, reference={"race_ipeds": "martian"})


def test_fisher_exact_is_used_when_expected_counts_are_small():
    people, events = _frames([(["white"], "female", 2000, 1990), (["black"], "male", 20, 12)])
    sel = compute_release(people, events, ReleaseSpec(pipeline=MD, years=(2024,))).selection
    row = sel.filter(
        (pl.col("table") == "race_ipeds")
        & (pl.col("group") == "black")
        & (pl.col("target") == "interviewed")
    ).row(0, named=True)
    from scipy.stats import fisher_exact

    assert row["test"] == "fisher" and row["z"] is None
    assert row["p_value"] == pytest.approx(fisher_exact([[12, 8], [1990, 10]]).pvalue)


def test_tiny_and_empty_inputs_do_not_crash():
    people, events = _frames([(["white"], "female", 3, 1)])
    result = compute_release(people, events, ReleaseSpec(pipeline=MD, years=(2024,)))
    # A stage-year of fewer than k people is hidden whole, total included.
    assert result.cells.filter(pl.col("count").is_not_null() & (pl.col("count") > 0)).is_empty()
    assert result.selection["p_value"].is_null().all()
    empty = compute_release(people, events.clear(), ReleaseSpec(pipeline=MD, years=(2023, 2024)))
    assert empty.cells.filter(pl.col("table") == "all")["count"].to_list() == [0] * 14
    assert empty.findings == []
    json.dumps(empty.to_dict())


def test_custom_grouping_in_release_is_linked_to_its_dimension(small):
    people, events, _ = small
    groupings = default_groupings(
        [
            {
                "code": "urim",
                "label": "URiM",
                "dimension": "ipeds",
                "groups": {"URiM": ["black", "hispanic", "aian", "nhpi"]},
            }
        ]
    )
    result = compute_release(
        people, events, ReleaseSpec(pipeline=MD, years=(2024,), groupings=groupings)
    )
    urim = _cell(result, "urim", "urim")
    assert urim["count"] in (None, 60 + 50 + 4)  # black + nhpi, unless hidden
    # nhpi (4) is hidden in the IPEDS table; URiM - black must not reveal it,
    # so the black cell (or URiM) is hidden as well.
    black = _cell(result, "race_ipeds", "black")
    assert black["suppressed"] or urim["suppressed"]


def test_cross_scheme_guard_omb_any_versus_alone():
    # 30 Black alone, 3 Black and White: OMB-any Black (33) minus OMB-alone
    # Black (30) would reveal the three multiracial applicants.
    people, events = _frames(
        [
            (["black"], "female", 30, 10),
            (["black", "white"], "male", 3, 1),
            (["white"], "female", 200, 60),
            (["asian"], "male", 40, 10),
        ]
    )
    result = compute_release(people, events, ReleaseSpec(pipeline=MD, years=(2024,)))
    alone = _cell(result, "race_omb_alone", "black")
    anyb = _cell(result, "race_omb_any", "black")
    assert alone["suppressed"] or anyb["suppressed"]
    # The same people under two names share their fate.
    for code in ("prefer_not", "not_answered"):
        assert (
            _cell(result, "race_omb_alone", code)["suppressed"]
            == _cell(result, "race_omb_any", code)["suppressed"]
        )


def test_to_dict_is_json_and_deterministic(small):
    people, events, result = small
    again = compute_release(people, events, ReleaseSpec(pipeline=MD, years=(2024,), k=K))
    first = json.dumps(result.to_dict(), sort_keys=True)
    assert first == json.dumps(again.to_dict(), sort_keys=True)
    data = json.loads(first)
    assert data["parameters"]["k"] == K and data["parameters"]["correction"] == "holm"
    assert "person_id" not in first
    # Freezing round-trips: the rebuilt result publishes the same cells.
    thawed = type(result).from_dict(data)
    assert thawed.cells.height == result.cells.height
    assert [(c.scope, c.filters, c.count) for c in thawed.published_cells()] == [
        (c.scope, c.filters, c.count) for c in result.published_cells()
    ]


@pytest.fixture(scope="module")
def demo():
    pop = generate_population(5, 1.0)
    return pop


def test_demo_release_finds_the_planted_disparity_and_suppresses_cells(demo):
    spec = ReleaseSpec(pipeline=MD, years=tuple(range(2015, 2025)))
    result = compute_release(demo.people, demo.events, spec)
    sel = result.selection.filter(
        (pl.col("table") == "race_ipeds")
        & (pl.col("group") == "black")
        & (pl.col("target") == "interviewed")
    )
    shown = sel.filter(~pl.col("suppressed"))
    assert shown.height >= 8
    assert shown["four_fifths_flag"].all() and (shown["ratio"] < 0.7).all()
    assert shown["significant"].sum() >= 6
    assert result.summary["cells_suppressed"] > 0
    texts = [f["text"] for f in result.findings if f["kind"] == "selection"]
    assert any(
        t.startswith("In 20")
        and "Black or African American applicants" in t
        and "unlikely to be chance" in t
        for t in texts
    )
    assert any(f["kind"] == "trend" and "Hispanic or Latino" in f["text"] for f in result.findings)
    # Every test of the release was corrected together.
    n_tests = sum(
        result.__getattribute__(f)["p_value"].is_not_null().sum()
        for f in ("representation", "selection", "pooled", "trends", "survival_tests")
    )
    assert result.summary["tests"] == n_tests
    # The gap planted in every cycle, pooled across the cycles: one clear answer.
    pooled = result.pooled.filter(
        (pl.col("table") == "race_ipeds")
        & (pl.col("group") == "black")
        & (pl.col("target") == "interviewed")
    ).row(0, named=True)
    assert pooled["significant"] and pooled["odds_ratio"] < 0.7


def test_demo_faculty_survival_and_event_year_transitions(demo):
    spec = ReleaseSpec(
        pipeline=DEFAULT_PIPELINES["faculty"],
        years=tuple(range(2015, 2025)),
        as_of=dt.date(2024, 12, 31),
    )
    result = compute_release(demo.people, demo.events, spec)
    curves = result.survival.filter((pl.col("table") == "sex") & (pl.col("group") == "male"))
    published = curves.filter(~pl.col("suppressed"))
    assert published.height >= 3
    assert (published["survival"].diff().drop_nulls() <= 1e-12).all()  # never rises
    assert (published["at_risk"] >= 10).all()
    tests = result.survival_tests.filter(pl.col("table") == "sex")
    assert set(tests["reference_group"].drop_nulls()) <= {"female", "male"}
    # The advanced counts of event-year transitions are new counts: the guard
    # sees them too, and finds nothing to subtract within the release.
    from belong.privacy import find_differencing_risks

    cells = result.published_cells("faculty")
    assert any(c.scope == ("faculty", "hired>retained_3y") for c in cells)
    risks = find_differencing_risks(cells, k=K)
    assert risks == [], [r.explain() for r in risks[:2]]
    # Event-year pipelines publish no intersection rates for new counts.
    inter = result.transitions.filter(
        (pl.col("table") == "race_ipeds__sex") & (pl.col("target") == "retained_3y")
    )
    assert inter["suppressed"].all()


def test_published_cells_feed_the_differencing_guard(demo):
    from belong.privacy import find_differencing_risks

    spec = ReleaseSpec(pipeline=MD, years=(2023, 2024))
    pooled = compute_release(demo.people, demo.events, spec).published_cells("pooled")
    assert pooled and all(c.count >= 0 for c in pooled)
    # Within one release, no two published cells subtract into 1..k-1 people.
    risks = find_differencing_risks(pooled, k=K)
    assert risks == [], [r.explain() for r in risks[:3]]
    # A per-unit release published after the pooled one is checked against it.
    md_only = ReleaseSpec(pipeline=MD, years=(2023, 2024), units=("md",))
    unit = compute_release(demo.people, demo.events, md_only).published_cells("md")
    assert all(c.filters["unit"] == frozenset({"md"}) for c in unit)
    assert np.all([isinstance(c.key, tuple) for c in unit])


def test_a_group_with_nobody_at_the_source_stage_has_no_test(small):
    """0/0 is not a rate: such rows carry no test and stay out of the Holm family."""
    from statsmodels.stats.multitest import multipletests

    _, _, result = small
    keys = ["source", "target", "year", "table", "group"]
    sel = result.selection.join(result.transitions.select(*keys, "entered"), on=keys)
    # Nobody in this population was offered a place: every offered -> matriculated
    # row starts from 0 people.
    empty = sel.filter(pl.col("entered") == 0)
    assert empty.height > 0
    assert empty["p_value"].is_null().all() and empty["test"].is_null().all()
    # The family is exactly the tested rows of every frame, corrected together.
    frames = [result.representation, result.selection, result.trends, result.survival_tests]
    tested = pl.concat([f.select("p_value", "p_adjusted") for f in frames]).drop_nulls("p_value")
    expected = multipletests(tested["p_value"].to_numpy(), method="holm")[1]
    assert np.allclose(tested["p_adjusted"].to_numpy(), expected)
