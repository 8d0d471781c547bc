"""A results release's frozen result, from a campaign's design and responses. Pure.

The result holds only what may be published: hidden cuts appear with no
count, and no figure of theirs appears anywhere. Frames (``publishing.frames``):

* ``cuts`` -- every group of every declared dimension (and everyone):
  responses, or null when hidden;
* ``scales`` -- scale means with their t-intervals, per shown cut;
* ``favourable`` -- each Likert item's favourable share, per shown cut;
* ``distribution`` -- each answer's share, per item and shown cut;
* ``gaps`` -- each shown group against the rest, tested, adjusted;
* ``trend`` -- everyone now against the previous wave (when there is one);
* ``comments`` -- shuffled, only from ``comment_k``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from belong.publishing.frames import frame_records
from belong.surveys.results import comments as comment_rules
from belong.surveys.results import figures, gaps, protection
from belong.surveys.results.design import ALL, Columns, Design, ItemInfo, scale_scores

GROUP_COLUMNS = {"dimension": pl.String, "group": pl.String}


@dataclass(frozen=True)
class Previous:
    """The previous wave of the same instrument to the same audience."""

    design: Design
    columns: Columns
    title: str


def _frame(rows: list[dict[str, Any]], schema: dict[str, Any]) -> dict[str, Any]:
    return frame_records(pl.DataFrame(rows, schema=schema, orient="row"))


def compute_results(
    design: Design, columns: Columns, *, previous: Previous | None = None, seed: int = 0
) -> dict[str, Any]:
    """Every figure of a results release (:class:`protection.TooFewResponses` under ``k``)."""
    cuts = protection.cuts_for(columns.groups, design.dimensions, design.k, columns.n)
    scores = scale_scores(design, columns)
    scale_rows = figures.scale_rows(design, scores, cuts)
    favourable, distribution = figures.item_rows(design, columns, cuts)
    # A gap names its group's figure: none for a figure hidden by figures' partner rule.
    published = {("scale", r["dimension"], r["group"], r["scale"]) for r in scale_rows if r["n"]}
    published |= {("item", r["dimension"], r["group"], r["item"]) for r in favourable if r["n"]}
    gap_rows = gaps.gap_rows(design, columns, scores, cuts, published)
    trend: list[dict[str, Any]] = []
    if previous is not None:
        before = (
            previous.design,
            previous.columns,
            scale_scores(previous.design, previous.columns),
        )
        trend = gaps.trend_rows(design, columns, scores, before)
    texts = [t for code in sorted(columns.text) for t in columns.text[code]]
    shown = comment_rules.shown_comments(
        texts, responses=columns.n, comment_k=design.comment_k, seed=seed
    )
    hidden = [c for c in cuts if not c.shown]
    significant = sum(1 for r in gap_rows if r["significant"])
    return {
        "parameters": _parameters(design, previous),
        "summary": {
            "responses": columns.n,
            "invited": design.invited,
            "rate": columns.n / design.invited if design.invited else None,
            "hidden_groups": len(hidden),
            "tested": sum(1 for r in gap_rows if r["p"] is not None),
            "significant": significant,
            "comments": len(shown),
            "previous_responses": previous.columns.n if previous else None,
        },
        "findings": _findings(design, gap_rows, trend),
        "cuts": _frame(
            [
                {
                    **{"dimension": c.dimension, "group": c.group},
                    "label": "Everyone" if c.dimension == ALL else design.label_of(*c.key),
                    "responses": c.n if c.shown else None,
                }
                for c in cuts
            ],
            {**GROUP_COLUMNS, "label": pl.String, "responses": pl.Int64},
        ),
        "scales": _frame(
            scale_rows,
            {**GROUP_COLUMNS, "scale": pl.String, "n": pl.Int64}
            | {c: pl.Float64 for c in ("mean", "sd", "low", "high")},
        ),
        "favourable": _frame(
            favourable,
            {**GROUP_COLUMNS, "item": pl.String, "n": pl.Int64}
            | {c: pl.Float64 for c in ("favourable", "low", "high")},
        ),
        "distribution": _frame(
            distribution,
            {**GROUP_COLUMNS, "item": pl.String, "value": pl.String, "n": pl.Int64}
            | {"share": pl.Float64},
        ),
        "gaps": _frame(
            gap_rows,
            {**GROUP_COLUMNS, "kind": pl.String, "measure": pl.String}
            | {c: pl.Float64 for c in ("value", "rest", "gap")}
            | {"test": pl.String, "p": pl.Float64, "p_rank": pl.Float64}
            | {"p_adjusted": pl.Float64, "significant": pl.Boolean},
        ),
        "trend": _frame(
            trend,
            {"kind": pl.String, "measure": pl.String}
            | {c: pl.Float64 for c in ("previous", "current", "change")}
            | {"test": pl.String, "p": pl.Float64, "p_adjusted": pl.Float64}
            | {"significant": pl.Boolean},
        ),
        "comments": _frame([{"comment": c} for c in shown], {"comment": pl.String}),
        # Themes of the comments (``comments.comment_themes``); none until that step exists.
        "themes": comment_rules.comment_themes(shown, min_count=design.comment_k, seed=seed),
    }


def _parameters(design: Design, previous: Previous | None) -> dict[str, Any]:
    return {
        "campaign": design.campaign_id,
        "title": design.title,
        "instrument": design.instrument,
        "period": design.period,
        "k": design.k,
        "comment_k": design.comment_k,
        "correction": design.correction,
        "dimensions": [
            {"code": d, "label": design.dimension_labels.get(d, d)} for d in design.dimensions
        ],
        "scales": [{"code": s.code, "label": s.label} for s in design.scales],
        "items": [_item_parameters(i) for i in design.items],
        "previous": {"campaign": previous.design.campaign_id, "title": previous.title}
        if previous
        else None,
    }


def _item_parameters(item: ItemInfo) -> dict[str, Any]:
    found: dict[str, Any] = {
        "code": item.code,
        "prompt": item.prompt,
        "kind": item.kind,
        "section": item.section,
        "choices": [list(c) for c in item.choices],
    }
    if item.kind == "likert":
        found["favourable"] = list(item.favourable)
    return found


def _findings(
    design: Design, gap_rows: list[dict[str, Any]], trend: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Significant gaps and changes as sentences, largest first (scales before items)."""
    labels = {s.code: s.label for s in design.scales} | {i.code: i.prompt for i in design.items}
    found = []
    for row in gap_rows:
        if not row["significant"]:
            continue
        group = design.label_of(row["dimension"], row["group"])
        what = labels[row["measure"]]
        if row["kind"] == "scale":
            text = (
                f"{group}: {what} {row['value']:.2f} against {row['rest']:.2f} for everyone "
                f"else ({'higher' if row['gap'] > 0 else 'lower'} by {abs(row['gap']):.2f} "
                "on a 1–5 scale)."
            )
            weight = abs(row["gap"]) / 4
        else:
            text = (
                f"{group}: {row['value'] * 100:.0f}% answered favourably to “{what}”, against "
                f"{row['rest'] * 100:.0f}% of everyone else."
            )
            weight = abs(row["gap"])
        found.append({"text": text, "kind": row["kind"], "weight": weight, "p": row["p_adjusted"]})
    for row in trend:
        if not row["significant"]:
            continue
        what = labels[row["measure"]]
        if row["kind"] == "scale":
            text = f"{what}: {row['current']:.2f}, {row['change']:+.2f} since the previous wave."
        else:
            text = (
                f"“{what}”: {row['current'] * 100:.0f}% favourable, "
                f"{row['change'] * 100:+.0f} points since the previous wave."
            )
        found.append({"text": text, "kind": "trend", "weight": abs(row["change"]), "p": row["p"]})
    found.sort(key=lambda f: (f["kind"] == "item", -f["weight"]))
    return found
