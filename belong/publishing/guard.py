"""The differencing guard, applied to Belong's releases (every module's).

Before a release is shown to an audience, its published counts (as its kind
describes them: ``ReleaseKind.published_cells``) are compared with those of
every earlier release of the same kind and subject that a reader of that
audience could hold at the same time (``audiences.audiences_read_together``: with Belong's nested
audiences, every earlier release published exactly, to anyone, even if it has
since been unpublished, because what was read stays read).

What is compared, and what is not:

* a new cell that repeats an earlier cell exactly (same population, same
  count) adds nothing that could be subtracted and is left out;
* pairs of cells *within* the new release (counting the earlier cells it
  repeats unchanged as its own) are left out: inside one release,
  small cells are protected by complementary suppression across its linked
  tables (the analytics core's ``protect``), which by design lets a reader
  work out the sum of a table's suppressed cells from its total but never any
  one of them;
* releases published with calibrated noise are left out on both sides: a
  noisy count cannot be subtracted into an exact small one.

Every remaining pair whose populations nest (or that is the same population
published with a different count) and differs by 1 to k-1 people is a risk.

Pairs are not enough: three releases whose unit sets overlap without nesting
give single units by adding and subtracting. So every exact count the
audience has seen is also read, with the new release's, as one linear system
over the finest cells (:func:`belong.privacy.find_system_risks`); a finest
cell of 1..k-1 people that the whole system pins down (or narrows below k
possible values) is a risk too. When there are risks, publishing is refused,
each risk is explained in plain words, and the fix is offered: the fewest of
the new release's cells to hide, re-certified by both checks
(:func:`belong.privacy.propose_hiding`); ``actions.resolve_release`` applies it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from belong.privacy import (
    DifferencingRisk,
    Fix,
    OutOfTime,
    PublishedCell,
    SolverFailure,
    SystemCheck,
    SystemRisk,
    find_differencing_risks,
    find_system_risks,
    propose_hiding,
    time_budget,
)
from belong.publishing.audiences import audiences_read_together
from belong.publishing.kinds import kind_of
from belong.publishing.models import HEAVY_FIELDS, Release

MAX_EXPLAINED = 50
OUT_OF_TIME = (
    "Belong could not finish checking this release against everything this audience "
    "has already seen in the time one check may take, so it cannot say that no small "
    "group is given away. Publish it to a narrower audience, with noise, or with fewer "
    "units, groups or years; or ask an operator to allow the guard more time "
    "(BELONG_GUARD_SECONDS)."
)
UNFINISHED = (
    "Belong could not finish checking this release against everything this audience "
    "has already seen: the solver gave no answer for one of the checks, so it cannot say "
    "that no small group is given away. Publish it to a narrower audience, with noise, or "
    "with fewer units, groups or years, and tell an operator."
)


@dataclass
class GuardReport:
    """What the guard compared and found."""

    audience: str
    k: int
    compared_with: list[int] = field(default_factory=list)
    new_cells: int = 0
    risks: list[DifferencingRisk] = field(default_factory=list)
    system: SystemCheck | None = None
    fix: Fix | None = None
    skipped_reason: str = ""
    seconds: float = 0.0
    out_of_time: bool = False
    unfinished: bool = False

    @property
    def system_risks(self) -> list[SystemRisk]:
        return self.system.risks if self.system is not None else []

    @property
    def ok(self) -> bool:
        return (
            not self.risks
            and not self.system_risks
            and not self.out_of_time
            and not self.unfinished
        )

    @property
    def all_risks(self) -> int:
        return len(self.risks) + len(self.system_risks)

    def explanations(self, limit: int = MAX_EXPLAINED) -> list[str]:
        found = [OUT_OF_TIME] if self.out_of_time else []
        found += [UNFINISHED] if self.unfinished else []
        found += [risk.explain() for risk in self.system_risks[:limit]]
        return found + [risk.explain() for risk in self.risks[: max(0, limit - len(found))]]

    @property
    def fix_found(self) -> bool:
        return self.fix is not None and self.fix.found and bool(self.fix.hide)

    def fix_cells(self) -> list[str]:
        """The new release's cells the fix hides, in words."""
        if self.fix is None:
            return []
        return [f"{cell.describe()} ({cell.count})" for cell in self.fix.hide]

    def as_record(self) -> dict[str, Any]:
        """For the publication record: counts and the first explanations, no more."""
        system = self.system
        return {
            "audience": self.audience,
            "k": self.k,
            "compared_with": self.compared_with,
            "new_cells": self.new_cells,
            "risks": len(self.risks),
            "system_risks": len(self.system_risks),
            "system": {
                "subsystems": system.subsystems,
                "checked": system.checked,
                "nothing_new": system.nothing_new,
                "determined": system.determined,
                "certified": system.certified,
                "history": system.history,
                "exact_lps": system.exact_lps,
                "contradictions": system.contradictions,
            }
            if system is not None
            else None,
            "seconds": round(self.seconds, 3),
            "skipped": self.skipped_reason,
            "out_of_time": self.out_of_time,
            "unfinished": self.unfinished,
            "explanations": self.explanations(10),
        }


def release_label(release: Release) -> str:
    return f"#{release.pk} “{release.title}”"


def published_cells(release: Release) -> list[PublishedCell]:
    """The exact counts ``release`` publishes, described as populations."""
    result = Release.objects.filter(pk=release.pk).values_list("result", flat=True).first()
    if result is None:
        return []
    return kind_of(release).published_cells(result, release_label(release))


def earlier_exact_releases(release: Release, audience: str) -> list[Release]:
    """Releases a reader of ``audience`` may hold beside ``release``, published exactly."""
    return list(
        Release.objects.defer(*HEAVY_FIELDS)
        .filter(
            kind=release.kind,
            subject_code=release.subject_code,
            publications__noised=False,
            publications__audience__in=audiences_read_together(audience),
        )
        .exclude(pk=release.pk)
        .distinct()
        .order_by("pk")
    )


def check_release(
    release: Release, audience: str, *, noised: bool, offer_fix: bool = True
) -> GuardReport:
    """Compare ``release`` with the earlier releases readers of ``audience`` can hold.

    Both the pairwise differences and the whole system; with ``offer_fix``, a
    refused release also gets the fewest cells to hide, re-certified.
    """
    started = time.perf_counter()
    report = _check(release, audience, noised=noised, offer_fix=offer_fix)
    report.seconds = time.perf_counter() - started
    return report


def _check(release: Release, audience: str, *, noised: bool, offer_fix: bool) -> GuardReport:
    report = GuardReport(audience=audience, k=release.k)
    if noised:
        report.skipped_reason = (
            "The release is published with calibrated noise: a noisy count cannot be "
            "subtracted from an exact one to reveal a small group."
        )
        return report
    earlier = earlier_exact_releases(release, audience)
    report.compared_with = [r.pk for r in earlier]
    if not earlier:
        return report
    report.k = max([release.k, *(r.k for r in earlier)])
    earlier_cells: list[PublishedCell] = []
    for other in earlier:
        earlier_cells.extend(published_cells(other))
    seen = {_identity(c) for c in earlier_cells}
    cells = published_cells(release)
    new = [c for c in cells if _identity(c) not in seen]
    # Earlier cells this release publishes again, unchanged: a pair made of one of
    # them and a new cell is a pair within this release.
    repeated = {_identity(c) for c in cells} & seen
    report.new_cells = len(new)
    if not new:
        return report
    mine = release_label(release)

    def in_this_release(cell: PublishedCell) -> bool:
        return cell.release == mine or _identity(cell) in repeated

    report.risks = [
        risk
        for risk in find_differencing_risks(new, earlier_cells, k=report.k)
        if not (in_this_release(risk.smaller) and in_this_release(risk.larger))
    ]
    complete = kind_of(release).known_values(release)
    try:
        with time_budget(guard_seconds()):
            report.system = find_system_risks(cells, earlier_cells, k=report.k, complete=complete)
            if offer_fix and not report.ok:
                report.fix = propose_hiding(cells, earlier_cells, k=report.k, complete=complete)
    except OutOfTime:
        # Fail closed: what was not checked is not known to be safe.
        report.out_of_time = True
        report.fix = None
    except SolverFailure:
        # Fail closed too: a check the solver could not answer is not a pass.
        report.unfinished = True
        report.fix = None
    return report


def guard_seconds() -> float:
    """The wall-time budget of one check (``BELONG_GUARD_SECONDS``, default 30 s)."""
    return float(getattr(settings, "BELONG_GUARD_SECONDS", 30.0))


def _identity(cell: PublishedCell) -> tuple[Any, Any, int]:
    return (cell.scope, cell.filters, cell.count)
