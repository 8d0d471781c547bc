"""The guard over everything an audience has seen, through the project's own build and publish.

Three resident releases whose department sets overlap pairwise without nesting
pass the old pairwise guard; read together they give single departments. The
guard now refuses the third, says so in plain words, offers the cells to hide,
and ``resolve_release`` publishes a re-certified release; an integer-program
attacker over every published count then finds no small group pinned down.
"""

from __future__ import annotations

from typing import Any

import pytest

from belong.access.models import AuditEvent
from belong.privacy import PublishedCell, SolverFailure
from belong.privacy._system_lp import LinearModel
from belong.publishing import actions as publishing
from belong.publishing import guard
from belong.publishing.audiences import Audience
from belong.publishing.models import Release
from tests.factories import equity as F
from tests.privacy.attacker import finest_ranges

UNITS = ("medicine", "pediatrics", "surgery")


def _build(analyst: Any, units: tuple[str, ...]) -> Release:
    return F.build(
        analyst, code="residents", groupings=("sex",), benchmark=False, units=list(units)
    )


def _publish_two(analyst: Any) -> list[Release]:
    return [
        F.published(
            analyst,
            Audience.LEADERSHIP,
            code="residents",
            groupings=("sex",),
            benchmark=False,
            units=list(units),
        )
        for units in (UNITS[:2], UNITS[1:])
    ]


def _attack(releases: list[Release], k: int) -> list[tuple[Any, tuple[int, int]]]:
    """Finest cells (department x sex x year of each stage) a reader narrows below k values."""
    cells: list[PublishedCell] = []
    for release in releases:
        cells += guard.published_cells(release)
    sexes = sorted({v for c in cells for v in c.filters.get("sex", ())})
    leaks = []
    scopes = sorted({c.scope for c in cells})
    for scope in scopes:
        years = sorted({y for c in cells if c.scope == scope for y in c.filters["year"]})
        for year in years:
            in_year = [c for c in cells if c.scope == scope and year in c.filters["year"]]
            universe = {"unit": list(UNITS), "sex": sexes, "year": [year]}
            for key, (low, high) in finest_ranges(in_year, universe, scope).items():
                if low <= k - 1 and high >= 1 and high - low + 1 < k:
                    leaks.append((key, (low, high)))
    return leaks


@pytest.fixture
def residents(world):  # type: ignore[no-untyped-def]
    return F.load_school(0.4, pipelines=("residents",))


def test_three_overlapping_releases_pass_the_pairwise_guard_but_are_refused(
    residents, analyst
) -> None:
    earlier = _publish_two(analyst)
    third = _build(analyst, (UNITS[0], UNITS[2]))

    outcome = publishing.publish_release(by=analyst, release=third, audience=Audience.STAFF)

    assert not outcome.published
    report = outcome.report
    assert report.risks == []  # the old, pairwise guard alone would have published it
    assert report.system_risks
    words = report.explanations()
    assert any(
        f"release #{earlier[0].pk}" in w.lower()
        and f"#{earlier[1].pk}" in w
        and "this release" in w
        for w in words
    ), words
    assert all("fewer than 10" in w for w in words)
    assert report.fix_found and report.fix_cells()
    refused = AuditEvent.objects.get(verb="publishing.release.publish_refused")
    assert refused.detail["risks"] == report.all_risks


def test_resolving_hides_the_named_cells_publishes_and_the_attacker_learns_nothing(
    residents, analyst
) -> None:
    earlier = _publish_two(analyst)
    third = _build(analyst, (UNITS[0], UNITS[2]))
    # Before the guard: reading all three together leaks single departments.
    assert _attack([*earlier, third], third.k)

    outcome = publishing.resolve_release(by=analyst, release=third, audience=Audience.STAFF)

    assert outcome.published, outcome.report.explanations()
    fixed = outcome.release
    assert fixed.pk != third.pk and "cells hidden" in fixed.title
    assert fixed.suppression["hidden_by_guard"]
    third.refresh_from_db()
    assert third.status == Release.Status.FROZEN
    assert _attack([*earlier, fixed], fixed.k) == []
    built = AuditEvent.objects.filter(verb="publishing.release.built").order_by("pk").last()
    assert built is not None and built.detail["resolves"] == third.pk


def test_resolving_a_safe_release_simply_publishes_it(residents, analyst) -> None:
    release = _build(analyst, UNITS[:2])

    outcome = publishing.resolve_release(by=analyst, release=release, audience=Audience.STAFF)

    assert outcome.published and outcome.release.pk == release.pk


def test_a_check_past_its_time_budget_refuses_and_publishes_nothing(
    residents, analyst, settings, monkeypatch
) -> None:
    """Fail closed: a guard that cannot finish does not let the release through."""
    earlier = _publish_two(analyst)
    third = _build(analyst, (UNITS[0], UNITS[2]))
    settings.BELONG_GUARD_SECONDS = 0.001
    monkeypatch.setattr("belong.privacy._system_solve.time.monotonic", _clock_jumping_ahead())

    outcome = publishing.publish_release(by=analyst, release=third, audience=Audience.STAFF)

    assert not outcome.published and outcome.report.out_of_time
    assert outcome.report.system is None and not outcome.report.fix_found
    assert outcome.report.explanations()[0] == guard.OUT_OF_TIME
    assert not third.publications.exists()
    assert all(r.publications.count() == 1 for r in earlier)


def test_a_check_the_solver_cannot_answer_refuses_and_publishes_nothing(
    residents, analyst, monkeypatch
) -> None:
    """Fail closed: a solver that gives no answer is not a pass (nor a contradiction)."""
    earlier = _publish_two(analyst)
    third = _build(analyst, (UNITS[0], UNITS[2]))

    def no_answer(self, cost, *, maximise):  # type: ignore[no-untyped-def]
        raise SolverFailure("the LP solver stopped with status kSolveError")

    monkeypatch.setattr(LinearModel, "optimise", no_answer)

    outcome = publishing.publish_release(by=analyst, release=third, audience=Audience.STAFF)

    assert not outcome.published and outcome.report.unfinished
    assert outcome.report.explanations()[0] == guard.UNFINISHED
    assert not third.publications.exists()
    assert all(r.publications.count() == 1 for r in earlier)


def _clock_jumping_ahead():  # type: ignore[no-untyped-def]
    """A monotonic clock that moves an hour on every reading (no real waiting)."""
    ticks = iter(range(0, 10**9, 3600))
    return lambda: float(next(ticks))
