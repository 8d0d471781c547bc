"""Calibrated noise for public releases: what every module shares.

A module computes the noisy form of its tables (it alone knows which counts
one person can change); publishing records the draw on the release once and
shows it to the public whenever the release is published there, because fresh
draws could be averaged away.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_EPSILON = 1.0


class NoiseRefused(ValueError):
    """The release cannot be published with noise (and why)."""


@dataclass(frozen=True)
class NoisyRelease:
    """A noise draw: the noisy result and what it cost."""

    result: dict[str, Any]
    epsilon: float
    mechanism: str
    scale: float
    sensitivity: int
