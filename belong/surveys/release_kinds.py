"""Survey results as a publishing kind (contract: ``belong.publishing.kinds``).

A results release is built from one closed campaign
(``surveys.actions.results.build_results``); its subject is the instrument,
so every wave of an instrument released to an audience is checked together
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


class SurveyResults(ReleaseKind):
    code = "surveys"
    label = "Survey results"
    build_url_name = "surveys:home"
    exports: Mapping[str, str] = {
        "cuts": "Responses by group",
        "scales": "Scale scores",
        "favourable": "Favourable answers",
        "gaps": "Gaps between groups",
        "trend": "Change since the previous wave",
    }

    def published_cells(self, result: Mapping[str, Any], label: str) -> list[PublishedCell]:
        from belong.surveys.results import cells

        return cells.published_cells(result, label)

    def hide_cells(self, result: Mapping[str, Any], keys: list[Any]) -> dict[str, Any]:
        from belong.surveys.results import cells

        return cells.hide_cells(result, keys)

    def page(self, release: Any, tables: FrozenTables, params: Mapping[str, str]) -> ReleasePage:
        from belong.surveys.results import presentation

        return presentation.page(tables, params)

    def summary(self, release: Any, tables: FrozenTables) -> ReleaseSummary:
        from belong.surveys.results import presentation

        return presentation.summary(tables)

    def report(
        self, release: Any, tables: FrozenTables, params: Mapping[str, str]
    ) -> list[ReportSection]:
        from belong.surveys.results import presentation

        return presentation.report(tables)

    def methods(self, release: Any, tables: FrozenTables) -> list[Fact]:
        from belong.surveys.results import presentation

        return presentation.methods(tables)

    def export_frame(self, name: str, frame: pl.DataFrame, tables: FrozenTables) -> pl.DataFrame:
        return frame


KINDS = (SurveyResults(),)
