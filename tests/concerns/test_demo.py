"""The demo school's concerns: every mode and case state, and a receipt that works."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from belong.concerns import queries, receipts
from belong.concerns.models import Case, Concern, Reporter
from tests.clock import start_at, suite_day
from tests.demo_school import demo_school


@pytest.fixture(scope="module")
def context(django_db_setup, django_db_blocker) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    with (
        start_at(suite_day(), settings.TIME_ZONE),
        demo_school(django_db_blocker, seed=7, scale=0.05) as (_, built),
    ):
        yield built


@pytest.mark.django_db
def test_the_demo_has_every_mode_and_state(context) -> None:  # type: ignore[no-untyped-def]
    concerns = list(Concern.objects.select_related("case"))
    assert {c.mode for c in concerns} == {"named", "confidential", "anonymous"}
    assert {c.case.status for c in concerns} == {"new", "open", "closed"}
    assert any(c.held_until for c in concerns) and any(c.case.title_ix for c in concerns)
    assert all(c.received_on <= context.today for c in concerns)
    anonymous = [c for c in concerns if c.mode == "anonymous"]
    assert not Reporter.objects.filter(case__concern__in=anonymous).exists()
    assert any(c.case.triage_due < context.today and c.case.status == "new" for c in concerns)


@pytest.mark.django_db
def test_the_receipt_in_the_summary_opens_an_anonymous_report(context) -> None:  # type: ignore[no-untyped-def]
    text = context.summary["anonymous receipt to try at /concerns/follow-up/"]
    concern = receipts.concern_for(text)
    assert concern.mode == "anonymous" and concern.case.replies.exists()


@pytest.mark.django_db
def test_the_demo_case_manager_sees_all_but_the_held_report(context) -> None:  # type: ignore[no-untyped-def]
    seen = set(queries.cases_for(context.users["concerns_manager"]))
    assert len(seen) == Case.objects.count() - 1


@pytest.mark.django_db
def test_the_demo_publishes_concern_aggregates_to_leadership(context) -> None:  # type: ignore[no-untyped-def]
    from belong.publishing.models import Release

    release = Release.objects.get(kind="concerns")
    assert release.status == "published" and release.audience == "leadership"
    assert release.result["summary"]["reports"] == Concern.objects.count()
    assert context.summary["concern aggregates published"] == 1
