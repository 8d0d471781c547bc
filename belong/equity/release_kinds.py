"""Outcome releases as a publishing kind (contract: ``belong.publishing.kinds``)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import polars as pl

from belong.privacy import PublishedCell
from belong.publishing.frozen import FrozenTables
from belong.publishing.kinds import ReleaseKind
from belong.publishing.pages import Fact, ReleasePage, ReleaseSummary, ReportSection

_summaries: dict[tuple[Any, ...], ReleaseSummary] = {}
_lock = threading.Lock()


class EquityReleases(ReleaseKind):
    code = "equity"
    label = "Outcomes monitoring"
    build_url_name = "equity:release_build"

    @property
    def exports(self) -> Mapping[str, str]:  # type: ignore[override]
        from belong.equity.presentation import EXPORTABLE

        return EXPORTABLE

    def published_cells(self, result: Mapping[str, Any], label: str) -> list[PublishedCell]:
        from belong.equity.analytics import ReleaseResult

        return ReleaseResult.from_dict(result).published_cells(label)

    def known_values(self, release: Any) -> Mapping[str, frozenset]:
        # The school's units are no secret: a reader knows none lies outside them.
        from belong.people.models import Unit

        return {"unit": frozenset(Unit.objects.values_list("code", flat=True))}

    def hide_cells(self, result: Mapping[str, Any], keys: list[Any]) -> dict[str, Any]:
        from belong.equity.hiding import hide_cells

        return hide_cells(result, keys)

    def page(self, release: Any, tables: FrozenTables, params: Mapping[str, str]) -> ReleasePage:
        from belong.equity import presentation

        return presentation.page(presentation.labels_for(release, tables), params)

    def summary(self, release: Any, tables: FrozenTables) -> ReleaseSummary:
        # A frozen release's summary never changes: worked out once per process (the
        # home page shows it on every visit).
        key = (int(release.pk), release.created_at, release.data_version, bool(release.shows_noise))
        with _lock:
            found = _summaries.get(key)
        if found is None:
            from belong.equity import presentation

            found = presentation.summary(presentation.labels_for(release, tables))
            with _lock:
                _summaries[key] = found
                while len(_summaries) > 16:
                    _summaries.pop(next(iter(_summaries)))
        return found

    def report(
        self, release: Any, tables: FrozenTables, params: Mapping[str, str]
    ) -> list[ReportSection]:
        from belong.equity import presentation

        return presentation.report(presentation.labels_for(release, tables), params)

    def methods(self, release: Any, tables: FrozenTables) -> list[Fact]:
        from belong.equity import presentation

        return presentation.methods(presentation.labels_for(release, tables), release)

    def export_frame(self, name: str, frame: pl.DataFrame, tables: FrozenTables) -> pl.DataFrame:
        from belong.equity import presentation

        return presentation.export_frame(frame, presentation.Labels(tables))


KINDS = (EquityReleases(),)
