"""The attacker of the audience guard's tests: integer programs over everything published.

The attacker knows every value of every dimension (every unit, sex and year),
every exact count published to the audience, and that counts are whole numbers
at least 0. For each finest cell (one unit, one group value, one year) it finds
the least and greatest count consistent with all of that (scipy's MILP, HiGHS).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from belong.privacy import PublishedCell


def finest_ranges(
    published: Iterable[PublishedCell],
    universe: Mapping[str, Sequence[Any]],
    scope: Any,
) -> dict[tuple[Any, ...], tuple[int, int]]:
    """Whole-number range of every finest cell of ``scope`` (keys: values in universe order)."""
    dimensions = list(universe)
    finest = list(itertools.product(*(universe[d] for d in dimensions)))
    cells = [c for c in published if c.scope == scope]
    rows = np.array(
        [
            [
                all(
                    d not in c.filters or v in c.filters[d]
                    for d, v in zip(dimensions, f, strict=True)
                )
                for f in finest
            ]
            for c in cells
        ],
        dtype=float,
    )
    counts = np.array([c.count for c in cells], dtype=float)
    n = len(finest)
    constraint = LinearConstraint(rows, counts, counts) if len(cells) else None
    out = {}
    for i, key in enumerate(finest):
        bounds = []
        for sign in (1.0, -1.0):
            cost = np.zeros(n)
            cost[i] = sign
            res = milp(
                cost,
                constraints=[constraint] if constraint is not None else [],
                integrality=np.ones(n),
                bounds=Bounds(0, 10**6),
            )
            assert res.status == 0, res.message
            bounds.append(round(sign * res.fun))
        out[key] = (bounds[0], bounds[1])
    return out


def disclosed(
    ranges: Mapping[tuple[Any, ...], tuple[int, int]],
    truth: Mapping[tuple[Any, ...], int],
    k: int,
) -> list[tuple[tuple[Any, ...], int, tuple[int, int]]]:
    """Finest cells of 1..k-1 people whose feasible range has fewer than k values."""
    return [
        (key, truth.get(key, 0), (low, high))
        for key, (low, high) in ranges.items()
        if 1 <= truth.get(key, 0) <= k - 1 and high - low + 1 < k
    ]
