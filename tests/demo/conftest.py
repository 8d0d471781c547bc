from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.conf import settings

from belong.demo.context import DemoContext
from belong.demo.models import DemoBuild
from tests.clock import start_at, suite_day
from tests.demo_school import demo_school

SEED = 7
SCALE = 0.05

# The demo school is aligned to the day it is built. Every test of this folder
# runs against a school built on the suite's day and again against one built
# in mid-June, between commencement and the new class's start, when a class
# has just left and none has yet arrived: the assertions must hold on both.
BUILD_DAYS = (suite_day(), suite_day() + timedelta(days=245))


@dataclass(frozen=True)
class School:
    marker: DemoBuild
    context: DemoContext


@pytest.fixture(scope="module", params=BUILD_DAYS, ids=lambda day: f"built-{day:%Y-%m-%d}")
def school(request, django_db_setup, django_db_blocker) -> Iterator[School]:  # type: ignore[no-untyped-def]
    """One demo school per test module and build day, undone afterwards.

    Built inside a transaction that is rolled back when the module ends (what
    Django's ``setUpTestData`` does), so every test of the module reads the
    same school and nothing, not even its audit events, outlives the module.
    Tests still ask for ``db``: their own changes roll back to this school.
    The clock stays on the build day while the module's tests read it.
    """
    day: date = request.param
    with (
        start_at(day, settings.TIME_ZONE),
        demo_school(django_db_blocker, seed=SEED, scale=SCALE) as (marker, context),
    ):
        assert context.today == day
        yield School(marker, context)
