"""What every demo step receives: :class:`DemoContext`.

The contract for a step module (listed in :data:`belong.demo.steps.STEPS`)::

    def build(context: DemoContext) -> None: ...

* **Runs inside one transaction** with every other step. Raise to abandon the
  whole build: nothing is kept, not even the steps that ran before.
* **Writes in bulk.** ``Model.objects.bulk_create(objs, batch_size=context.batch_size)``
  over slices of the data, never a query per row. Report long loops with
  :meth:`DemoContext.progress` (or :meth:`DemoContext.bar`), and name each
  stage with ``with context.timed("stage"): ...`` so its time is printed.
* **Draws its own randomness** from ``context.rng("<your step>")``: an
  independent generator per name, seeded from the build's seed and the name
  alone. Adding a step, or drawing more numbers in one, never changes what
  another step draws. Never use :mod:`random` or an unseeded generator, and
  never iterate a ``set`` or an unordered query where order decides an
  outcome: the same seed must give the same school.
* **Scales with** ``context.scale`` (1 = one school of about 600 students).
* **Is coherent with** ``context.today``: nothing dated after it.
* Adds what it made to ``context.summary`` (``{"coaching pairs": 612}``); the
  summary is printed at the end and shown on the demo card of the home page.

What the context holds once the school step (``belong.demo.school``) has run:

* ``population``: the synthetic population (``belong.demo.population``)
  *aligned to today*: every date moved by ``year_shift`` whole years, events
  dated after ``today`` dropped, and ``people`` reduced to those with at least
  one event left. ``population.events`` are the stage events (``person_id``,
  ``pipeline``, ``stage``, ``year``, ``unit``, ``date``) that the equity step
  loads; ``population.people`` the self-identification answers.
* ``person_pk``: population ``person_id`` → ``Person.pk`` (and
  :meth:`person_pk_frame` for the same as a Polars frame to join on).
* ``units`` / ``campuses``: code → ``Unit`` / ``Campus`` (codes in
  ``belong.demo.school.OFFICES`` and ``population.units``).
* ``users`` / ``people``: role code → the demo ``User`` and its ``Person``.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np
import polars as pl
from tqdm import tqdm

if TYPE_CHECKING:
    from belong.access.models import User
    from belong.demo.population import Population
    from belong.people.models import Campus, Person, Unit

T = TypeVar("T")


class Stream(Protocol):
    """Where messages go: a text file, or a management command's output wrapper."""

    def write(self, text: str, /) -> Any: ...

    def flush(self) -> Any: ...


def peak_memory_mb() -> float:
    """The process's peak resident memory so far, in megabytes (0 where unknown)."""
    try:
        import resource
    except ImportError:  # not on Unix
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# Rows per INSERT batch (the database may lower it: SQLite allows 999 parameters).
BATCH_SIZE = 2000


@dataclass
class DemoContext:
    """Shared state and helpers for the steps of one demo build (see module docstring)."""

    seed: int
    scale: float
    today: date
    verbosity: int = 1
    stdout: Stream = field(default_factory=lambda: sys.stdout)
    stderr: Stream = field(default_factory=lambda: sys.stderr)
    batch_size: int = BATCH_SIZE
    population: Population | None = None
    year_shift: int = 0
    person_pk: dict[int, int] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    campuses: dict[str, Campus] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    timings: list[tuple[str, float]] = field(default_factory=list)

    # --- randomness -----------------------------------------------------------

    def rng(self, name: str) -> np.random.Generator:
        """A generator for ``name`` alone: same seed and name, same numbers.

        Each call starts the stream afresh, so call it once per use and keep
        the generator.
        """
        digest = hashlib.sha256(name.encode("utf-8")).digest()
        return np.random.default_rng([self.seed, int.from_bytes(digest[:8], "big")])

    # --- output ---------------------------------------------------------------

    def write(self, message: str) -> None:
        """A line for the person running the build (silent at verbosity 0)."""
        if self.verbosity >= 1:
            self.stdout.write(message + "\n")
            self.stdout.flush()

    def progress(
        self, iterable: Iterable[T], total: int | None = None, desc: str = ""
    ) -> Iterator[T]:
        """``iterable``, with a progress bar on stderr (none at verbosity 0)."""
        with tqdm(
            iterable,
            total=total,
            desc=desc,
            file=self.stderr,
            disable=self.verbosity < 1,
            leave=False,
            dynamic_ncols=True,
        ) as bar:
            yield from bar

    @contextmanager
    def bar(self, total: int, desc: str, unit: str = "rows") -> Iterator[tqdm]:
        """A progress bar advanced by hand (``bar.update(n)``) for work done in batches."""
        with tqdm(
            total=total,
            desc=desc,
            unit=unit,
            unit_scale=True,
            file=self.stderr,
            disable=self.verbosity < 1,
            leave=False,
            dynamic_ncols=True,
        ) as progress_bar:
            yield progress_bar

    @contextmanager
    def timed(self, label: str) -> Iterator[None]:
        """Time a stage; the time is printed and kept in ``timings``."""
        started = time.perf_counter()
        yield
        elapsed = time.perf_counter() - started
        self.timings.append((label, elapsed))
        self.write(f"  {label:<44} {elapsed:7.1f} s   (peak memory {peak_memory_mb():,.0f} MB)")

    # --- mapping --------------------------------------------------------------

    def person_pk_frame(self) -> pl.DataFrame:
        """``person_id`` (population) and ``person_pk`` (database) as a frame to join on."""
        return pl.DataFrame(
            {
                "person_id": np.fromiter(self.person_pk.keys(), np.int64, len(self.person_pk)),
                "person_pk": np.fromiter(self.person_pk.values(), np.int64, len(self.person_pk)),
            }
        )

    def require_population(self) -> Population:
        """The aligned population; fails if the school step has not run yet."""
        if self.population is None:
            raise RuntimeError("the school step (belong.demo.school) must run first")
        return self.population
