"""An outcome release as pages: its sections, the two-page summary, the report and methods.

Everything here reads the release's published (suppressed, possibly noisy)
frozen frames and nothing else, and hands publishing the objects of
``publishing.pages``: tables (``core.tables``) and server-drawn charts
(``publishing.charts``), each chart beside a table with the same figures. One
module per section: ``composition`` (who is at each stage), ``benchmark``,
``transitions`` (rates and selection ratios), ``pooled`` (all years
together), ``trends``, ``survival``; then
``summary``, ``report`` and ``methods``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from belong.publishing.frozen import FrozenTables
from belong.publishing.pages import Block, ReleasePage

from .benchmark import benchmark
from .composition import composition, overview
from .labels import Labels
from .methods import methods
from .pooled import pooled
from .report import report
from .summary import summary
from .survival import survival
from .transitions import transition
from .trends import trend

__all__ = [
    "EXPORTABLE",
    "Labels",
    "export_frame",
    "labels_for",
    "methods",
    "page",
    "report",
    "summary",
]

EXPORTABLE: dict[str, str] = {
    "cells": "People and shares by stage, year and group",
    "representation": "Against the benchmark",
    "transitions": "Rates from one stage to the next",
    "selection": "Selection ratios and tests",
    "pooled": "All years together: pooled comparisons (Cochran-Mantel-Haenszel)",
    "trends": "Trends across years",
    "survival": "Time to event: curves",
    "survival_tests": "Time to event: tests",
}


def labels_for(release: Any, tables: FrozenTables) -> Labels:
    return Labels(tables, noisy=bool(release.shows_noise), k=release.k)


def page(labels: Labels, params: Mapping[str, str]) -> ReleasePage:
    f = labels.filters(params)
    blocks: list[Block | None] = []
    if f.table:
        blocks = [
            composition(labels, f),
            benchmark(labels, f),
            None if labels.noisy else transition(labels, f),
            None if labels.noisy else pooled(labels, f),
            None if labels.noisy else trend(labels, f),
            None if labels.noisy else survival(labels, f),
        ]
    shown = [b for b in blocks if b is not None]
    if labels.noisy and f.table:
        shown.append(
            Block(
                key="not-published",
                title="Rates, trends and tests",
                intro="Rates from one stage to the next, trends and their tests are not "
                "published with noise: they are computed from exact counts. The release's "
                "readers inside the school see them.",
            )
        )
    table_label = labels.groupings[f.table]["label"] if f.table else ""
    return ReleasePage(
        overview=[overview(labels)],
        filters=labels.filter_controls(f),
        blocks=shown,
        showing=f"Showing {table_label}, {labels.year_label(f.year)}.",
    )


def export_frame(frame: pl.DataFrame, labels: Labels) -> pl.DataFrame:
    """A frame as downloaded: a pooled release's period reads as its span of years."""
    if labels.pooled and "year" in frame.columns:
        return frame.with_columns(pl.lit(labels.year_label(labels.years[-1])).alias("year"))
    return frame
