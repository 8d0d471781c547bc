"""The pooled comparisons (``pooled`` frame) as sentences a dean reads.

A pooled finding matters most when no single year was conclusive: the same gap,
year after year, too small to tell from chance in any one year and clear once the
years are taken together. Those sentences say so and lead the summary. When the
Breslow-Day test says the gap was not the same every year, the sentence warns
that the pooled figure averages gaps that differ (or change direction), so that
pooling never hides a reversal.

Built from published rows of the frozen frames only (the pooled frame is itself
computed from published counts, see :mod:`.pooled`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from .words import _ADJECTIVAL, format_p, people_phrase

__all__ = ["PooledSentence", "pooled_findings", "pooled_sentences"]

_CORRECTION = {
    "holm": "after Holm correction",
    "fdr_bh": "after Benjamini-Hochberg correction",
    "none": "with no correction for multiple comparisons",
}


@dataclass(frozen=True)
class PooledSentence:
    text: str
    significant: bool
    # True when no year's own test was significant: the pooled answer is new information.
    years_alone_inconclusive: bool
    reversal: bool
    odds_ratio: float
    p_adjusted: float | None
    table: str
    group: str
    source: str
    target: str
    kind: str  # the target stage's kind: "stage", "exit" or "milestone"


def _phrase(
    parameters: Mapping[str, Any], table: str, group: str, label: str, noun: str
) -> tuple[str, bool]:
    grouping = next(g for g in parameters["groupings"] if g["code"] == table)
    variables = tuple(grouping.get("variables", ()))
    return people_phrase(
        group, label, False, noun, grouping["label"], variables, set(variables) <= _ADJECTIVAL
    )


def _span(first: int, last: int, n: int) -> str:
    if n == last - first + 1:
        return f"{first}–{last}"
    return f"{n} years between {first} and {last}"


def pooled_sentences(
    parameters: Mapping[str, Any], pooled: pl.DataFrame, selection: pl.DataFrame
) -> list[PooledSentence]:
    """Sentences for pooled comparisons that are significant or that hide a reversal,
    the ones no single year could show first."""
    if pooled.is_empty() or "significant" not in pooled.columns:
        return []
    pipeline = parameters["pipeline"]
    noun = pipeline.get("noun", "people")
    stages = {s["code"]: s for s in pipeline["stages"]}
    first = pipeline["stages"][0]["code"] if pipeline["stages"] else ""
    cohort = pipeline.get("year_basis") == "cohort"
    correction = _CORRECTION.get(parameters.get("correction", "holm"), "after correction")
    per_year_significant: set[tuple[str, str, str, str]] = set()
    if selection.height and "significant" in selection.columns:
        for r in selection.filter(pl.col("significant").fill_null(False)).iter_rows(named=True):
            per_year_significant.add((r["table"], r["group"], r["source"], r["target"]))
    rows = pooled.filter(
        ~pl.col("suppressed") & (pl.col("significant").fill_null(False) | pl.col("reversal"))
    ).sort(["p_adjusted", "table", "group"], nulls_last=True)
    out = []
    for r in rows.iter_rows(named=True):
        source, target = stages[r["source"]], stages[r["target"]]
        who, named = _phrase(parameters, r["table"], r["group"], r["group_label"], noun)
        among = "" if (cohort and r["source"] == first) else f" who {source['outcome']}"
        span = _span(r["first_year"], r["last_year"], r["years_pooled"])
        odds = r["odds_ratio"]
        direction = "less often" if odds < 1 else "more often"
        subject = f"{who}{among}" if named else f"among {noun}{among}, {who}"
        # A group where no one (or everyone) advanced has odds of 0 and no interval.
        interval = (
            f"95% CI {r['ci_low']:.2f}–{r['ci_high']:.2f}"
            if r["ci_low"] is not None and r["ci_high"] is not None
            else "no confidence interval (no one, or everyone, advanced in one group)"
        )
        figures = (
            f"{r['rate']:.0%} against {r['rest_rate']:.0%}; odds {odds:.2f} times as high, "
            f"{interval}"
        )
        significant = bool(r["significant"])
        alone = (r["table"], r["group"], r["source"], r["target"]) not in per_year_significant
        if significant:
            verdict = f"{format_p(r['p_adjusted'])} {correction} — unlikely to be chance"
            text = (
                f"Across {span} taken together, {subject} {target['outcome']} {direction} "
                f"than other {noun}{among} ({figures}; {verdict})."
            )
            if alone:
                text += (
                    " No single year was conclusive: in each year alone the gap could be chance "
                    "at that year's numbers."
                )
        else:
            text = (
                f"Across {span} taken together, {subject} {target['outcome']} about as often as "
                f"other {noun}{among} ({figures}; no significant difference, "
                f"{format_p(r['p_adjusted'])} {correction})."
            )
        if r["reversal"]:
            text += (
                f" Caution: the gap was not the same every year — it went one way in "
                f"{r['years_below']} years and the other in {r['years_above']} (Breslow-Day "
                f"{format_p(r['homogeneity_p_value'])}), so the pooled figure averages opposite "
                "gaps; read the years one by one."
            )
        out.append(
            PooledSentence(
                text=text[:1].upper() + text[1:],
                significant=significant,
                years_alone_inconclusive=alone,
                reversal=bool(r["reversal"]),
                odds_ratio=float(odds),
                p_adjusted=r["p_adjusted"],
                table=r["table"],
                group=r["group"],
                source=r["source"],
                target=r["target"],
                kind=str(target.get("kind", "stage")),
            )
        )
    return out


def pooled_findings(
    parameters: Mapping[str, Any], pooled: pl.DataFrame, selection: pl.DataFrame
) -> list[dict[str, Any]]:
    """The pooled sentences as release findings, those no single year showed first."""
    found = sorted(
        pooled_sentences(parameters, pooled, selection),
        key=lambda s: (not (s.significant and s.years_alone_inconclusive), not s.significant),
    )
    return [
        {
            "kind": "pooled",
            "text": s.text,
            "significant": s.significant,
            "years_alone_inconclusive": s.years_alone_inconclusive,
            "reversal": s.reversal,
            "p_adjusted": s.p_adjusted,
            "table": s.table,
            "group": s.group,
            "subject": f"{s.source}>{s.target}",
        }
        for s in found
    ]
