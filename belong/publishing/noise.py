"""Calibrated noise for public releases: what every module shares.

A module computes the noisy form of its tables (it alone knows which counts
one person can change); publishing records the draw on the release once and
shows it to the public whenever the release is published there, because fresh
draws could be averaged away.
"""

from __future__ import annotations

import math
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


def in_plain_words(epsilon: float) -> str:
    """What the privacy parameter ε means for a reader, in one paragraph."""
    factor = math.exp(epsilon)
    return (
        "Every count was changed by a small random amount before it was published, so that "
        "the figures cannot show whether any one person is among them. How much is set by "
        f"the privacy parameter ε, here {epsilon:g}: the smaller ε, the more noise and the "
        f"stronger the protection. With ε = {epsilon:g}, whatever these figures let anyone "
        f"believe about one person is at most {factor:.1f} times as likely as it would be "
        "if that person's records had been left out. The interval beside each figure says "
        "how far the noise may have moved it: the true figure lies within it 95 times in 100."
    )
