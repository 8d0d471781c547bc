"""The full printable report: for one year (or the pooled period), each reporting table's
make-up by stage, its comparison with the benchmark, and every stage-to-stage rate."""

from __future__ import annotations

from collections.abc import Mapping

from belong.publishing.pages import ReportSection

from .benchmark import benchmark
from .composition import composition
from .labels import Labels
from .pooled import pooled
from .transitions import transition


def report(labels: Labels, query: Mapping[str, str]) -> list[ReportSection]:
    # A query string may repeat a name; read one value of each (not the lists).
    params = {name: str(query.get(name) or "") for name in ("year", "stage")}
    base = labels.filters(params)
    sections = []
    for code, grouping in labels.groupings.items():
        f = labels.filters({**params, "table": code, "year": str(base.year or "")})
        blocks = [composition(labels, f)]
        compared = benchmark(labels, f)
        if compared is not None:
            blocks.append(compared)
        for t in labels.transitions:
            rates = transition(
                labels,
                labels.filters(
                    {**params, "table": code, "transition": t, "year": str(base.year or "")}
                ),
            )
            if rates is not None:
                blocks.append(rates)
            together = pooled(labels, labels.filters({**params, "table": code, "transition": t}))
            if together is not None:
                blocks.append(together)
        for block in blocks:
            block.chart = None  # paper carries the tables; the page carries the charts
        sections.append(ReportSection(grouping["label"], blocks))
    return sections
