"""Every write of outcomes monitoring: keyword-only ``by=``, one transaction, one audit event.

``by`` is the acting user, or None for the system (the command line, the demo,
installing the shipped defaults). A signed-in user must hold the permission
the action needs; views check it first, the action checks again.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

import polars as pl
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.core.locks import hold_transaction_lock
from belong.equity import guard, importing, queries
from belong.equity import noise as noise_module
from belong.equity.analytics import (
    CENSUS_2020_US,
    DEFAULT_PIPELINES,
    Benchmark,
    BenchmarkError,
    Grouping,
    GroupingError,
    Pipeline,
    ReleaseSpec,
    custom_grouping,
    default_groupings,
    intersection,
    read_benchmark_csv,
)
from belong.equity.audiences import Audience
from belong.equity.derive import affiliations_frame, derive_events
from belong.equity.models import (
    BenchmarkSet,
    PipelineDefinition,
    Publication,
    Release,
    SavedGrouping,
    StageEvent,
)
from belong.people.importing.actions import sha256_of
from belong.people.models import ImportRun


class ActionError(ValueError):
    """A request the action refuses, with a sentence saying why."""


def _require(by: Any, permission: Permission) -> None:
    # The system (None) runs commands and the demo; a user needs the permission.
    if by is not None:
        ensure_permission(by, permission)


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


# --- shipped defaults ---------------------------------------------------------------


def ensure_defaults(*, by: Any = None, record: bool = True) -> dict[str, int]:
    """Create the shipped pipelines and the 2020 Census benchmark if they are missing.

    Idempotent: an existing row (perhaps edited by an analyst) is left as it is.
    ``record=False`` skips the audit event (used after ``migrate``, which
    installs configuration the way a migration would).
    """
    created = {"pipelines": 0, "benchmarks": 0}
    with transaction.atomic():
        for code, pipeline in DEFAULT_PIPELINES.items():
            _obj, made = PipelineDefinition.objects.get_or_create(
                code=code,
                defaults={
                    "label": pipeline.label,
                    "definition": pipeline.to_dict(),
                    "shipped": True,
                },
            )
            created["pipelines"] += int(made)
        census = CENSUS_2020_US
        _bench, made = BenchmarkSet.objects.get_or_create(
            code=census.code,
            defaults={
                "label": census.label,
                "scheme": census.scheme,
                "shares": dict(census.shares),
                "published_figures": dict(census.published_figures),
                "source": census.source,
                "year": census.year,
                "geography": census.geography,
                "notes": census.notes,
                "shipped": True,
            },
        )
        created["benchmarks"] += int(made)
        if record and any(created.values()):
            audit.record(audit.EquityEvent.DEFAULTS_INSTALLED, by=by, detail=created)
    return created


# --- pipelines ----------------------------------------------------------------------


def parse_stages(text: str) -> list[dict[str, str]]:
    """``code | label | outcome | kind`` per line (outcome and kind optional)."""
    stages = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise ActionError(f"Stage line {number}: write “code | label | outcome | kind”.")
        code = parts[0].lower()
        if not code.replace("_", "").isalnum() or not code[0].isalpha():
            raise ActionError(
                f"Stage line {number}: the code “{parts[0]}” must be letters, digits and _."
            )
        kind = (parts[3] if len(parts) > 3 and parts[3] else "stage").lower()
        if kind not in ("stage", "exit", "milestone"):
            raise ActionError(f"Stage line {number}: the kind must be stage, exit or milestone.")
        outcome = parts[2] if len(parts) > 2 and parts[2] else f"reached {parts[1].lower()}"
        stages.append({"code": code, "label": parts[1], "outcome": outcome, "kind": kind})
    if not stages:
        raise ActionError("A pipeline needs at least one stage.")
    return stages


def parse_transitions(text: str) -> list[list[str]]:
    """``source > target`` per line."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source, sep, target = line.partition(">")
        if not sep or not source.strip() or not target.strip():
            raise ActionError(f"Transition line {number}: write “source > target”.")
        out.append([source.strip().lower(), target.strip().lower()])
    return out


def save_pipeline(
    *,
    by: Any,
    pipeline: PipelineDefinition | None,
    code: str,
    label: str,
    noun: str,
    year_basis: str,
    stages: list[dict[str, str]],
    transitions: list[list[str]] | None,
    active: bool,
) -> PipelineDefinition:
    """Create a pipeline or change one; stages that have events on record cannot be removed."""
    _require(by, Permission.MANAGE_PIPELINES)
    code = pipeline.code if pipeline is not None else code.strip().lower()
    previous = pipeline.pipeline() if pipeline is not None else None
    data: dict[str, Any] = {
        "code": code,
        "label": label.strip(),
        "noun": noun.strip() or "people",
        "year_basis": year_basis,
        "stages": stages,
        "transitions": transitions,
        "time_to_event": None,
    }
    if previous is not None and previous.time_to_event is not None:
        tte = previous.time_to_event
        kept = {s["code"] for s in stages}
        if {tte.start, tte.end, *tte.censor_at} <= kept:
            data["time_to_event"] = {
                "start": tte.start,
                "end": tte.end,
                "censor_at": list(tte.censor_at),
                "label": tte.label,
            }
    try:
        checked = Pipeline.from_dict(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise ActionError(f"The pipeline is not usable: {exc}.") from exc
    with transaction.atomic():
        if pipeline is None:
            if PipelineDefinition.objects.filter(code=code).exists():
                raise ActionError(f"A pipeline with the code “{code}” exists already.")
            pipeline = PipelineDefinition(code=code, shipped=False)
            verb = "equity.pipeline.created"
        else:
            in_use = set(
                StageEvent.objects.filter(pipeline=pipeline)
                .values_list("stage", flat=True)
                .distinct()
            )
            removed = sorted(in_use - set(checked.stage_codes))
            if removed:
                raise ActionError(
                    "These stages have events on record and cannot be removed: "
                    + ", ".join(removed)
                    + "."
                )
            verb = "equity.pipeline.changed"
        pipeline.label = checked.label
        pipeline.definition = checked.to_dict()
        pipeline.active = active
        pipeline.updated_at = timezone.now()
        pipeline.updated_by = _user(by)
        pipeline.save()
        audit.record(
            audit.EquityEvent(verb),
            by=by,
            target=pipeline,
            detail={"stages": len(checked.stages), "active": active},
        )
    return pipeline


# --- groupings ----------------------------------------------------------------------


def default_grouping_codes() -> set[str]:
    return {g.code for g in default_groupings()}


def save_grouping(
    *,
    by: Any,
    code: str,
    label: str,
    dimension: str,
    groups: Mapping[str, Sequence[str]],
    other_label: str = "",
) -> SavedGrouping:
    """Save a school-defined grouping after ``custom_grouping`` accepts it."""
    _require(by, Permission.BUILD_RELEASES)
    definition: dict[str, Any] = {
        "code": code,
        "label": label,
        "dimension": dimension,
        "groups": {k: list(v) for k, v in groups.items()},
    }
    if other_label:
        definition["other_label"] = other_label
    try:
        custom_grouping(definition)
    except GroupingError as exc:
        raise ActionError(str(exc)) from exc
    if code in default_grouping_codes():
        raise ActionError(f"“{code}” is the code of a built-in grouping; choose another.")
    with transaction.atomic():
        if SavedGrouping.objects.filter(code=code).exists():
            raise ActionError(f"A grouping with the code “{code}” exists already.")
        grouping = SavedGrouping.objects.create(
            code=code, label=label, definition=definition, created_by=_user(by)
        )
        audit.record(
            audit.EquityEvent.GROUPING_SAVED,
            by=by,
            target=grouping,
            detail={"dimension": dimension, "groups": len(groups)},
        )
    return grouping


def set_grouping_active(*, by: Any, grouping: SavedGrouping, active: bool) -> None:
    _require(by, Permission.BUILD_RELEASES)
    with transaction.atomic():
        grouping.active = active
        grouping.save(update_fields=["active"])
        audit.record(
            audit.EquityEvent.GROUPING_RETIRED
            if not active
            else audit.EquityEvent.GROUPING_RESTORED,
            by=by,
            target=grouping,
        )


# --- benchmarks ---------------------------------------------------------------------


def import_benchmarks(
    *,
    by: Any,
    text: str,
    code: str,
    label: str,
    source: str = "",
    year: int | None = None,
    geography: str = "",
    notes: str = "",
) -> list[BenchmarkSet]:
    """Read a benchmark CSV (one benchmark per scheme in it) and save it.

    Raises :class:`BenchmarkError` listing every problem with its row and column.
    """
    _require(by, Permission.MANAGE_BENCHMARKS)
    import io

    found: dict[str, Benchmark] = read_benchmark_csv(
        io.StringIO(text),
        code=code,
        label=label,
        source=source,
        year=year,
        geography=geography,
        notes=notes,
    )
    with transaction.atomic():
        taken = sorted(
            BenchmarkSet.objects.filter(code__in=[b.code for b in found.values()]).values_list(
                "code", flat=True
            )
        )
        if taken:
            raise BenchmarkError([f"a benchmark named {', '.join(taken)} exists already"])
        made = [
            BenchmarkSet.objects.create(
                code=b.code,
                label=b.label,
                scheme=b.scheme,
                shares=dict(b.shares),
                published_figures=dict(b.published_figures),
                source=b.source,
                year=b.year,
                geography=b.geography,
                notes=b.notes,
                created_by=_user(by),
            )
            for b in found.values()
        ]
        audit.record(
            audit.EquityEvent.BENCHMARK_IMPORTED,
            by=by,
            detail={"code": code, "schemes": sorted(b.scheme for b in made)},
        )
    return made


# --- stage events -------------------------------------------------------------------


@dataclass
class SyncCounts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept_from_other_sources: int = 0


def sync_events_from_affiliations(*, by: Any, today: dt.date | None = None) -> SyncCounts:
    """Make the affiliation-derived events match the affiliations (idempotent).

    Creates the events the affiliations imply, corrects the date or unit of
    those derived earlier, and removes derived events the affiliations no
    longer imply. Events imported or loaded by the demo are never touched; an
    imported event with the same key wins over a derived one.
    """
    _require(by, Permission.IMPORT_STAGE_EVENTS)
    today = today or timezone.localdate()
    pipelines = dict(PipelineDefinition.objects.filter(active=True).values_list("code", "pk"))
    counts = SyncCounts()
    with transaction.atomic():
        derived = derive_events(affiliations_frame(), today).filter(
            pl.col("pipeline").is_in(list(pipelines))
        )
        derived = derived.with_columns(
            pl.col("pipeline").replace_strict(pipelines, return_dtype=pl.Int64).alias("pipeline_id")
        ).drop("pipeline")
        rows = StageEvent.objects.filter(pipeline_id__in=list(pipelines.values())).values_list(
            "pk", "person_id", "pipeline_id", "stage", "year", "unit_id", "date", "source"
        )
        existing = pl.DataFrame(
            list(rows.order_by()),
            schema={
                "pk": pl.Int64,
                "person_id": pl.Int64,
                "pipeline_id": pl.Int64,
                "stage": pl.String,
                "year": pl.Int32,
                "unit_id": pl.Int64,
                "date": pl.Date,
                "source": pl.String,
            },
            orient="row",
        )
        key = ["person_id", "pipeline_id", "stage", "year"]
        mine = existing.filter(pl.col("source") == StageEvent.Source.AFFILIATION)
        create = derived.join(existing, on=key, how="anti")
        stale = mine.join(derived, on=key, how="anti")
        changed = mine.join(derived, on=key, how="inner", suffix="_new").filter(
            (pl.col("unit_id") != pl.col("unit_id_new"))
            | (pl.col("date").ne_missing(pl.col("date_new")))
        )
        counts.kept_from_other_sources = derived.join(
            existing.filter(pl.col("source") != StageEvent.Source.AFFILIATION), on=key, how="semi"
        ).height
        now = timezone.now()
        StageEvent.objects.bulk_create(
            [
                StageEvent(
                    person_id=p,
                    pipeline_id=pl_id,
                    stage=s,
                    year=y,
                    unit_id=u,
                    date=d,
                    source=StageEvent.Source.AFFILIATION,
                    recorded_at=now,
                )
                for p, s, y, u, d, pl_id in create.select(
                    "person_id", "stage", "year", "unit_id", "date", "pipeline_id"
                ).iter_rows()
            ],
            batch_size=2000,
        )
        if changed.height:
            StageEvent.objects.bulk_update(
                [
                    StageEvent(pk=pk, unit_id=u, date=d)
                    for pk, u, d in changed.select("pk", "unit_id_new", "date_new").iter_rows()
                ],
                ["unit", "date"],
                batch_size=2000,
            )
        stale_pks = stale["pk"].to_list()
        for start in range(0, len(stale_pks), 5000):
            StageEvent.objects.filter(pk__in=stale_pks[start : start + 5000]).delete()
        counts.created, counts.updated, counts.deleted = (
            create.height,
            changed.height,
            len(stale_pks),
        )
        audit.record(
            audit.EquityEvent.STAGE_EVENTS_DERIVED,
            by=by,
            detail={
                "created": counts.created,
                "updated": counts.updated,
                "deleted": counts.deleted,
                "kept": counts.kept_from_other_sources,
            },
        )
    return counts


def import_stage_events(
    *, by: Any, fileobj: IO[bytes], filename: str, apply: bool
) -> importing.EventImportResult:
    """Check a stage-event file and, if ``apply`` and nothing is wrong, write it all.

    Records one :class:`ImportRun` (kind ``stage_events``) and one audit event,
    whatever the outcome. When applying, the check runs again inside the write
    transaction, so nothing another import wrote meanwhile can slip through.
    """
    _require(by, Permission.IMPORT_STAGE_EVENTS)
    digest = sha256_of(fileobj)
    if apply:
        try:
            with transaction.atomic():
                checked = importing.check_file(fileobj, filename)
                if checked.log.ok:
                    run = _import_run(
                        by,
                        filename,
                        digest,
                        checked,
                        ImportRun.Outcome.APPLIED,
                        created=len(checked.rows),
                    )
                    importing.write_events(checked.rows, checked.person_pk, run)
                    _audit_import(by, run)
                    return importing.EventImportResult(
                        run, checked.log, checked.read, len(checked.rows)
                    )
        except IntegrityError:
            checked.log.add(
                None,
                "",
                "",
                "Another import wrote some of these events while this one ran, so nothing was "
                "written. Check the file again.",
                "changed_during_import",
            )
    else:
        checked = importing.check_file(fileobj, filename)
    outcome = ImportRun.Outcome.REJECTED if not checked.log.ok else ImportRun.Outcome.DRY_RUN
    if outcome == ImportRun.Outcome.DRY_RUN:
        checked.log.note(f"{len(checked.rows):,} events would be added.", "changes")
    with transaction.atomic():
        run = _import_run(by, filename, digest, checked, outcome, created=0)
        _audit_import(by, run)
    return importing.EventImportResult(run, checked.log, checked.read, 0)


def _import_run(
    by: Any, filename: str, digest: str, checked: importing.Checked, outcome: str, *, created: int
) -> ImportRun:
    return ImportRun.objects.create(
        kind=importing.KIND,
        filename=filename[:255],
        sha256=digest,
        outcome=outcome,
        rows=checked.read,
        created=created,
        problem_count=checked.log.error_count,
        problems=checked.log.as_records(),
        mapping=checked.mapping,
        by=_user(by),
    )


def _audit_import(by: Any, run: ImportRun) -> None:
    audit.record(
        audit.EquityEvent.STAGE_EVENTS_IMPORTED,
        by=by,
        target=run,
        detail={
            "outcome": run.outcome,
            "rows": run.rows,
            "created": run.created,
            "problems": run.problem_count,
        },
    )


# --- releases -----------------------------------------------------------------------


def resolve_groupings(
    codes: Iterable[str],
    saved: Iterable[SavedGrouping] = (),
    intersections: Iterable[tuple[str, str]] = (),
) -> tuple[Grouping, ...]:
    """The built-in groupings named by ``codes``, the saved ones and extra intersections."""
    wanted = list(dict.fromkeys(codes))
    built_in = {g.code: g for g in default_groupings()}
    unknown = [c for c in wanted if c not in built_in]
    if unknown:
        raise ActionError(f"Unknown grouping: {', '.join(unknown)}.")
    chosen: dict[str, Grouping] = {c: built_in[c] for c in wanted}
    for a, b in intersections:
        try:
            g = intersection(a, b)
        except GroupingError as exc:
            raise ActionError(str(exc)) from exc
        chosen.setdefault(g.code, g)
    for s in saved:
        try:
            g = s.grouping()
        except GroupingError as exc:
            raise ActionError(f"The saved grouping “{s.label}” is no longer usable: {exc}") from exc
        chosen.setdefault(g.code, g)
    if not chosen:
        raise ActionError("Choose at least one grouping.")
    return tuple(chosen.values())


def minimum_k() -> int:
    """The smallest k an analyst may choose: the school's setting (BELONG_PRIVACY_MIN_CELL)."""
    return int(settings.PRIVACY_MIN_CELL)


def default_title(pipeline: PipelineDefinition, years: Sequence[int] | None) -> str:
    if years:
        span = str(years[0]) if len(years) == 1 else f"{min(years)}–{max(years)}"
        return f"{pipeline.label}, {span}"
    return pipeline.label


def build_release(
    *,
    by: Any,
    pipeline: PipelineDefinition,
    title: str = "",
    years: Sequence[int] | None = None,
    units: Sequence[str] | None = None,
    groupings: Sequence[Grouping] | None = None,
    benchmarks: Sequence[BenchmarkSet] = (),
    reference: Mapping[str, str] | None = None,
    k: int | None = None,
    correction: str = "holm",
    alpha: float = 0.05,
    bounded: bool = False,
) -> Release:
    """Compute a release from the records and freeze it (status: draft, not published).

    The audit event records the parameters and the data version, never a value
    from the tables.
    """
    _require(by, Permission.BUILD_RELEASES)
    k = minimum_k() if k is None else int(k)
    if k < minimum_k():
        raise ActionError(
            f"k must be at least {minimum_k()} (the school's smallest cell size, set by an "
            "administrator)."
        )
    schemes = [b.scheme for b in benchmarks]
    if len(set(schemes)) != len(schemes):
        raise ActionError("Choose at most one benchmark for each reporting table.")
    chosen = tuple(groupings) if groupings is not None else default_groupings()
    codes = {g.code for g in chosen}
    missing = sorted({s for s in schemes if s not in codes})
    if missing:
        raise ActionError(
            "A benchmark applies to a table the release does not include: "
            + ", ".join(missing)
            + ". Add that grouping or leave the benchmark out."
        )
    try:
        spec = ReleaseSpec(
            pipeline=pipeline.pipeline(),
            years=tuple(sorted(set(years))) if years else None,
            units=tuple(sorted(set(units))) if units else None,
            groupings=chosen,
            benchmarks=tuple(b.benchmark() for b in benchmarks),
            reference=dict(reference or {}),
            k=k,
            correction=correction,
            alpha=alpha,
        )
    except ValueError as exc:
        raise ActionError(str(exc)) from exc
    in_scope = StageEvent.objects.filter(pipeline=pipeline)
    if spec.years is not None:
        in_scope = in_scope.filter(year__in=spec.years)
    if spec.units is not None:
        in_scope = in_scope.filter(unit__code__in=spec.units)
    if not in_scope.exists():
        raise ActionError(
            f"No stage events of {pipeline.label} are on record for these years and units; "
            "import or derive them first."
        )
    computed = queries.compute_release_from_records(
        by=by, pipeline=pipeline, spec=spec, bounded=bounded, purpose="build a release"
    )
    result = computed.result
    frozen_result = result.to_dict()
    hidden = result.cells.filter(pl.col("suppressed")).select("stage", "year", "table", "group")
    suppression = {
        "cells": [list(r) for r in hidden.iter_rows()],
        "cells_suppressed_all_tables": result.summary.get("cells_suppressed"),
        "cells_all_tables": result.summary.get("cells"),
    }
    with transaction.atomic():
        release = Release.objects.create(
            title=(title.strip() or default_title(pipeline, result.parameters.get("years")))[:200],
            pipeline_code=pipeline.code,
            pipeline_label=pipeline.label,
            spec=spec.to_dict(),
            result=frozen_result,
            data_version=computed.data_version,
            data_summary=computed.data_summary,
            suppression=suppression,
            suppressed_cells=hidden.height,
            significant_findings=sum(1 for f in result.findings if f.get("significant")),
            k=k,
            years=list(result.parameters.get("years") or []),
            units=list(spec.units) if spec.units else None,
            bounded_contributions=bounded,
            build_seconds=round(computed.seconds, 2),
            created_by=_user(by),
        )
        audit.record(
            audit.EquityEvent.RELEASE_BUILT,
            by=by,
            target=release,
            detail={
                "pipeline": pipeline.code,
                "years": release.years,
                "units": release.units,
                "groupings": [g.code for g in chosen],
                "benchmarks": [b.code for b in benchmarks],
                "k": k,
                "correction": correction,
                "data_version": computed.data_version,
                "suppressed_cells": release.suppressed_cells,
                "seconds": release.build_seconds,
            },
        )
    return release


@dataclass
class PublishOutcome:
    release: Release
    published: bool
    report: guard.GuardReport
    message: str = ""


def publish_release(
    *, by: Any, release: Release, audience: str, epsilon: float | None = None
) -> PublishOutcome:
    """Show a frozen release to an audience, if the differencing guard finds no risk.

    ``epsilon`` (public releases only) adds calibrated noise; the noise is
    drawn once per release and reused if it is published again. Refusals are
    audited too.
    """
    _require(by, Permission.PUBLISH_RELEASES)
    if audience not in Audience.values:
        raise ActionError("Choose an audience.")
    if epsilon is not None and audience != Audience.PUBLIC:
        raise ActionError("Noise is only added to releases published to the public.")
    if epsilon is not None and not (math.isfinite(epsilon) and epsilon > 0):
        raise ActionError("ε must be a positive number.")
    with transaction.atomic():
        # Two releases published at once must see each other in the guard.
        hold_transaction_lock("equity.publish")
        release = Release.objects.select_for_update().get(pk=release.pk)
        # A release noised once is shown noisy to the public whenever it is
        # published there again (``Release.shows_noise``): record it as such.
        noised = audience == Audience.PUBLIC and (epsilon is not None or release.is_noised)
        if release.status == Release.Status.PUBLISHED:
            raise ActionError(
                f"This release is already published to {release.get_audience_display().lower()}; "
                "unpublish it first to change its audience."
            )
        report = guard.check_release(release, audience, noised=noised)
        if not report.ok:
            audit.record(
                audit.EquityEvent.RELEASE_PUBLISH_REFUSED,
                by=by,
                target=release,
                detail={
                    "audience": audience,
                    "risks": len(report.risks),
                    "compared_with": report.compared_with,
                },
            )
            return PublishOutcome(
                release,
                False,
                report,
                "Not published: it could be subtracted from an earlier release.",
            )
        fields = ["status", "audience", "published_at", "published_by"]
        if noised and not release.is_noised:
            try:
                drawn = noise_module.add_noise(
                    release.result,
                    epsilon=float(epsilon or 0),
                    bounded=release.bounded_contributions,
                )
            except noise_module.NoiseRefused as exc:
                raise ActionError(str(exc)) from exc
            fields += release.record_noise(drawn)
        release.status = Release.Status.PUBLISHED
        release.audience = audience
        release.published_at = timezone.now()
        release.published_by = _user(by)
        release.save(update_fields=fields)
        Publication.objects.create(
            release=release,
            audience=audience,
            noised=noised,
            epsilon=release.noise_epsilon if noised else None,
            published_by=_user(by),
            published_at=release.published_at,
            guard_report=report.as_record(),
        )
        audit.record(
            audit.EquityEvent.RELEASE_PUBLISHED,
            by=by,
            target=release,
            detail={
                "audience": audience,
                "noised": noised,
                "epsilon": release.noise_epsilon if noised else None,
                "compared_with": report.compared_with,
            },
        )
    return PublishOutcome(release, True, report, "Published.")


def unpublish_release(*, by: Any, release: Release) -> Release:
    """Hide a published release again; the release and its publication record are kept."""
    _require(by, Permission.PUBLISH_RELEASES)
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        if release.status != Release.Status.PUBLISHED:
            raise ActionError("This release is not published.")
        audience = release.audience
        release.status = Release.Status.UNPUBLISHED
        release.save(update_fields=["status"])
        Publication.objects.filter(release=release, unpublished_at__isnull=True).update(
            unpublished_at=timezone.now(), unpublished_by=_user(by)
        )
        audit.record(
            audit.EquityEvent.RELEASE_UNPUBLISHED,
            by=by,
            target=release,
            detail={"audience": audience},
        )
    return release
