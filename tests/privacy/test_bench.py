"""The release micro-benchmark builds a realistic release and reports its timing."""

from __future__ import annotations

import numpy as np

from belong.privacy._bench import (
    ReleaseTiming,
    independent_one_way_tables,
    linked_system,
    main,
    time_differencing_check,
    time_typical_release,
)
from belong.privacy.constraints import check_constraints_hold


def test_linked_system_has_the_typical_shape_and_adds_up():
    counts, constraints = linked_system(np.random.default_rng(1), 600)
    assert 150 <= len(counts) <= 200
    assert 35 <= len(constraints) <= 45
    check_constraints_hold(counts, constraints)
    # The race cells are margins of two two-way tables and parts of the race table.
    assert sum(1 for c in constraints if ("race_a", 0) in c.cells) == 3


def test_one_way_tables_have_publishable_totals():
    tables = independent_one_way_tables(np.random.default_rng(1), n_tables=20)
    assert tables.shape == (20, 10)
    assert (tables.sum(axis=1) >= 20).all()


def test_time_typical_release_reports_sizes_and_seconds():
    timing = time_typical_release(repeats=1)
    assert isinstance(timing, ReleaseTiming)
    assert timing.linked_systems == 50
    assert timing.one_way_tables == 500
    assert timing.seconds == timing.linked_seconds + timing.one_way_seconds > 0
    assert timing.cpu_seconds > 0
    assert 0 < timing.linked_suppressed < timing.linked_cells


def test_differencing_benchmark_builds_about_the_requested_size():
    n_new, n_earlier, seconds, cpu = time_differencing_check(n_new=1000, n_earlier_releases=1)
    assert 900 <= n_new <= 1100
    assert n_earlier == n_new
    assert seconds > 0 and cpu > 0


def test_bench_main_prints_the_figures(capsys):
    main(["--quick"])
    printed = capsys.readouterr().out
    assert "typical release" in printed
    assert "differencing guard" in printed
