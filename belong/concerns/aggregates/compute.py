"""Counts of concern reports and times to resolution, small cells hidden.

Every report counts once in each table it appears in, by the academic year of
the day it arrived (``Concern.received_on``: the only date an anonymous report
keeps). Categories are not exclusive (a report may name several), so each
category is its own yes/no count, never a share of a total. Time to resolution
is days from the day a report arrived to the day its case closed.

Small cells are hidden by ``belong.privacy.suppress_small_cells`` over every
count of the release at once, with the margins a reader can add up (each
year's reports by setting and by role add up to the year's total; each group's
years add up to its all-years total) and the orderings a reader knows (a
year's resolved reports are at most its reports), so a hidden cell keeps at
least ``k`` possible values whatever else is published.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from belong.core.academic_calendar import academic_year_of
from belong.privacy import Constraint, suppress_small_cells
from belong.publishing.frames import frame_records

ALL = "all"
ALL_YEARS = 0  # the all-years column of the counts
# Dimensions whose groups are exclusive: their groups add up to the year's total.
EXCLUSIVE = ("setting", "role")
DIMENSIONS = ("category", *EXCLUSIVE)


@dataclass(frozen=True)
class Report:
    """What the aggregates read of one report (no text, no reporter)."""

    received_on: date
    closed_on: date | None
    categories: tuple[str, ...]
    setting: str
    role: str


class TooFewReports(ValueError):
    """Nothing to publish: every count would be hidden."""


def quartiles(days: list[int]) -> tuple[float, float, float]:
    """First quartile, median and third quartile (the inclusive method, like numpy's default)."""
    if len(days) == 1:
        return float(days[0]), float(days[0]), float(days[0])
    q1, median, q3 = statistics.quantiles(days, n=4, method="inclusive")
    return float(q1), float(median), float(q3)


def _groups(report: Report) -> dict[str, tuple[str, ...]]:
    return {
        "category": tuple(sorted(set(report.categories))),
        "setting": (report.setting,),
        "role": (report.role,),
    }


def compute_aggregates(reports: Iterable[Report], *, k: int) -> dict[str, Any]:
    """The frozen result of a concerns release: frames, summary, findings, parameters."""
    reports = list(reports)
    if not reports:
        raise TooFewReports("There are no reports to count yet.")
    counts: Counter[tuple[Any, ...]] = Counter()
    resolved_days: dict[tuple[str, int], list[int]] = defaultdict(list)
    years = sorted({academic_year_of(r.received_on) for r in reports})
    seen: dict[str, set[str]] = {d: set() for d in DIMENSIONS}
    for r in reports:
        year = academic_year_of(r.received_on)
        for column in (year, ALL_YEARS):
            counts[("reports", ALL, ALL, column)] += 1
            for dimension, groups in _groups(r).items():
                for group in groups:
                    seen[dimension].add(group)
                    counts[("reports", dimension, group, column)] += 1
        if r.closed_on is not None:
            days = (r.closed_on - r.received_on).days
            resolved_days[(ALL, year)].append(days)
            for group in _groups(r)["category"]:
                resolved_days[(group, year)].append(days)
    cells: dict[Hashable, int] = {}
    for column in (*years, ALL_YEARS):
        cells[("reports", ALL, ALL, column)] = counts[("reports", ALL, ALL, column)]
        for dimension in DIMENSIONS:
            for group in sorted(seen[dimension]):
                key = ("reports", dimension, group, column)
                cells[key] = counts[key]
    for year in years:
        cells[("resolved", ALL, ALL, year)] = len(resolved_days[(ALL, year)])
        for group in sorted(seen["category"]):
            cells[("resolved", "category", group, year)] = len(resolved_days[(group, year)])
    constraints, at_most = _relations(cells, years, seen)
    protection = suppress_small_cells(cells, constraints, k=k, at_most=at_most)
    shown = protection.published(cells)
    resolution = _resolution_frame(shown, resolved_days, years, seen, k)
    return {
        "parameters": {"k": k, "years": years},
        "counts": frame_records(_counts_frame(shown, years, seen)),
        "resolution": frame_records(resolution),
        "accreditation": frame_records(accreditation_frame(resolution)),
        "summary": {
            "reports": len(reports),
            "resolved": sum(len(resolved_days[(ALL, y)]) for y in years),
            "hidden_cells": len(protection.suppressed),
            "years": years,
        },
        "findings": _findings(shown, resolved_days, years, k),
    }


def _relations(
    cells: dict[Hashable, int], years: list[int], seen: dict[str, set[str]]
) -> tuple[list[Constraint], list[tuple[Any, Any]]]:
    constraints = [
        Constraint(("reports", ALL, ALL, ALL_YEARS), tuple(("reports", ALL, ALL, y) for y in years))
    ]
    for column in (*years, ALL_YEARS):
        for dimension in EXCLUSIVE:
            constraints.append(
                Constraint(
                    ("reports", ALL, ALL, column),
                    tuple(("reports", dimension, g, column) for g in sorted(seen[dimension])),
                )
            )
    for dimension in DIMENSIONS:
        for group in sorted(seen[dimension]):
            constraints.append(
                Constraint(
                    ("reports", dimension, group, ALL_YEARS),
                    tuple(("reports", dimension, group, y) for y in years),
                )
            )
    # A year's resolved reports are at most its reports; a category's reports at most all reports.
    keys: list[tuple[Any, ...]] = [key for key in cells if isinstance(key, tuple)]
    at_most: list[tuple[Any, Any]] = [
        (key, ("reports", *key[1:])) for key in keys if key[0] == "resolved"
    ]
    at_most += [
        (key, ("reports", ALL, ALL, key[3]))
        for key in keys
        if key[0] == "reports" and key[1] == "category"
    ]
    return constraints, at_most


def _counts_frame(
    shown: dict[Any, int | None], years: list[int], seen: dict[str, set[str]]
) -> pl.DataFrame:
    rows = []
    for dimension in (ALL, *DIMENSIONS):
        groups = [ALL] if dimension == ALL else sorted(seen[dimension])
        for group in groups:
            for column in (*years, ALL_YEARS):
                rows.append(
                    {
                        "dimension": dimension,
                        "group": group,
                        "year": column,
                        "reports": shown[("reports", dimension, group, column)],
                    }
                )
    schema = {"dimension": pl.Utf8, "group": pl.Utf8, "year": pl.Int64, "reports": pl.Int64}
    return pl.DataFrame(rows, schema=schema)


def _resolution_frame(
    shown: dict[Any, int | None],
    resolved_days: dict[tuple[str, int], list[int]],
    years: list[int],
    seen: dict[str, set[str]],
    k: int,
) -> pl.DataFrame:
    """Per year and category (``all``: every report): received, resolved, days to resolution.

    Days are shown only where the resolved count is shown and at least ``k``.
    """
    rows = []
    for year in years:
        for group in (ALL, *sorted(seen["category"])):
            dimension = ALL if group == ALL else "category"
            resolved = shown[("resolved", dimension, group, year)]
            days = resolved_days[(group, year)]
            q1 = median = q3 = None
            if resolved is not None and resolved >= k and days:
                q1, median, q3 = quartiles(days)
            rows.append(
                {
                    "year": year,
                    "category": group,
                    "received": shown[("reports", dimension, group, year)],
                    "resolved": resolved,
                    "median_days": median,
                    "q1_days": q1,
                    "q3_days": q3,
                }
            )
    schema = {
        "year": pl.Int64,
        "category": pl.Utf8,
        "received": pl.Int64,
        "resolved": pl.Int64,
        "median_days": pl.Float64,
        "q1_days": pl.Float64,
        "q3_days": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema)


def accreditation_frame(resolution: pl.DataFrame) -> pl.DataFrame:
    """LCME element 3.6: reports received and resolved and median days, per year and category."""
    from belong.concerns.choices import Category

    names = {str(c.value): str(c.label) for c in Category}
    names[ALL] = "All reports"
    return resolution.select(
        "year",
        "category",
        pl.col("category")
        .replace_strict(names, default=pl.col("category"))
        .alias("category_label"),
        "received",
        "resolved",
        "median_days",
    )


def _findings(
    shown: dict[Any, int | None],
    resolved_days: dict[tuple[str, int], list[int]],
    years: list[int],
    k: int,
) -> list[dict[str, Any]]:
    findings = []
    for year in reversed(years):
        received = shown[("reports", ALL, ALL, year)]
        days = resolved_days[(ALL, year)]
        if received is None:
            continue
        text = f"{received:,} report(s) received in the academic year starting {year}"
        if len(days) >= k:
            text += f"; half of those resolved were closed within {quartiles(days)[1]:g} days"
        findings.append({"text": text + "."})
    return findings
