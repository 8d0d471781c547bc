"""What a release holds: :class:`ReleaseResult`, every table after suppression.

``ReleaseResult.to_dict()`` is JSON-serialisable and deterministic (the frozen
form of ``belong.publishing.frames``), so it can be frozen, compared and
rendered later; :meth:`ReleaseResult.published_cells` describes its counts to
the guard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from belong.publishing.frames import frame_from_records, frame_records

from .disclosure import population_filters
from .groupings import Grouping

__all__ = ["ReleaseResult"]


@dataclass
class ReleaseResult:
    """Every table of a release, after suppression. Suppressed values are null.

    Frames (one row per cell; ``suppressed`` True means show "—"):

    ``cells``            people per stage, year and group, share of the stage, 95% CI
    ``representation``   share among the benchmark's universe vs the benchmark
    ``transitions``      rate from one stage to another per group, 95% CI
    ``selection``        each group's rate / the reference group's rate, tests
    ``pooled``           each group against everyone else over every year (CMH, Breslow-Day)
    ``trends``           Cochran-Armitage trend of shares and rates across years
    ``survival``         Kaplan-Meier curve per group at whole years
    ``survival_tests``   log-rank test of each group against the reference
    """

    parameters: dict[str, Any]
    cells: pl.DataFrame
    representation: pl.DataFrame
    transitions: pl.DataFrame
    selection: pl.DataFrame
    pooled: pl.DataFrame
    trends: pl.DataFrame
    survival: pl.DataFrame
    survival_tests: pl.DataFrame
    findings: list[dict[str, Any]]
    summary: dict[str, Any]
    groupings: tuple[Grouping, ...] = ()

    FRAMES = (
        "cells",
        "representation",
        "transitions",
        "selection",
        "pooled",
        "trends",
        "survival",
        "survival_tests",
    )

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable, deterministic form (floats rounded to 10 significant digits)."""
        return {
            "parameters": self.parameters,
            "summary": self.summary,
            "findings": self.findings,
            **{name: frame_records(getattr(self, name)) for name in self.FRAMES},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReleaseResult:
        """Rebuild a result from :meth:`to_dict` (e.g. a frozen release's JSON)."""
        parameters = dict(data["parameters"])
        return cls(
            parameters=parameters,
            summary=dict(data.get("summary", {})),
            findings=list(data.get("findings", [])),
            groupings=tuple(Grouping.from_dict(g) for g in parameters["groupings"]),
            **{name: frame_from_records(data.get(name) or {}) for name in cls.FRAMES},
        )

    def published_cells(self, release: Any = None) -> list[Any]:
        """Published counts as :class:`belong.privacy.PublishedCell` for the differencing guard.

        Populations are described by filters: ``year``, ``unit`` (when the
        release is restricted to units) and the table's dimensions.
        """
        from belong.privacy import PublishedCell

        pipeline = self.parameters["pipeline"]["code"]
        units = self.parameters["units"]
        filters_of = population_filters(self.groupings)
        index = {
            code: {g: i for i, g in enumerate(grp.groups)}
            for code, grp in ((g.code, g) for g in self.groupings)
        }
        out = []
        rows = self.cells.filter(~pl.col("suppressed")).select(
            "stage", "year", "table", "group", "count"
        )
        for stage, year, table, group, count in rows.iter_rows():
            filters: dict[str, Any] = {"year": frozenset({year})}
            if units is not None:
                filters["unit"] = frozenset(units)
            if table != "all":
                filters.update(filters_of[table][index[table][group]])
            out.append(
                PublishedCell(
                    scope=(pipeline, stage),
                    filters=filters,
                    count=count,
                    release=release,
                    key=(stage, year, table, group),
                )
            )
        # Transitions whose advanced people are not a stage's people are new
        # counts: one scope per transition, the source stage's year as cohort.
        own = set(self.summary.get("transitions_with_own_counts", []))
        adv = self.transitions.filter(
            ~pl.col("suppressed")
            & pl.col("advanced").is_not_null()
            & (pl.concat_str("source", pl.lit(">"), "target").is_in(list(own)))
        ).select("source", "target", "year", "table", "group", "advanced")
        for source, target, year, table, group, count in adv.iter_rows():
            filters = {"year": frozenset({year})}
            if units is not None:
                filters["unit"] = frozenset(units)
            filters.update(filters_of[table][index[table][group]])
            subject = f"{source}>{target}"
            out.append(
                PublishedCell(
                    scope=(pipeline, subject),
                    filters=filters,
                    count=count,
                    release=release,
                    key=(subject, year, table, group),
                )
            )
        return out
