"""Benchmark: the noisy public form of a release, against noising every stage's count.

Belong draws the public noise on a histogram of paths (one cell per person and
table), then makes the figures consistent (least squares onto the rules, then
rounding that keeps them). The baseline is what Belong did before: noise on
every stage's count of every group (sensitivity one per stage), negatives
raised to zero, groups scaled to their noisy total. Both run on the same
synthetic school, pooled years, race and ethnicity (IPEDS), ε = 1.

Printed: the time of each (best of three, wall and CPU, with the load average:
the machine is shared), the typical error of a stage's count against the exact
count, and how many published pairs break a stage order (a later stage above
the one before it) or a share above 100%. There is no speed target; the point
is that consistency costs little time and the error is several times smaller.

Options: ``--scale=S`` (default 1.0, about 74,000 MD admissions events).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from bench.timing import best_time as _time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belong.settings")
    import django

    django.setup()


def _per_stage_noise(exact: Any, epsilon: float) -> Any:
    """The earlier way: every stage's count of every group noised, clamped, scaled to the total."""
    import polars as pl

    from belong.privacy import add_calibrated_noise

    cells = exact.cells
    stages = cells["stage"].n_unique()
    noisy = add_calibrated_noise(
        cells["count"].fill_null(0).to_numpy(), epsilon=epsilon, sensitivity=stages * 3
    )
    cells = cells.with_columns(pl.Series("noisy", noisy.values))
    totals = cells.filter(pl.col("table") == "all").select(
        "stage", "year", pl.col("noisy").alias("t")
    )
    groups = cells.filter(pl.col("table") != "all").join(totals, on=["stage", "year"])
    sums = groups.group_by("stage", "year").agg(pl.col("noisy").sum().alias("s"))
    return groups.join(sums, on=["stage", "year"]).with_columns(
        (pl.col("noisy") * pl.col("t") / pl.col("s").clip(1)).round().alias("noisy")
    )


def _violations(frame: Any, transitions: Any, column: str) -> int:
    import polars as pl

    broken = 0
    for t in transitions:
        pair = frame.filter(pl.col("stage") == t.source).join(
            frame.filter(pl.col("stage") == t.target), on=["year", "table", "group"], suffix="_b"
        )
        broken += pair.filter(pl.col(f"{column}_b") > pl.col(column)).height
    return broken


def main(argv: list[str]) -> int:
    _setup()
    import polars as pl

    from belong.demo.population import generate_population
    from belong.equity.analytics import (
        CENSUS_2020_US,
        DEFAULT_PIPELINES,
        ReleaseSpec,
        compute_release,
    )
    from belong.equity.analytics.groupings import single_grouping
    from belong.equity.analytics.noisy import noisy_release
    from belong.equity.queries import bound_contributions
    from belong.publishing.frames import frame_from_records

    scale = 1.0
    for option in argv:
        if option.startswith("--scale="):
            scale = float(option.split("=", 1)[1])
    pipeline = DEFAULT_PIPELINES["md_admissions"]
    population = generate_population(2024, scale)
    spec = ReleaseSpec(
        pipeline=pipeline,
        groupings=(single_grouping("ipeds"),),
        benchmarks=(CENSUS_2020_US,),
        pool_years=True,
    )
    events = bound_contributions(
        population.events.filter(pl.col("pipeline") == pipeline.code), pipeline.year_basis
    )
    exact = compute_release(population.people, events, spec)
    print(f"load average {os.getloadavg()[0]:.1f}; {events.height:,} events, one pooled period")

    wall, cpu, drawn = _time(
        lambda: noisy_release(population.people, events, spec, exact, epsilon=1.0)
    )
    base_wall, base_cpu, base = _time(lambda: _per_stage_noise(exact, 1.0))
    cells = frame_from_records(drawn.result["cells"])
    truth = exact.cells.select("stage", "year", "table", "group", pl.col("count").alias("exact"))
    ours = cells.join(truth, on=["stage", "year", "table", "group"]).drop_nulls("count")
    theirs = base.join(truth, on=["stage", "year", "table", "group"]).drop_nulls("exact")
    error = float(np.sqrt(((ours["count"] - ours["exact"]) ** 2).mean()))
    base_error = float(np.sqrt(((theirs["noisy"] - theirs["exact"]) ** 2).mean()))
    ours_breaks = _violations(cells.drop_nulls("count"), pipeline.transitions, "count")
    base_breaks = _violations(base, pipeline.transitions, "noisy")
    print(
        f"paths + consistency   {wall * 1000:7.1f} ms wall  {cpu * 1000:7.1f} ms CPU  "
        f"error {error:5.1f} people  stage-order breaks {ours_breaks}"
    )
    print(
        f"per-stage noise       {base_wall * 1000:7.1f} ms wall  {base_cpu * 1000:7.1f} ms CPU  "
        f"error {base_error:5.1f} people  stage-order breaks {base_breaks}"
    )
    print(
        f"error ratio (per-stage / paths): {base_error / max(error, 1e-9):.1f}x; "
        f"sensitivity {drawn.sensitivity} against {pipeline.stages.__len__() * 3}"
    )
    return 0
