"""A results release's frozen frames as publishing's page, two-page summary and report.

Reads only the frozen tables (never the database). Charts come from
``publishing.charts`` and tables from ``core.tables``, like every release.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from belong.core.tables import Cell, DataTable, Row, cell, fmt_count, fmt_p, fmt_share
from belong.publishing.charts import Bar, bar_chart
from belong.publishing.frozen import FrozenTables
from belong.publishing.pages import (
    Block,
    Choice,
    Fact,
    Filter,
    ReleasePage,
    ReleaseSummary,
    ReportSection,
)
from belong.surveys.results.design import ALL

# A gap on a 1-5 scale large enough to mention when it is not significant.
WORTH_A_LOOK = 0.3
HIDDEN_NOTE = (
    "— hidden: fewer than {k} responses, or hidden so that another small group cannot be "
    "worked out by subtraction."
)


class Labels:
    """Names of the release's scales, items, dimensions and groups."""

    def __init__(self, tables: FrozenTables) -> None:
        p = tables.parameters
        self.tables = tables
        self.k = int(p["k"])
        self.scales = {s["code"]: s["label"] for s in p["scales"]}
        self.items = {i["code"]: i for i in p["items"]}
        self.dimensions = {d["code"]: d["label"] for d in p["dimensions"]}
        cuts = tables.frame("cuts")
        self.groups = {
            (d, g): label for d, g, label in cuts.select("dimension", "group", "label").iter_rows()
        }

    def group(self, dimension: str, group: str) -> str:
        return self.groups.get((dimension, group), group)

    def measure(self, kind: str, code: str) -> str:
        return self.scales.get(code, code) if kind == "scale" else self.items[code]["prompt"]


def _hidden_notes(labels: Labels, tables: list[DataTable]) -> list[str]:
    return [HIDDEN_NOTE.format(k=labels.k)] if any(t.has_suppressed for t in tables) else []


def _rows(frame: pl.DataFrame, dimension: str) -> pl.DataFrame:
    if frame.is_empty():
        return frame
    return frame.filter(pl.col("dimension") == dimension)


def _score(value: Any) -> str:
    return "—" if value is None else f"{float(value):.2f}"


def _score_cell(value: Any) -> Cell:
    return cell(_score(value), suppressed=value is None)


def scales_block(labels: Labels, dimension: str) -> Block:
    """Scale scores: everyone's, or each group's of one dimension, with 95% t-intervals."""
    frame = _rows(labels.tables.frame("scales"), dimension)
    cuts = _rows(labels.tables.frame("cuts"), dimension)
    bars, tables = [], []
    for code, name in labels.scales.items():
        table = DataTable(
            caption=f"{name}: mean score (1–5)",
            corner="Group",
            columns=[("Responses scored", True), ("Mean", True), ("95% interval", True)],
            k=labels.k,
        )
        for d, g, *_ in cuts.iter_rows():
            found = frame.filter((pl.col("group") == g) & (pl.col("scale") == code))
            row = found.row(0, named=True) if found.height else {}
            table.rows.append(
                Row(
                    labels.group(d, g),
                    [
                        cell(fmt_count(row.get("n")), suppressed=row.get("n") is None),
                        _score_cell(row.get("mean")),
                        cell(
                            f"{_score(row.get('low'))}–{_score(row.get('high'))}",
                            suppressed=row.get("low") is None,
                        ),
                    ],
                )
            )
            if dimension == ALL or row.get("mean") is not None:
                label = name if dimension == ALL else f"{name}: {labels.group(d, g)}"
                bars.append(Bar(label, row.get("mean"), row.get("low"), row.get("high")))
        tables.append(table)
    title = "Scale scores" + ("" if dimension == ALL else f" by {labels.dimensions[dimension]}")
    chart = bar_chart(
        f"scales-{dimension}",
        title,
        "Mean score of each scale from 1 (least favourable) to 5, with its 95% interval. "
        "The tables below hold the same figures.",
        bars,
        percent=False,
        maximum=5.0,
        value_label="Mean score",
        interval_label="95% interval",
    )
    return Block(
        f"scales-{dimension}",
        title,
        chart=chart,
        tables=tables,
        notes=_hidden_notes(labels, tables),
    )


def responses_block(labels: Labels) -> Block:
    s = labels.tables.summary
    cuts = labels.tables.frame("cuts")
    table = DataTable(
        caption="Responses by group", corner="Group", columns=[("Responses", True)], k=labels.k
    )
    for d, g, _, n in cuts.iter_rows():
        header = labels.group(d, g) if d == ALL else f"{labels.dimensions[d]}: {labels.group(d, g)}"
        table.rows.append(Row(header, [cell(fmt_count(n), suppressed=n is None)]))
    rate = f" ({fmt_share(s['rate'], 0)})" if s.get("rate") is not None else ""
    return Block(
        "responses",
        "Who answered",
        intro=f"{s['responses']:,} of {s['invited']:,} invited people answered{rate}.",
        tables=[table],
        notes=_hidden_notes(labels, [table]),
    )


def favourable_block(labels: Labels, dimension: str) -> Block:
    frame = _rows(labels.tables.frame("favourable"), dimension)
    cuts = [(d, g) for d, g, _, n in _rows(labels.tables.frame("cuts"), dimension).iter_rows()]
    likert = [c for c, i in labels.items.items() if i["kind"] == "likert"]
    table = DataTable(
        caption="Share answering favourably, by question",
        corner="Question",
        columns=[(labels.group(d, g), True) for d, g in cuts],
        k=labels.k,
    )
    values = {(g, i): share for _, g, i, _, share, *_ in frame.iter_rows()}
    for code in likert:
        table.rows.append(
            Row(
                labels.items[code]["prompt"],
                [
                    cell(
                        fmt_share(values.get((g, code)), 0),
                        suppressed=values.get((g, code)) is None,
                    )
                    for _, g in cuts
                ],
            )
        )
    bars = []
    if dimension == ALL:
        for row in frame.iter_rows(named=True):
            prompt = labels.items[row["item"]]["prompt"]
            bars.append(Bar(prompt, row["favourable"], row["low"], row["high"]))
    chart = (
        bar_chart(
            "favourable",
            "Favourable answers",
            "Share of everyone who answered each question favourably, with its 95% interval. "
            "The table below holds the same figures.",
            bars,
            value_label="Favourable",
            interval_label="95% interval",
        )
        if bars
        else None
    )
    return Block(
        f"favourable-{dimension}",
        "Favourable answers",
        intro="Favourable: the two most positive points of a question (for a question worded "
        "the other way round, such as “I often feel like an outsider”, the two least).",
        chart=chart,
        tables=[table],
        notes=_hidden_notes(labels, [table]),
    )


def distribution_block(labels: Labels) -> Block:
    frame = _rows(labels.tables.frame("distribution"), ALL)
    tables = []
    for code, item in labels.items.items():
        if not item.get("choices"):
            continue
        shares = {v: s for _, _, i, v, _, s in frame.iter_rows() if i == code}
        table = DataTable(
            caption=item["prompt"],
            corner="Answer",
            columns=[("Share of those who answered", True)],
            k=labels.k,
        )
        for value, label in item["choices"]:
            share = shares.get(value)
            table.rows.append(Row(label, [cell(fmt_share(share), suppressed=share is None)]))
        tables.append(table)
    return Block(
        "distribution",
        "Every answer, everyone",
        intro="For questions where several answers may be chosen, each share is of those who "
        "chose at least one.",
        tables=tables,
    )


def gaps_block(labels: Labels, dimension: str) -> Block:
    frame = _rows(labels.tables.frame("gaps"), dimension)
    correction = labels.tables.parameters.get("correction", "holm")
    table = DataTable(
        caption="Each group against everyone else",
        corner="Group and measure",
        columns=[
            ("Group", True),
            ("Everyone else", True),
            ("Gap", True),
            ("p (adjusted)", True),
        ],
        k=labels.k,
        empty="No group here has enough answers on both sides to compare.",
    )
    for row in frame.sort("p_adjusted", nulls_last=True).iter_rows(named=True):
        scale = row["kind"] == "scale"
        show = _score if scale else (lambda v: fmt_share(v, 0))
        gap = f"{row['gap']:+.2f}" if scale else f"{row['gap'] * 100:+.0f} points"
        table.rows.append(
            Row(
                f"{labels.group(dimension, row['group'])}: "
                f"{labels.measure(row['kind'], row['measure'])}",
                [
                    cell(show(row["value"])),
                    cell(show(row["rest"])),
                    cell(gap),
                    cell(fmt_p(row["p_adjusted"])),
                ],
                flagged=bool(row["significant"]),
            )
        )
    return Block(
        f"gaps-{dimension}",
        f"Gaps by {labels.dimensions[dimension]}",
        intro="Highlighted rows are significant at 5% after "
        f"{'Holm' if correction == 'holm' else 'Benjamini-Hochberg'} correction across every "
        "comparison of this release. Scales: Welch's t-test; questions: Fisher's exact or "
        "chi-square test of the favourable share.",
        tables=[table],
    )


def trend_block(labels: Labels) -> Block | None:
    frame = labels.tables.frame("trend")
    previous = labels.tables.parameters.get("previous")
    if frame.is_empty() or not previous:
        return None
    table = DataTable(
        caption=f"Everyone, against “{previous['title']}”",
        corner="Measure",
        columns=[("Previous", True), ("Now", True), ("Change", True), ("p (adjusted)", True)],
    )
    for row in frame.iter_rows(named=True):
        scale = row["kind"] == "scale"
        show = _score if scale else (lambda v: fmt_share(v, 0))
        change = f"{row['change']:+.2f}" if scale else f"{row['change'] * 100:+.0f} points"
        table.rows.append(
            Row(
                labels.measure(row["kind"], row["measure"]),
                [
                    cell(show(row["previous"])),
                    cell(show(row["current"])),
                    cell(change),
                    cell(fmt_p(row["p_adjusted"])),
                ],
                flagged=bool(row["significant"]),
            )
        )
    return Block("trend", "Change since the previous wave", tables=[table])


def comments_block(labels: Labels) -> Block:
    frame = labels.tables.frame("comments")
    k = labels.tables.parameters.get("comment_k")
    if frame.is_empty():
        return Block(
            "comments",
            "Comments",
            intro=f"Comments are shown only from {k} responses and {k} comments; "
            "there are not enough.",
        )
    table = DataTable(caption="Comments, in random order", corner="", columns=[("Comment", False)])
    for i, text in enumerate(frame["comment"].to_list(), start=1):
        table.rows.append(Row(str(i), [cell(text, num=False)]))
    return Block(
        "comments",
        "Comments",
        intro="In random order, with no date: the order says nothing about who wrote what.",
        tables=[table],
    )


def _filters(labels: Labels, params: Mapping[str, str]) -> Filter:
    value = params.get("by", "")
    if value not in labels.dimensions:
        value = ""
    choices = [Choice("", "Everyone")] + [Choice(c, name) for c, name in labels.dimensions.items()]
    return Filter("by", "Results by", choices, value)


def page(tables: FrozenTables, params: Mapping[str, str]) -> ReleasePage:
    labels = Labels(tables)
    chosen = _filters(labels, params)
    dimension = chosen.value or ALL
    blocks = [scales_block(labels, dimension), favourable_block(labels, dimension)]
    if dimension == ALL:
        trend = trend_block(labels)
        blocks += [distribution_block(labels), *([trend] if trend else []), comments_block(labels)]
    else:
        blocks.append(gaps_block(labels, dimension))
    return ReleasePage(
        overview=[responses_block(labels)],
        filters=[chosen],
        blocks=blocks,
        showing="Results for everyone"
        if dimension == ALL
        else f"Results by {labels.dimensions[dimension]}",
    )


def summary(tables: FrozenTables) -> ReleaseSummary:
    labels = Labels(tables)
    s = tables.summary
    rate = f" ({fmt_share(s['rate'], 0)})" if s.get("rate") is not None else ""
    hidden = []
    if s.get("hidden_groups"):
        hidden.append(
            f"{s['hidden_groups']} group(s) hidden: fewer than {labels.k} responses, or hidden "
            "so that another small group cannot be worked out by subtraction."
        )
    if not s.get("comments"):
        hidden.append(
            f"Comments are not shown: fewer than {tables.parameters['comment_k']} responses "
            "with a comment."
        )
    gaps = tables.frame("gaps")
    quiet = []
    if not gaps.is_empty():
        for row in (
            gaps.filter(
                ~pl.col("significant")
                & (pl.col("kind") == "scale")
                & (pl.col("gap").abs() >= WORTH_A_LOOK)
            )
            .head(4)
            .iter_rows(named=True)
        ):
            quiet.append(
                f"{labels.group(row['dimension'], row['group'])}: "
                f"{labels.measure('scale', row['measure'])} ({row['gap']:+.2f}, not significant)."
            )
    return ReleaseSummary(
        headline=f"{s['responses']:,} of {s['invited']:,} invited people answered{rate}.",
        findings=[f["text"] for f in tables.findings[:6]],
        significant=int(s.get("significant", 0)),
        tested=int(s.get("tested", 0)),
        not_significant=quiet,
        hidden=hidden,
        figures=[scales_block(labels, ALL)],
    )


def report(tables: FrozenTables) -> list[ReportSection]:
    labels = Labels(tables)
    sections = [
        ReportSection(
            "Everyone",
            [
                responses_block(labels),
                scales_block(labels, ALL),
                favourable_block(labels, ALL),
                distribution_block(labels),
            ],
        )
    ]
    for code, name in labels.dimensions.items():
        sections.append(
            ReportSection(
                f"By {name}",
                [
                    scales_block(labels, code),
                    favourable_block(labels, code),
                    gaps_block(labels, code),
                ],
            )
        )
    trend = trend_block(labels)
    if trend:
        sections.append(ReportSection("Trend", [trend]))
    return sections


def methods(tables: FrozenTables) -> list[Fact]:
    p = tables.parameters
    return [
        Fact(
            "Scale scores",
            "The mean of a person's answers to the scale's questions (from 1 to 5), questions "
            "worded the other way round turned round first; no score for someone who answered "
            "fewer than half of them. Means with a 95% t-interval.",
        ),
        Fact(
            "Gaps",
            "Each group against everyone else who answered: Welch's t-test for scales "
            "(Mann-Whitney's test beside it in the download), Fisher's exact or chi-square "
            "test for favourable shares; p-values adjusted across the release "
            f"({'Holm' if p.get('correction') == 'holm' else p.get('correction')}).",
        ),
        Fact(
            "Protection",
            f"No group with fewer than {p['k']} responses; a second group hidden beside any "
            "hidden one; no two groups shown whose responses differ by fewer than "
            f"{p['k']} people; comments only from {p['comment_k']}, in random order, undated; "
            "groups only by the dimensions declared before the survey opened.",
        ),
        Fact("Round", f"{p.get('period') or 'One round'}; no finer date is published."),
    ]
