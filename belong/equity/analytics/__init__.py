"""Equity analytics: pure Python on Polars, numpy, scipy and statsmodels (no Django).

The public surface is small:

* :func:`compute_release`, :class:`ReleaseSpec`, :class:`ReleaseResult` -- a
  whole protected release of one pipeline (:mod:`.release`);
* :data:`DEFAULT_PIPELINES`, :class:`Pipeline` -- pipeline definitions as data;
* :func:`default_groupings`, :func:`custom_grouping`, :func:`intersection` --
  reporting schemes;
* :data:`CENSUS_2020_US`, :func:`read_benchmark_csv` -- benchmark distributions;
* :mod:`.stats` -- the vectorised statistics, each checked against scipy or
  statsmodels in the tests.
"""

from .benchmarks import CENSUS_2020_US, Benchmark, BenchmarkError, read_benchmark_csv
from .groupings import Grouping, GroupingError, custom_grouping, default_groupings, intersection
from .pipelines import DEFAULT_PIPELINES, Pipeline, Stage, TimeToEvent, Transition
from .release import ReleaseResult, ReleaseSpec, compute_release

__all__ = [
    "CENSUS_2020_US",
    "DEFAULT_PIPELINES",
    "Benchmark",
    "BenchmarkError",
    "Grouping",
    "GroupingError",
    "Pipeline",
    "ReleaseResult",
    "ReleaseSpec",
    "Stage",
    "TimeToEvent",
    "Transition",
    "compute_release",
    "custom_grouping",
    "default_groupings",
    "intersection",
    "read_benchmark_csv",
]
