"""The demo school's outcomes monitoring: its stage events, and releases that show their use.

Loads the population's stage events (bulk, mapped to the demo's persons and
units), then, as the demo analyst, builds and publishes:

* to leadership, MD admissions with every reporting table against the 2020
  Census -- the population plants a large interview-rate disparity for Black
  applicants (significant every year) and small groups (Native Hawaiian or
  Pacific Islander, intersex, non-binary people) whose cells are suppressed;
* to leadership, faculty hiring, retention and promotion (slower promotion of
  women is planted, shown as time to promotion), hiring compared with an
  availability pool (illustrative figures) rather than the general population;
* to all faculty and staff, staff hiring, promotion and separation;
* to the public, MD admissions by race and ethnicity with calibrated noise
  (ε = 1), counting each applicant once, the years pooled into one period;
* and leaves one draft, MD admissions by race, ethnicity and sex: publishing it
  beside the leadership release is what the differencing guard exists to stop
  (its cells suppressed in one release and shown in the other can be
  subtracted), so an analyst can see the guard explain itself.

A publication the differencing guard refuses is reported, not forced.
"""

from __future__ import annotations

import polars as pl

from belong.demo.context import DemoContext
from belong.equity import actions
from belong.equity.models import BenchmarkSet, PipelineDefinition, StageEvent
from belong.people.models import Affiliation
from belong.publishing import actions as publishing
from belong.publishing.audiences import Audience
from belong.publishing.models import Release
from belong.publishing.noise import DEFAULT_EPSILON

STAFF_PIPELINE = "staff"


def build(context: DemoContext) -> None:
    population = context.require_population()
    actions.ensure_defaults(by=None)
    with context.timed("equity: stage events"):
        loaded = load_events(context, population.events)
    analyst = context.users.get("analyst")
    published: list[Release] = []
    with context.timed("equity: releases"):
        for release, audience in _releases(analyst):
            outcome = publishing.publish_release(by=analyst, release=release, audience=audience)
            if outcome.published:
                published.append(outcome.release)
            else:
                context.write(
                    f"  not published ({len(outcome.report.risks)} differencing risks): "
                    f"{release.title}"
                )
    md = next((r for r in published if r.subject_code == "md_admissions"), None)
    if md is not None and (md.significant_findings == 0 or md.suppressed_cells == 0):
        context.write(
            "  note: the MD admissions release shows "
            f"{md.significant_findings} significant findings and {md.suppressed_cells} "
            "suppressed cells at this scale"
        )
    context.summary.update({"stage events": loaded, "outcome releases published": len(published)})


def load_events(context: DemoContext, events: pl.DataFrame) -> int:
    """Write the population's events as StageEvent rows, in bulk; returns how many."""
    pipelines = dict(PipelineDefinition.objects.values_list("code", "pk"))
    units = {code: unit.pk for code, unit in context.units.items()}
    school = units.get("school")
    frame = events.filter(pl.col("pipeline").is_in(list(pipelines))).join(
        context.person_pk_frame(), on="person_id", how="inner"
    )
    # Staff events name a campus; staff belong to the unit of their affiliation.
    staff_units = pl.DataFrame(
        list(
            Affiliation.objects.filter(kind=Affiliation.Kind.STAFF)
            .order_by("person_id", "start_date")
            .values_list("person_id", "unit_id")
        ),
        schema={"person_pk": pl.Int64, "staff_unit": pl.Int64},
        orient="row",
    ).unique(subset=["person_pk"], keep="first", maintain_order=True)
    frame = frame.join(staff_units, on="person_pk", how="left").with_columns(
        pl.when(pl.col("pipeline") == STAFF_PIPELINE)
        .then(pl.col("staff_unit"))
        .otherwise(pl.col("unit").replace_strict(units, default=None, return_dtype=pl.Int64))
        .fill_null(school)
        .alias("unit_pk"),
        pl.col("pipeline").replace_strict(pipelines, return_dtype=pl.Int64).alias("pipeline_pk"),
    )
    if frame["unit_pk"].null_count():
        raise RuntimeError("a stage event names a unit the demo school does not have")
    columns = ("person_pk", "pipeline_pk", "stage", "year", "unit_pk", "date")
    with context.bar(frame.height, "stage events") as bar:
        for chunk in frame.select(columns).iter_slices(context.batch_size * 5):
            StageEvent.objects.bulk_create(
                [
                    StageEvent(
                        person_id=p,
                        pipeline_id=pipe,
                        stage=s,
                        year=y,
                        unit_id=u,
                        date=d,
                        source=StageEvent.Source.DEMO,
                    )
                    for p, pipe, s, y, u, d in chunk.iter_rows()
                ],
                batch_size=context.batch_size,
            )
            bar.update(chunk.height)
    return frame.height


# An availability pool for faculty hiring: the people from whom a school hires. The
# shares are illustrative, made up for the demo school like its people; a real school
# imports its national pool (for example, the AAMC's faculty roster) as a benchmark.
DEMO_FACULTY_POOL = {
    "hispanic": 0.07,
    "aian": 0.004,
    "asian": 0.22,
    "black": 0.06,
    "nhpi": 0.002,
    "white": 0.60,
    "two_or_more": 0.044,
}


def faculty_pool(by: object) -> BenchmarkSet:
    """The demo's availability pool for faculty hiring (illustrative figures)."""
    found = BenchmarkSet.objects.filter(code="demo_faculty_pool:race_ipeds").first()
    if found is not None:
        return found
    text = "scheme,group,share\n" + "".join(
        f"race_ipeds,{group},{share}\n" for group, share in DEMO_FACULTY_POOL.items()
    )
    (made,) = actions.import_benchmarks(
        by=by,
        text=text,
        code="demo_faculty_pool",
        label="National pool of new faculty (illustrative demo figures)",
        source="Invented for the demo school; a real school imports its national pool.",
        notes="An availability pool: the people from whom the school hires faculty.",
        availability=True,
        stages=["hired"],
    )
    return made


def _releases(analyst: object) -> list[tuple[Release, str]]:
    census = BenchmarkSet.objects.get(code="census_2020_us")
    md = PipelineDefinition.objects.get(code="md_admissions")
    faculty = PipelineDefinition.objects.get(code="faculty")
    every = actions.resolve_groupings([g.code for g in actions.default_groupings()])
    out: list[tuple[Release, str]] = []
    if md.events.exists():
        out.append(
            (
                actions.build_release(
                    by=analyst,
                    pipeline=md,
                    title="MD admissions: who applies, is interviewed, admitted and graduates",
                    groupings=every,
                    benchmarks=[census],
                ),
                Audience.LEADERSHIP,
            )
        )
    if faculty.events.exists():
        out.append(
            (
                actions.build_release(
                    by=analyst,
                    pipeline=faculty,
                    title="Faculty hiring, retention and promotion",
                    groupings=actions.resolve_groupings(["race_ipeds", "sex", "gender_identity"]),
                    benchmarks=[faculty_pool(analyst)],
                ),
                Audience.LEADERSHIP,
            )
        )
    staff = PipelineDefinition.objects.get(code=STAFF_PIPELINE)
    if staff.events.exists():
        out.append(
            (
                actions.build_release(
                    by=analyst,
                    pipeline=staff,
                    title="Staff hiring, promotion and separation",
                    groupings=actions.resolve_groupings(["race_ipeds", "sex"]),
                    benchmarks=[census],
                ),
                Audience.STAFF,
            )
        )
    if md.events.exists():
        out.append(
            (
                actions.build_release(
                    by=analyst,
                    pipeline=md,
                    title="MD admissions and the nation (public, with noise)",
                    groupings=actions.resolve_groupings(["race_ipeds"]),
                    benchmarks=[census],
                    bounded=True,
                    pool_years=True,
                    noise_epsilon=DEFAULT_EPSILON,
                ),
                Audience.PUBLIC,
            )
        )
        # A draft, left for an analyst to try to publish (see the module docstring).
        actions.build_release(
            by=analyst,
            pipeline=md,
            title="MD admissions by race, ethnicity and sex",
            groupings=actions.resolve_groupings(["race_ipeds", "sex"]),
            benchmarks=[census],
        )
    return out
