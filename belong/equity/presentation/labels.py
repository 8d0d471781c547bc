"""A frozen release's names: stages, groupings, benchmarks, years, and the reader's choices.

Everything the pages say about a release comes from its frozen parameters, so
a release reads the same after a pipeline or grouping is edited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from belong.publishing.frozen import FrozenTables
from belong.publishing.pages import Choice, Filter


@dataclass
class Filters:
    """What the reader chose: a reporting table, a year, a stage and a transition."""

    table: str
    year: int | None
    stage: str
    transition: str


class Labels:
    """The names of one release (see the module docstring)."""

    def __init__(self, tables: FrozenTables, *, noisy: bool = False, k: int | None = None):
        parameters: Mapping[str, Any] = tables.parameters
        self.tables = tables
        self.frames = tables.frames
        self.parameters = parameters
        self.noisy = noisy
        self.k = k
        pipeline = parameters["pipeline"]
        self.pipeline = pipeline
        self.noun = pipeline.get("noun", "people")
        self.stage_labels = {s["code"]: s["label"] for s in pipeline["stages"]}
        self.stage_order = [s["code"] for s in pipeline["stages"]]
        self.groupings = {g["code"]: g for g in parameters["groupings"]}
        self.benchmarks = {b["scheme"]: b for b in parameters.get("benchmarks", [])}
        self.years = [int(y) for y in parameters.get("years") or []]
        self.pooled = [int(y) for y in parameters.get("pooled_years") or []]
        self.transitions = [f"{a}>{b}" for a, b in pipeline.get("transitions", [])]

    def frame(self, name: str) -> pl.DataFrame:
        return self.tables.frame(name)

    # -- words --

    def year_label(self, year: int | None) -> str:
        """A year as readers see it: a pooled release's one period reads as its span."""
        if year is None:
            return ""
        if self.pooled and year == self.years[-1]:
            return span(self.pooled)
        return str(year)

    def transition_label(self, code: str) -> str:
        source, _, target = code.partition(">")
        return f"{self.stage_labels.get(source, source)} → {self.stage_labels.get(target, target)}"

    def groups(self, table: str) -> list[dict[str, Any]]:
        return list(self.groupings[table]["groups"])

    def interval_words(self) -> str:
        """What the interval beside a noisy or exact figure means."""
        if self.noisy:
            return "95% noise interval"
        return "95% confidence interval"

    # -- the reader's choices --

    def filters(self, params: Mapping[str, str]) -> Filters:
        table = params.get("table", "")
        if table not in self.groupings:
            codes = list(self.groupings)
            table = "race_ipeds" if "race_ipeds" in self.groupings else (codes[0] if codes else "")
        try:
            year: int | None = int(params.get("year", ""))
        except ValueError:
            year = None
        if year not in self.years:
            year = self.years[-1] if self.years else None
        stage = params.get("stage", "")
        if stage not in self.stage_labels:
            stage = self.stage_order[0] if self.stage_order else ""
        transition = params.get("transition", "")
        if transition not in self.transitions:
            transition = self.transitions[0] if self.transitions else ""
        return Filters(table=table, year=year, stage=stage, transition=transition)

    def filter_controls(self, f: Filters) -> list[Filter]:
        controls = [
            Filter(
                "table",
                "Grouping",
                [Choice(code, g["label"]) for code, g in self.groupings.items()],
                f.table,
            )
        ]
        if len(self.years) > 1:
            controls.append(
                Filter(
                    "year",
                    "Year",
                    [Choice(str(y), self.year_label(y)) for y in self.years],
                    str(f.year or ""),
                )
            )
        controls.append(
            Filter(
                "stage",
                "Stage",
                [Choice(c, self.stage_labels[c]) for c in self.stage_order],
                f.stage,
            )
        )
        if self.transitions and not self.noisy:
            controls.append(
                Filter(
                    "transition",
                    "From one stage to the next",
                    [Choice(t, self.transition_label(t)) for t in self.transitions],
                    f.transition,
                )
            )
        return controls

    def sort_stages(self, frame: pl.DataFrame) -> pl.DataFrame:
        order = {c: i for i, c in enumerate(self.stage_order)}
        return (
            frame.with_columns(
                pl.col("stage")
                .replace_strict(order, default=len(order), return_dtype=pl.Int64)
                .alias("_order")
            )
            .sort("_order")
            .drop("_order")
        )


def span(years: list[int]) -> str:
    years = sorted(years)
    if not years:
        return "no years"
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
