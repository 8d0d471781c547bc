"""Shipped Census benchmark and the analyst CSV reader."""

from __future__ import annotations

import io

import pytest

from belong.equity.analytics import CENSUS_2020_US, BenchmarkError, read_benchmark_csv


def test_census_2020_published_figures_and_ipeds_mapping():
    assert sum(CENSUS_2020_US.published_figures.values()) == pytest.approx(100.0)
    assert CENSUS_2020_US.scheme == "race_ipeds"
    assert sum(CENSUS_2020_US.shares.values()) == pytest.approx(1.0)
    # "Some other race alone" (0.5%) is left out and the rest renormalised.
    assert CENSUS_2020_US.shares["white"] == pytest.approx(57.8 / 99.5)
    assert set(CENSUS_2020_US.shares) == {
        "hispanic",
        "white",
        "black",
        "asian",
        "aian",
        "nhpi",
        "two_or_more",
    }
    assert CENSUS_2020_US.year == 2020 and CENSUS_2020_US.geography == "United States"
    assert "Some other race" in CENSUS_2020_US.notes


def test_read_benchmark_csv_shares_counts_and_percentages():
    text = (
        "scheme,group,share\n"
        "ipeds,white,50\nipeds,black,30\nipeds,hispanic,20\n"
        "sex,female,0.6\nsex,male,0.4\n"
    )
    out = read_benchmark_csv(io.StringIO(text), code="county", source="County health survey")
    assert out["race_ipeds"].shares == {"white": 0.5, "black": 0.3, "hispanic": 0.2}
    assert out["sex"].shares["female"] == pytest.approx(0.6)
    counts = read_benchmark_csv(io.StringIO("scheme,group,count\nsex,female,30\nsex,male,10\n"))
    assert counts["sex"].shares == {"female": 0.75, "male": 0.25}


def test_read_benchmark_csv_reports_every_problem_with_row_and_column():
    text = (
        "scheme,group,share\n"
        "ipeds,white,0.5\n"
        "ipeds,martian,0.1\n"
        "shoe,big,0.2\n"
        "ipeds,black,-0.1\n"
        "ipeds,asian,lots\n"
        "ipeds,white,0.2\n"
    )
    with pytest.raises(BenchmarkError) as err:
        read_benchmark_csv(io.StringIO(text))
    problems = err.value.problems
    assert any("row 3, column 'group'" in p and "martian" in p for p in problems)
    assert any("row 4, column 'scheme'" in p for p in problems)
    assert any("row 5, column 'share'" in p and "zero or more" in p for p in problems)
    assert any("row 6, column 'share'" in p and "not a number" in p for p in problems)
    assert any("row 7" in p and "twice" in p for p in problems)


def test_read_benchmark_csv_shares_must_sum_to_one():
    with pytest.raises(BenchmarkError, match=r"sum to 0\.7"):
        read_benchmark_csv(io.StringIO("scheme,group,share\nsex,female,0.4\nsex,male,0.3\n"))


def test_read_benchmark_csv_missing_columns_and_special_rows():
    with pytest.raises(BenchmarkError, match="row 1: needs a 'share' or a 'count'"):
        read_benchmark_csv(io.StringIO("scheme,group,value\nsex,female,1\n"))
    with pytest.raises(BenchmarkError, match="not a group"):
        read_benchmark_csv(io.StringIO("scheme,group,share\nsex,prefer_not,1\n"))
    with pytest.raises(BenchmarkError, match="no benchmark rows"):
        read_benchmark_csv(io.StringIO("scheme,group,share\n"))
