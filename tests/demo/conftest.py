from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import override_settings

from belong.demo.build import build_demo
from belong.demo.context import DemoContext
from belong.demo.models import DemoBuild

SEED = 7
SCALE = 0.05
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHER):
                marker, context = build_demo(seed=SEED, scale=SCALE, verbosity=0)
            yield School(marker, context)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
