"""The pooled frame of a release: a gap across years, protection, findings and headlines."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.contingency_tables import StratifiedTable

from belong.equity.analytics import DEFAULT_PIPELINES, ReleaseResult, ReleaseSpec, compute_release
from belong.equity.analytics.groupings import single_grouping
from belong.equity.analytics.headlines import headlines

MD = DEFAULT_PIPELINES["md_admissions"]
YEARS = tuple(range(2018, 2025))


def _frames(groups_by_year: dict[int, list[tuple[str, str, int, int]]]):
    """People and MD events from (race, sex, applied, interviewed) per year."""
    people, events = [], []
    pid = 0
    for year, groups in groups_by_year.items():
        for race, sex, applied, interviewed in groups:
            for i in range(applied):
                pid += 1
                people.append(
                    {"person_id": pid, "race": [race], "sex": sex, "citizenship": "citizen"}
                )
                for stage in ["applied"] + (["interviewed"] if i < interviewed else []):
                    events.append(
                        {
                            "person_id": pid,
                            "pipeline": "md_admissions",
                            "stage": stage,
                            "year": year,
                            "unit": "md",
                        }
                    )
    return (
        pl.DataFrame(people, schema_overrides={"race": pl.List(pl.String)}),
        pl.DataFrame(events, schema_overrides={"year": pl.Int32}),
    )


def _year(year: int) -> list[tuple[str, str, int, int]]:
    # Black applicants are interviewed at about 0.7 times the rate of everyone else, every
    # year; Asian applicants' gap flips direction from year to year.
    flip = 1 if year % 2 else -1
    return [
        ("white", "female", 260, 78),
        ("white", "male", 240, 72),
        ("black", "female", 40, 8),
        ("black", "male", 40, 9),
        ("asian", "female", 60, 30 if flip > 0 else 12),
        ("asian", "male", 60, 30 if flip > 0 else 12),
        # Few enough to be hidden in 2020 only.
        ("hispanic", "female", 40 if year != 2020 else 6, 12 if year != 2020 else 2),
    ]


@pytest.fixture(scope="module")
def release():
    people, events = _frames({y: _year(y) for y in YEARS})
    groupings = (single_grouping("ipeds"), single_grouping("sex"))
    spec = ReleaseSpec(pipeline=MD, groupings=groupings, benchmarks=(), k=10)
    return compute_release(people, events, spec)


def _row(result: ReleaseResult, table: str, group: str) -> dict:
    rows = result.pooled.filter(
        (pl.col("table") == table)
        & (pl.col("group") == group)
        & (pl.col("source") == "applied")
        & (pl.col("target") == "interviewed")
    )
    assert rows.height == 1
    return rows.row(0, named=True)


def _published(result: ReleaseResult, table: str, group: str):
    """The yearly 2x2 tables a reader rebuilds from the published cells alone: the years
    where the group's and everyone's applicants and interviewees are all shown."""
    cells = result.cells.filter(pl.col("stage").is_in(["applied", "interviewed"]))

    def count(stage: str, tab: str, grp: str, year: int) -> int | None:
        row = cells.filter(
            (pl.col("stage") == stage)
            & (pl.col("table") == tab)
            & (pl.col("group") == grp)
            & (pl.col("year") == year)
        ).row(0, named=True)
        return None if row["suppressed"] else int(row["count"])

    years, tables = [], []
    for y in YEARS:
        e, x = count("applied", table, group, y), count("interviewed", table, group, y)
        te, tx = count("applied", "all", "all", y), count("interviewed", "all", "all", y)
        if None in (e, x, te, tx):
            continue
        years.append(y)
        tables.append(np.array([[x, e - x], [tx - x, te - e - (tx - x)]]))
    return years, tables


def test_a_gap_every_year_that_no_year_shows_is_significant_pooled(release):
    black = _row(release, "race_ipeds", "black")
    per_year = release.selection.filter(
        (pl.col("table") == "race_ipeds")
        & (pl.col("group") == "black")
        & (pl.col("target") == "interviewed")
    )
    assert per_year.height == len(YEARS)
    assert not per_year["significant"].any()  # each year alone: could be chance
    years, tables = _published(release, "race_ipeds", "black")
    assert len(years) >= 5
    assert black["years_pooled"] == len(years)
    assert black["years_left_out"] == len(YEARS) - len(years)
    assert black["significant"] and black["odds_ratio"] < 0.75
    assert not black["reversal"]
    # Independently: statsmodels over the tables a reader rebuilds from published cells.
    st = StratifiedTable(tables)
    assert black["odds_ratio"] == pytest.approx(st.oddsratio_pooled, rel=1e-9)
    low, high = st.oddsratio_pooled_confint()
    assert (black["ci_low"], black["ci_high"]) == pytest.approx((low, high), rel=1e-9)
    assert black["p_value"] == pytest.approx(st.test_null_odds().pvalue, rel=1e-9)
    bd = st.test_equal_odds()
    assert black["homogeneity_p_value"] == pytest.approx(bd.pvalue, rel=1e-9)


def test_pooled_tests_join_the_release_family(release):
    p = release.pooled["p_value"].drop_nulls()
    assert release.summary["pooled_tests"] == p.len() > 0
    tested = sum(
        int(getattr(release, name)["p_value"].is_not_null().sum())
        for name in ("representation", "selection", "pooled", "trends", "survival_tests")
        if getattr(release, name).height
    )
    assert release.summary["tests"] == tested
    # Holm over the whole family: adjusted at least the raw p-value, and more than it.
    black = _row(release, "race_ipeds", "black")
    assert black["p_adjusted"] > black["p_value"]


def test_pooling_that_hides_a_reversal_says_so(release):
    asian = _row(release, "race_ipeds", "asian")
    assert asian["years_below"] > 0 and asian["years_above"] > 0
    assert asian["homogeneity_p_value"] < 0.001
    assert asian["reversal"]
    text = next(
        f["text"] for f in release.findings if f["kind"] == "pooled" and f["group"] == "asian"
    )
    assert "went one way in" in text and "read the years one by one" in text


def test_a_year_with_a_hidden_count_is_left_out_of_the_pooled_figure(release):
    hidden = release.cells.filter(
        (pl.col("table") == "race_ipeds") & (pl.col("group") == "hispanic") & pl.col("suppressed")
    )
    assert 2020 in set(hidden["year"].to_list())
    row = _row(release, "race_ipeds", "hispanic")
    years, tables = _published(release, "race_ipeds", "hispanic")
    assert 2020 not in years
    assert row["years_pooled"] == len(years) and row["years_left_out"] == len(YEARS) - len(years)
    st = StratifiedTable(tables)
    assert row["odds_ratio"] == pytest.approx(st.oddsratio_pooled, rel=1e-9)
    assert row["p_value"] == pytest.approx(st.test_null_odds().pvalue, rel=1e-9)
    # The pooled counts are sums of published counts only.
    assert row["entered"] == sum(int(t[0].sum()) for t in tables)
    assert row["advanced"] == sum(int(t[0, 0]) for t in tables)


def test_the_lead_finding_and_headline_are_the_gap_no_year_showed(release):
    first = release.findings[0]
    assert first["kind"] == "pooled" and first["group"] == "black"
    assert "No single year was conclusive" in first["text"]
    assert first["text"].startswith("Across ") and "2018 and 2024" in first["text"]
    assert "taken together, Black or African American applicants were interviewed" in first["text"]
    frozen = ReleaseResult.from_dict(json.loads(json.dumps(release.to_dict())))
    frames = {name: getattr(frozen, name) for name in ReleaseResult.FRAMES}
    top = headlines(frozen.parameters, frames)[0]
    assert top.kind == "pooled" and "Black or African American applicants" in top.text
    assert "less often than other applicants" in top.text


def test_one_year_or_pooled_years_have_no_pooled_frame():
    people, events = _frames({2024: _year(2024)})
    spec = ReleaseSpec(pipeline=MD, groupings=(single_grouping("ipeds"),), benchmarks=())
    assert compute_release(people, events, spec).pooled.is_empty()
    people, events = _frames({y: _year(y) for y in (2023, 2024)})
    spec = ReleaseSpec(
        pipeline=MD, groupings=(single_grouping("ipeds"),), benchmarks=(), pool_years=True
    )
    result = compute_release(people, events, spec)
    assert result.pooled.is_empty()
    assert "pooled" in result.to_dict()


def test_pages_show_all_years_together_and_the_summary_leads_with_it(release):
    from belong.equity import presentation
    from belong.publishing.frozen import FrozenTables

    labels = presentation.Labels(FrozenTables.of(release.to_dict()), k=10)
    page = presentation.page(
        labels, {"table": "race_ipeds", "year": "2024", "transition": "applied>interviewed"}
    )
    block = next(b for b in page.blocks if b.key == "all-years")
    rows = {r.header: r for r in block.tables[0].rows}
    black = rows["Black or African American"]
    assert black.flagged and [c.text for c in black.cells][5] == "Yes"
    assert rows["Asian"].cells[6].text.startswith("No: it changes direction")
    summary = presentation.summary(labels)
    assert "No single year was conclusive" in summary.findings[0]
    assert "pooled" in presentation.EXPORTABLE
    facts = {f.term: f.text for f in presentation.methods(labels, object())}
    assert "Cochran-Mantel-Haenszel" in facts["All years together"]


def test_a_release_frozen_before_pooled_tests_reads_as_before(release):
    from belong.equity import presentation
    from belong.publishing.frozen import FrozenTables

    old = release.to_dict()
    del old["pooled"]
    old["findings"] = [f for f in old["findings"] if f["kind"] != "pooled"]
    labels = presentation.Labels(FrozenTables.of(old), k=10)
    page = presentation.page(labels, {"table": "race_ipeds", "transition": "applied>interviewed"})
    assert "all-years" not in {b.key for b in page.blocks}
    assert "No single year" not in " ".join(presentation.summary(labels).findings)
    assert ReleaseResult.from_dict(old).pooled.is_empty()


_SIZES = st.integers(min_value=0, max_value=70)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(_SIZES, _SIZES, _SIZES, st.floats(0.05, 0.6), st.floats(0.05, 0.6)),
        min_size=3,
        max_size=4,
    )
)
def test_every_pooled_figure_is_rebuilt_from_published_counts_alone(years_of_sizes) -> None:
    """Whatever is hidden, a pooled figure equals statsmodels over the years whose four
    numbers a reader can work out from the published cells; no other year enters it."""
    groups_by_year = {}
    for i, (white, black, asian, rate_a, rate_b) in enumerate(years_of_sizes):
        groups_by_year[2020 + i] = [
            ("white", "female", white, int(white * rate_a)),
            ("black", "male", black, int(black * rate_b)),
            ("asian", "female", asian, int(asian * rate_a)),
        ]
    people, events = _frames(groups_by_year)
    if people.is_empty():
        return
    spec = ReleaseSpec(
        pipeline=MD,
        groupings=(single_grouping("ipeds"), single_grouping("sex")),
        benchmarks=(),
    )
    result = compute_release(people, events, spec)
    years = sorted(groups_by_year)
    cells = result.cells.filter(pl.col("stage").is_in(["applied", "interviewed"]))
    shown = {
        (r["stage"], r["table"], r["group"], r["year"]): r["count"]
        for r in cells.filter(~pl.col("suppressed")).iter_rows(named=True)
    }
    everyone = {r["group"] for r in cells.iter_rows(named=True) if r["table"] == "sex"}
    races = {r["group"] for r in cells.iter_rows(named=True) if r["table"] == "race_ipeds"}
    for row in result.pooled.filter(pl.col("target") == "interviewed").iter_rows(named=True):
        tables = []
        for y in years:
            e = shown.get(("applied", row["table"], row["group"], y))
            x = shown.get(("interviewed", row["table"], row["group"], y))
            te = shown.get(("applied", "all", "all", y))
            tx = shown.get(("interviewed", "all", "all", y))
            if tx is None:  # or as the sum of a table whose every count is shown
                for table, groups in (("sex", everyone), ("race_ipeds", races)):
                    counts = [shown.get(("interviewed", table, g, y)) for g in groups]
                    if None not in counts:
                        tx = sum(counts)
            if None in (e, x, te, tx) or not e:
                continue
            tables.append(np.array([[x, e - x], [tx - x, te - e - (tx - x)]]))
        assert row["years_pooled"] == len(tables), row
        assert row["entered"] == sum(int(t[0].sum()) for t in tables)
        assert row["advanced"] == sum(int(t[0, 0]) for t in tables)
        if row["suppressed"]:
            assert row["odds_ratio"] is None and row["p_value"] is None
            continue
        st_ = StratifiedTable(tables)
        assert row["odds_ratio"] == pytest.approx(st_.oddsratio_pooled, rel=1e-9)
        assert row["p_value"] == pytest.approx(st_.test_null_odds().pvalue, rel=1e-9, abs=1e-15)
