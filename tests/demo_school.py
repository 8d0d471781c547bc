"""A small demo school for a test module, built once and undone afterwards."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from io import StringIO
from typing import Any

from django.db import transaction
from django.test import override_settings

from belong.demo.build import build_demo
from belong.demo.context import DemoContext
from belong.demo.models import DemoBuild

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def demo_school(
    django_db_blocker: Any, *, seed: int, scale: float, steps: Sequence[str] | None = None
) -> Iterator[tuple[DemoBuild, DemoContext]]:
    """Build a demo school inside a transaction rolled back on exit.

    This is what Django's ``setUpTestData`` does: every test of a module reads
    the same school and nothing, not even its audit events, outlives the
    module. Tests still ask for ``db``; their own changes roll back to it.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHER):
                yield build_demo(
                    seed=seed,
                    scale=scale,
                    verbosity=0,
                    stdout=StringIO(),
                    stderr=StringIO(),
                    steps=steps,
                )
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
