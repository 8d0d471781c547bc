"""The demo school's climate surveys: two closed waves, results published to leadership."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from belong.demo.context import DemoContext
from belong.publishing.models import Release
from belong.surveys.models import Campaign, Response
from tests.demo_school import demo_school

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[DemoContext]:  # type: ignore[no-untyped-def]
    steps = ["belong.demo.school", "belong.surveys.demo"]
    with demo_school(django_db_blocker, seed=7, scale=0.3, steps=steps) as (_marker, context):
        yield context


def test_two_closed_waves_lie_in_the_past(demo) -> None:  # type: ignore[no-untyped-def]
    waves = list(Campaign.objects.order_by("opens_on"))
    assert len(waves) == 2
    assert all(w.status == Campaign.Status.CLOSED for w in waves)
    assert all(w.closes_on < demo.today for w in waves)
    assert waves[0].closes_on < waves[1].opens_on
    assert not Response.objects.filter(received_on__gt=demo.today).exists()


def test_the_newer_results_are_published_to_leadership_with_gaps_a_trend_and_a_hidden_class(
    demo,
) -> None:  # type: ignore[no-untyped-def]
    releases = list(Release.objects.filter(kind="surveys").order_by("pk"))
    assert [r.status for r in releases] == ["published", "published"]
    assert {r.audience for r in releases} == {"leadership"}
    newer = releases[-1].result
    assert newer["summary"]["significant"] > 0
    assert newer["trend"]["rows"], "the newer wave is compared with the one before"
    hidden = [r for r in newer["cuts"]["rows"] if r[0] == "cohort" and r[3] is None]
    assert len(hidden) >= 2  # the quiet class, and a second beside it
    assert newer["comments"]["rows"]
