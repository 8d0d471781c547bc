"""Survey results' statistics against scipy and statsmodels reference values."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sp
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from belong.surveys.results import stats
from belong.surveys.results.design import ItemInfo, scale_scores
from belong.surveys.scoring import ScoredItem, scale_score
from tests.surveys.results_data import AGREE, columns, design

RNG = np.random.default_rng(20261203)


def test_mean_interval_is_scipys_t_interval() -> None:
    values = RNG.integers(1, 6, size=37).astype(float)
    found = stats.mean_interval(values)
    low, high = sp.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=sp.sem(values))
    assert found.n == 37
    assert found.mean == pytest.approx(values.mean())
    assert (found.low, found.high) == (pytest.approx(low), pytest.approx(high))


def test_mean_interval_of_one_value_has_no_interval() -> None:
    found = stats.mean_interval(np.array([3.0]))
    assert found.mean == 3.0 and found.low is None and found.high is None


def test_compare_scores_is_welch_with_mann_whitney_beside_it() -> None:
    group, rest = RNG.normal(3.4, 0.8, 40), RNG.normal(3.0, 1.1, 90)
    found = stats.compare_scores(group, rest)
    welch = sp.ttest_ind(group, rest, equal_var=False)
    u = sp.mannwhitneyu(group, rest, alternative="two-sided", method="asymptotic")
    assert found.statistic == pytest.approx(welch.statistic)
    assert found.p == pytest.approx(welch.pvalue)
    assert found.p_rank == pytest.approx(u.pvalue)


def test_mann_whitney_from_one_ranking_is_scipys_asymptotic_test() -> None:
    scores = RNG.integers(4, 21, size=300) / 4  # scale means: many ties
    mask = RNG.random(300) < 0.3
    found = stats.mann_whitney_p(stats.Ranked.of(scores), mask)
    expected = sp.mannwhitneyu(scores[mask], scores[~mask], method="asymptotic").pvalue
    assert found == pytest.approx(expected)


def test_compare_scores_without_any_spread_is_no_test() -> None:
    assert stats.compare_scores(np.full(10, 4.0), np.full(12, 4.0)).p is None


@pytest.mark.parametrize(
    ("count", "n", "rest_count", "rest_n"), [(30, 50, 80, 200), (9, 40, 60, 90)]
)
def test_compare_shares_is_pearsons_chi_square_without_correction(
    count: int, n: int, rest_count: int, rest_n: int
) -> None:
    found = stats.compare_shares(count, n, rest_count, rest_n)
    table = [[count, n - count], [rest_count, rest_n - rest_count]]
    chi2, p, _, _ = sp.chi2_contingency(table, correction=False)
    assert found.test == "chi2"
    assert found.statistic == pytest.approx(chi2) and found.p == pytest.approx(p)


def test_compare_shares_with_small_expected_counts_is_fishers_exact() -> None:
    found = stats.compare_shares(5, 6, 10, 30)
    _odds, p = sp.fisher_exact([[5, 1], [10, 20]])
    assert found.test == "fisher" and found.p == pytest.approx(p)


@pytest.mark.parametrize(("count", "n"), [(0, 12), (7, 12), (12, 12), (431, 1000)])
def test_share_interval_is_wilsons(count: int, n: int) -> None:
    low, high = proportion_confint(count, n, alpha=0.05, method="wilson")
    assert stats.share_interval(count, n) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
def test_adjust_is_statsmodels_multipletests_and_keeps_gaps(method: str) -> None:
    pvalues = [0.01, None, 0.04, 0.03, 0.2]
    expected = multipletests([0.01, 0.04, 0.03, 0.2], method=method)[1]
    found = stats.adjust(pvalues, method)
    assert found[1] is None
    assert [found[i] for i in (0, 2, 3, 4)] == pytest.approx(list(expected))


def test_adjust_refuses_an_unknown_correction() -> None:
    with pytest.raises(ValueError, match="not a correction"):
        stats.adjust([0.1], "bonferonni")


def test_scale_scores_match_the_scoring_rule_response_by_response() -> None:
    d = design(items=4)
    cols = columns(d, [{"gender": "woman"}] * 60, seed=3)
    # Leave some answers out: three of four (scored), one of four (no score).
    cols.likert["q0"][:10] = np.nan
    cols.likert["q1"][5:10] = np.nan
    cols.likert["q2"][5:10] = np.nan
    found = scale_scores(d, cols)["all"]
    items = [ScoredItem(i.code, i.points, i.reverse) for i in d.items if i.kind == "likert"]
    for r in range(60):
        answers = {code: (None if np.isnan(v[r]) else int(v[r])) for code, v in cols.likert.items()}
        expected = scale_score(items, answers)
        if expected is None:
            assert np.isnan(found[r])
        else:
            assert found[r] == pytest.approx(expected)


def test_favourable_is_the_top_two_points_or_the_bottom_two_when_reversed() -> None:
    assert ItemInfo("a", "A", "likert", AGREE).favourable == (4, 5)
    assert ItemInfo("b", "B", "likert", AGREE, reverse=True).favourable == (1, 2)
    assert ItemInfo("c", "C", "likert", (("0", "No"), ("1", "Yes"))).favourable == (1,)
