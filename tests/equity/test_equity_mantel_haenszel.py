"""The pooled (Cochran-Mantel-Haenszel) statistics against statsmodels and a textbook."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.contingency_tables import StratifiedTable

from belong.equity.analytics.mantel_haenszel import mantel_haenszel

# Berkeley graduate admissions, 1973 (R's UCBAdmissions; Bickel, Hammel and O'Connell,
# Science 1975): per department, men admitted / rejected, women admitted / rejected.
# Pooled over departments men were admitted more often; within departments, not.
BERKELEY = {
    "A": (512, 313, 89, 19),
    "B": (353, 207, 17, 8),
    "C": (120, 205, 202, 391),
    "D": (138, 279, 131, 244),
    "E": (53, 138, 94, 299),
    "F": (22, 351, 24, 317),
}


def _one(tables: list[tuple[int, int, int, int]]) -> dict[str, float]:
    arr = np.asarray(tables)
    out = mantel_haenszel(
        np.zeros(len(tables), dtype=int), arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3], 1
    )
    return {k: float(v[0]) for k, v in out.items()}


def _statsmodels(tables: list[tuple[int, int, int, int]]) -> dict[str, float]:
    st = StratifiedTable([np.array([[a, b], [c, d]]) for a, b, c, d in tables])
    low, high = st.oddsratio_pooled_confint()
    null, equal = st.test_null_odds(correction=False), st.test_equal_odds(adjust=False)
    return {
        "odds_ratio": st.oddsratio_pooled,
        "ci_low": low,
        "ci_high": high,
        "statistic": null.statistic,
        "p_value": null.pvalue,
        "homogeneity_statistic": equal.statistic,
        "homogeneity_p_value": equal.pvalue,
    }


def test_berkeley_admissions_match_published_values():
    """R's ``mantelhaen.test(UCBAdmissions)`` and the Breslow-Day test published for it."""
    got = _one(list(BERKELEY.values()))
    # Common odds ratio 0.9046968, 95% CI 0.7719074 to 1.0603298 (R, documented output).
    assert got["odds_ratio"] == pytest.approx(0.9046968, abs=5e-7)
    assert got["ci_low"] == pytest.approx(0.7719074, abs=5e-7)
    assert got["ci_high"] == pytest.approx(1.0603298, abs=5e-7)
    # Breslow-Day X-squared = 18.826, df = 5, p = 0.002071: the departments disagree.
    assert got["homogeneity_statistic"] == pytest.approx(18.826, abs=5e-4)
    assert got["homogeneity_p_value"] == pytest.approx(0.002071, abs=5e-6)
    assert got["strata"] == 6
    # CMH without continuity correction (as Belong computes it): X-squared = 1.5246,
    # p = 0.2169; R's default output applies the correction: 1.4269, p = 0.2323.
    assert got["statistic"] == pytest.approx(1.5246, abs=5e-5)
    assert got["p_value"] == pytest.approx(0.2169, abs=5e-5)
    st = StratifiedTable([np.array([[a, b], [c, d]]) for a, b, c, d in BERKELEY.values()])
    corrected = st.test_null_odds(correction=True)
    assert corrected.statistic == pytest.approx(1.4269, abs=5e-5)
    assert corrected.pvalue == pytest.approx(0.2323, abs=5e-5)


def test_many_series_match_statsmodels_stratified_table():
    rng = np.random.default_rng(9)
    n_series = 300
    strata = rng.integers(2, 9, n_series)
    series = np.repeat(np.arange(n_series), strata)
    size = series.size
    n_group = rng.integers(1, 200, size)
    n_rest = rng.integers(1, 2000, size)
    p = rng.uniform(0.05, 0.6, size)
    a = rng.binomial(n_group, p * rng.uniform(0.5, 1.3, size).clip(0, 1 / p))
    c = rng.binomial(n_rest, p)
    b, d = n_group - a, n_rest - c
    got = mantel_haenszel(series, a, b, c, d, n_series)
    checked = 0
    for i in range(n_series):
        at = series == i
        tables = list(zip(a[at], b[at], c[at], d[at], strict=True))
        ref = _statsmodels(tables)
        if not all(np.isfinite(v) for v in ref.values()):
            continue
        for key, value in ref.items():
            assert got[key][i] == pytest.approx(value, rel=1e-9, abs=1e-12), (key, i)
        checked += 1
    assert checked > 250


def test_uninformative_strata_are_left_out_and_agree_with_statsmodels():
    # A year where nobody in the group entered, and a year where everyone advanced.
    tables = [(10, 30, 200, 300), (0, 0, 50, 60), (5, 0, 40, 0), (12, 25, 180, 310)]
    got = _one(tables)
    ref = _statsmodels([tables[0], tables[3]])
    assert got["strata"] == 2
    for key, value in ref.items():
        assert got[key] == pytest.approx(value, rel=1e-12)
    st = StratifiedTable([np.array([[a, b], [c, d]]) for a, b, c, d in tables])
    assert got["odds_ratio"] == pytest.approx(st.oddsratio_pooled, rel=1e-12)
    assert got["statistic"] == pytest.approx(st.test_null_odds().statistic, rel=1e-12)


def test_series_without_any_information_is_nan():
    out = mantel_haenszel(
        np.array([0, 1]), np.array([0, 4]), np.array([0, 6]), np.array([3, 5]), np.array([4, 5]), 3
    )
    assert out["strata"].tolist() == [0, 1, 0]
    assert np.isnan(out["odds_ratio"][0]) and np.isnan(out["p_value"][2])
    # One stratum: a pooled test exists (it is the year's own), homogeneity does not.
    assert np.isfinite(out["p_value"][1]) and np.isnan(out["homogeneity_p_value"][1])
