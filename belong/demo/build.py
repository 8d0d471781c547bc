"""Build the demo school: guards, one transaction, the steps in order, the marker.

``manage.py build_demo`` is a thin layer over :func:`build_demo`.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from belong.access import audit
from belong.demo.context import DemoContext, Stream
from belong.demo.models import DemoBuild
from belong.demo.steps import load_steps
from belong.demo.wipe import wipe
from belong.people.models import Person

DEFAULT_SEED = 2026


@contextmanager
def _no_query_log() -> Iterator[None]:
    """With DEBUG on (as ``make demo`` runs), Django formats and keeps every query;
    for a million inserted rows that costs a third of the build."""
    if not settings.DEBUG:
        yield
        return
    with override_settings(DEBUG=False):
        yield


class DemoRefused(Exception):
    """The build would be unsafe or would destroy data; nothing was changed."""


def current_build() -> DemoBuild | None:
    return DemoBuild.objects.order_by("-built_at").first()


def refuse_on_production(*, force: bool) -> None:
    if settings.HTTPS and not force:
        raise DemoRefused(
            "This server is configured for production (BELONG_HTTPS=true). The demo school "
            "has public passwords and must never run there. Use --force only on a machine "
            "that is not reachable by anyone else."
        )


def _check_target(*, reset: bool, force: bool) -> None:
    existing = current_build()
    if existing is not None:
        if not reset:
            raise DemoRefused(
                f"A demo school already exists (seed {existing.seed}, scale "
                f"{existing.scale:g}, built {existing.built_at:%Y-%m-%d}). "
                "Use --reset to rebuild it."
            )
        return
    people = Person.objects.count()
    if not people:
        return
    if not reset:
        raise DemoRefused(
            f"This database holds {people:,} people and no demo school: refusing to mix a "
            "demo school into it. Point BELONG_DATA_DIR or DATABASE_URL at another database."
        )
    if not force:
        raise DemoRefused(
            f"This database holds {people:,} people and is not a demo database: refusing to "
            "wipe it. Point BELONG_DATA_DIR or DATABASE_URL at another database, or add "
            "--force if you really mean to delete them."
        )


def build_demo(
    *,
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
    today: date | None = None,
    reset: bool = False,
    force: bool = False,
    verbosity: int = 1,
    stdout: Stream | None = None,
    stderr: Stream | None = None,
    steps: Iterable[str] | None = None,
) -> tuple[DemoBuild, DemoContext]:
    """Build the demo school in one transaction and return its marker and context.

    Raises :class:`DemoRefused` (before writing anything) when the database is
    not one a demo may be built in; any error in a step undoes the whole build,
    including the wipe that ``reset`` asked for.
    """
    if scale <= 0:
        raise DemoRefused("--scale must be positive")
    refuse_on_production(force=force)
    context = DemoContext(
        seed=seed,
        scale=scale,
        today=today or timezone.localdate(),
        verbosity=verbosity,
        stdout=stdout or sys.stdout,
        stderr=stderr or sys.stderr,
    )
    started = time.perf_counter()
    loaded = load_steps(steps)
    context.write(
        f"Building the demo school: seed {seed}, scale {scale:g}, aligned to {context.today}."
    )
    with _no_query_log(), transaction.atomic():
        _check_target(reset=reset, force=force)
        if reset:
            with context.timed("reset: empty Belong's tables"):
                deleted = wipe()
            audit.record(audit.DemoEvent.RESET, by=None, detail={"rows": sum(deleted.values())})
        for step in loaded:
            context.write(f"{step.name}")
            with context.timed(f"{step.name} (total)"):
                step.build(context)
        seconds = time.perf_counter() - started
        marker = DemoBuild.objects.create(
            seed=seed,
            scale=scale,
            built_at=timezone.now(),
            aligned_to=context.today,
            year_shift=context.year_shift,
            seconds=round(seconds, 1),
            summary=context.summary,
        )
        audit.record(
            audit.DemoEvent.BUILT,
            by=None,
            target=marker,
            detail={"seed": seed, "scale": scale, "steps": [s.name for s in loaded]},
        )
    context.write(f"Built in {seconds:.1f} s.")
    for label, value in context.summary.items():
        if isinstance(value, int):
            context.write(f"  {label:<44} {value:>9,}")
        elif isinstance(value, dict):
            context.write(f"  {label:<44} " + ", ".join(f"{k}: {v:,}" for k, v in value.items()))
    return marker, context
