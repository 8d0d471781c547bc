from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from belong.demo.context import DemoContext
from belong.demo.models import DemoBuild
from tests.demo_school import demo_school

SEED = 7
SCALE = 0.05


@dataclass(frozen=True)
class School:
    marker: DemoBuild
    context: DemoContext


@pytest.fixture(scope="module")
def school(django_db_setup, django_db_blocker) -> Iterator[School]:  # type: ignore[no-untyped-def]
    """One demo school per test module, undone afterwards.

    Built inside a transaction that is rolled back when the module ends (what
    Django's ``setUpTestData`` does), so every test of the module reads the
    same school and nothing, not even its audit events, outlives the module.
    Tests still ask for ``db``: their own changes roll back to this school.
    """
    with demo_school(django_db_blocker, seed=SEED, scale=SCALE) as (marker, context):
        yield School(marker, context)
