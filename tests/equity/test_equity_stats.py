"""The vectorised statistics against their scipy and statsmodels references."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps
from statsmodels.duration.survfunc import SurvfuncRight, survdiff
from statsmodels.stats.contingency_tables import Table
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from belong.equity.analytics import stats


def test_wilson_interval_matches_statsmodels_over_many_cells():
    rng = np.random.default_rng(1)
    n = rng.integers(1, 500, 2000)
    x = (rng.random(2000) * (n + 1)).astype(int)
    x[:5], n[:5] = [0, 1, 1, 0, 3], [1, 1, 2, 50, 3]
    low, high = stats.wilson_interval(x, n)
    ref_low, ref_high = proportion_confint(x, n, alpha=0.05, method="wilson")
    np.testing.assert_allclose(low, np.clip(ref_low, 0, 1), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(high, np.clip(ref_high, 0, 1), rtol=1e-12, atol=1e-15)


def test_wilson_interval_empty_cell_is_nan():
    low, high = stats.wilson_interval(np.array([0]), np.array([0]))
    assert np.isnan(low[0]) and np.isnan(high[0])


def _binomtest(k: int, n: int, p: float) -> float:
    return sps.binomtest(k, n, p).pvalue


def test_binomial_test_equals_scipy_binomtest_over_random_and_edge_cases():
    rng = np.random.default_rng(2)
    size = 4000
    n = rng.integers(1, 80, size)
    k = (rng.random(size) * (n + 1)).astype(int)
    p = np.where(
        rng.random(size) < 0.5,
        rng.random(size),
        rng.choice([0.0, 1.0, 0.5, 0.25, 1 / 3, 0.01, 0.99], size),
    )
    # Edge cases: p of 0 and 1, k at the ends, one trial, k exactly n*p.
    edge = [
        (0, 5, 0.0),
        (1, 5, 0.0),
        (5, 5, 1.0),
        (4, 5, 1.0),
        (0, 1, 0.5),
        (1, 1, 0.5),
        (5, 10, 0.5),
        (3, 9, 1 / 3),
        (0, 60, 0.001),
        (60, 60, 0.999),
        (2, 3, 0.2),
    ]
    k = np.concatenate([k, [e[0] for e in edge]])
    n = np.concatenate([n, [e[1] for e in edge]])
    p = np.concatenate([p, [e[2] for e in edge]])
    got = stats.binomial_test(k, n, p)
    want = np.array([_binomtest(int(a), int(b), float(c)) for a, b, c in zip(k, n, p, strict=True)])
    np.testing.assert_array_equal(got, want)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 3000),
    st.one_of(st.sampled_from([0.0, 1.0]), st.floats(1e-9, 1 - 1e-9)),
    st.data(),
)
def test_binomial_test_property_large_n(n, p, data):
    k = data.draw(st.integers(0, n))
    assert stats.binomial_test(np.array([k]), np.array([n]), np.array([p]))[0] == _binomtest(
        k, n, p
    )


def test_binomial_test_no_trials_is_nan():
    assert np.isnan(stats.binomial_test(np.array([0]), np.array([0]), np.array([0.5]))[0])


def test_fisher_exact_equals_scipy_including_degenerate_tables():
    rng = np.random.default_rng(3)
    tables = rng.integers(0, 25, (3000, 4))
    tables[:6] = [
        [0, 0, 3, 4],
        [0, 5, 0, 2],
        [1, 0, 0, 0],
        [0, 0, 0, 0],
        [10, 0, 0, 10],
        [7, 3, 2, 8],
    ]
    got = stats.fisher_exact_test(*tables.T)
    want = np.array([sps.fisher_exact(t.reshape(2, 2)).pvalue for t in tables])
    np.testing.assert_array_equal(got, want)


def test_fisher_exact_large_unbalanced_tables():
    a = np.array([3, 0, 12, 1])
    b = np.array([17, 20, 8, 40])
    c = np.array([900, 1500, 40, 2000])
    d = np.array([600, 300, 3000, 5])
    got = stats.fisher_exact_test(a, b, c, d)
    want = [
        sps.fisher_exact([[w, x], [y, z]]).pvalue for w, x, y, z in zip(a, b, c, d, strict=True)
    ]
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_two_proportion_z_matches_statsmodels():
    rng = np.random.default_rng(4)
    n1, n2 = rng.integers(5, 900, 500), rng.integers(5, 900, 500)
    x1, x2 = (rng.random(500) * n1).astype(int) + 1, (rng.random(500) * n2).astype(int)
    z, p = stats.two_proportion_z(x1, n1, x2, n2)
    for i in range(500):
        zr, pr = proportions_ztest([x1[i], x2[i]], [n1[i], n2[i]])
        assert z[i] == pytest.approx(zr, rel=1e-12)
        assert p[i] == pytest.approx(pr, rel=1e-9, abs=1e-300)


def test_two_proportion_z_identical_extreme_rates_is_not_a_difference():
    z, p = stats.two_proportion_z(
        np.array([0, 5]), np.array([10, 5]), np.array([0, 8]), np.array([7, 8])
    )
    assert list(z) == [0.0, 0.0] and list(p) == [1.0, 1.0]


def _ca_reference(x, n, t):
    """Textbook Cochran-Armitage z, written out term by term."""
    x, n, t = (np.asarray(v, dtype=float) for v in (x, n, t))
    big_n = n.sum()
    p = x.sum() / big_n
    stat = np.sum(t * (x - n * p))
    var = p * (1 - p) * (np.sum(n * t**2) - np.sum(n * t) ** 2 / big_n)
    return stat / np.sqrt(var)


def test_cochran_armitage_matches_hand_formula_and_statsmodels():
    rng = np.random.default_rng(5)
    years = np.arange(2015, 2025)
    sid, xs, ns, ts, refs, sm = [], [], [], [], [], []
    for series in range(40):
        n = rng.integers(20, 400, years.size)
        x = rng.binomial(n, np.linspace(0.2, 0.2 + 0.02 * (series % 7), years.size))
        sid.append(np.full(years.size, series))
        xs.append(x)
        ns.append(n)
        ts.append(years)
        refs.append(_ca_reference(x, n, years))
        table = Table(np.vstack([n - x, x]))
        res = table.test_ordinal_association(row_scores=np.array([0, 1]), col_scores=years)
        sm.append(res.zscore)
    out = stats.cochran_armitage(
        np.concatenate(sid), np.concatenate(xs), np.concatenate(ns), np.concatenate(ts)
    )
    np.testing.assert_allclose(out["z"], refs, rtol=1e-9)
    big_n = np.array([n.sum() for n in ns])
    # statsmodels uses Mantel's N - 1 variance: z_sm = z * sqrt((N - 1) / N).
    np.testing.assert_allclose(out["z"] * np.sqrt((big_n - 1) / big_n), sm, rtol=1e-9)
    np.testing.assert_allclose(out["pvalue"], 2 * sps.norm.sf(np.abs(refs)), rtol=1e-9)


def test_cochran_armitage_slope_sign_agrees_with_logistic_regression():
    import statsmodels.api as sm

    years = np.arange(10, dtype=float)
    n = np.full(10, 300)
    x = np.round(n * np.linspace(0.1, 0.3, 10)).astype(int)
    out = stats.cochran_armitage(np.zeros(10, dtype=int), x, n, years)
    glm = sm.GLM(
        np.column_stack([x, n - x]), sm.add_constant(years), family=sm.families.Binomial()
    ).fit()
    assert np.sign(out["slope"][0]) == np.sign(glm.params[1]) == 1
    assert out["pvalue"][0] < 1e-6 and glm.pvalues[1] < 1e-6


def test_cochran_armitage_tiny_and_flat_series():
    out = stats.cochran_armitage(
        np.array([0, 1, 1, 2, 2]),
        np.array([3, 0, 0, 5, 5]),
        np.array([10, 10, 10, 5, 5]),
        np.array([0, 0, 1, 0, 1]),
    )
    assert np.isnan(out["z"][0])  # one year only
    assert out["z"][1] == 0.0 and out["pvalue"][1] == 1.0  # nobody in either year
    assert out["z"][2] == 0.0  # everybody in every year


def _survival_data(rng, n, scale):
    t = np.round(rng.exponential(scale, n), 1) + 0.1
    e = rng.random(n) < 0.7
    return t, e


def test_kaplan_meier_matches_scipy_ecdf_and_statsmodels():
    rng = np.random.default_rng(6)
    groups, times, events = [], [], []
    for g, (n, scale) in enumerate([(60, 3.0), (15, 5.0), (1, 2.0), (40, 1.0)]):
        t, e = _survival_data(rng, n, scale)
        groups.append(np.full(n, g))
        times.append(t)
        events.append(e)
    g, t, e = np.concatenate(groups), np.concatenate(times), np.concatenate(events)
    km = stats.kaplan_meier(g, t, e, 5)
    assert not (km["group"] == 4).any()  # an empty group has no curve
    for gi in range(4):
        sel = g == gi
        mine = km["group"] == gi
        if e[sel].any():
            ref = sps.ecdf(sps.CensoredData(uncensored=t[sel][e[sel]], right=t[sel][~e[sel]]))
            np.testing.assert_allclose(km["time"][mine], ref.sf.quantiles)
            np.testing.assert_allclose(km["survival"][mine], ref.sf.probabilities, atol=1e-12)
        sf = SurvfuncRight(t[sel], e[sel].astype(int))
        at_events = np.isin(km["time"][mine], sf.surv_times)
        np.testing.assert_allclose(km["survival"][mine][at_events], sf.surv_prob, atol=1e-12)
        np.testing.assert_array_equal(km["at_risk"][mine][at_events], sf.n_risk)


def test_logrank_matches_scipy_and_survdiff():
    rng = np.random.default_rng(7)
    data = [_survival_data(rng, n, s) for n, s in [(80, 3.0), (30, 4.5), (12, 2.0)]]
    g = np.concatenate([np.full(d[0].size, i) for i, d in enumerate(data)])
    t = np.concatenate([d[0] for d in data])
    e = np.concatenate([d[1] for d in data])
    z, p = stats.logrank_against(g, t, e, 4, reference=0)
    assert np.isnan(z[0]) and np.isnan(z[3])  # the reference itself; an empty group
    x0 = sps.CensoredData(uncensored=t[g == 0][e[g == 0]], right=t[g == 0][~e[g == 0]])
    for gi in (1, 2):
        xi = sps.CensoredData(uncensored=t[g == gi][e[g == gi]], right=t[g == gi][~e[g == gi]])
        ref = sps.logrank(xi, x0)
        assert z[gi] == pytest.approx(ref.statistic, rel=1e-10)
        assert p[gi] == pytest.approx(ref.pvalue, rel=1e-10)
        pair = np.isin(g, [0, gi])
        chi2, p_sd = survdiff(t[pair], e[pair].astype(int), g[pair])
        assert z[gi] ** 2 == pytest.approx(chi2, rel=1e-10)
        assert p[gi] == pytest.approx(p_sd, rel=1e-9)


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
def test_adjust_pvalues_matches_multipletests_and_skips_untested(method):
    rng = np.random.default_rng(8)
    p = rng.random(300) ** 3
    p[::7] = np.nan
    got = stats.adjust_pvalues(p, method)
    present = ~np.isnan(p)
    np.testing.assert_allclose(got[present], multipletests(p[present], method=method)[1])
    assert np.isnan(got[~present]).all()


def test_adjust_pvalues_empty_and_unknown_method():
    assert stats.adjust_pvalues(np.zeros(0), "holm").size == 0
    with pytest.raises(ValueError, match="unknown correction"):
        stats.adjust_pvalues(np.array([0.1]), "bonferonni")
