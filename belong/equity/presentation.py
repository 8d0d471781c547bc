"""A frozen release as pages: filters, data tables and the charts drawn beside them.

Everything here reads the release's published (suppressed, possibly noisy)
frames and nothing else. Each chart is a plain Plotly figure (a dict) that the
page hands to ``static/equity/charts.js`` through ``json_script``; each has a
data table with the same numbers beside it, where a suppressed value reads "—".
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from belong.equity.analytics.words import format_p

DASH = "—"
# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#8C564B",
    "#6A3D9A",
    "#B15928",
)
SPECIAL_COLOURS = ("#6B6B6B", "#9A9A9A", "#4D4D4D")


# --- formatting -----------------------------------------------------------------------


def fmt_count(value: Any) -> str:
    return DASH if value is None else f"{int(value):,}"


def fmt_share(value: Any, digits: int = 1) -> str:
    return DASH if value is None else f"{float(value) * 100:.{digits}f}%"


def fmt_ratio(value: Any) -> str:
    return DASH if value is None else f"{float(value):.2f}"


def fmt_p(value: Any) -> str:
    return DASH if value is None else format_p(float(value))


def fmt_interval(low: Any, high: Any) -> str:
    if low is None or high is None:
        return DASH
    return f"{float(low) * 100:.1f}–{float(high) * 100:.1f}%"


# --- tables ----------------------------------------------------------------------------


@dataclass
class Cell:
    text: str
    num: bool = True
    suppressed: bool = False


@dataclass
class Row:
    header: str
    cells: list[Cell]
    flagged: bool = False
    special: bool = False


@dataclass
class DataTable:
    """A table as the template draws it: caption, column headers, rows with a header cell."""

    caption: str
    corner: str
    columns: list[tuple[str, bool]]  # (label, numeric)
    rows: list[Row] = field(default_factory=list)
    note: str = ""

    @property
    def has_suppressed(self) -> bool:
        return any(c.suppressed for r in self.rows for c in r.cells)


def cell(text: str, *, suppressed: bool = False, num: bool = True) -> Cell:
    return Cell(DASH if suppressed else text, num, suppressed)


# --- charts ----------------------------------------------------------------------------


@dataclass
class Chart:
    """A Plotly figure and the words a screen reader announces for it."""

    ident: str
    label: str
    figure: dict[str, Any]

    def __post_init__(self) -> None:
        # An element id: letters, digits, - and _ only.
        self.ident = "chart-" + re.sub(r"[^A-Za-z0-9_-]+", "-", self.ident)
        self.figure = _plain_text(self.figure)

    @property
    def json(self) -> str:
        """The figure as JSON, for the chart's data attribute (the template escapes it)."""
        return json.dumps(self.figure, separators=(",", ":"), allow_nan=False, ensure_ascii=False)


def _plain_text(value: Any) -> Any:
    """Every string of a figure without "<" and ">" (Plotly reads tags, links among them,
    in its text, and group and benchmark names come from people); no NaN."""
    if isinstance(value, str):
        return value.replace("<", "‹").replace(">", "›")
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN: a gap in the chart
    if isinstance(value, dict):
        return {k: _plain_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_text(v) for v in value]
    return value


def _layout(
    title: str, *, y_title: str, percent: bool = True, horizontal: bool = False, **extra: Any
) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": title, "font": {"size": 15}},
        "font": {
            "family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif",
            "color": "#1b1f24",
            "size": 13,
        },
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 64, "r": 16, "t": 48, "b": 64},
        "legend": {"orientation": "h", "y": -0.25},
        "yaxis": {
            "title": {"text": y_title},
            "gridcolor": "#d9dde3",
            "zerolinecolor": "#8a949f",
            "rangemode": "tozero",
        },
        "xaxis": {"gridcolor": "#eef0f3"},
        "hovermode": False,
    }
    if horizontal:
        # Group names read across, one per line, instead of slanting under the bars.
        layout["xaxis"] = {**layout["yaxis"], "title": {"text": y_title}}
        layout["yaxis"] = {"automargin": True, "autorange": "reversed", "gridcolor": "#eef0f3"}
        layout["margin"] = {"l": 16, "r": 24, "t": 48, "b": 48}
        layout["legend"] = {"orientation": "h", "y": -0.15}
    if percent:
        layout["xaxis" if horizontal else "yaxis"]["tickformat"] = ".0%"
    layout.update(extra)
    return layout


def _colour(index: int, special: bool, special_index: int) -> str:
    if special:
        return SPECIAL_COLOURS[special_index % len(SPECIAL_COLOURS)]
    return PALETTE[index % len(PALETTE)]


# --- the release's tables ----------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass
class Filters:
    table: str
    year: int | None
    stage: str
    transition: str
    tables: list[Choice]
    years: list[int]
    stages: list[Choice]
    transitions: list[Choice]

    @property
    def table_label(self) -> str:
        return next((c.label for c in self.tables if c.value == self.table), "")

    def query(self, **override: Any) -> dict[str, Any]:
        values = {
            "table": self.table,
            "year": self.year,
            "stage": self.stage,
            "transition": self.transition,
        }
        values.update(override)
        return {k: v for k, v in values.items() if v not in (None, "")}


class ReleaseView:
    """One release's frames with the labels of its pipeline and groupings."""

    def __init__(self, parameters: Mapping[str, Any], frames: Mapping[str, pl.DataFrame]):
        self.parameters = parameters
        self.frames = frames
        pipeline = parameters["pipeline"]
        self.pipeline = pipeline
        self.stage_labels = {s["code"]: s["label"] for s in pipeline["stages"]}
        self.stage_order = [s["code"] for s in pipeline["stages"]]
        self.groupings = {g["code"]: g for g in parameters["groupings"]}
        self.benchmarks = {b["scheme"]: b for b in parameters.get("benchmarks", [])}
        self.years = [int(y) for y in parameters.get("years") or []]
        self.transitions = [f"{a}>{b}" for a, b in pipeline.get("transitions", [])]

    # -- filters --

    def transition_label(self, code: str) -> str:
        source, _, target = code.partition(">")
        return f"{self.stage_labels.get(source, source)} → {self.stage_labels.get(target, target)}"

    def filters(self, params: Mapping[str, str]) -> Filters:
        tables = [Choice(code, g["label"]) for code, g in self.groupings.items()]
        table = params.get("table", "")
        if table not in self.groupings:
            table = (
                "race_ipeds"
                if "race_ipeds" in self.groupings
                else (tables[0].value if tables else "")
            )
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
        return Filters(
            table=table,
            year=year,
            stage=stage,
            transition=transition,
            tables=tables,
            years=list(self.years),
            stages=[Choice(c, self.stage_labels[c]) for c in self.stage_order],
            transitions=[Choice(t, self.transition_label(t)) for t in self.transitions],
        )

    def _groups(self, table: str) -> list[dict[str, Any]]:
        return list(self.groupings[table]["groups"])

    def _sort_stages(self, frame: pl.DataFrame) -> pl.DataFrame:
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

    # -- everyone: stages by year --

    def overview(self) -> DataTable:
        cells = self.frames["cells"]
        everyone = cells.filter(pl.col("table") == "all") if not cells.is_empty() else cells
        table = DataTable(
            caption=f"{self.pipeline['label']}: people at each stage, by year",
            corner="Stage",
            columns=[(str(y), True) for y in self.years],
        )
        lookup = {(r["stage"], r["year"]): r for r in everyone.iter_rows(named=True)}
        for stage in self.stage_order:
            row = Row(self.stage_labels[stage], [])
            for year in self.years:
                r = lookup.get((stage, year))
                row.cells.append(
                    cell(
                        fmt_count(r["count"]) if r else "0", suppressed=bool(r and r["suppressed"])
                    )
                )
            table.rows.append(row)
        return table

    # -- one table, one year: each stage's make-up --

    def composition(self, f: Filters) -> tuple[DataTable, Chart | None]:
        grouping = self.groupings[f.table]
        cells = self.frames["cells"]
        part = cells.filter((pl.col("table") == f.table) & (pl.col("year") == f.year))
        lookup = {(r["stage"], r["group"]): r for r in part.iter_rows(named=True)}
        columns = [(self.stage_labels[stage], True) for stage in self.stage_order]
        table = DataTable(
            caption=f"{grouping['label']} at each stage, {f.year}: people (share of the stage)",
            corner="Group",
            columns=columns,
            note=""
            if grouping.get("additive", True)
            else (
                "People may choose several categories, so a stage's shares add up to more "
                "than 100%."
            ),
        )
        traces = []
        special_seen = 0
        for gi, group in enumerate(self._groups(f.table)):
            row = Row(group["label"], [], special=bool(group["special"]))
            ys: list[float | None] = []
            for stage in self.stage_order:
                r = lookup.get((stage, group["code"]))
                hidden = bool(r and r["suppressed"])
                share = r["share"] if r else None
                count = fmt_count(r["count"]) if r else "0"
                # People and, when its stage total is published, their share of it.
                text = count if share is None else f"{count} ({fmt_share(share)})"
                row.cells.append(cell(text, suppressed=hidden))
                ys.append(None if hidden or share is None else float(share))
            table.rows.append(row)
            colour = _colour(gi, bool(group["special"]), special_seen)
            special_seen += int(bool(group["special"]))
            if any(y is not None for y in ys):
                traces.append(
                    {
                        "type": "bar",
                        "name": group["label"],
                        "x": [self.stage_labels[s] for s in self.stage_order],
                        "y": ys,
                        "marker": {"color": colour},
                    }
                )
        if not traces:
            return table, None
        stacked = grouping.get("additive", True)
        chart = Chart(
            ident=f"composition-{f.table}-{f.year}",
            label=(
                f"Bar chart: share of each group ({grouping['label']}) at each stage of "
                f"{self.pipeline['label']} in {f.year}. The same figures are in the table below; "
                "suppressed values are not drawn."
            ),
            figure={
                "data": traces,
                "layout": _layout(
                    f"{grouping['label']} at each stage, {f.year}",
                    y_title="Share of the stage",
                    barmode="stack" if stacked else "group",
                ),
            },
        )
        return table, chart

    # -- against a benchmark --

    def benchmark(self, f: Filters) -> tuple[DataTable | None, Chart | None, dict[str, Any] | None]:
        bench = self.benchmarks.get(f.table)
        rep = self.frames["representation"]
        if bench is None or rep.is_empty():
            return None, None, bench
        part = rep.filter(
            (pl.col("table") == f.table) & (pl.col("year") == f.year) & (pl.col("stage") == f.stage)
        )
        stage_label = self.stage_labels[f.stage]
        has_tests = "p_adjusted" in part.columns and part["p_adjusted"].drop_nulls().len() > 0
        columns = [
            ("People", True),
            ("Share", True),
            ("95% interval", True),
            ("Benchmark share", True),
            ("Ratio", True),
        ]
        if has_tests:
            columns += [("Adjusted p", True), ("Significant?", False)]
        table = DataTable(
            caption=f"{stage_label}, {f.year}: compared with {bench['label']}",
            corner="Group",
            columns=columns,
            note="Shares are of the people the benchmark describes (known race and ethnicity, "
            "U.S. residents, for the Census), so they can be set beside the benchmark's shares.",
        )
        xs, school, reference = [], [], []
        for r in part.iter_rows(named=True):
            hidden = bool(r["suppressed"])
            cells = [
                cell(fmt_count(r["count"]), suppressed=hidden),
                cell(fmt_share(r["share"]), suppressed=hidden),
                cell(fmt_interval(r["ci_low"], r["ci_high"]), suppressed=hidden),
                cell(fmt_share(r["benchmark_share"])),
                cell(fmt_ratio(r["ratio"]), suppressed=hidden),
            ]
            significant = bool(r.get("significant"))
            if has_tests:
                cells += [
                    cell(fmt_p(r.get("p_adjusted")), suppressed=hidden),
                    cell("Yes" if significant else "No", num=False, suppressed=hidden),
                ]
            table.rows.append(Row(r["group_label"], cells, flagged=significant and not hidden))
            xs.append(r["group_label"])
            school.append(None if hidden else r["share"])
            reference.append(r["benchmark_share"])
        chart = None
        if any(v is not None for v in school):
            chart = Chart(
                ident=f"benchmark-{f.table}-{f.year}-{f.stage}",
                label=(
                    f"Bar chart: share of each group at the stage {stage_label} in {f.year}, "
                    f"beside its share of the {bench['label']}. The same figures are in the "
                    "table below."
                ),
                figure={
                    "data": [
                        {
                            "type": "bar",
                            "orientation": "h",
                            "name": "School",
                            "y": xs,
                            "x": school,
                            "marker": {"color": PALETTE[0]},
                        },
                        {
                            "type": "bar",
                            "orientation": "h",
                            "name": bench["label"],
                            "y": xs,
                            "x": reference,
                            "marker": {"color": "#9A9A9A"},
                        },
                    ],
                    "layout": _layout(
                        f"{stage_label}, {f.year}, against {bench['label']}",
                        y_title="Share",
                        barmode="group",
                        horizontal=True,
                    ),
                },
            )
        return table, chart, bench

    # -- transitions and selection ratios --

    def transition(self, f: Filters) -> tuple[DataTable | None, Chart | None]:
        trans = self.frames["transitions"]
        if not f.transition or trans.is_empty():
            return None, None
        source, _, target = f.transition.partition(">")
        part = trans.filter(
            (pl.col("table") == f.table)
            & (pl.col("year") == f.year)
            & (pl.col("source") == source)
            & (pl.col("target") == target)
        )
        sel = self.frames["selection"]
        ratios = {}
        if not sel.is_empty():
            for r in sel.filter(
                (pl.col("table") == f.table)
                & (pl.col("year") == f.year)
                & (pl.col("source") == source)
                & (pl.col("target") == target)
            ).iter_rows(named=True):
                ratios[r["group"]] = r
        label = self.transition_label(f.transition)
        table = DataTable(
            caption=f"{label}, {f.year}: rate by group ({self.groupings[f.table]['label']})",
            corner="Group",
            columns=[
                ("At the first stage", True),
                ("Went on", True),
                ("Rate", True),
                ("95% interval", True),
                ("Ratio to reference", True),
                ("Four-fifths flag", False),
                ("Adjusted p", True),
                ("Significant?", False),
            ],
            note="The ratio compares each group's rate with the reference group's (the largest "
            "group unless the analyst chose one); below 0.80 trips the four-fifths rule of thumb.",
        )
        xs, ys, lows, highs = [], [], [], []
        reference = next(
            (r.get("reference_group") for r in ratios.values() if r.get("reference_group")), None
        )
        for r in part.iter_rows(named=True):
            hidden = bool(r["suppressed"])
            s = ratios.get(r["group"])
            flag = bool(s and s.get("four_fifths_flag"))
            significant = bool(s and s.get("significant"))
            is_reference = reference is not None and r["group"] == reference
            table.rows.append(
                Row(
                    r["group_label"] + (" (reference)" if is_reference else ""),
                    [
                        cell(fmt_count(r["entered"]), suppressed=r["entered"] is None),
                        cell(fmt_count(r["advanced"]), suppressed=hidden),
                        cell(fmt_share(r["rate"]), suppressed=hidden),
                        cell(fmt_interval(r["ci_low"], r["ci_high"]), suppressed=hidden),
                        cell(
                            "1.00" if is_reference else fmt_ratio(s.get("ratio") if s else None),
                            suppressed=hidden and not is_reference,
                        ),
                        cell(
                            "Yes" if flag else ("No" if s and s.get("ratio") is not None else DASH),
                            num=False,
                        ),
                        cell(fmt_p(s.get("p_adjusted") if s else None)),
                        cell(
                            "Yes"
                            if significant
                            else ("No" if s and s.get("p_adjusted") is not None else DASH),
                            num=False,
                        ),
                    ],
                    flagged=significant,
                    special=bool(r["special"]),
                )
            )
            if not hidden and r["rate"] is not None:
                xs.append(r["group_label"])
                ys.append(r["rate"])
                lows.append(max(0.0, r["rate"] - (r["ci_low"] or r["rate"])))
                highs.append(max(0.0, (r["ci_high"] or r["rate"]) - r["rate"]))
        chart = None
        if xs:
            chart = Chart(
                ident=f"transition-{f.table}-{f.year}-{f.transition}",
                label=(
                    f"Bar chart: rate {label} in {f.year} for each group, with 95% intervals. "
                    "The same figures are in the table below; suppressed groups are not drawn."
                ),
                figure={
                    "data": [
                        {
                            "type": "bar",
                            "orientation": "h",
                            "name": "Rate",
                            "y": xs,
                            "x": ys,
                            "marker": {"color": PALETTE[0]},
                            "error_x": {
                                "type": "data",
                                "symmetric": False,
                                "array": highs,
                                "arrayminus": lows,
                                "color": "#1b1f24",
                            },
                        }
                    ],
                    "layout": _layout(
                        f"{label}, {f.year}", y_title="Rate", showlegend=False, horizontal=True
                    ),
                },
            )
        return table, chart

    # -- trends over the years --

    def trend(self, f: Filters) -> tuple[DataTable, Chart | None, DataTable | None]:
        cells = self.frames["cells"]
        part = cells.filter((pl.col("table") == f.table) & (pl.col("stage") == f.stage))
        lookup = {(r["group"], r["year"]): r for r in part.iter_rows(named=True)}
        stage_label = self.stage_labels[f.stage]
        grouping = self.groupings[f.table]
        table = DataTable(
            caption=f"{grouping['label']}: share of the stage {stage_label}, by year",
            corner="Group",
            columns=[(str(y), True) for y in self.years],
        )
        traces = []
        special_seen = 0
        for gi, group in enumerate(self._groups(f.table)):
            row = Row(group["label"], [], special=bool(group["special"]))
            ys = []
            for year in self.years:
                r = lookup.get((group["code"], year))
                hidden = bool(r and r["suppressed"])
                share = r["share"] if r else None
                row.cells.append(
                    cell(fmt_share(share), suppressed=hidden or (r is not None and share is None))
                )
                ys.append(None if hidden else share)
            table.rows.append(row)
            colour = _colour(gi, bool(group["special"]), special_seen)
            special_seen += int(bool(group["special"]))
            if sum(1 for y in ys if y is not None) >= 2:
                traces.append(
                    {
                        "type": "scatter",
                        "mode": "lines+markers",
                        "name": group["label"],
                        "x": list(self.years),
                        "y": ys,
                        "line": {"color": colour},
                        "marker": {"color": colour},
                    }
                )
        chart = None
        if traces:
            chart = Chart(
                ident=f"trend-{f.table}-{f.stage}",
                label=(
                    f"Line chart: share of each group ({grouping['label']}) at the "
                    f"stage {stage_label}, year by year. The same figures are in the table "
                    "below; suppressed years are gaps."
                ),
                figure={
                    "data": traces,
                    "layout": _layout(
                        f"{stage_label}: share by year",
                        y_title="Share",
                        xaxis={"dtick": 1, "gridcolor": "#eef0f3"},
                    ),
                },
            )
        tests = self.frames["trends"]
        test_table = None
        if not tests.is_empty():
            rows = tests.filter(
                (pl.col("table") == f.table)
                & (pl.col("kind") == "share")
                & (pl.col("subject") == f.stage)
            )
            if rows.height:
                test_table = DataTable(
                    caption=f"Trend test (Cochran–Armitage), {stage_label}",
                    corner="Group",
                    columns=[
                        ("Years used", True),
                        ("Change per year", True),
                        ("Adjusted p", True),
                        ("Significant?", False),
                    ],
                    note="Years with a suppressed figure are left out of the trend, so that a "
                    "trend cannot be solved for a hidden count; fewer than three years: no test.",
                )
                for r in rows.iter_rows(named=True):
                    hidden = bool(r["suppressed"])
                    slope = r["slope_per_year"]
                    test_table.rows.append(
                        Row(
                            r["group_label"],
                            [
                                cell(str(r["years_used"])),
                                cell(
                                    DASH if slope is None else f"{slope * 100:+.2f} points",
                                    suppressed=hidden,
                                ),
                                cell(fmt_p(r.get("p_adjusted")), suppressed=hidden),
                                cell(
                                    "Yes" if r.get("significant") else "No",
                                    num=False,
                                    suppressed=hidden,
                                ),
                            ],
                            flagged=bool(r.get("significant")),
                        )
                    )
        return table, chart, test_table

    # -- time to event --

    def survival(self, f: Filters) -> tuple[DataTable | None, Chart | None]:
        curves, tests = self.frames["survival"], self.frames["survival_tests"]
        tte = self.pipeline.get("time_to_event")
        if not tte or curves.is_empty():
            return None, None
        part = curves.filter(pl.col("table") == f.table)
        if part.is_empty():
            return None, None
        label = tte.get("label") or "Time to event"
        traces = []
        special_seen = 0
        group_meta = {g["code"]: (i, g) for i, g in enumerate(self._groups(f.table))}
        for code, (gi, group) in group_meta.items():
            rows = part.filter(pl.col("group") == code).sort("years")
            ys = [None if r["suppressed"] else r["reached"] for r in rows.iter_rows(named=True)]
            colour = _colour(gi, bool(group["special"]), special_seen)
            special_seen += int(bool(group["special"]))
            if sum(1 for y in ys if y is not None) >= 2:
                traces.append(
                    {
                        "type": "scatter",
                        "mode": "lines",
                        "line": {"shape": "hv", "color": colour},
                        "name": group["label"],
                        "x": rows["years"].to_list(),
                        "y": ys,
                    }
                )
        table = DataTable(
            caption=f"{label}, by group ({self.groupings[f.table]['label']})",
            corner="Group",
            columns=[
                ("People", True),
                ("Reached it", True),
                ("Median years", True),
                ("Adjusted p", True),
                ("Significant?", False),
            ],
            note="Kaplan–Meier estimates; people who left before reaching the stage count until "
            "they left. Each group is compared with the reference group by a log-rank test.",
        )
        reference = None
        part_tests = tests.filter(pl.col("table") == f.table) if not tests.is_empty() else tests
        for r in part_tests.iter_rows(named=True):
            reference = r.get("reference_label") or reference
            hidden = bool(r["suppressed"])
            table.rows.append(
                Row(
                    r["group_label"],
                    [
                        cell(fmt_count(r["people"]), suppressed=r["people"] is None),
                        cell(fmt_count(r["events"]), suppressed=hidden),
                        cell(
                            DASH if r["median_years"] is None else f"{r['median_years']:.1f}",
                            suppressed=hidden,
                        ),
                        cell(fmt_p(r.get("p_adjusted")), suppressed=hidden),
                        cell("Yes" if r.get("significant") else "No", num=False, suppressed=hidden),
                    ],
                    flagged=bool(r.get("significant")),
                )
            )
        if reference:
            table.note += f" Reference group: {reference}."
        chart = None
        if traces:
            chart = Chart(
                ident=f"survival-{f.table}",
                label=(
                    f"Step chart: share of each group who reached the stage, by years since the "
                    f"start ({label}). The test results are in the table below."
                ),
                figure={
                    "data": traces,
                    "layout": _layout(
                        label,
                        y_title="Share who reached it",
                        xaxis={"title": {"text": "Years"}, "gridcolor": "#eef0f3"},
                    ),
                },
            )
        return table, chart


def findings_split(findings: Iterable[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """(significant, not significant) finding sentences, in the release's order."""
    yes: list[str] = []
    no: list[str] = []
    for f in findings:
        (yes if f.get("significant") else no).append(str(f["text"]))
    return yes, no


def benchmark_sources(parameters: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(parameters.get("benchmarks", []))


def grouping_labels(parameters: Mapping[str, Any]) -> list[str]:
    return [g["label"] for g in parameters.get("groupings", [])]


def export_rows(frame: pl.DataFrame) -> tuple[list[str], list[list[Any]]]:
    """A frame's header and rows for a CSV or Excel export; suppressed values stay blank.

    Every frame of a release holds groups and figures only, never a person.
    """
    header = list(frame.columns)
    rows: list[list[Any]] = []
    for values in frame.iter_rows():
        row = []
        for name, value in zip(header, values, strict=True):
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            if name == "suppressed":
                value = "suppressed" if value else ""
            row.append(value)
        rows.append(row)
    return header, rows


EXPORTABLE: dict[str, str] = {
    "cells": "People and shares by stage, year and group",
    "representation": "Against the benchmark",
    "transitions": "Rates from one stage to the next",
    "selection": "Selection ratios and tests",
    "trends": "Trends across years",
    "survival": "Time to event: curves",
    "survival_tests": "Time to event: tests",
}


def exportable(frames: Mapping[str, pl.DataFrame]) -> list[tuple[str, str, int]]:
    return [
        (name, label, frames[name].height)
        for name, label in EXPORTABLE.items()
        if frames[name].height
    ]
