"""Calibrated noise: OpenDP's discrete Laplace, recorded honestly."""

from __future__ import annotations

import math
from importlib.metadata import version

import numpy as np
import opendp.prelude as dp
import pytest

from belong.privacy import NoisyCounts, add_calibrated_noise, total_epsilon

dp.enable_features("contrib")


def discrete_laplace_variance(scale: float) -> float:
    """Variance of P(x) proportional to exp(-|x| / scale) over the integers."""
    t = math.exp(-1.0 / scale)
    return 2.0 * t / (1.0 - t) ** 2


@pytest.mark.parametrize("epsilon", [0, -1.0, math.nan, math.inf, True, "1"])
def test_epsilon_must_be_positive_and_finite(epsilon):
    with pytest.raises(ValueError, match="epsilon must be a positive, finite number"):
        add_calibrated_noise(np.array([5]), epsilon=epsilon)


@pytest.mark.parametrize("sensitivity", [0, -1, 1.5])
def test_sensitivity_must_be_a_positive_whole_number(sensitivity):
    with pytest.raises(ValueError, match="sensitivity"):
        add_calibrated_noise(np.array([5]), epsilon=1.0, sensitivity=sensitivity)


@pytest.mark.parametrize("counts", [np.array([1.5]), np.array([-1]), np.array([True])])
def test_counts_must_be_non_negative_whole_numbers(counts):
    with pytest.raises(ValueError, match="counts"):
        add_calibrated_noise(counts, epsilon=1.0)


def test_noisy_counts_are_non_negative_integers_of_the_same_shape():
    counts = np.array([[0, 1, 2], [40, 3, 0]])
    result = add_calibrated_noise(counts, epsilon=0.5)
    assert isinstance(result, NoisyCounts)
    assert result.values.shape == counts.shape
    assert np.issubdtype(result.values.dtype, np.integer)
    assert (result.values >= 0).all()


def test_empty_array_is_returned_empty():
    result = add_calibrated_noise(np.zeros((0, 3), dtype=int), epsilon=1.0)
    assert result.values.shape == (0, 3)


def test_zeros_are_clamped_rather_than_published_negative():
    result = add_calibrated_noise(np.zeros(2000, dtype=int), epsilon=0.5)
    assert result.values.min() == 0
    # Half the noise is negative, so many cells come back as exactly zero.
    assert (result.values == 0).mean() > 0.3


def test_empirical_spread_matches_the_scale():
    true_count = 10_000  # far from zero, so clamping never applies
    draws = 40_000
    result = add_calibrated_noise(np.full(draws, true_count), epsilon=0.5)
    noise = result.values - true_count
    expected = discrete_laplace_variance(result.scale)
    # The variance of a variance estimate here is about 5 * expected**2 / draws, so a
    # 10% band is over 8 standard errors wide: a failure means the wrong distribution.
    assert abs(noise.var() - expected) / expected < 0.10
    assert abs(noise.mean()) < 0.1


def test_smaller_epsilon_means_more_noise():
    counts = np.full(5000, 10_000)
    loose = add_calibrated_noise(counts, epsilon=2.0)
    strict = add_calibrated_noise(counts, epsilon=0.2)
    assert strict.scale > loose.scale
    spread_loose = np.abs(loose.values - 10_000).mean()
    spread_strict = np.abs(strict.values - 10_000).mean()
    assert spread_strict > 4 * spread_loose


def test_recorded_epsilon_and_scale_are_opendps_own():
    result = add_calibrated_noise(np.array([12, 30]), epsilon=0.7, sensitivity=2)
    assert result.scale == pytest.approx(2 / 0.7)
    space = dp.vector_domain(dp.atom_domain(T=dp.i64)), dp.l1_distance(T=dp.i64)
    measurement = dp.m.make_laplace(*space, scale=result.scale)
    assert result.epsilon == measurement.map(2)
    assert result.epsilon <= 0.7
    assert result.epsilon == pytest.approx(0.7)
    assert result.sensitivity == 2


def test_mechanism_is_described_for_the_release_record():
    result = add_calibrated_noise(np.array([12]), epsilon=0.5)
    assert result.mechanism.startswith("discrete Laplace (geometric), scale 2")
    assert f"opendp {version('opendp')}" in result.mechanism


def test_epsilons_add_up_across_tables_of_the_same_people():
    first = add_calibrated_noise(np.array([12, 30]), epsilon=0.5)
    second = add_calibrated_noise(np.array([7, 9]), epsilon=0.25)
    assert total_epsilon([first, second]) == pytest.approx(0.75)
