"""What a release computes: :class:`ReleaseSpec`, the parameters an analyst chooses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from belong.privacy import DEFAULT_K

from . import stats
from .benchmarks import CENSUS_2020_US, Benchmark
from .groupings import Grouping, default_groupings
from .pipelines import DEFAULT_PIPELINES, Pipeline

__all__ = ["ReleaseSpec", "pool_years"]


@dataclass(frozen=True)
class ReleaseSpec:
    """What a release computes.

    Parameters
    ----------
    pipeline : Pipeline
        The pipeline definition (see :mod:`.pipelines`).
    years : tuple of int, optional
        Years to report; default every year present in the events.
    units : tuple of str, optional
        Unit codes pooled into this release; default all. A per-unit breakdown
        is one release per unit, checked against the pooled release by the
        differencing guard (:meth:`ReleaseResult.published_cells`).
    groupings : tuple of Grouping
        Reporting tables; default :func:`.groupings.default_groupings`.
    benchmarks : tuple of Benchmark
        Reference distributions; each applies to the table named by its scheme.
    reference : mapping grouping code -> group code
        Reference group for selection ratios and survival; default the largest
        group. A group with fewer than ``k`` people, or a "prefer not"/"not
        answered"/"unknown" row, is never the reference.
    k : int
        Small-cell threshold.
    correction : {"holm", "fdr_bh", "none"}
        Multiple-comparison correction across every test of the release.
    alpha : float
        Significance level after correction.
    as_of : date, optional
        End of follow-up for time-to-event; default the latest event date.
    pool_years : bool
        Count every year as one period (reported under its last year, read as
        the span): more people in each figure, fewer hidden cells and, for a
        noisy release, noise that is small beside the counts.
    """

    pipeline: Pipeline
    years: tuple[int, ...] | None = None
    units: tuple[str, ...] | None = None
    groupings: tuple[Grouping, ...] = field(default_factory=default_groupings)
    benchmarks: tuple[Benchmark, ...] = (CENSUS_2020_US,)
    reference: Mapping[str, str] = field(default_factory=dict)
    k: int = DEFAULT_K
    correction: str = "holm"
    alpha: float = 0.05
    as_of: dt.date | None = None
    pool_years: bool = False

    def __post_init__(self) -> None:
        if self.correction not in stats.CORRECTION_METHODS:
            raise ValueError(f"correction must be one of {', '.join(stats.CORRECTION_METHODS)}")
        if not 0 < self.alpha < 1:
            raise ValueError("alpha must be between 0 and 1")
        if isinstance(self.k, bool) or not isinstance(self.k, int) or self.k < 1:
            raise ValueError("k must be a whole number, at least 1")
        codes = {g.code: g for g in self.groupings}
        for table, group in self.reference.items():
            if table not in codes or group not in codes[table].groups:
                raise ValueError(f"reference {table}={group}: no such table or group")

    @classmethod
    def for_pipeline(cls, code: str, **kwargs: Any) -> ReleaseSpec:
        """Spec for one of the default pipelines."""
        return cls(pipeline=DEFAULT_PIPELINES[code], **kwargs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "pipeline": self.pipeline.to_dict(),
            "years": None if self.years is None else list(self.years),
            "units": None if self.units is None else list(self.units),
            "groupings": [g.to_dict() for g in self.groupings],
            "benchmarks": [b.to_dict() for b in self.benchmarks],
            "reference": dict(sorted(self.reference.items())),
            "k": self.k,
            "correction": self.correction,
            "correction_label": stats.CORRECTION_METHODS[self.correction],
            "alpha": self.alpha,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "pool_years": self.pool_years,
        }


def pool_years(events: pl.DataFrame, spec: ReleaseSpec) -> tuple[pl.DataFrame, list[int]]:
    """The events as counted: with ``pool_years``, every year in scope becomes the last one.

    Returns the events and the years pooled (empty when nothing is pooled).
    """
    if not spec.pool_years:
        return events, []
    scope = events.filter(pl.col("pipeline") == spec.pipeline.code)
    if spec.units is not None:
        scope = scope.filter(pl.col("unit").is_in(list(spec.units)))
    years = list(spec.years) if spec.years is not None else sorted(scope["year"].unique().to_list())
    if not years:
        return events, []
    last = max(years)
    pooled = events.filter(pl.col("year").is_in(years)).with_columns(
        pl.lit(last).cast(events.schema["year"]).alias("year")
    )
    return pooled, sorted(int(y) for y in years)
