"""Vectorised statistics for equity releases.

Every function here works on whole numpy arrays of cells at once, because a
release over a million stage events has tens of thousands of cells and a
Python loop calling scipy per cell is the slowest part of the straightforward
approach. Each one reproduces a reference implementation exactly (or within
floating-point rounding) and ``tests/equity/test_stats.py`` checks it against
that reference:

==========================  =====================================================
function                    reference
==========================  =====================================================
:func:`wilson_interval`     ``statsmodels.stats.proportion.proportion_confint``
:func:`binomial_test`       ``scipy.stats.binomtest`` (two-sided "minlike" rule)
:func:`fisher_exact_test`   ``scipy.stats.fisher_exact`` (2x2, two-sided)
:func:`two_proportion_z`    ``statsmodels.stats.proportion.proportions_ztest``
:func:`cochran_armitage`    hand formula; ``Table.test_ordinal_association``
:func:`kaplan_meier`        ``scipy.stats.ecdf`` / ``SurvfuncRight``
:func:`logrank_against`     ``scipy.stats.logrank`` / ``survdiff``
:func:`adjust_pvalues`      ``statsmodels.stats.multitest.multipletests``
==========================  =====================================================

Conventions: counts are integer arrays that broadcast together; a statistic
that cannot be computed (no observations) is ``nan``, never an exception.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
from scipy import special
from scipy.stats import binom, hypergeom
from statsmodels.stats.multitest import multipletests

__all__ = [
    "CORRECTION_METHODS",
    "adjust_pvalues",
    "binomial_test",
    "cochran_armitage",
    "fisher_exact_test",
    "kaplan_meier",
    "logrank_against",
    "two_proportion_z",
    "wilson_interval",
]

# Relative tolerances copied from scipy so that ties are broken the same way.
_BINOM_RERR = 1 + 1e-7
_FISHER_GAMMA = 1 + 1e-14

CORRECTION_METHODS: dict[str, str] = {
    "holm": "Holm (family-wise error rate)",
    "fdr_bh": "Benjamini-Hochberg (false discovery rate)",
    "none": "no correction",
}


def _normal_two_sided(z: np.ndarray) -> np.ndarray:
    # erfc keeps precision in the far tail, where 2 * norm.sf would too.
    return special.erfc(np.abs(z) / np.sqrt(2.0))


def wilson_interval(
    successes: np.ndarray, trials: np.ndarray, alpha: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for binomial proportions.

    Parameters
    ----------
    successes, trials : array_like of int
        Counts per cell; they broadcast together.
    alpha : float
        One minus the confidence level (0.05 gives a 95% interval).

    Returns
    -------
    low, high : ndarray of float
        The interval per cell; ``nan`` where ``trials`` is 0.
    """
    x = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    crit = float(special.ndtri(1 - alpha / 2))
    crit2 = crit**2
    with np.errstate(divide="ignore", invalid="ignore"):
        q = x / n
        denom = 1 + crit2 / n
        center = (q + crit2 / (2 * n)) / denom
        dist = crit * np.sqrt(q * (1.0 - q) / n + crit2 / (4.0 * n**2)) / denom
    # Same arithmetic as statsmodels, which leaves -1e-17 style rounding at
    # the boundaries; clip so a published interval never leaves [0, 1].
    return np.clip(center - dist, 0.0, 1.0), np.clip(center + dist, 0.0, 1.0)


def _binary_search(
    values: Callable[[np.ndarray, np.ndarray], np.ndarray],
    target: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
) -> np.ndarray:
    """Vectorised copy of ``scipy.stats._binomtest._binary_search_for_binom_tst``.

    ``values(x, idx)`` evaluates the ascending function at points ``x`` for
    the cells ``idx``. The loop runs at most log2(n) times over all cells at
    once; its branches are scipy's, so the result is identical.
    """
    lo = lo.astype(np.int64).copy()
    hi = hi.astype(np.int64).copy()
    result = np.zeros_like(lo)
    done = np.zeros(lo.shape, dtype=bool)
    active = np.flatnonzero(lo < hi)
    while active.size:
        mid = lo[active] + (hi[active] - lo[active]) // 2
        midval = values(mid, active)
        below = midval < target[active]
        above = midval > target[active]
        equal = ~below & ~above
        lo[active[below]] = mid[below] + 1
        hi[active[above]] = mid[above] - 1
        result[active[equal]] = mid[equal]
        done[active[equal]] = True
        active = active[~equal]
        active = active[lo[active] < hi[active]]
    rest = np.flatnonzero(~done)
    if rest.size:
        at_lo = values(lo[rest], rest) <= target[rest]
        result[rest] = np.where(at_lo, lo[rest], lo[rest] - 1)
    return result


def binomial_test(successes: np.ndarray, trials: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Exact two-sided binomial test of ``successes`` out of ``trials`` against ``p``.

    The two-sided p-value sums the probabilities of every outcome no more
    likely than the one observed ("minlike"), as ``scipy.stats.binomtest``
    does, including its relative tolerance for ties.

    Parameters
    ----------
    successes, trials : array_like of int
        Observed count and number of trials per cell (``0 <= k <= n``).
    p : array_like of float
        Hypothesised probability per cell, in [0, 1].

    Returns
    -------
    ndarray of float
        p-values; ``nan`` where ``trials`` is 0.
    """
    k, n, prob = np.broadcast_arrays(
        np.asarray(successes, dtype=np.int64),
        np.asarray(trials, dtype=np.int64),
        np.asarray(p, dtype=np.float64),
    )
    k, n, prob = k.ravel(), n.ravel(), prob.ravel()
    out = np.full(k.shape, np.nan)
    valid = n > 0
    d = binom.pmf(k, n, prob)
    pn = prob * n
    exact = valid & (k == pn)
    out[exact] = 1.0

    low = np.flatnonzero(valid & (k < pn))
    if low.size:
        kl, nl, pl, dl = k[low], n[low], prob[low], d[low]
        ix = _binary_search(
            lambda x, i: -binom.pmf(x, nl[i], pl[i]),
            -dl * _BINOM_RERR,
            np.ceil(pl * nl),
            nl,
        )
        y = nl - ix + (dl * _BINOM_RERR == binom.pmf(ix, nl, pl)).astype(np.int64)
        out[low] = binom.cdf(kl, nl, pl) + binom.sf(nl - y, nl, pl)

    high = np.flatnonzero(valid & (k > pn))
    if high.size:
        kh, nh, ph, dh = k[high], n[high], prob[high], d[high]
        ix = _binary_search(
            lambda x, i: binom.pmf(x, nh[i], ph[i]),
            dh * _BINOM_RERR,
            np.zeros_like(nh),
            np.floor(ph * nh),
        )
        out[high] = binom.cdf(ix, nh, ph) + binom.sf(kh - 1, nh, ph)
    return np.minimum(out, 1.0).reshape(np.shape(np.asarray(successes) * np.asarray(p)))


def fisher_exact_test(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Two-sided Fisher's exact test of the 2x2 tables ``[[a, b], [c, d]]``.

    Vectorised copy of ``scipy.stats.fisher_exact`` (hypergeometric,
    "minlike" two-sided rule, scipy's tolerance); a table with an empty row
    or column has p = 1, as in scipy.

    Returns
    -------
    ndarray of float
        One p-value per table.
    """
    a, b, c, d = (np.asarray(v, dtype=np.int64).ravel() for v in np.broadcast_arrays(a, b, c, d))
    out = np.ones(a.shape)
    n1, n2, n = a + b, c + d, a + c
    total = n1 + n2
    degenerate = (n1 == 0) | (n2 == 0) | (n == 0) | (b + d == 0)
    live = np.flatnonzero(~degenerate)
    if not live.size:
        return out
    a, n1, n2, n, total = a[live], n1[live], n2[live], n[live], total[live]
    mode = ((n + 1) * (n1 + 1)) // (n1 + n2 + 2)
    pexact = hypergeom.pmf(a, total, n1, n)
    pmode = hypergeom.pmf(mode, total, n1, n)
    res = np.ones(a.shape)
    at_mode = np.abs(pexact - pmode) / np.maximum(pexact, pmode) <= 1e-14

    lower = np.flatnonzero(~at_mode & (a < mode))
    if lower.size:
        al, tl, n1l, nl = a[lower], total[lower], n1[lower], n[lower]
        pl, ml = pexact[lower], mode[lower]
        plower = hypergeom.cdf(al, tl, n1l, nl)
        stop = hypergeom.pmf(nl, tl, n1l, nl) > pl * _FISHER_GAMMA
        guess = _binary_search(
            lambda x, i: -hypergeom.pmf(x, tl[i], n1l[i], nl[i]), -pl * _FISHER_GAMMA, ml, nl
        )
        res[lower] = np.where(stop, plower, plower + hypergeom.sf(guess, tl, n1l, nl))

    upper = np.flatnonzero(~at_mode & (a >= mode))
    if upper.size:
        au, tu, n1u, nu = a[upper], total[upper], n1[upper], n[upper]
        pu, mu = pexact[upper], mode[upper]
        pupper = hypergeom.sf(au - 1, tu, n1u, nu)
        stop = hypergeom.pmf(0, tu, n1u, nu) > pu * _FISHER_GAMMA
        guess = _binary_search(
            lambda x, i: hypergeom.pmf(x, tu[i], n1u[i], nu[i]),
            pu * _FISHER_GAMMA,
            np.zeros_like(mu),
            mu,
        )
        res[upper] = np.where(stop, pupper, pupper + hypergeom.cdf(guess, tu, n1u, nu))
    out[live] = np.minimum(res, 1.0)
    return out


def two_proportion_z(
    x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided two-proportion z-test with pooled variance.

    Matches ``proportions_ztest([x1, x2], [n1, n2])``. Where the pooled
    proportion is 0 or 1 the two rates are identical and the p-value is 1
    (statsmodels returns ``nan`` there).

    Returns
    -------
    z, pvalue : ndarray of float
    """
    x1, n1, x2, n2 = (np.asarray(v, dtype=np.float64) for v in (x1, n1, x2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (x1 + x2) / (n1 + n2)
        var = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
        z = (x1 / n1 - x2 / n2) / np.sqrt(var)
    same = (var == 0) & (n1 > 0) & (n2 > 0)
    z = np.where(same, 0.0, z)
    return z, np.where(np.isnan(z), np.nan, _normal_two_sided(z))


def cochran_armitage(
    series: np.ndarray, successes: np.ndarray, trials: np.ndarray, scores: np.ndarray
) -> dict[str, np.ndarray]:
    """Cochran-Armitage test for a linear trend in proportions, many series at once.

    Parameters
    ----------
    series : ndarray of int
        Series index of each observation (``0 .. n_series-1``), e.g. one
        series per group and stage, one observation per year.
    successes, trials : ndarray of int
        Count and denominator of each observation.
    scores : ndarray of float
        Score of each observation (the year).

    Returns
    -------
    dict of ndarray, one value per series
        ``z`` (positive when the proportion rises with the score), ``pvalue``
        (two-sided), ``slope`` (weighted least-squares change in the
        proportion per unit of score: the quantity the test tests),
        ``n_points`` and ``trials``.

    Notes
    -----
    z = sum t_i (x_i - n_i p) / sqrt(p (1 - p) (sum n_i t_i^2 - (sum n_i t_i)^2 / N)).
    ``Table.test_ordinal_association`` computes the same statistic with an
    N - 1 variance (Mantel's form): z_statsmodels = z * sqrt((N - 1) / N).
    """
    n_series = int(series.max()) + 1 if series.size else 0
    x = successes.astype(np.float64)
    n = trials.astype(np.float64)
    t = scores.astype(np.float64)

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(series, weights=values, minlength=n_series)

    big_n, big_x = total(n), total(x)
    sum_nt, sum_nt2, sum_xt = total(n * t), total(n * t * t), total(x * t)
    points = np.bincount(series, weights=(n > 0).astype(np.float64), minlength=n_series)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = big_x / big_n
        stat = sum_xt - p * sum_nt
        sxx = sum_nt2 - sum_nt**2 / big_n
        var = p * (1 - p) * sxx
        z = stat / np.sqrt(var)
        slope = stat / sxx
    # No variation in the outcome: no evidence of a trend.
    flat = (var == 0) & (big_n > 0) & (sxx > 0)
    z = np.where(flat, 0.0, z)
    slope = np.where(flat, 0.0, slope)
    undefined = (points < 2) | ~(sxx > 0)
    z = np.where(undefined, np.nan, z)
    slope = np.where(undefined, np.nan, slope)
    return {
        "z": z,
        "pvalue": np.where(np.isnan(z), np.nan, _normal_two_sided(z)),
        "slope": slope,
        "n_points": points.astype(np.int64),
        "trials": big_n.astype(np.int64),
    }


def kaplan_meier(
    groups: np.ndarray, times: np.ndarray, events: np.ndarray, n_groups: int
) -> dict[str, np.ndarray]:
    """Kaplan-Meier survival curves for several groups at once.

    Parameters
    ----------
    groups : ndarray of int
        Group index of each subject.
    times : ndarray of float
        Time to the event or to censoring.
    events : ndarray of bool
        True if the event was observed, False if censored.
    n_groups : int
        Number of groups (``groups < n_groups``).

    Returns
    -------
    dict of ndarray
        Long arrays over every (group, distinct time): ``group``, ``time``,
        ``at_risk`` (subjects at risk just before ``time``), ``events``,
        ``survival`` (S(t) just after ``time``).
    """
    order = np.lexsort((times, groups))
    g, t, e = groups[order], times[order], events[order].astype(np.int64)
    if not g.size:
        empty = np.zeros(0)
        return {
            "group": empty.astype(np.int64),
            "time": empty,
            "at_risk": empty,
            "events": empty,
            "survival": empty,
        }
    new = np.ones(g.size, dtype=bool)
    new[1:] = (g[1:] != g[:-1]) | (t[1:] != t[:-1])
    start = np.flatnonzero(new)
    ug, ut = g[start], t[start]
    deaths = np.add.reduceat(e, start)
    removed = np.diff(np.append(start, g.size))
    size = np.bincount(g, minlength=n_groups)
    # Position of each distinct time inside its group, to reset cumsums.
    first_of_group = np.ones(ug.size, dtype=bool)
    first_of_group[1:] = ug[1:] != ug[:-1]
    cum_removed = np.cumsum(removed)
    group_offset = np.maximum.accumulate(np.where(first_of_group, cum_removed - removed, 0))
    at_risk = size[ug] - (cum_removed - removed - group_offset)
    factor = 1.0 - deaths / at_risk
    # Cumulative product within each group; zeros handled explicitly because
    # a product through log space cannot carry an exact zero.
    survival = np.empty(ug.size)
    bounds = np.append(np.flatnonzero(first_of_group), ug.size)
    for lo, hi in itertools.pairwise(bounds):
        survival[lo:hi] = np.cumprod(factor[lo:hi])
    return {
        "group": ug,
        "time": ut,
        "at_risk": at_risk.astype(np.int64),
        "events": deaths.astype(np.int64),
        "survival": survival,
    }


def logrank_against(
    groups: np.ndarray, times: np.ndarray, events: np.ndarray, n_groups: int, reference: int
) -> tuple[np.ndarray, np.ndarray]:
    """Two-sample log-rank test of every group against one reference group.

    Returns
    -------
    z, pvalue : ndarray of float, one per group
        ``z`` is scipy's signed statistic with the group as ``x``: positive
        when the group has more events (here: promotions) than expected.
        The reference group itself and empty groups get ``nan``.
    """
    z = np.full(n_groups, np.nan)
    if not groups.size or not (0 <= reference < n_groups):
        return z, z.copy()
    distinct, ti = np.unique(times, return_inverse=True)
    m = distinct.size
    flat = groups * m + ti
    deaths = np.bincount(flat, weights=events.astype(np.float64), minlength=n_groups * m)
    removed = np.bincount(flat, minlength=n_groups * m).astype(np.float64)
    deaths = deaths.reshape(n_groups, m)
    removed = removed.reshape(n_groups, m)
    size = removed.sum(axis=1, keepdims=True)
    at_risk = size - (np.cumsum(removed, axis=1) - removed)
    ref_d, ref_n = deaths[reference], at_risk[reference]
    d = deaths + ref_d
    n = at_risk + ref_n
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.where(n > 0, at_risk * d / n, 0.0).sum(axis=1)
        var_terms = np.where(n > 1, at_risk * ref_n * d * (n - d) / (n**2 * (n - 1)), 0.0)
        var = var_terms.sum(axis=1)
        z = (deaths.sum(axis=1) - expected) / np.sqrt(var)
    z[reference] = np.nan
    z[size[:, 0] == 0] = np.nan
    return z, np.where(np.isnan(z), np.nan, _normal_two_sided(z))


def adjust_pvalues(pvalues: np.ndarray, method: str, alpha: float = 0.05) -> np.ndarray:
    """Adjust a family of p-values for multiple comparisons.

    Parameters
    ----------
    pvalues : ndarray of float
        The family; ``nan`` entries (tests not run) are left out of it and
        stay ``nan``.
    method : {"holm", "fdr_bh", "none"}
        See :data:`CORRECTION_METHODS`.

    Returns
    -------
    ndarray of float
        Adjusted p-values, comparable with ``alpha``.
    """
    if method not in CORRECTION_METHODS:
        raise ValueError(
            f"unknown correction {method!r}; use one of {', '.join(CORRECTION_METHODS)}"
        )
    out = np.full(pvalues.shape, np.nan)
    present = ~np.isnan(pvalues)
    if method == "none" or not present.any():
        out[present] = pvalues[present]
        return out
    out[present] = multipletests(pvalues[present], alpha=alpha, method=method)[1]
    return out
