"""Calibrated noise for public releases (differential privacy through OpenDP).

Each count gets independent discrete Laplace (two-sided geometric) noise from
OpenDP's ``make_laplace`` over a vector of 64-bit integers with the L1 distance.
The scale is ``sensitivity / epsilon``; the epsilon recorded is the one OpenDP's own
privacy map reports for that measurement, so what we publish is what was spent.
Negative results are then raised to zero, which is post-processing and costs no
privacy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from numbers import Real

import numpy as np
import opendp.prelude as dp

from belong.privacy.constraints import check_k

__all__ = ["NoisyCounts", "add_calibrated_noise", "total_epsilon"]

dp.enable_features("contrib")


@dataclass(frozen=True)
class NoisyCounts:
    """Counts with calibrated noise, and the privacy they cost.

    Attributes
    ----------
    values
        Noisy counts: non-negative integers, same shape as the input.
    epsilon
        Privacy loss of this whole array (one release of it), as reported by
        OpenDP's privacy map for one person changing the array by at most
        ``sensitivity`` in total (L1). Releasing several arrays that describe the
        same people costs the sum of their epsilons.
    mechanism
        Human-readable description, e.g.
        ``"discrete Laplace (geometric), scale 2.0, opendp 0.16.0"``.
    scale
        Noise scale: each count's noise has standard deviation about
        ``scale * sqrt(2)``.
    sensitivity
        Most that one person can change the array, summed over cells.
    draws
        The noisy counts before negatives were raised to zero: for
        post-processing that needs the unbiased draw (least squares onto
        consistent tables), which is as private as ``values``.
    """

    values: np.ndarray
    epsilon: float
    mechanism: str
    scale: float
    sensitivity: int = 1
    draws: np.ndarray | None = None


@cache
def _laplace(scale: float) -> dp.Measurement:
    space = dp.vector_domain(dp.atom_domain(T=dp.i64)), dp.l1_distance(T=dp.i64)
    return dp.m.make_laplace(*space, scale=scale)


def add_calibrated_noise(
    counts: np.ndarray, *, epsilon: float, sensitivity: int = 1
) -> NoisyCounts:
    """Add discrete Laplace noise so the array is ``epsilon``-differentially private.

    Parameters
    ----------
    counts
        Non-negative integer counts, any shape (a one-way table, a two-way table...).
    epsilon
        Privacy-loss budget for this array, > 0. Smaller means more noise.
    sensitivity
        Most that adding or removing one person changes the array, summed over all
        cells (L1). 1 for a table where each person is in exactly one cell; 2 if a
        person can move between cells; more if margins are included in ``counts``.

    Returns
    -------
    NoisyCounts
        Noisy non-negative integer counts, the epsilon OpenDP certifies, the scale
        and a description of the mechanism.

    Raises
    ------
    ValueError
        If epsilon is not a positive finite number, sensitivity is not a positive
        whole number, or counts are negative or fractional.
    """
    if (
        isinstance(epsilon, bool)
        or not isinstance(epsilon, Real)
        or not math.isfinite(float(epsilon))
        or float(epsilon) <= 0
    ):
        raise ValueError(
            f"epsilon must be a positive, finite number (the privacy budget); got {epsilon!r}."
        )
    try:
        sensitivity = check_k(sensitivity)
    except ValueError:
        raise ValueError(
            f"sensitivity must be a whole number of at least 1; got {sensitivity!r}."
        ) from None
    array = np.asarray(counts)
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.integer)
        or (np.issubdtype(array.dtype, np.floating) and np.all(array == np.round(array)))
    ):
        raise ValueError("counts must be whole numbers of people.")
    if np.any(array < 0):
        raise ValueError("counts must be >= 0.")
    array = array.astype(np.int64)

    epsilon = float(epsilon)
    scale = sensitivity / epsilon
    measurement = _laplace(scale)
    # OpenDP rounds its privacy map conservatively; nudge the scale up until the map
    # certifies no more than the requested budget.
    while measurement.map(sensitivity) > epsilon:
        scale = math.nextafter(scale, math.inf)
        measurement = _laplace(scale)
    spent = float(measurement.map(sensitivity))

    if array.size:
        noisy = np.asarray(measurement(array.ravel().tolist()), dtype=np.int64).reshape(array.shape)
    else:
        noisy = array.copy()
    values = np.maximum(noisy, 0)
    return NoisyCounts(
        values=values,
        epsilon=spent,
        mechanism=f"discrete Laplace (geometric), scale {scale:g}, opendp {version('opendp')}",
        scale=scale,
        sensitivity=sensitivity,
        draws=noisy,
    )


def total_epsilon(releases: Iterable[NoisyCounts]) -> float:
    """Privacy loss of publishing several noisy arrays about the same people.

    Basic sequential composition: the epsilons add up. This is what a release that
    contains several noisy tables of one population must record.
    """
    return float(sum(release.epsilon for release in releases))


def noise_standard_deviation(scale: float) -> float:
    """Standard deviation, in people, of discrete Laplace noise of ``scale``."""
    q = math.exp(-1.0 / scale)
    return math.sqrt(2.0 * q) / (1.0 - q)
