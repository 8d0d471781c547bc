"""Concern-report aggregates as a publishing kind (contract: ``belong.publishing.kinds``).

A concerns release is built from every report received
(``concerns.aggregates.build.build_aggregates``); its subject is the school's
concern reports, so every concerns release to an audience is checked together
by the guard.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from belong.publishing.frozen import FrozenTables
from belong.publishing.kinds import ModuleKind


class ConcernAggregates(ModuleKind):
    code = "concerns"
    label = "Concern reports"
    build_url_name = "concerns:aggregates"
    cells_module = "belong.concerns.aggregates.cells"
    pages_module = "belong.concerns.aggregates.presentation"
    exports: Mapping[str, str] = {
        "accreditation": "Accreditation summary (LCME 3.6)",
        "counts": "Reports by category, setting and role",
        "resolution": "Time to resolution",
    }

    def export_frame(self, name: str, frame: pl.DataFrame, tables: FrozenTables) -> pl.DataFrame:
        if "year" not in frame.columns:
            return frame
        from belong.concerns.aggregates.presentation import year_label

        return frame.with_columns(
            pl.col("year").map_elements(year_label, return_dtype=pl.Utf8).alias("academic_year")
        ).drop("year")


KINDS = (ConcernAggregates(),)
