"""Concern aggregates: counts, quartiles against numpy, and small cells that stay hidden."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest
from scipy.optimize import linprog

from belong.concerns.aggregates import cells
from belong.concerns.aggregates.compute import (
    ALL,
    ALL_YEARS,
    Report,
    TooFewReports,
    compute_aggregates,
    quartiles,
)
from belong.publishing.frames import frame_from_records

K = 5


def _reports() -> list[Report]:
    """Two academic years; one setting (site) and one role (patient) with two reports."""
    out = []
    settings = itertools.cycle(["clerkship", "course", "clerkship", "online"])
    roles = itertools.cycle(["resident", "faculty", "faculty", "nurse"])
    for i in range(24):
        received = date(2025, 8, 1) + timedelta(days=11 * i)  # 2025-26
        closed = received + timedelta(days=(i * 7) % 40 + 1) if i % 3 else None
        out.append(
            Report(
                received,
                closed,
                ("humiliated",) if i % 2 else ("remarks_sex", "other"),
                next(settings),
                next(roles),
            )
        )
    for i in range(16):
        received = date(2026, 7, 10) + timedelta(days=9 * i)  # 2026-27
        out.append(
            Report(
                received,
                received + timedelta(days=3 + i * 2),
                ("humiliated",),
                next(settings),
                next(roles),
            )
        )
    out.append(Report(date(2026, 9, 2), None, ("physical_harm",), "site", "patient"))
    out.append(Report(date(2025, 9, 3), None, ("physical_harm",), "site", "patient"))
    return out


def _counts(result: dict) -> dict[tuple, int | None]:
    frame = frame_from_records(result["counts"])
    return {(d, g, y): n for d, g, y, n in frame.iter_rows()}


def test_quartiles_match_numpy() -> None:
    days = [3, 9, 1, 14, 30, 7, 7, 22, 5]
    q1, median, q3 = quartiles(days)
    assert (q1, median, q3) == tuple(np.percentile(days, [25, 50, 75]))
    assert quartiles([4]) == (4.0, 4.0, 4.0)
    assert quartiles([2, 10]) == tuple(np.percentile([2, 10], [25, 50, 75]))


def test_counts_by_year_and_time_to_resolution() -> None:
    reports = _reports()
    result = compute_aggregates(reports, k=K)
    counts = _counts(result)
    assert result["parameters"]["years"] == [2025, 2026]
    assert counts[(ALL, ALL, 2025)] == 25
    assert counts[(ALL, ALL, 2026)] == 17
    assert counts[(ALL, ALL, ALL_YEARS)] == 42
    assert counts[("category", "humiliated", 2025)] == 12
    resolution = frame_from_records(result["resolution"])
    row = resolution.filter((pl.col("year") == 2026) & (pl.col("category") == ALL)).row(
        0, named=True
    )
    expected = [(r.closed_on - r.received_on).days for r in reports[24:40]]
    assert row["resolved"] == 16
    assert [row["q1_days"], row["median_days"], row["q3_days"]] == list(
        np.percentile(expected, [25, 50, 75])
    )
    accreditation = frame_from_records(result["accreditation"])
    assert accreditation.columns == [
        "year",
        "category",
        "category_label",
        "received",
        "resolved",
        "median_days",
    ]
    first = accreditation.row(0, named=True)
    assert (first["category_label"], first["received"]) == ("All reports", 25)


def test_small_cells_are_hidden_with_a_partner() -> None:
    counts = _counts(compute_aggregates(_reports(), k=K))
    # One report at a site in each year: hidden, and its all-years total too (2 < k).
    assert counts[("setting", "site", 2025)] is None
    assert counts[("setting", "site", ALL_YEARS)] is None
    for column in (2025, 2026, ALL_YEARS):
        hidden = [
            g for (d, g, y), n in counts.items() if d == "setting" and y == column and n is None
        ]
        assert len(hidden) >= 2, (column, hidden)


def _ranges(result: dict, reports: list[Report]) -> dict[tuple, tuple[float, float]]:
    """What a reader can narrow each hidden setting/role cell to, from everything published.

    The attacker's linear programme: every published count fixed, every hidden
    cell a non-negative unknown, every margin of the release an equation.
    """
    counts = _counts(result)
    years = result["parameters"]["years"]
    keys = list(counts)
    hidden = [key for key in keys if counts[key] is None]
    index = {key: i for i, key in enumerate(hidden)}
    rows, rhs = [], []

    def relation(total: tuple, parts: list[tuple]) -> None:
        row = np.zeros(len(hidden))
        value = 0.0
        for key, sign in [(total, -1), *((p, 1) for p in parts)]:
            if counts[key] is None:
                row[index[key]] += sign
            else:
                value -= sign * counts[key]
        if row.any():
            rows.append(row)
            rhs.append(value)

    relation((ALL, ALL, ALL_YEARS), [(ALL, ALL, y) for y in years])
    for column in (*years, ALL_YEARS):
        for dimension in ("setting", "role"):
            parts = [key for key in keys if key[0] == dimension and key[2] == column]
            relation((ALL, ALL, column), parts)
    for d, g, y in keys:
        if d != ALL and y == ALL_YEARS:
            relation((d, g, y), [(d, g, year) for year in years])
    # Orderings every reader knows: a category's reports are at most the year's reports,
    # and at least the category's resolved reports (published in the resolution table).
    upper, bound = [], []

    def at_most(small: tuple, large: tuple | None, floor: int = 0) -> None:
        row = np.zeros(len(hidden))
        value = -floor
        for key, sign in [(small, 1), (large, -1)]:
            if key is None:
                continue
            if counts[key] is None:
                row[index[key]] += sign
            else:
                value -= sign * counts[key]
        if row.any():
            upper.append(row)
            bound.append(value)

    for d, g, y in keys:
        if d == "category":
            at_most((d, g, y), (ALL, ALL, y))
    resolution = frame_from_records(result["resolution"])
    for year, category, _, resolved, *_ in resolution.iter_rows():
        if resolved is not None:
            key = (ALL, ALL, year) if category == ALL else ("category", category, year)
            if counts[key] is None:
                row = np.zeros(len(hidden))
                row[index[key]] = -1
                upper.append(row)
                bound.append(-resolved)
    out = {}
    for key in hidden:
        c = np.zeros(len(hidden))
        c[index[key]] = 1
        options = {"A_eq": rows, "b_eq": rhs, "bounds": (0, None)}
        if upper:
            options.update(A_ub=upper, b_ub=bound)
        low = linprog(c, **options)
        high = linprog(-c, **options)
        out[key] = (low.fun, np.inf if high.status == 3 else -high.fun)
    return out


def test_attack_hidden_small_cells_keep_a_range_of_k() -> None:
    reports = _reports()
    result = compute_aggregates(reports, k=K)
    true = _counts(compute_aggregates(reports, k=1))
    ranges = _ranges(result, reports)
    small = [key for key, n in true.items() if 0 < n < K]
    assert small, "the data must contain small cells for the attack to mean anything"
    assert all(key in ranges for key in small), "every small count is hidden"
    for key in small:
        low, high = ranges[key]
        assert low <= true[key] <= high
        assert high - low + 1 >= K, (key, low, high)


def test_guard_sees_every_count_and_hide_cells_adds_a_partner() -> None:
    result = compute_aggregates(_reports(), k=K)
    published = cells.published_cells(result, "Concerns")
    shown = [n for n in _counts(result).values() if n is not None]
    assert len([c for c in published if c.scope[0] == "concern reports"]) == len(shown)
    hidden = cells.hide_cells(result, [("reports", "role", "resident", 2026)])
    after = _counts(hidden)
    assert after[("role", "resident", 2026)] is None
    in_year = [g for (d, g, y), n in after.items() if d == "role" and y == 2026 and n is None]
    assert len(in_year) >= 2
    # The guard may hide a year's resolved count: the accreditation summary loses it too.
    hidden = cells.hide_cells(result, [("resolved", ALL, ALL, 2026)])
    accreditation = frame_from_records(hidden["accreditation"])
    row = accreditation.filter((pl.col("year") == 2026) & (pl.col("category") == ALL))
    assert row["resolved"].to_list() == [None] and row["median_days"].to_list() == [None]
    with pytest.raises(NotImplementedError):
        cells.hide_cells(result, [("reports", ALL, ALL, ALL_YEARS)])


def test_nothing_to_count_is_refused() -> None:
    with pytest.raises(TooFewReports, match="no reports"):
        compute_aggregates([], k=K)
