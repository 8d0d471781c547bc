"""How a concerns release reads: its page, two-page summary, printable report and methods."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from belong.concerns.aggregates.compute import ALL, ALL_YEARS
from belong.concerns.choices import Category, InvolvedRole, Setting
from belong.core.academic_calendar import academic_year_label
from belong.core.tables import DataTable
from belong.publishing.frozen import FrozenTables
from belong.publishing.pages import Block, Fact, ReleasePage, ReleaseSummary, ReportSection

DIMENSION_TITLES = {
    "category": "Reports by category",
    "setting": "Reports by setting",
    "role": "Reports by the role of the person involved",
}
LABELS: dict[str, Any] = {"category": Category, "setting": Setting, "role": InvolvedRole}
HIDDEN_NOTE = (
    "— hidden: fewer than {k} reports, or hidden so that another small count cannot be worked "
    "out by subtraction."
)


def group_label(dimension: str, group: str) -> str:
    if dimension == ALL or group == ALL:
        return "All reports"
    choices = LABELS[dimension]
    return str(choices(group).label) if group in choices.values else group


def year_label(year: int) -> str:
    return "All years" if year == ALL_YEARS else academic_year_label(year)


def _days(value: Any) -> Any:
    return None if value is None else float(value)


def counts_block(tables: FrozenTables, dimension: str) -> Block:
    frame = tables.frame("counts")
    k = tables.parameters["k"]
    years = [*tables.parameters["years"], ALL_YEARS]
    rows = []
    for group in frame.filter(pl.col("dimension") == dimension)["group"].unique(
        maintain_order=True
    ):
        mine = frame.filter((pl.col("dimension") == dimension) & (pl.col("group") == group))
        by_year = dict(zip(mine["year"], mine["reports"], strict=True))
        rows.append([group_label(dimension, group), *(by_year.get(y) for y in years)])
    table = DataTable.of_values(
        DIMENSION_TITLES[dimension], ["Group", *(year_label(y) for y in years)], rows
    )
    table.k = k
    notes = [HIDDEN_NOTE.format(k=k)] if table.has_suppressed else []
    if dimension == "category":
        notes.append("A report may name several categories, so the categories add up to more.")
    return Block(f"counts-{dimension}", DIMENSION_TITLES[dimension], tables=[table], notes=notes)


def accreditation_block(tables: FrozenTables) -> Block:
    """LCME element 3.6 (student mistreatment): per year and category, received and resolved."""
    frame = tables.frame("accreditation")
    k = tables.parameters["k"]
    table_rows = []
    for row in frame.iter_rows(named=True):
        table_rows.append(
            [
                f"{year_label(row['year'])}: {row['category_label']}",
                row["received"],
                row["resolved"],
                _days(row["median_days"]),
            ]
        )
    table = DataTable.of_values(
        "Mistreatment reports received and resolved, by academic year and category",
        ["Year and category", "Received", "Resolved", "Median days to resolution"],
        table_rows,
    )
    table.k = k
    return Block(
        "accreditation",
        "Summary for accreditation self-study (LCME element 3.6)",
        intro=(
            "Reports of mistreatment received in each academic year, how many were resolved "
            "(their case closed) and the median days from report to closure."
        ),
        tables=[table],
        notes=[HIDDEN_NOTE.format(k=k)] if table.has_suppressed else [],
    )


def resolution_block(tables: FrozenTables) -> Block:
    frame = tables.frame("resolution").filter(pl.col("category") == ALL)
    rows = [
        [
            year_label(r["year"]),
            r["received"],
            r["resolved"],
            _days(r["q1_days"]),
            _days(r["median_days"]),
            _days(r["q3_days"]),
        ]
        for r in frame.iter_rows(named=True)
    ]
    table = DataTable.of_values(
        "Days from report to closure, by academic year",
        ["Academic year", "Received", "Resolved", "First quartile", "Median", "Third quartile"],
        rows,
    )
    table.k = tables.parameters["k"]
    return Block(
        "resolution",
        "Time to resolution",
        intro="Days from the day a report arrived to the day its case closed, for closed cases.",
        tables=[table],
        notes=[f"Days are shown for a year with at least {tables.parameters['k']} closed cases."],
    )


def _blocks(tables: FrozenTables) -> list[Block]:
    return [
        accreditation_block(tables),
        *(counts_block(tables, d) for d in ("category", "setting", "role")),
        resolution_block(tables),
    ]


def page(tables: FrozenTables, params: Mapping[str, str] | None = None) -> ReleasePage:
    return ReleasePage(blocks=_blocks(tables))


def summary(tables: FrozenTables) -> ReleaseSummary:
    s = tables.summary
    hidden = []
    if s.get("hidden_cells"):
        hidden.append(
            f"{s['hidden_cells']} count(s) hidden: fewer than {tables.parameters['k']} reports, "
            "or hidden so that another small count cannot be worked out by subtraction."
        )
    return ReleaseSummary(
        headline=f"{s['reports']:,} reports received; {s['resolved']:,} resolved.",
        findings=[f["text"] for f in tables.findings[:6]],
        tested=0,
        hidden=hidden,
        figures=[accreditation_block(tables)],
    )


def report(tables: FrozenTables) -> list[ReportSection]:
    return [
        ReportSection("Accreditation self-study", [accreditation_block(tables)]),
        ReportSection(
            "Reports", [counts_block(tables, d) for d in ("category", "setting", "role")]
        ),
        ReportSection("Time to resolution", [resolution_block(tables)]),
    ]


def methods(tables: FrozenTables) -> list[Fact]:
    return [
        Fact(
            "What is counted",
            "Every report received, by the academic year of the day it arrived (the only date "
            "an anonymous report keeps), whatever the way it was made.",
        ),
        Fact(
            "Time to resolution",
            "Days from the day a report arrived to the day its case closed; quartiles by the "
            "inclusive method.",
        ),
        Fact(
            "Small counts",
            f"Counts of 1 to {tables.parameters['k'] - 1} reports are hidden, with enough others "
            "that none can be worked out from totals.",
        ),
    ]
