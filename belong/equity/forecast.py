"""What would stop a release from being built or published, said before it is built.

Issue 8 asked that "a release built with the defaults should publish, or say
before it is built what will stop it". Two things can:

* **nothing to build** -- no stage events of the pipeline on record (the build
  is refused with the same words);
* **the differencing guard** -- a release is set beside every release of the
  same pipeline published before without noise (``publishing.guard``). It is
  refused when the two together would reveal a group of fewer than k people:
  in practice, when it repeats years an earlier release covered and the records
  have changed since that release was built, so the same figures now differ by
  a few people. A release of new years, or of the same unchanged records,
  publishes.

The forecast reads the events on record, the releases published before and the
imports applied since they were built; it reads no answers and no counts of
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from belong.equity import queries
from belong.equity.actions._common import KIND
from belong.equity.models import PipelineDefinition
from belong.importing.models import ImportRun
from belong.publishing.models import HEAVY_FIELDS, Release

__all__ = ["Forecast", "forecast"]


@dataclass
class Forecast:
    """One pipeline's outlook: ``builds``, ``publishes`` and the reasons in plain words."""

    pipeline: PipelineDefinition
    builds: bool
    publishes: bool
    reasons: list[str] = field(default_factory=list)
    # The first year a new release may start at to stay clear of earlier releases.
    clear_from: int | None = None
    first_release: bool = False

    @property
    def verdict(self) -> str:
        if not self.builds:
            return "nothing to build yet"
        if self.first_release:
            return "a release will publish"
        if self.publishes:
            return "a release should publish"
        return "a release that repeats earlier years may be refused"


def forecast(pipeline: PipelineDefinition) -> Forecast:
    """What would stop a release of ``pipeline`` over every year on record."""
    years = queries.years_on_record(pipeline)
    if not years:
        return Forecast(
            pipeline,
            builds=False,
            publishes=False,
            reasons=[
                f"Nothing to build yet: no stage events of {pipeline.label} are on record. "
                "Import them first (Outcomes → Import stage events)."
            ],
        )
    earlier = list(
        Release.objects.defer(*HEAVY_FIELDS)
        .filter(kind=KIND, subject_code=pipeline.code, publications__noised=False)
        .distinct()
        .order_by("pk")
    )
    if not earlier:
        return Forecast(
            pipeline,
            builds=True,
            publishes=True,
            first_release=True,
            reasons=[
                f"Nothing of {pipeline.label} has been published before, so nothing can be "
                f"subtracted from a release of {years[0]}–{years[-1]}: it will publish."
            ],
        )
    out = Forecast(pipeline, builds=True, publishes=True)
    latest_covered = max(max(r.years or [0]) for r in earlier)
    for release in earlier:
        covered = set(release.years or [])
        overlap = sorted(covered & set(years))
        name = f"“{release.title}” ({release.year_span})"
        if not overlap:
            out.reasons.append(f"{name} covers other years: no conflict.")
            continue
        changed = ImportRun.objects.filter(
            apply=True, outcome=ImportRun.Outcome.APPLIED, at__gt=release.created_at
        ).count()
        if changed:
            out.publishes = False
            out.reasons.append(
                f"{name} was published before {changed} import"
                f"{'s' if changed != 1 else ''} changed the records. A release repeating any of "
                f"its years ({overlap[0]}–{overlap[-1]}) would show some of the same figures "
                "with different counts, and would be refused if any difference is fewer than "
                f"k people. Start the new release after {latest_covered}, or leave out those "
                "years."
            )
        else:
            out.reasons.append(
                f"{name} repeats years {overlap[0]}–{overlap[-1]}, but no import has changed "
                "the records since it was built: the same figures come out the same, and a "
                "release of them publishes."
            )
    if not out.publishes and years[-1] > latest_covered:
        out.clear_from = latest_covered + 1
    return out
