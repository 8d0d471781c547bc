"""What releases are built from: the shipped defaults, pipelines, groupings and benchmarks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.equity.actions._common import ActionError, require, user_or_none
from belong.equity.analytics import (
    CENSUS_2020_US,
    DEFAULT_PIPELINES,
    Benchmark,
    BenchmarkError,
    GroupingError,
    Pipeline,
    custom_grouping,
    default_groupings,
    read_benchmark_csv,
)
from belong.equity.models import (
    BenchmarkSet,
    PipelineDefinition,
    SavedGrouping,
    StageEvent,
)
from belong.people.models import Unit

# --- shipped defaults ---------------------------------------------------------------


# The program a shipped pipeline belongs to, by unit code (a fresh install has "md").
SHIPPED_PROGRAMS = {"md_admissions": "md"}


def _shipped_program(code: str) -> Unit | None:
    unit_code = SHIPPED_PROGRAMS.get(code)
    return Unit.objects.filter(code=unit_code).first() if unit_code else None


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
                    "program": _shipped_program(code),
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


# save_pipeline(program=UNCHANGED) leaves the pipeline's program as it is.
UNCHANGED: Any = object()


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
    program: Any = UNCHANGED,
) -> PipelineDefinition:
    """Create a pipeline or change one; stages that have events on record cannot be removed.

    ``program``: the one program (a unit) the pipeline belongs to, whose unit its
    imported events may leave blank; None for none; left as it is by default.
    """
    require(by, Permission.MANAGE_PIPELINES)
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
    creating = pipeline is None
    with transaction.atomic():
        if pipeline is None:
            if PipelineDefinition.objects.filter(code=code).exists():
                raise ActionError(f"A pipeline with the code “{code}” exists already.")
            pipeline = PipelineDefinition(code=code, shipped=False)
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
        pipeline.label = checked.label
        pipeline.definition = checked.to_dict()
        pipeline.active = active
        if program is not UNCHANGED:
            pipeline.program = program
        pipeline.updated_at = timezone.now()
        pipeline.updated_by = user_or_none(by)
        pipeline.save()
        audit.record(
            audit.EquityEvent.PIPELINE_CREATED if creating else audit.EquityEvent.PIPELINE_CHANGED,
            by=by,
            target=pipeline,
            detail={
                "stages": len(checked.stages),
                "active": active,
                "program": pipeline.program.code if pipeline.program else "",
            },
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
    require(by, Permission.BUILD_RELEASES)
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
            code=code, label=label, definition=definition, created_by=user_or_none(by)
        )
        audit.record(
            audit.EquityEvent.GROUPING_SAVED,
            by=by,
            target=grouping,
            detail={"dimension": dimension, "groups": len(groups)},
        )
    return grouping


def set_grouping_active(*, by: Any, grouping: SavedGrouping, active: bool) -> None:
    require(by, Permission.BUILD_RELEASES)
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
    availability: bool = False,
    stages: Sequence[str] = (),
) -> list[BenchmarkSet]:
    """Read a benchmark CSV (one benchmark per scheme in it) and save it.

    ``availability``: the benchmark is an availability pool (the people the
    school could hire or admit) for ``stages`` (all stages if empty), rather
    than the population at large; findings rank it accordingly.

    Raises :class:`BenchmarkError` listing every problem with its row and column.
    """
    require(by, Permission.MANAGE_BENCHMARKS)
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
                availability=availability,
                stages=[str(x) for x in stages],
                created_by=user_or_none(by),
            )
            for b in found.values()
        ]
        audit.record(
            audit.EquityEvent.BENCHMARK_IMPORTED,
            by=by,
            detail={
                "code": code,
                "schemes": sorted(b.scheme for b in made),
                "availability": availability,
            },
        )
    return made
