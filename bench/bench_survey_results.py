"""Benchmark: a survey's full results, from 20,000 responses to the data of its page.

A 40-item survey (five scales of eight Likert items, and a comment) with six
declared dimensions: Belong reads the responses into columns, protects the
cuts, works out every scale score with its t-interval, every favourable
share and answer distribution, every group-against-the-rest test with the
correction, and the comments (one respondent in eight, 2,500 comments:
screened, and grouped into themes), then reads the frozen result back into the
release page, the two-page summary and the report. The baseline is a plain
Polars group-by of the same means (every item by every group of every
dimension, and overall), measured in the same run.

Target: the whole Belong path in 2 s or less on 20,000 responses. Printed:
best wall and CPU time of three runs, the ratio to the baseline, and the load
average (the machine is shared).

Options: ``--responses=N`` (default 20,000).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from bench.timing import best_time

TARGET_SECONDS = 2.0
ITEMS = 40
DIMENSIONS = {
    "role": 4,
    "cohort": 5,
    "gender": 4,
    "first_generation": 3,
    "unit": 12,
    "campus": 3,
}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belong.settings")
    import django

    django.setup()


def _survey(n: int) -> tuple[Any, list[tuple[dict[str, Any], dict[str, str]]]]:
    from belong.publishing.themes.synthetic import planted_comments
    from belong.surveys.results.design import Design, ItemInfo, ScaleInfo

    agree = tuple((str(i), str(i)) for i in range(1, 6))
    questions = [
        ItemInfo(f"q{i}", f"Question {i}", "likert", agree, reverse=i % 8 == 7)
        for i in range(ITEMS)
    ]
    items = (*questions, ItemInfo("comment", "Anything else?", "text"))
    scales = tuple(
        ScaleInfo(f"s{j}", f"Scale {j}", tuple(f"q{i}" for i in range(j * 8, j * 8 + 8)))
        for j in range(ITEMS // 8)
    )
    design = Design(
        campaign_id=1,
        title="Benchmark survey",
        instrument="Benchmark",
        items=items,
        scales=scales,
        dimensions=tuple(DIMENSIONS),
        k=5,
        comment_k=10,
        invited=int(n * 1.3),
        dimension_labels={d: d.replace("_", " ").capitalize() for d in DIMENSIONS},
    )
    rng = np.random.default_rng(2026)
    groups = {d: rng.integers(0, size, n) for d, size in DIMENSIONS.items()}
    shift = (groups["gender"] == 2) * -0.6 + (groups["unit"] == 3) * 0.4
    points = np.clip(np.rint(rng.normal(3.6 + shift[:, None], 1.0, (n, ITEMS))), 1, 5).astype(int)
    # One respondent in eight leaves a comment, written from planted themes.
    comments, _ = planted_comments(n // 8 + 1, seed=2026)
    rows = []
    for r in range(n):
        answers: dict[str, Any] = {f"q{i}": str(points[r, i]) for i in range(ITEMS)}
        answers["comment"] = comments[r // 8] if r % 8 == 0 else ""
        rows.append((answers, {d: f"{d}-{groups[d][r]}" for d in DIMENSIONS}))
    return design, rows


def _belong(design: Any, rows: list[Any]) -> Any:
    from belong.publishing.frozen import FrozenTables
    from belong.surveys.results import presentation
    from belong.surveys.results.compute import compute_results
    from belong.surveys.results.design import columns_of

    result = compute_results(design, columns_of(rows, design), seed=1)
    tables = FrozenTables.of(result)
    page = presentation.page(tables, {})
    presentation.summary(tables)
    presentation.report(tables)
    return result, page


def _baseline(rows: list[Any]) -> Any:
    import polars as pl

    frame = pl.DataFrame(
        [{**{k: int(v) for k, v in a.items() if k != "comment"}, **g} for a, g in rows]
    )
    items = [pl.col(f"q{i}").mean() for i in range(ITEMS)]
    out = [frame.select(pl.len(), *items)]
    for dimension in DIMENSIONS:
        out.append(frame.group_by(dimension).agg(pl.len(), *items))
    return out


def main(argv: list[str]) -> int:
    _setup()
    n = 20_000
    for option in argv:
        if option.startswith("--responses="):
            n = int(option.split("=", 1)[1])
    design, rows = _survey(n)
    print(
        f"load average {os.getloadavg()[0]:.1f}; {n:,} responses, {ITEMS} items, "
        f"{len(DIMENSIONS)} dimensions"
    )
    wall, cpu, (result, _page) = best_time(lambda: _belong(design, rows))
    base_wall, base_cpu, _ = best_time(lambda: _baseline(rows))
    summary = result["summary"]
    print(
        f"  Belong results page data  {wall:6.2f} s wall  {cpu:6.2f} s CPU  "
        f"({summary['tested']:,} tests, {summary['hidden_groups']} groups hidden)"
    )
    print(f"  Polars group-by baseline  {base_wall:6.2f} s wall  {base_cpu:6.2f} s CPU")
    print(f"  ratio to the baseline     {wall / base_wall:6.1f}x")
    ok = wall <= TARGET_SECONDS
    print(f"  target {TARGET_SECONDS:.0f} s or less: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1
