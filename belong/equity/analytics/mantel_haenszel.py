"""Cochran-Mantel-Haenszel statistics for many stratified 2x2 tables at once.

A pooled comparison across years asks one question of several yearly tables:
were a group's odds of advancing lower (or higher) than everyone else's, year
after year? Each year is a stratum, so a school whose applicant mix changes
between years is not mistaken for a gap (Simpson's paradox). Everything here
is vectorised over *series* (one per transition x table x group), like
:func:`belong.equity.analytics.stats.cochran_armitage`, and reproduces
``statsmodels.stats.contingency_tables.StratifiedTable``:

=====================  ==================================================
output                 statsmodels
=====================  ==================================================
``odds_ratio``         ``oddsratio_pooled`` (Mantel-Haenszel estimate)
``ci_low/ci_high``     ``oddsratio_pooled_confint`` (Robins-Breslow-Greenland)
``statistic/p_value``  ``test_null_odds(correction=False)`` (CMH, 1 df)
``homogeneity_*``      ``test_equal_odds(adjust=False)`` (Breslow-Day)
=====================  ==================================================

Each stratum is the table ``[[a, b], [c, d]]``: ``a`` people of the group who
advanced, ``b`` who did not; ``c`` and ``d`` the same for everyone else.
"""

from __future__ import annotations

import numpy as np
from scipy import special
from scipy.stats import chi2

__all__ = ["mantel_haenszel"]


def mantel_haenszel(
    series: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    c: np.ndarray,
    d: np.ndarray,
    n_series: int,
    alpha: float = 0.05,
) -> dict[str, np.ndarray]:
    """Pooled odds ratio, CMH test and Breslow-Day homogeneity test per series.

    Parameters
    ----------
    series : ndarray of int
        Series index of each stratum (``0 .. n_series-1``).
    a, b, c, d : ndarray of int
        The stratum's 2x2 table ``[[a, b], [c, d]]``.
    n_series : int
    alpha : float
        One minus the confidence level of the interval.

    Returns
    -------
    dict of ndarray, one value per series
        ``odds_ratio``, ``ci_low``, ``ci_high``, ``statistic`` (CMH chi-squared),
        ``p_value``, ``homogeneity_statistic`` and ``homogeneity_p_value``
        (Breslow-Day, strata - 1 df) and ``strata`` (strata that carry
        information: both rows and both columns non-empty). A statistic that
        cannot be computed is ``nan``; strata without information are left
        out, as they add nothing to any of the sums.
    """
    a, b, c, d = (np.asarray(v, dtype=np.float64) for v in (a, b, c, d))
    series = np.asarray(series, dtype=np.int64)
    n = a + b + c + d
    apb, cpd, apc, bpd = a + b, c + d, a + c, b + d
    # A stratum with an empty row or column has no variance and no odds: it
    # contributes zero to every sum below except the Breslow-Day terms, which
    # would divide by zero; leave it out everywhere (statsmodels' sums agree).
    live = (apb > 0) & (cpd > 0) & (apc > 0) & (bpd > 0)
    s = series[live]
    a, b, c, d, n = a[live], b[live], c[live], d[live], n[live]
    apb, cpd, apc, bpd = apb[live], cpd[live], apc[live], bpd[live]

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(s, weights=values, minlength=n_series)

    ad, bc, apd = a * d, b * c, a + d
    r_sum, s_sum = total(ad / n), total(bc / n)
    strata = np.bincount(s, minlength=n_series)
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = r_sum / s_sum
        # Robins, Breslow and Greenland's variance of the log of the MH estimate.
        var = (
            total(apd * ad / n**2) / r_sum**2
            + total(apd * bc / n**2 + (1 - apd / n) * ad / n) / (r_sum * s_sum)
            + total((1 - apd / n) * bc / n) / s_sum**2
        ) / 2
        crit = float(special.ndtri(1 - alpha / 2))
        half = crit * np.sqrt(var)
        log_or = np.log(odds)
        low, high = np.exp(log_or - half), np.exp(log_or + half)
        numerator = np.abs(total(a - apb * apc / n)) ** 2
        denominator = total(apb * apc * bpd * cpd / (n**2 * (n - 1)))
        statistic = numerator / denominator
    p_value = chi2.sf(statistic, 1)

    # Breslow-Day: each stratum's expected a under the common (MH) odds ratio,
    # the root of a quadratic, against its variance.
    r = odds[s]
    with np.errstate(divide="ignore", invalid="ignore"):
        qa = 1 - r
        qb = r * (apb + apc) + (d - a)
        qc = -r * apb * apc
        linear = np.abs(qa) < 1e-12
        root = np.where(
            linear, -qc / qb, (-qb + np.sqrt(qb**2 - 4 * qa * qc)) / (2 * np.where(linear, 1, qa))
        )
        v = 1 / (1 / root + 1 / (apc - root) + 1 / (apb - root) + 1 / (d - a + root))
        terms = (a - root) ** 2 / v
    homogeneity = total(terms)
    usable = (strata >= 2) & np.isfinite(homogeneity) & np.isfinite(odds) & (odds > 0)
    homogeneity = np.where(usable, homogeneity, np.nan)
    homogeneity_p = np.where(usable, chi2.sf(homogeneity, np.maximum(strata - 1, 1)), np.nan)

    undefined = strata < 1
    none = np.full(n_series, np.nan)
    return {
        "odds_ratio": np.where(undefined, none, odds),
        "ci_low": np.where(undefined | ~np.isfinite(low), none, low),
        "ci_high": np.where(undefined | ~np.isfinite(high), none, high),
        "statistic": np.where(undefined, none, statistic),
        "p_value": np.where(undefined | ~np.isfinite(statistic), none, p_value),
        "homogeneity_statistic": homogeneity,
        "homogeneity_p_value": homogeneity_p,
        "strata": strata.astype(np.int64),
    }
