"""What a concerns release publishes to the guard, and how the guard's fix hides cells.

Each report count is a population of reports: the year's reports (scope: the
academic year, or all years), narrowed by a setting, a role or one category.
Categories are not exclusive, so each is its own yes/no dimension
(``category:<code>``). Resolved reports are counted in a scope of their own.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import polars as pl

from belong.concerns.aggregates.compute import ALL, ALL_YEARS, EXCLUSIVE, accreditation_frame
from belong.privacy import PublishedCell
from belong.publishing.frames import frame_from_records, frame_records


def _filters(dimension: str, group: str) -> dict[str, frozenset[str]]:
    if dimension == ALL:
        return {}
    if dimension == "category":
        return {f"category:{group}": frozenset({"yes"})}
    return {dimension: frozenset({group})}


def _scope(what: str, year: int) -> tuple[str, str]:
    return (what, "all years" if year == ALL_YEARS else str(year))


def published_cells(result: Mapping[str, Any], label: str) -> list[PublishedCell]:
    cells = []
    for dimension, group, year, n in frame_from_records(result["counts"]).iter_rows():
        if n is not None:
            cells.append(
                PublishedCell(
                    scope=_scope("concern reports", year),
                    filters=_filters(dimension, group),
                    count=n,
                    release=label,
                    key=("reports", dimension, group, year),
                )
            )
    for year, group, _, resolved, *_ in frame_from_records(result["resolution"]).iter_rows():
        if resolved is not None:
            dimension = ALL if group == ALL else "category"
            cells.append(
                PublishedCell(
                    scope=_scope("concern reports resolved", year),
                    filters=_filters(dimension, group),
                    count=resolved,
                    release=label,
                    key=("resolved", dimension, group, year),
                )
            )
    return cells


def hide_cells(result: Mapping[str, Any], keys: list[Any]) -> dict[str, Any]:
    """A copy of ``result`` with the cells of ``keys`` hidden, and a partner for any
    margin left with a single hidden part (so it cannot be found by subtraction)."""
    out = copy.deepcopy(dict(result))
    hide = {tuple(k) for k in keys}
    counts = frame_from_records(out["counts"]).to_dicts()
    for row in counts:
        if ("reports", row["dimension"], row["group"], row["year"]) in hide:
            row["reports"] = None
    if any(
        r["reports"] is None and r["dimension"] == ALL and r["year"] == ALL_YEARS for r in counts
    ):
        raise NotImplementedError("the number of all reports cannot be hidden alone")
    changed = True
    while changed:
        changed = False
        for margin in _margins(counts):
            hidden = [r for r in margin if r["reports"] is None]
            shown = sorted(
                (r for r in margin if r["reports"] is not None), key=lambda r: r["reports"]
            )
            if len(hidden) == 1 and shown:
                shown[0]["reports"] = None
                changed = True
    frame = frame_from_records(out["counts"])
    values = pl.Series("reports", [r["reports"] for r in counts], dtype=pl.Int64)
    out["counts"] = frame_records(frame.with_columns(values))
    gone = {(r["dimension"], r["group"], r["year"]) for r in counts if r["reports"] is None}
    resolution = frame_from_records(out["resolution"]).to_dicts()
    for row in resolution:
        dimension = ALL if row["category"] == ALL else "category"
        if (dimension, row["category"], row["year"]) in gone or (
            "resolved",
            dimension,
            row["category"],
            row["year"],
        ) in hide:
            row.update(received=None, resolved=None, median_days=None, q1_days=None, q3_days=None)
    frame = pl.DataFrame(resolution, schema=frame_from_records(out["resolution"]).schema)
    out["resolution"] = frame_records(frame)
    out["accreditation"] = frame_records(accreditation_frame(frame))
    hidden_cells = sum(r["reports"] is None for r in counts)
    out["summary"] = {**out["summary"], "hidden_cells": hidden_cells}
    return out


def _margins(counts: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Each additive relation as its rows, the margin first (see ``compute._relations``)."""
    index = {(r["dimension"], r["group"], r["year"]): r for r in counts}
    years = sorted({r["year"] for r in counts if r["year"] != ALL_YEARS})
    out = [[index[(ALL, ALL, ALL_YEARS)], *(index[(ALL, ALL, y)] for y in years)]]
    for column in (*years, ALL_YEARS):
        for dimension in EXCLUSIVE:
            parts = [r for r in counts if r["dimension"] == dimension and r["year"] == column]
            out.append([index[(ALL, ALL, column)], *parts])
    for (dimension, group, year), row in index.items():
        if dimension != ALL and year == ALL_YEARS:
            out.append([row, *(index[(dimension, group, y)] for y in years)])
    return out
