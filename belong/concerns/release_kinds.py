"""Concern-report aggregates as a publishing kind (contract: ``belong.publishing.kinds``).

A concerns release is built from every report received
(``concerns.aggregates.build.build_aggregates``); its subject is the school's
concern reports, so every concerns release to an audience is checked together
by the guard.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from belong.privacy import PublishedCell
from belong.publishing.frozen import FrozenTables
from belong.publishing.kinds import ReleaseKind
from belong.publishing.pages import Fact, ReleasePage, ReleaseSummary, ReportSection


class ConcernAggregates(ReleaseKind):
    code = "concerns"
    label = "Concern reports"
    build_url_name = "concerns:aggregates"
    exports: Mapping[str, str] = {
        "accreditation": "Accreditation summary (LCME 3.6)",
        "counts": "Reports by category, setting and role",
        "resolution": "Time to resolution",
    }

    def published_cells(self, result: Mapping[str, Any], label: str) -> list[PublishedCell]:
        from belong.concerns.aggregates import cells

        return cells.published_cells(result, label)

    def hide_cells(self, result: Mapping[str, Any], keys: list[Any]) -> dict[str, Any]:
        from belong.concerns.aggregates import cells

        return cells.hide_cells(result, keys)

    def page(self, release: Any, tables: FrozenTables, params: Mapping[str, str]) -> ReleasePage:
        from belong.concerns.aggregates import presentation

        return presentation.page(tables)

    def summary(self, release: Any, tables: FrozenTables) -> ReleaseSummary:
        from belong.concerns.aggregates import presentation

        return presentation.summary(tables)

    def report(
        self, release: Any, tables: FrozenTables, params: Mapping[str, str]
    ) -> list[ReportSection]:
        from belong.concerns.aggregates import presentation

        return presentation.report(tables)

    def methods(self, release: Any, tables: FrozenTables) -> list[Fact]:
        from belong.concerns.aggregates import presentation

        return presentation.methods(tables)

    def export_frame(self, name: str, frame: pl.DataFrame, tables: FrozenTables) -> pl.DataFrame:
        if "year" not in frame.columns:
            return frame
        from belong.concerns.aggregates.presentation import year_label

        return frame.with_columns(
            pl.col("year").map_elements(year_label, return_dtype=pl.Utf8).alias("academic_year")
        ).drop("year")


KINDS = (ConcernAggregates(),)
