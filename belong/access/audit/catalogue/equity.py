"""Outcomes monitoring: pipelines, groupings, benchmarks, stage events and releases."""

from __future__ import annotations

from enum import unique

from belong.access.audit.kinds import EventKind, Kind


@unique
class EquityEvent(EventKind):
    SELF_IDENTIFICATION_BULK_READ = Kind(
        "equity.self_identification.bulk_read",
        "Self-identification read for a release",
        "Self-identification was read in bulk to compute aggregate tables, stating a purpose; "
        "only the aggregates leave the computation.",
        "pipeline {pipeline}: {people} people, {with_answers} with answers; purpose: {purpose}",
        read=True,
    )
    DEFAULTS_INSTALLED = Kind(
        "equity.defaults.installed",
        "Shipped definitions installed",
        "The pipelines and benchmarks that ship with Belong were installed.",
        "[{pipelines} pipelines][, {benchmarks} benchmarks]",
    )
    PIPELINE_CREATED = Kind(
        "equity.pipeline.created",
        "Pipeline defined",
        "A pipeline (the stages people pass through, such as applied, interviewed, admitted) "
        "was defined.",
        "{target} ({stages} stages)",
    )
    PIPELINE_CHANGED = Kind(
        "equity.pipeline.changed",
        "Pipeline changed",
        "A pipeline's stages or status were changed.",
        "{target} ({stages} stages[, active: {active}])",
    )
    GROUPING_SAVED = Kind(
        "equity.grouping.saved",
        "Grouping saved",
        "A grouping of self-identification answers used in reports was saved.",
        "{target} ({groups} groups[ of {dimension}])",
    )
    GROUPING_RETIRED = Kind(
        "equity.grouping.retired",
        "Grouping retired",
        "A saved grouping was retired from new reports.",
        "{target}",
    )
    GROUPING_RESTORED = Kind(
        "equity.grouping.restored",
        "Grouping restored",
        "A retired grouping was made available again.",
        "{target}",
    )
    BENCHMARK_IMPORTED = Kind(
        "equity.benchmark.imported",
        "Benchmark imported",
        "Reference shares (such as census figures) were imported to compare representation with.",
        "{code}[ ({schemes})]",
    )
    STAGE_EVENTS_DERIVED = Kind(
        "equity.stage_events.derived",
        "Stage events derived",
        "Stage events were worked out from people's affiliations.",
        "{created} new, {updated} changed, {deleted} removed",
    )
    STAGE_EVENTS_IMPORTED = Kind(
        "equity.stage_events.import",
        "Stage events imported",
        "A file of stage events was checked or applied.",
        "{target}: {outcome}, {rows} rows, {created} new, {problems} problems",
    )
    RELEASE_BUILT = Kind(
        "equity.release.built",
        "Release built",
        "Aggregate tables were computed and frozen as a release, with small cells suppressed.",
        "{target} for pipeline {pipeline}",
    )
    RELEASE_PUBLISH_REFUSED = Kind(
        "equity.release.publish_refused",
        "Release publication refused",
        "Publishing a release was refused because, with what the audience has already seen, "
        "it could reveal a small group.",
        "{target} to {audience} ({risks} risks)",
    )
    RELEASE_PUBLISHED = Kind(
        "equity.release.published",
        "Release published",
        "A release was published to an audience.",
        "{target} to {audience}[, with noise: {noised}]",
    )
    RELEASE_UNPUBLISHED = Kind(
        "equity.release.unpublished",
        "Release withdrawn",
        "A published release was withdrawn from an audience.",
        "{target} from {audience}",
    )
