"""The statistics of survey results, each from scipy or statsmodels.

============================  ==============================================
figure                        reference
============================  ==============================================
:func:`mean_interval`         ``scipy.stats.t.interval`` (mean, t-interval)
:func:`compare_scores`        ``scipy.stats.ttest_ind(equal_var=False)``
                              (Welch; written out, tests compare) and
                              ``scipy.stats.mannwhitneyu``
:func:`compare_shares`        ``scipy.stats.fisher_exact`` when an expected
                              count is under 5, else Pearson's chi-square as
                              ``scipy.stats.chi2_contingency(correction=False)``
                              (written out for speed; tests compare)
:func:`share_interval`        ``statsmodels...proportion_confint`` (Wilson;
                              written out for speed; tests compare)
:func:`adjust`                ``statsmodels...multipletests`` (Holm or
                              Benjamini-Hochberg)
============================  ==============================================
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special, stats
from statsmodels.stats.multitest import multipletests

CORRECTIONS = {
    "holm": "Holm (family-wise error rate)",
    "fdr_bh": "Benjamini-Hochberg (false discovery rate)",
}
LEVEL = 0.95


@dataclass(frozen=True)
class Interval:
    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None


def mean_interval(values: np.ndarray, level: float = LEVEL) -> Interval:
    """Mean of ``values`` (no NaN) with its two-sided t-interval; no interval under 2 values."""
    n = int(values.size)
    if n == 0:
        return Interval(0, None, None, None, None)
    mean = float(values.mean())
    if n < 2:
        return Interval(n, mean, None, None, None)
    sd = float(values.std(ddof=1))
    half = float(stats.t.ppf((1 + level) / 2, n - 1)) * sd / math.sqrt(n)
    return Interval(n, mean, sd, mean - half, mean + half)


def share_interval(count: int, n: int, level: float = LEVEL) -> tuple[float | None, float | None]:
    """Wilson interval of ``count`` out of ``n``."""
    if n == 0:
        return None, None
    # Wilson's interval written out (proportion_confint's figure, faster per call).
    z = float(special.ndtri((1 + level) / 2))
    share = count / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Comparison:
    test: str
    statistic: float | None
    p: float | None
    p_rank: float | None = None  # Mann-Whitney's p, beside Welch's, for scores


@dataclass(frozen=True)
class Ranked:
    """Scores ranked once (average ranks for ties), for many group-against-the-rest tests."""

    ranks: np.ndarray
    ties: float  # sum of t^3 - t over groups of tied scores

    @classmethod
    def of(cls, values: np.ndarray) -> Ranked:
        _, counts = np.unique(values, return_counts=True)
        return cls(stats.rankdata(values), float((counts**3 - counts).sum()))


def mann_whitney_p(ranked: Ranked, mask: np.ndarray) -> float | None:
    """Two-sided p of Mann-Whitney's U for ``mask`` against the rest of ``ranked``, normal
    approximation with tie and continuity corrections (``scipy.stats.mannwhitneyu(...,
    method="asymptotic")``; tests compare)."""
    n1 = int(np.count_nonzero(mask))
    n = ranked.ranks.size
    n2 = n - n1
    if n1 == 0 or n2 == 0:
        return None
    u1 = float(ranked.ranks[mask].sum()) - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    s = math.sqrt(n1 * n2 / 12 * ((n + 1) - ranked.ties / (n * (n - 1))))
    if s == 0:
        return None
    z = (u - n1 * n2 / 2 - 0.5) / s
    return float(min(1.0, 2 * special.ndtr(-z)))


def compare_scores(group: np.ndarray, rest: np.ndarray, p_rank: float | None = None) -> Comparison:
    """Welch's t-test of a group's scores against the rest's, with Mann-Whitney's p beside it
    (``p_rank`` when already worked out from :class:`Ranked`)."""
    if group.size < 2 or rest.size < 2:
        return Comparison("welch", None, None)
    if np.ptp(group) == 0 and np.ptp(rest) == 0:
        # No spread at all: the t statistic is undefined; say nothing rather than guess.
        return Comparison("welch", None, None)
    # Welch's t written out (``ttest_ind(equal_var=False)``'s figures; tests compare): one
    # side without spread is fine here, where scipy warns of lost precision.
    n1, n2 = group.size, rest.size
    v1, v2 = float(group.var(ddof=1)) / n1, float(rest.var(ddof=1)) / n2
    t = (float(group.mean()) - float(rest.mean())) / math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    p = float(2 * special.stdtr(df, -abs(t)))
    if p_rank is None:
        p_rank = float(
            stats.mannwhitneyu(group, rest, alternative="two-sided", method="asymptotic").pvalue
        )
    return Comparison("welch", t, p, p_rank)


def compare_shares(count: int, n: int, rest_count: int, rest_n: int) -> Comparison:
    """A group's favourable share against the rest's: Fisher's exact test when any expected
    count is under 5, otherwise Pearson's chi-square (no continuity correction)."""
    if n == 0 or rest_n == 0:
        return Comparison("chi2", None, None)
    table = np.array([[count, n - count], [rest_count, rest_n - rest_count]])
    if table.sum(axis=0).min() == 0:
        return Comparison("chi2", None, None)  # everyone (or no one) favourable: no test
    expected = stats.contingency.expected_freq(table)
    if expected.min() < 5:
        odds, p = stats.fisher_exact(table)
        return Comparison("fisher", float(odds), float(p))
    # Pearson's statistic of a 2x2 table, written out (chi2_contingency's figure,
    # without its per-call overhead: a release makes a thousand of these).
    a, b, c, d = (float(x) for x in table.ravel())
    chi2 = (a + b + c + d) * (a * d - b * c) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    return Comparison("chi2", chi2, float(special.chdtrc(1, chi2)))


def adjust(pvalues: list[float | None], method: str) -> list[float | None]:
    """p-values adjusted across the family (``None`` stays ``None``; ``"none"`` adjusts nothing)."""
    present = [i for i, p in enumerate(pvalues) if p is not None]
    out: list[float | None] = list(pvalues)
    if not present or method == "none":
        return out
    if method not in CORRECTIONS:
        raise ValueError(f"{method!r} is not a correction; choose one of {sorted(CORRECTIONS)}")
    adjusted = multipletests([pvalues[i] for i in present], method=method)[1]
    for i, value in zip(present, adjusted, strict=True):
        out[i] = float(value)
    return out
