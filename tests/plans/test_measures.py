"""Measures: entered, or read live from a published release; never suppressed, never hidden ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from belong.plans.actions.measures import set_measure
from belong.plans.measures import measure_for
from belong.plans.models import Measure
from belong.publishing.figures import FigureError, published_figure
from tests.factories.plans import plan, release


def _goal(world, **kw):  # type: ignore[no-untyped-def]
    return plan(world, **kw).areas.get().goals.get()


def _set(world, goal, **kw):  # type: ignore[no-untyped-def]
    return set_measure(
        by=world.user("analyst"),
        goal=goal,
        label="Share of new faculty from under-represented groups",
        baseline=0.2,
        target=0.4,
        target_on=timezone.localdate() + timedelta(days=700),
        **kw,
    )


def test_a_published_figure_is_read_for_a_reader_of_its_audience(world) -> None:  # type: ignore[no-untyped-def]
    made = release(audience="staff")
    figure = published_figure(
        world.user("faculty"),
        made.pk,
        table="hires",
        row={"year": 2025, "group": "all"},
        column="share",
    )
    assert figure.value == pytest.approx(0.31)
    assert figure.published_at == made.published_at


@pytest.mark.parametrize("reader", ["student", "anonymous"])
def test_a_staff_release_is_no_figure_for_students_or_the_public(world, reader) -> None:  # type: ignore[no-untyped-def]
    made = release(audience="staff")
    user = world.user(reader) or AnonymousUser()
    with pytest.raises(FigureError, match="not published to this page's readers"):
        published_figure(
            user, made.pk, table="hires", row={"year": 2025, "group": "all"}, column="share"
        )


def test_a_draft_release_is_never_quoted_even_to_its_builders(world) -> None:  # type: ignore[no-untyped-def]
    made = release(published=False)
    with pytest.raises(FigureError):
        published_figure(
            world.user("analyst"),
            made.pk,
            table="hires",
            row={"year": 2025, "group": "all"},
            column="share",
        )


def test_a_suppressed_cell_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    made = release()
    with pytest.raises(FigureError, match="suppressed"):
        published_figure(
            None, made.pk, table="hires", row={"year": 2025, "group": "urm"}, column="share"
        )


@pytest.mark.parametrize(
    ("table", "row", "column", "words"),
    [
        ("offers", {"year": 2025}, "share", "no table"),
        ("hires", {"year": 2025, "group": "all"}, "rate", "no column rate"),
        ("hires", {"year": 2025}, "share", "2 rows"),
    ],
)
def test_a_figure_that_does_not_exist_says_which_part(world, table, row, column, words) -> None:  # type: ignore[no-untyped-def]
    made = release()
    with pytest.raises(FigureError, match=words):
        published_figure(None, made.pk, table=table, row=row, column=column)


def test_a_measure_from_a_release_shows_progress_and_when_published(world) -> None:  # type: ignore[no-untyped-def]
    made = release(audience="public")
    measure = _set(
        world,
        _goal(world, audience="public", title="Public plan"),
        release_id=made.pk,
        table="hires",
        row={"year": 2025, "group": "all"},
        column="share",
    )
    seen = measure_for(AnonymousUser(), measure)
    assert seen.value == pytest.approx(0.31)
    assert seen.progress == pytest.approx((0.31 - 0.2) / (0.4 - 0.2))
    assert seen.progress_percent == 55
    assert seen.updated == made.published_at


def test_a_measure_pointing_at_a_suppressed_figure_is_refused_and_not_saved(world) -> None:  # type: ignore[no-untyped-def]
    made = release()
    with pytest.raises(ValidationError) as caught:
        _set(
            world,
            _goal(world),
            release_id=made.pk,
            table="hires",
            row={"year": 2025, "group": "urm"},
            column="share",
        )
    assert "suppressed" in caught.value.message_dict["release"][0]
    assert not Measure.objects.exists()


def test_a_public_plan_cannot_quote_a_leadership_release(world) -> None:  # type: ignore[no-untyped-def]
    made = release(audience="leadership")
    goal = _goal(world, audience="public", title="Public plan")
    with pytest.raises(ValidationError) as caught:
        _set(
            world,
            goal,
            release_id=made.pk,
            table="hires",
            row={"year": 2025, "group": "all"},
            column="share",
        )
    assert "not published to this page's readers" in caught.value.message_dict["release"][0]
    assert not Measure.objects.exists()


def test_a_release_unpublished_later_shows_no_figure(world) -> None:  # type: ignore[no-untyped-def]
    made = release(audience="public")
    measure = _set(
        world,
        _goal(world),
        release_id=made.pk,
        table="hires",
        row={"year": 2025, "group": "all"},
        column="share",
    )
    made.status = made.Status.UNPUBLISHED
    made.save(update_fields=["status"])
    seen = measure_for(world.user("student"), measure)
    assert seen.value is None and seen.progress is None
    assert "not published" in seen.missing


def test_an_entered_measure_needs_its_date_and_clamps_progress(world) -> None:  # type: ignore[no-untyped-def]
    goal = _goal(world)
    with pytest.raises(ValidationError):
        _set(world, goal, value=0.5)
    measure = _set(world, goal, value=0.5, value_on=timezone.localdate())
    seen = measure_for(world.user("student"), measure)
    assert seen.progress == 1.0
    assert seen.updated == timezone.localdate()
