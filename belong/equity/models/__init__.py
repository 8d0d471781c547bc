"""Outcomes-monitoring models, one module per concept.

* ``setup``: pipelines (stages as data), school-defined groupings, benchmarks.
* ``events``: stage events, the one table every pipeline statistic is counted from.

Releases themselves are ``publishing.Release`` rows of the kind ``equity``.
"""

from belong.equity.models.events import StageEvent
from belong.equity.models.setup import BenchmarkSet, PipelineDefinition, SavedGrouping

__all__ = [
    "BenchmarkSet",
    "PipelineDefinition",
    "SavedGrouping",
    "StageEvent",
]
