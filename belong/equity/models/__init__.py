"""Outcomes-monitoring models, one module per concept.

* ``setup``: pipelines (stages as data), school-defined groupings, benchmarks.
* ``events``: stage events, the one table every pipeline statistic is counted from.
* ``releases``: frozen releases and the history of their publication.
"""

from belong.equity.models.events import StageEvent
from belong.equity.models.releases import ImmutableReleaseError, Publication, Release
from belong.equity.models.setup import BenchmarkSet, PipelineDefinition, SavedGrouping

__all__ = [
    "BenchmarkSet",
    "ImmutableReleaseError",
    "PipelineDefinition",
    "Publication",
    "Release",
    "SavedGrouping",
    "StageEvent",
]
