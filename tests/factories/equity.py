"""Factories for outcomes monitoring: a small synthetic school in the database, and releases.

``load_school(scale)`` writes the synthetic population (``belong.demo.population``)
as units, people, self-identification and stage events, in bulk: a few thousand
people in well under a second. ``release_factory`` builds and optionally
publishes a release of that school through the real actions.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

import factory
import polars as pl

from belong.equity import actions
from belong.equity.models import (
    BenchmarkSet,
    PipelineDefinition,
    SavedGrouping,
    StageEvent,
)
from belong.people import categories as cat
from belong.people.models import Person, SelfIdentification, Unit
from belong.publishing import actions as publishing
from belong.publishing.models import Publication, Release
from belong.publishing.noise import NoisyRelease

SEED = 11

_KIND = {
    "program": Unit.Kind.PROGRAM,
    "department": Unit.Kind.DEPARTMENT,
    "campus": Unit.Kind.OFFICE,
}


@dataclass
class SmallSchool:
    """What ``load_school`` wrote: population id → Person pk, unit code → Unit."""

    person_pk: dict[int, int]
    units: dict[str, Unit]
    people: int
    events: int
    extra: dict[str, Any] = field(default_factory=dict)


def load_school(
    scale: float = 0.04, seed: int = SEED, pipelines: tuple[str, ...] = ()
) -> SmallSchool:
    """Write a synthetic school (optionally only some pipelines) to the database."""
    from belong.demo.population import generate_population

    actions.ensure_defaults(by=None, record=False)
    population = generate_population(seed, scale)
    events = population.events
    if pipelines:
        events = events.filter(pl.col("pipeline").is_in(list(pipelines)))
    people = population.people.join(events.select("person_id").unique(), on="person_id", how="semi")
    units: dict[str, Unit] = {}
    for code, (kind, label) in population.units.items():
        unit, _ = Unit.objects.get_or_create(
            code=code, defaults={"name": label, "kind": _KIND.get(kind, Unit.Kind.DEPARTMENT)}
        )
        units[code] = unit
    ids = people["person_id"].to_list()
    created = Person.objects.bulk_create(
        [
            Person(
                institutional_id=f"T{pid:07d}", legal_given_name="Test", legal_family_name=str(pid)
            )
            for pid in ids
        ],
        batch_size=2000,
    )
    person_pk = {pid: p.pk for pid, p in zip(ids, created, strict=True)}
    answers = []
    for row in people.iter_rows(named=True):
        race = list(row["race"] or [])
        values = {
            c: row.get(c)
            for c in (
                "sex",
                "gender_identity",
                "sexual_orientation",
                "first_generation",
                "disability",
                "veteran",
                "origin",
                "age_band",
                "citizenship",
            )
        }
        if not race and all(v is None for v in values.values()):
            continue
        answers.append(
            SelfIdentification(
                person_id=person_pk[row["person_id"]],
                race=race,
                ipeds=cat.derive_ipeds(race, values["citizenship"]),
                **values,
            )
        )
    SelfIdentification.objects.bulk_create(answers, batch_size=2000)
    pipeline_pk = dict(PipelineDefinition.objects.values_list("code", "pk"))
    StageEvent.objects.bulk_create(
        [
            StageEvent(
                person_id=person_pk[pid],
                pipeline_id=pipeline_pk[pipe],
                stage=stage,
                year=year,
                unit_id=units[unit].pk,
                date=date,
                source=StageEvent.Source.DEMO,
            )
            for pid, pipe, stage, year, unit, date in events.select(
                "person_id", "pipeline", "stage", "year", "unit", "date"
            ).iter_rows()
        ],
        batch_size=2000,
    )
    return SmallSchool(person_pk, units, len(ids), events.height)


def census() -> BenchmarkSet:
    actions.ensure_defaults(by=None, record=False)
    return BenchmarkSet.objects.get(code="census_2020_us")


def pipeline(code: str = "md_admissions") -> PipelineDefinition:
    actions.ensure_defaults(by=None, record=False)
    return PipelineDefinition.objects.get(code=code)


def build(
    by: Any,
    code: str = "md_admissions",
    groupings: tuple[str, ...] = ("race_ipeds", "sex"),
    benchmark: bool = True,
    **kwargs: Any,
) -> Release:
    """A release built through ``actions.build_release`` (the school must be loaded)."""
    return actions.build_release(
        by=by,
        pipeline=pipeline(code),
        groupings=actions.resolve_groupings(groupings),
        benchmarks=[census()] if benchmark and "race_ipeds" in groupings else [],
        **kwargs,
    )


def published(by: Any, audience: str, **kwargs: Any) -> Release:
    release = build(by, **kwargs)
    outcome = publishing.publish_release(by=by, release=release, audience=audience)
    assert outcome.published, outcome.report.explanations()
    return outcome.release


class SavedGroupingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedGrouping

    code = factory.Sequence(lambda n: f"school_group_{n}")
    label = factory.Sequence(lambda n: f"School grouping {n}")
    definition = factory.LazyAttribute(
        lambda g: {
            "code": g.code,
            "label": g.label,
            "dimension": "ipeds",
            "groups": {"Underrepresented in medicine": ["black", "hispanic", "aian", "nhpi"]},
        }
    )
    created_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))


# --- releases without a school in the database (for the access matrix and page checks) ---

MATRIX_GROUPINGS = ("race_ipeds", "sex", "race_ipeds__sex")


@functools.cache
def _computed(
    code: str, noised: bool
) -> tuple[dict[str, Any], dict[str, Any], NoisyRelease | None]:
    """One small release computed in memory, once per test process: (spec, result, noise).

    A noisy release counts each person once and pools its years, as the build
    form does for the public by default.
    """
    from belong.demo.population import generate_population
    from belong.equity.analytics import (
        CENSUS_2020_US,
        DEFAULT_PIPELINES,
        ReleaseSpec,
        compute_release,
    )
    from belong.equity.analytics.noisy import noisy_release
    from belong.equity.queries import bound_contributions

    population = generate_population(SEED, 0.04)
    spec = ReleaseSpec(
        pipeline=DEFAULT_PIPELINES[code],
        groupings=actions.resolve_groupings(("race_ipeds",) if noised else MATRIX_GROUPINGS),
        benchmarks=(CENSUS_2020_US,),
        pool_years=noised,
    )
    events = population.events.filter(pl.col("pipeline") == code)
    if not noised:
        result = compute_release(population.people, events, spec)
        return spec.to_dict(), result.to_dict(), None
    events = bound_contributions(events, spec.pipeline.year_basis)
    result = compute_release(population.people, events, spec)
    drawn = noisy_release(population.people, events, spec, result, epsilon=1.0)
    noise = NoisyRelease(
        drawn.result, drawn.epsilon, drawn.mechanism, drawn.scale, drawn.sensitivity
    )
    return spec.to_dict(), result.to_dict(), noise


def frozen_release(
    *,
    audience: str | None = None,
    code: str = "md_admissions",
    noised: bool = False,
    title: str = "",
    by: Any = None,
) -> Release:
    """A frozen release made directly from a computed result (no school in the database),
    optionally published to ``audience``; ``noised``: built for the public with noise."""
    spec, result, noise = _computed(code, noised)
    cells = result["cells"]
    suppressed = cells["columns"].index("suppressed")
    release = Release(
        title=title or f"{spec['pipeline']['label']} ({audience or 'draft'})",
        kind=actions.KIND,
        subject_code=code,
        subject_label=spec["pipeline"]["label"],
        spec=spec,
        result=result,
        data_version="0" * 64,
        data_summary={"events": 1, "people": 1, "with_answers": 1},
        suppressed_cells=sum(1 for row in cells["rows"] if row[suppressed]),
        significant_findings=int(result["summary"].get("significant_tests", 0)),
        k=10,
        years=result["parameters"]["years"],
        bounded_contributions=noised,
        created_by=by,
    )
    if noise is not None:
        release.record_noise(noise)
    release.save()
    if audience is None:
        return release
    release.status = Release.Status.PUBLISHED
    release.audience = audience
    release.published_at = dt.datetime.now(dt.UTC)
    release.save(update_fields=["status", "audience", "published_at"])
    Publication.objects.create(
        release=release,
        audience=audience,
        noised=noised and audience == "public",
        epsilon=release.noise_epsilon if audience == "public" else None,
    )
    return release


def matrix_release(world: Any, audience: str | None, *, noised: bool = False) -> Release:
    """One release per world and audience, made on first use (for matrix kwargs)."""
    key = f"equity_release_{audience}_{noised}"
    if key not in world.extra:
        world.extra[key] = frozen_release(audience=audience, noised=noised)
    return world.extra[key]
