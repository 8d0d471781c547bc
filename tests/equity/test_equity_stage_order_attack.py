"""Attack tests: whole equity releases against a reader who knows the stage order.

Releases are built with ``ordering.FULL_PROTECTION`` on (off by default). Every call
the release builder makes to the suppressor (one per year: all its stage-years,
linked tables, universes and one-way tables, with every nested stage pair declared)
is recorded and attacked with integer programmes over the published cells, the
margins and the stage order (``find_narrow_cells``): every hidden cell of 1..k-1
people must keep at least k whole-number values, for a reader who knows exactly
which hidden cells are empty. The same attack on a release built the old way (two
values per hidden cell, no order declared) finds cells it narrows, so the attack
has teeth.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belong.demo.population import generate_population
from belong.equity.analytics import (
    DEFAULT_PIPELINES,
    ReleaseSpec,
    compute_release,
    default_groupings,
    ordering,
)
from belong.privacy import find_narrow_cells, suppress_small_cells
from tests.equity.test_equity_protection import _school

K = 10


def _recorded_release(monkeypatch, people, events, spec) -> list[tuple[Any, Any, Any]]:
    """Compute the release; return every (counts, constraints, suppression) of the order pass."""
    calls: list[tuple[Any, Any, Any]] = []

    def recording(counts, constraints, **options):
        result = suppress_small_cells(counts, constraints, **options)
        calls.append((dict(counts), list(constraints), result))
        return result

    monkeypatch.setattr(ordering, "suppress_small_cells", recording)
    monkeypatch.setattr(ordering, "FULL_PROTECTION", True)
    compute_release(people, events, spec)
    return calls


def _narrow(calls) -> dict:
    narrow: dict = {}
    for counts, constraints, result in calls:
        narrow.update(find_narrow_cells(counts, constraints, result))
    return narrow


def test_demo_release_keeps_k_values_against_the_stage_order(monkeypatch):
    population = generate_population(7, 0.04)
    spec = ReleaseSpec(
        pipeline=DEFAULT_PIPELINES["md_admissions"],
        years=(2023, 2024),
        groupings=default_groupings(),
        k=K,
    )
    calls = _recorded_release(monkeypatch, population.people, population.events, spec)
    assert any(result.at_most for _, _, result in calls), "the stage order was not declared"
    assert any(0 < counts[key] < K for counts, _, result in calls for key in result.suppressed), (
        "nothing small was hidden: the attack would prove nothing"
    )
    assert _narrow(calls) == {}


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(30, 200))
def test_generated_schools_keep_k_values_against_the_stage_order(seed, n):
    people, events = _school(seed, n)
    spec = ReleaseSpec(pipeline=DEFAULT_PIPELINES["md_admissions"], years=(2023, 2024), k=K)
    with pytest.MonkeyPatch.context() as monkeypatch:
        calls = _recorded_release(monkeypatch, people, events, spec)
    assert _narrow(calls) == {}


def test_the_same_attack_narrows_a_release_built_the_old_way(monkeypatch):
    # The old settings: two values per hidden cell, stage order not declared.
    population = generate_population(7, 0.04)
    spec = ReleaseSpec(
        pipeline=DEFAULT_PIPELINES["md_admissions"],
        years=(2023, 2024),
        groupings=default_groupings(),
        k=K,
    )
    calls: list[tuple[Any, Any, Any, Any]] = []

    def blind(counts, constraints, **options):
        order = list(options.pop("at_most", ()))
        options["interval"] = 2
        result = suppress_small_cells(counts, constraints, **options)
        calls.append((dict(counts), list(constraints), result, order))
        return result

    monkeypatch.setattr(ordering, "suppress_small_cells", blind)
    monkeypatch.setattr(ordering, "FULL_PROTECTION", True)
    compute_release(population.people, population.events, spec)
    narrow: dict = {}
    for counts, constraints, result, order in calls:
        # Attacked for what is promised now: k values, the order known.
        promise = dataclasses.replace(result, interval=None)
        narrow.update(find_narrow_cells(counts, constraints, promise, at_most=order))
    assert narrow, "the old way leaves nothing narrow here: pick a population where it does"
